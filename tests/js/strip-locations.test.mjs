// scripts/strip-locations.py zeroes the line and column of the panic locations in a wasm module's
// data, and nothing else: here on a hand-made module whose data holds one location, records that
// only look like one, and other bytes; and on the page's own module, whose every location must
// then read line 0 (its packed copy is what the page loads).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decoder } from "../../web/loader/unpack.js";

const u32s = (...values) => Buffer.from(new Uint32Array(values).buffer);

/** A module with one memory and one active data segment holding `data` at address `at`. */
function module(at, data) {
  const leb = (n) => {
    const out = [];
    do {
      out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      n >>>= 7;
    } while (n);
    return out;
  };
  const section = (id, body) => Buffer.from([id, ...leb(body.length), ...body]);
  const memory = section(5, [1, 0, 1]);
  // One segment: flags 0, i32.const `at`, end, then its bytes.
  const segment = [1, 0, 0x41, ...leb(at), 0x0b, ...leb(data.length), ...data];
  return Buffer.concat([Buffer.from("\0asm\x01\0\0\0", "latin1"), memory, section(11, segment)]);
}

function strip(bytes) {
  const path = join(mkdtempSync(join(tmpdir(), "strip-")), "module.wasm");
  writeFileSync(path, bytes);
  const run = spawnSync("python3", ["scripts/strip-locations.py", path], { encoding: "utf8" });
  return { status: run.status, out: run.stdout + run.stderr, bytes: readFileSync(path) };
}

test("a location's line and column become 0; look-alikes and other bytes stay", () => {
  const name = Buffer.from("src/lib.rs");
  // At 1024: the name, padded to 16 bytes, then four records of (pointer, length, line, column).
  const data = Buffer.concat([
    name, Buffer.alloc(6),
    u32s(1024, 10, 42, 7), // a location
    u32s(1024, 9, 5, 5), // a length that stops short of `.rs`
    u32s(1024, 10, 0, 3), // line 0: no source line
    u32s(1028, 6, 8, 8), // `lib.rs` starts inside the name: still a whole path
    Buffer.from("after"),
  ]);
  const before = module(1024, data);
  const { status, out, bytes } = strip(before);
  assert.equal(status, 0, out);
  assert.match(out, /2 panic locations without line and column/);
  const expected = Buffer.from(before);
  const start = before.length - data.length;
  u32s(0, 0).copy(expected, start + 16 + 8);
  u32s(0, 0).copy(expected, start + 16 + 48 + 8);
  assert.deepEqual(bytes, expected);
});

test("a module without locations is refused, unchanged", () => {
  const before = module(0, Buffer.from("no file names here"));
  const { status, out, bytes } = strip(before);
  assert.equal(status, 1);
  assert.match(out, /no panic locations found/);
  assert.deepEqual(bytes, before);
});

test("the page's module carries file names but no line numbers", async () => {
  const { unlzma, unsplit } = await decoder(readFileSync("dist/pkg/unpack.wasm"));
  const wasm = Buffer.from(unsplit(unlzma(new Uint8Array(readFileSync("dist/pkg/playground_bg.wasm.lzma")))));
  const { status, out } = strip(wasm);
  assert.equal(status, 1, "every location is stripped already");
  assert.match(out, /no panic locations found/);
  assert.ok(wasm.includes("crates/core/src/"), "the file names stay");
});
