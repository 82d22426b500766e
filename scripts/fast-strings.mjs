// Makes the glue of a wasm-bindgen module copy strings into the module natively.
// Usage: node scripts/fast-strings.mjs GLUE.js (rewritten in place).
// wasm-bindgen's `passStringToWasm0` copies a string's leading ASCII one character at a time in JS,
// then hands the rest to `TextEncoder.encodeInto`. The page passes the editor's whole text on every
// keystroke (the check, the completion list, the editor's own check): 0.3 to 0.4 ms a call on a
// 200-line file in Chromium, where `encodeInto` alone takes 10 to 20 µs. This rewrites the loop as
// one `encodeInto` into the bytes already allocated; what does not fit (non-ASCII text, up to 3
// bytes per UTF-16 unit) goes on as before. The loop's text must occur exactly once, or nothing is
// written: a new wasm-bindgen must be looked at again.
import { readFileSync, writeFileSync } from "node:fs";

const [gluePath] = process.argv.slice(2);
const glue = readFileSync(gluePath, "utf8");

const LOOP = `    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
`;
// encodeInto writes whole characters only, and `read` counts the UTF-16 units it took.
const NATIVE = `    let { read, written: offset } = cachedTextEncoder.encodeInto(arg, mem.subarray(ptr, ptr + len));
    if (read !== arg.length) {
        arg = arg.slice(read);
`;

const uses = glue.split(LOOP).length - 1;
if (uses !== 1) throw new Error(`${gluePath}: passStringToWasm0's ASCII loop occurs ${uses} times, 1 expected`);
writeFileSync(gluePath, glue.replace(LOOP, NATIVE));
