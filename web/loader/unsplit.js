// Puts back together the wasm module that scripts/pack-wasm.py split into streams, one per kind of
// bytes (opcodes, local indices, constants, ...: LZMA predicts each alone better than their mix).
// The payload (after LZMA): a byte 0 and the module as it is, or a byte 1, the stream lengths (u32
// LE, in the order of STREAMS) and the streams; pack-wasm.py describes it.

const STREAMS = [
  "before", "after", "sizes", "locals", "op", "get", "set", "tee", "i32", "offset", "align",
  "call", "branch", "block", "i64", "global", "fc", "fc_args", "f64", "f32", "indirect",
  "table", "select", "ref",
];
// The immediates of the 0xfc instructions by sub-opcode: "u" a LEB128, "b" a byte.
const FC_IMMEDIATES = ["", "", "", "", "", "", "", "", "ub", "u", "bb", "b", "uu", "u", "uu", "u", "u", "u"];

const [BEFORE, AFTER, SIZES, LOCALS, OP, GET, SET, TEE, I32, OFFSET, ALIGN, CALL, BRANCH, BLOCK, I64, GLOBAL, FC, FC_ARGS, F64, F32, INDIRECT, TABLE, SELECT, REF] =
  STREAMS.keys();

/** The module a payload of pack-wasm.py holds; throws on a payload that does not add up. */
export function unsplit(payload) {
  if (payload[0] === 0) return payload.subarray(1);
  if (payload[0] !== 1) throw new Error("wasm streams: unknown format");
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  // Each stream's read position and end in the payload.
  const at = new Int32Array(STREAMS.length);
  const ends = new Int32Array(STREAMS.length);
  let next = 1 + 4 * STREAMS.length;
  for (let i = 0; i < STREAMS.length; i++) {
    at[i] = next;
    next += view.getUint32(1 + 4 * i, true);
    ends[i] = next;
  }
  if (next !== payload.length) throw new Error("wasm streams: lengths do not add up");
  const out = new Uint8Array(payload.length - 1 - 4 * STREAMS.length);

  // Each helper copies from stream `s` to `out` at `n` and returns the new `n` (a captured mutable
  // `n` would cost a memory access on every use). A stream read past its end is caught at the end,
  // where every stream must be used up exactly; until then, out of bounds, a typed array reads 0
  // and drops writes.
  const copy = (s, n, count) => {
    out.set(payload.subarray(at[s], at[s] + count), n);
    at[s] += count;
    return n + count;
  };
  // One LEB128 (signed or not: the same bytes).
  const leb = (s, n) => {
    let i = at[s];
    let b;
    do {
      b = payload[i++];
      out[n++] = b;
    } while (b & 0x80);
    at[s] = i;
    return n;
  };
  // The value of the LEB128 copied to `out` at `n`: a size or a number of entries.
  const read = (n) => {
    let v = 0;
    let scale = 1;
    let b;
    do {
      b = out[n++];
      v += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80 && scale < 2 ** 35);
    return v;
  };

  // A function's instructions, from `n` to `end`: a function of its own, called once per wasm
  // function, so that V8 optimizes it early (a first run of one long loop stays unoptimized).
  const body = (n, end) => {
    let start;
    while (n < end) {
      const op = payload[at[OP]++];
      out[n++] = op;
      if (op >= 0x45 && op <= 0xc4) continue;
      switch (op) {
        case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: case 0xd1: break;
        case 0x02: case 0x03: case 0x04:
          n = payload[at[BLOCK]] & 0x80 ? leb(BLOCK, n) : copy(BLOCK, n, 1);
          break;
        case 0x0c: case 0x0d: n = leb(BRANCH, n); break;
        case 0x0e:
          start = n;
          n = leb(BRANCH, n);
          for (let targets = read(start) + 1; targets > 0 && n < end; targets--) n = leb(BRANCH, n);
          break;
        case 0x10: n = leb(CALL, n); break;
        case 0x11: n = leb(INDIRECT, leb(INDIRECT, n)); break;
        case 0x1c:
          start = n;
          n = leb(SELECT, n);
          n = copy(SELECT, n, Math.min(read(start), end - n));
          break;
        case 0x20: n = leb(GET, n); break;
        case 0x21: n = leb(SET, n); break;
        case 0x22: n = leb(TEE, n); break;
        case 0x23: case 0x24: n = leb(GLOBAL, n); break;
        case 0x25: case 0x26: n = leb(TABLE, n); break;
        case 0x3f: case 0x40: n = copy(FC_ARGS, n, 1); break;
        case 0x41: n = leb(I32, n); break;
        case 0x42: n = leb(I64, n); break;
        case 0x43: n = copy(F32, n, 4); break;
        case 0x44: n = copy(F64, n, 8); break;
        case 0xd0: n = copy(REF, n, 1); break;
        case 0xd2: n = leb(REF, n); break;
        case 0xfc: {
          start = n;
          n = leb(FC, n);
          const args = FC_IMMEDIATES[read(start)];
          if (args === undefined) throw new Error("wasm streams: unknown 0xfc instruction");
          for (const arg of args) n = arg === "u" ? leb(FC_ARGS, n) : copy(FC_ARGS, n, 1);
          break;
        }
        default:
          if (op < 0x28 || op > 0x3e) throw new Error(`wasm streams: unknown opcode ${op}`);
          n = leb(OFFSET, leb(ALIGN, n));
      }
    }
    return n;
  };

  let n = copy(BEFORE, 0, ends[BEFORE] - at[BEFORE]);
  let start = n;
  n = leb(SIZES, n);
  for (let functions = read(start); functions > 0; functions--) {
    start = n;
    n = leb(SIZES, n);
    const end = n + read(start);
    if (end > out.length) throw new Error("wasm streams: a function's size does not add up");
    start = n;
    n = leb(LOCALS, n);
    for (let decls = read(start); decls > 0; decls--) n = copy(LOCALS, leb(LOCALS, n), 1);
    n = body(n, end);
    if (n !== end) throw new Error("wasm streams: a function's size does not add up");
  }
  n = copy(AFTER, n, ends[AFTER] - at[AFTER]);
  if (n !== out.length || at.some((a, s) => a !== ends[s])) throw new Error("wasm streams: the streams do not add up");
  return out;
}
