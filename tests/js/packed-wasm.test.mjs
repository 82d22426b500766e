// The page's wasm travels as an ".lzma" file: scripts/pack-wasm.py splits the code into streams
// and packs it; the page's decoder (crates/unpack, built into dist/pkg/unpack.wasm, which `make
// test` builds before this step) with its glue (web/loader/unpack.js) undoes both. Round trips
// through them, and corrupt files are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decoder } from "../../web/loader/unpack.js";

const { unlzma, unsplit } = await decoder(readFileSync("dist/pkg/unpack.wasm"));

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
  const payload = unlzma(packed);
  // Not a wasm module: stored whole, after a 0.
  assert.equal(payload[0], 0);
  assert.deepEqual(Buffer.from(unsplit(payload)), input);
});

test("an empty module round-trips", () => {
  assert.equal(unsplit(unlzma(pack(Buffer.alloc(0)))).length, 0);
});

/** A real module of this repository: the JS module's, which `make test` builds before this step
 * (as tests/js/share.test.mjs, which loads it too). */
const someModule = () => readFileSync("target/js/web/dstack_wasm_bg.wasm");

test("a wasm module is split into streams and put back byte for byte", () => {
  const module = someModule();
  const payload = unlzma(pack(module));
  assert.equal(payload[0], 1);
  assert.deepEqual(Buffer.from(unsplit(payload)), module);
});

test("a split payload that does not add up is refused", () => {
  const module = someModule();
  const payload = unlzma(pack(module));
  const longer = payload.slice();
  // The first stream (the bytes before the code) said one byte longer.
  longer[1] += 1;
  assert.throws(() => unsplit(longer), /wasm streams: lengths do not add up/);
  const shifted = payload.slice();
  // The function sizes' stream said a byte longer, the locals' a byte shorter: the locals of the
  // first function start at a function size.
  shifted[9] += 1;
  shifted[13] -= 1;
  assert.throws(() => unsplit(shifted), /wasm streams:/);
  assert.throws(() => unsplit(Uint8Array.of(2)), /wasm streams: unknown format/);
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
