// The page's wasm travels as an ".lzma" file: scripts/pack-wasm.py packs it, web/loader/unlzma.js
// (bundled into boot.js) decodes it. Round trips through both, and corrupt files are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unlzma } from "../../web/loader/unlzma.js";

/** Packs `bytes` with the build's packer and returns the .lzma file. */
function pack(bytes) {
  const dir = mkdtempSync(join(tmpdir(), "unlzma-"));
  const path = join(dir, "module.wasm");
  writeFileSync(path, bytes);
  execFileSync("python3", ["scripts/pack-wasm.py", path]);
  return new Uint8Array(readFileSync(`${path}.lzma`));
}

test("text, runs, long-distance matches and every byte value round-trip", () => {
  const readme = readFileSync("README.md");
  const noise = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24);
  const input = Buffer.concat([readme, Buffer.alloc(5000, 7), noise, readme.subarray(0, 3000), Buffer.from([0, 255])]);
  const packed = pack(input);
  assert.ok(packed.length < input.length);
  assert.deepEqual(Buffer.from(unlzma(packed)), input);
});

test("an empty module round-trips", () => {
  assert.equal(unlzma(pack(Buffer.alloc(0))).length, 0);
});

test("a built page module round-trips when one is there", (t) => {
  let packed;
  try {
    packed = new Uint8Array(readFileSync("dist/pkg/playground_bg.wasm.lzma"));
  } catch {
    t.skip("dist/ is not built");
    return;
  }
  const module = unlzma(packed);
  assert.deepEqual([...module.subarray(0, 8)], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  assert.ok(WebAssembly.validate(module));
});

test("corrupt files are refused, not decoded into garbage", () => {
  const packed = pack(readFileSync("README.md"));
  assert.throws(() => unlzma(packed.subarray(0, packed.length >> 1)), /lzma: (truncated|corrupt) data/);
  const badProps = packed.slice();
  badProps[0] = 225;
  assert.throws(() => unlzma(badProps), /lzma: bad properties/);
  const unknownSize = packed.slice();
  unknownSize.fill(0xff, 5, 13);
  assert.throws(() => unlzma(unknownSize), /lzma: size too large or unknown/);
});
