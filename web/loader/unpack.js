// Unpacks the page's wasm module, which travels as an ".lzma" file (scripts/pack-wasm.py says how
// it is packed: LZMA, after its code section is split into streams). The decoder is a small wasm
// module of its own (crates/unpack, pkg/unpack.wasm): compiled before its first instruction runs,
// it unpacks the playground's module in about half the time a JS decoder took on its first (and
// only) run, which V8 spends mostly in its interpreter.

// The decoder's error codes (crates/unpack/src/lib.rs, `Error`), in words.
const ERRORS = [
  "",
  "lzma: bad properties",
  "lzma: size too large or unknown",
  "lzma: corrupt data",
  "lzma: truncated data",
  "wasm streams: unknown format",
  "wasm streams: lengths do not add up",
  "wasm streams: a function's size does not add up",
  "wasm streams: unknown 0xfc instruction",
  "wasm streams: unknown opcode",
  "wasm streams: the streams do not add up",
];

/** The decoder of the module `bytes` (pkg/unpack.wasm), as `{ unlzma, unsplit }`: each takes and
 * returns a Uint8Array, and throws on input that does not decode. */
export async function decoder(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes);
  const { memory, lzma_size, unlzma, module_len, unsplit } = instance.exports;
  const base = instance.exports.__heap_base.value;
  // Places `input` at the start of the free memory, with room for `output` bytes after it.
  const place = (input) => {
    const end = base + input.length;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    new Uint8Array(memory.buffer, base, input.length).set(input);
    return end;
  };
  const room = (at, length) => {
    const missing = at + length - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  };
  // A call's result: the output's bytes, copied out of the decoder's memory.
  const result = (code, at) => {
    if (code < 0) throw new Error(ERRORS[-code] || `unpack: error ${code}`);
    return new Uint8Array(memory.buffer.slice(at, at + code));
  };
  return {
    unlzma(src) {
      const out = place(src);
      const size = lzma_size(base, src.length);
      if (size < 0) return result(size, out);
      room(out, size);
      return result(unlzma(base, src.length, out, size), out);
    },
    unsplit(payload) {
      const out = place(payload);
      const size = module_len(base, payload.length);
      room(out, size);
      return result(unsplit(base, payload.length, out, size), out);
    },
  };
}
