// Unpacks the page's wasm module, which travels as an ".lzma" file (scripts/pack-wasm.py says how
// it is packed: LZMA, after its code section is split into streams). The decoder is a small wasm
// module of its own (crates/unpack, pkg/unpack.wasm): compiled before its first instruction runs,
// it unpacks the playground's module in about half the time a JS decoder took on its first (and
// only) run, which V8 spends mostly in its interpreter.

// The decoder's error codes (crates/unpack/src/lib.rs, `Error`) in words: 1 to 4 LZMA's, the
// rest the streams'.
const ERRORS = [
  "bad properties",
  "size too large or unknown",
  "corrupt data",
  "truncated data",
  "unknown format",
  "lengths do not add up",
  "a function's size does not add up",
  "unknown 0xfc instruction",
  "unknown opcode",
  "the streams do not add up",
];

/** The decoder of the module `bytes` (pkg/unpack.wasm), as `{ unlzma, unsplit }`: each takes and
 * returns a Uint8Array, and throws on input that does not decode. */
export async function decoder(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes);
  const { memory, lzma_size, unlzma, module_len, unsplit } = instance.exports;
  // The input goes past the module's own memory (its stack and statics), the output after it.
  const base = memory.buffer.byteLength;
  const room = (end) => end > memory.buffer.byteLength && memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  // Runs `size` (the output's length for the input) and `run` on `input`: the output's bytes,
  // copied out of the decoder's memory.
  const call = (input, size, run) => {
    const out = base + input.length;
    room(out);
    new Uint8Array(memory.buffer, base, input.length).set(input);
    let code = size(base, input.length);
    if (code >= 0) {
      room(out + code);
      code = run(base, input.length, out, code);
    }
    if (code < 0) throw new Error(`${code > -5 ? "lzma" : "wasm streams"}: ${ERRORS[-code - 1]}`);
    return new Uint8Array(memory.buffer.slice(out, out + code));
  };
  return { unlzma: (src) => call(src, lzma_size, unlzma), unsplit: (payload) => call(payload, module_len, unsplit) };
}
