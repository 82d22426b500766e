// An LZMA decoder for the page's wasm module, which is shipped as an ".lzma" file ("LZMA alone":
// a 13-byte header, then the range-coded stream): gzip, all a static host applies, leaves the
// module at 462 KB, LZMA at 370 KB, and browsers decode only gzip, deflate and deflate-raw
// themselves. It follows Igor Pavlov's reference decoder (LzmaSpec.cpp, public domain), with the
// output buffer as the dictionary: the header carries the module's size (scripts/lzma.py writes it).
// Range coder values stay int32 (compared unsigned with >>> 0), so V8 keeps them unboxed.

/** Decodes an LZMA-alone file whose header gives the uncompressed size; throws on corrupt input. */
export function unlzma(src) {
  let props = src[0];
  if (props >= 225) throw new Error("lzma: bad properties");
  const lc = props % 9;
  props = (props / 9) | 0;
  const lp = props % 5;
  const pb = (props / 5) | 0;
  const size = (src[5] | (src[6] << 8) | (src[7] << 16) | (src[8] << 24)) >>> 0;
  if (src[9] | src[10] | src[11] | src[12]) throw new Error("lzma: size too large or unknown");
  const out = new Uint8Array(size);

  // All probabilities in one array; each model is an offset into it.
  const IS_MATCH = 0;
  const IS_REP = IS_MATCH + 192;
  const IS_REP_G0 = IS_REP + 12;
  const IS_REP_G1 = IS_REP_G0 + 12;
  const IS_REP_G2 = IS_REP_G1 + 12;
  const IS_REP0_LONG = IS_REP_G2 + 12;
  const POS_SLOT = IS_REP0_LONG + 192;
  const SPEC_POS = POS_SLOT + 256;
  const ALIGN = SPEC_POS + 114;
  // A length model: choice, choice2, low[16][8], mid[16][8], high[256].
  const LEN_SIZE = 2 + 128 + 128 + 256;
  const LEN = ALIGN + 16;
  const REP_LEN = LEN + LEN_SIZE;
  const LITERAL = REP_LEN + LEN_SIZE;
  const p = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);

  // The stream after the header: a zero byte, then the range coder's first code.
  // Range, code and input position live in a typed array: as closure variables, values past
  // 2^30 would be boxed on every store (V8's small integers are 31-bit).
  const rc = new Int32Array([-1, (src[14] << 24) | (src[15] << 16) | (src[16] << 8) | src[17], 18]);

  const bit = (i) => {
    const prob = p[i];
    let range = rc[0];
    let code = rc[1];
    const bound = Math.imul(range >>> 11, prob);
    let b;
    if (code >>> 0 < bound >>> 0) {
      range = bound;
      p[i] = prob + ((2048 - prob) >> 5);
      b = 0;
    } else {
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      p[i] = prob - (prob >> 5);
      b = 1;
    }
    if (range >>> 0 < 0x1000000) {
      range <<= 8;
      code = (code << 8) | src[rc[2]++];
    }
    rc[0] = range;
    rc[1] = code;
    return b;
  };
  const tree = (base, bits) => {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(base + m);
    return m - (1 << bits);
  };
  const reverse = (base, bits) => {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(base + m);
      m = (m << 1) | b;
      symbol |= b << i;
    }
    return symbol;
  };
  const length = (base, posState) => {
    if (!bit(base)) return tree(base + 2 + (posState << 3), 3);
    if (!bit(base + 1)) return 8 + tree(base + 130 + (posState << 3), 3);
    return 16 + tree(base + 258, 8);
  };
  const direct = (bits) => {
    let result = 0;
    let range = rc[0];
    let code = rc[1];
    for (; bits > 0; bits--) {
      range = range >>> 1;
      let b = 0;
      if (code >>> 0 >= range >>> 0) {
        code = (code - range) | 0;
        b = 1;
      }
      result = ((result << 1) | b) >>> 0;
      if (range >>> 0 < 0x1000000) {
        range <<= 8;
        code = (code << 8) | src[rc[2]++];
      }
    }
    rc[0] = range;
    rc[1] = code;
    return result;
  };

  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let n = 0;
  while (n < size) {
    const posState = n & pbMask;
    if (!bit(IS_MATCH + (state << 4) + posState)) {
      const prev = n > 0 ? out[n - 1] : 0;
      const base = LITERAL + 0x300 * (((n & lpMask) << lc) + (prev >> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        let match = out[n - rep0 - 1];
        do {
          const matchBit = (match >> 7) & 1;
          match <<= 1;
          const b = bit(base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | b;
          if (matchBit !== b) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | bit(base + symbol);
      out[n++] = symbol;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(IS_REP + state)) {
      if (n === 0) throw new Error("lzma: corrupt data");
      if (!bit(IS_REP_G0 + state)) {
        if (!bit(IS_REP0_LONG + (state << 4) + posState)) {
          state = state < 7 ? 9 : 11;
          out[n] = out[n - rep0 - 1];
          n++;
          continue;
        }
      } else {
        let dist;
        if (!bit(IS_REP_G1 + state)) dist = rep1;
        else {
          if (!bit(IS_REP_G2 + state)) dist = rep2;
          else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = length(REP_LEN, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = length(LEN, posState);
      state = state < 7 ? 7 : 10;
      const slot = tree(POS_SLOT + ((len < 3 ? len : 3) << 6), 6);
      if (slot < 4) rep0 = slot;
      else {
        const bits = (slot >> 1) - 1;
        rep0 = (2 | (slot & 1)) << bits;
        if (slot < 14) rep0 += reverse(SPEC_POS + rep0 - slot, bits);
        else rep0 = (rep0 + direct(bits - 4) * 16 + reverse(ALIGN, 4)) >>> 0;
        // The end marker: the size in the header says where the data ends already.
        if (rep0 === 0xffffffff) break;
      }
    }
    if (rep0 >= n) throw new Error("lzma: corrupt data");
    for (let end = Math.min(size, n + len + 2); n < end; n++) out[n] = out[n - rep0 - 1];
  }
  // Past the end, the input reads as zeros: a truncated file must not pass for a whole one.
  if (n !== size || rc[2] > src.length) throw new Error("lzma: truncated data");
  return out;
}
