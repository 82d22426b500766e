// Share links: the playground's `#c=` format, readable from Node and the browser build alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { readShareLink, shareLink } from "../../target/js/index.js";
import * as web from "../../target/js/web/dstack_wasm.js";

// `type: task\n` compressed by Python: zlib.compressobj(9, zlib.DEFLATED, -15) + urlsafe base64.
const PYTHON_TASK = "K6ksSLVSKEkszuYCAA";

test("shareLink and readShareLink round-trip", () => {
  for (const text of ["type: task\ncommands:\n  - echo héllo ☃ 🚀\n", "a: 1\r\nb: 2\r\n", "", "x: y\n".repeat(20000)]) {
    const link = shareLink(text, "https://play.example/?v=1#old");
    assert.ok(link.startsWith("https://play.example/?v=1#c="), link.slice(0, 40));
    assert.equal(readShareLink(link), text);
  }
});

test("links made by other encoders are read", () => {
  assert.equal(shareLink("type: task\n", "https://play.example/"), `https://play.example/#c=${PYTHON_TASK}`);
  assert.equal(readShareLink(`#c=${PYTHON_TASK}`), "type: task\n");
  assert.equal(readShareLink(`https://play.example/#yaml=${encodeURIComponent("type: task\n")}`), "type: task\n");
});

test("a URL without a share fragment gives null", () => {
  assert.equal(readShareLink("https://play.example/"), null);
  assert.equal(readShareLink("https://play.example/#intro"), null);
});

test("a corrupt link throws an Error with a readable message", () => {
  assert.throws(() => readShareLink("https://play.example/#c=K6ks!SLVS"), {
    name: "Error",
    message: "the share link is corrupt: invalid base64url at character 4 (was it cut short or edited?)",
  });
  assert.throws(() => readShareLink("#c=K6ksSLVSKEkszuY"), {
    name: "Error",
    message: "the share link is corrupt: the compressed configuration cannot be decompressed (was it cut short?)",
  });
});

test("the browser build works once initialized", () => {
  web.initSync({ module: readFileSync(new URL("../../target/js/web/dstack_wasm_bg.wasm", import.meta.url)) });
  assert.equal(web.readShareLink(web.shareLink("type: task\n", "")), "type: task\n");
  assert.equal(web.check("type: task\n", { file: "a.yml" }).file, "a.yml");
});
