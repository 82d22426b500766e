// Renames the imports of a wasm-bindgen module to short names, in the module and its JS glue alike.
// Usage: node scripts/short-imports.mjs MODULE.wasm GLUE.js (both rewritten in place).
// wasm-bindgen names every import `__wbg_<function>_<16 hex digits>`: the hashes do not compress,
// and the page carries each name twice (the module's import section and the glue's import object),
// ~4 KB of gzip for the playground. Each name must occur in the glue exactly once, as a property
// name, or nothing is written.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

let pos = 8;
function leb() {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}
function encodeLeb(n) {
  const out = [];
  do {
    const byte = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n ? byte | 0x80 : byte);
  } while (n);
  return Buffer.from(out);
}
const name = () => {
  const length = leb();
  pos += length;
  return wasm.subarray(pos - length, pos).toString("utf8");
};
// Skips an import's description: its kind, then a type index, table, memory, global or tag type.
function skipDescription() {
  const kind = wasm[pos++];
  if (kind === 0) leb();
  else if (kind === 1 || kind === 2) {
    if (kind === 1) pos++;
    const flags = wasm[pos++];
    leb();
    if (flags & 1) leb();
  } else if (kind === 3) pos += 2;
  else if (kind === 4) {
    pos++;
    leb();
  } else throw new Error(`import kind ${kind} is not known`);
}

// a, b, …, Z, aa, ab, …: identifiers, so the glue's `name: function` stays valid.
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  let s = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / LETTERS.length)) s = LETTERS[(i - 1) % LETTERS.length] + s;
  return s;
}

const parts = [wasm.subarray(0, 8)];
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  const size = leb();
  const end = pos + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    pos = end;
    continue;
  }
  const count = leb();
  const entries = [encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const from = pos;
    skipDescription();
    const short = shortName(i);
    const uses = glue.match(new RegExp(`\\b${field}\\b`, "g"))?.length ?? 0;
    if (uses !== 1) {
      throw new Error(`import ${field}: ${uses} uses in the glue, 1 expected`);
    }
    glue = glue.replace(new RegExp(`\\b${field}\\b`), short);
    const moduleBytes = Buffer.from(module, "utf8");
    const shortBytes = Buffer.from(short, "utf8");
    entries.push(encodeLeb(moduleBytes.length), moduleBytes, encodeLeb(shortBytes.length), shortBytes);
    entries.push(wasm.subarray(from, pos));
  }
  if (pos !== end) throw new Error("the import section did not parse to its end");
  const body = Buffer.concat(entries);
  parts.push(Buffer.from([id]), encodeLeb(body.length), body);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
