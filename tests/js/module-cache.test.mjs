// The key of a kept module (web/loader/module-cache.js): one per app and build of the packed file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keyOf } from "../../web/loader/module-cache.js";

const packed = (headers) => new Response(new Uint8Array(1), { headers });
const BASE = "https://example.org/play/?embed=1#yaml=x";

test("an ETag names the build, before Last-Modified", () => {
  const response = packed({ etag: '"abc"', "last-modified": "Sat, 05 Dec 2026 05:00:00 GMT" });
  assert.equal(keyOf("embed", response, BASE), "https://example.org/play/pkg/embed_bg.wasm?packed=%22abc%22");
});

test("Last-Modified names the build without an ETag", () => {
  const response = packed({ "last-modified": "Sat, 05 Dec 2026 05:00:00 GMT" });
  assert.equal(
    keyOf("playground", response, BASE),
    "https://example.org/play/pkg/playground_bg.wasm?packed=Sat%2C%2005%20Dec%202026%2005%3A00%3A00%20GMT",
  );
});

test("without either header, nothing is kept", () => {
  assert.equal(keyOf("playground", packed({}), BASE), null);
});
