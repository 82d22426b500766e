"""Packs a wasm module as an ".lzma" file for the page (web/loader/ decodes it).

Usage: python3 scripts/pack-wasm.py MODULE.wasm (writes MODULE.wasm.lzma and removes MODULE.wasm).

Two steps, undone in reverse by the page (crates/unpack, a wasm module of its own):
1. Split the code section into streams, one per kind of bytes: opcodes, local indices, i32
   constants, memory offsets, call targets, ... Each stream is far more regular than their
   interleaving, so LZMA predicts each better (-18 KB for the playground's module). A module with
   an instruction this splitter does not know (SIMD, say) is stored whole instead.
2. LZMA, "LZMA alone" format, with the payload's size in the header (the decoder needs it;
   liblzma writes "unknown" there when it compresses in one call). lc=4, lp=0, pb=0: wasm has no
   alignment for pb/lp to use, and 4 bits of the previous byte predict the next byte best. The
   dictionary holds the whole payload, so a match may reach any earlier byte.

The payload: a byte 0 and the module as it is, or a byte 1, each stream's length (u32 LE, in the
order of STREAMS) and the streams. Its first two streams are the bytes before and after the code
section's contents; the rest follow the code section's structure (the WebAssembly spec's binary
format, 5.4 "Instructions").
"""

import lzma
import os
import struct
import sys

STREAMS = [
    "before", "after", "sizes", "locals", "op", "get", "set", "tee", "i32", "offset", "align",
    "call", "branch", "block", "i64", "global", "fc", "fc_args", "f64", "f32", "indirect",
    "table", "select", "ref",
]
# Opcodes with no immediate: control, parametric, numeric (0x45-0xc4), ref.is_null.
NO_IMMEDIATE = {0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1} | set(range(0x45, 0xC5))
# The immediates of the 0xfc instructions by sub-opcode: "u" a LEB128, "b" a byte.
FC_ARGS = {**{sub: "" for sub in range(8)}, 8: "ub", 9: "u", 10: "bb", 11: "b", 12: "uu", 13: "u",
           14: "uu", 15: "u", 16: "u", 17: "u"}


class Unknown(Exception):
    """An instruction the splitter does not know: the module is stored whole."""


class Splitter:
    """Reads the module and appends each part to its stream."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0
        self.out = {name: bytearray() for name in STREAMS}

    def leb(self, stream: str) -> int:
        """Moves one LEB128 (signed or not: the same bytes) to `stream`; returns it unsigned."""
        start, value, shift = self.pos, 0, 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        self.out[stream] += self.data[start:self.pos]
        return value

    def raw(self, stream: str, count: int) -> None:
        self.out[stream] += self.data[self.pos:self.pos + count]
        self.pos += count

    def function(self) -> None:
        end = self.leb("sizes")
        end += self.pos
        for _ in range(self.leb("locals")):
            self.leb("locals")
            self.raw("locals", 1)
        while self.pos < end:
            op = self.data[self.pos]
            self.raw("op", 1)
            self.immediates(op)
        if self.pos != end:
            raise Unknown("a function ends inside an instruction")

    def immediates(self, op: int) -> None:
        if op in NO_IMMEDIATE:
            return
        if op in (0x02, 0x03, 0x04):
            # A block type: one byte (empty or a value type), or a type index (s33, which starts
            # with a byte of 0x80 or more when it does not fit one byte below 0x40).
            if self.data[self.pos] & 0x80:
                self.leb("block")
            else:
                self.raw("block", 1)
        elif op in (0x0C, 0x0D):
            self.leb("branch")
        elif op == 0x0E:
            for _ in range(self.leb("branch") + 1):
                self.leb("branch")
        elif op == 0x10:
            self.leb("call")
        elif op == 0x11:
            self.leb("indirect")
            self.leb("indirect")
        elif op == 0x1C:
            self.raw("select", self.leb("select"))
        elif op in (0x20, 0x21, 0x22):
            self.leb(("get", "set", "tee")[op - 0x20])
        elif op in (0x23, 0x24):
            self.leb("global")
        elif op in (0x25, 0x26):
            self.leb("table")
        elif 0x28 <= op <= 0x3E:
            self.leb("align")
            self.leb("offset")
        elif op in (0x3F, 0x40):
            self.raw("fc_args", 1)
        elif op == 0x41:
            self.leb("i32")
        elif op == 0x42:
            self.leb("i64")
        elif op == 0x43:
            self.raw("f32", 4)
        elif op == 0x44:
            self.raw("f64", 8)
        elif op == 0xD0:
            self.raw("ref", 1)
        elif op == 0xD2:
            self.leb("ref")
        elif op == 0xFC:
            sub = self.leb("fc")
            if sub not in FC_ARGS:
                raise Unknown(f"0xfc {sub}")
            for arg in FC_ARGS[sub]:
                if arg == "u":
                    self.leb("fc_args")
                else:
                    self.raw("fc_args", 1)
        else:
            raise Unknown(f"opcode {op:#x}")


def uleb(data: bytes, pos: int) -> tuple[int, int]:
    """The LEB128 at `pos` and the position after it."""
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def split(data: bytes) -> bytes:
    """The payload: the module split into streams, or whole when it cannot be."""
    try:
        if data[:8] != b"\0asm\1\0\0\0":
            raise Unknown("not a wasm module")
        pos = 8
        while True:
            if pos >= len(data):
                raise Unknown("no code section")
            size, start = uleb(data, pos + 1)
            if data[pos] == 10:
                break
            pos = start + size
        s = Splitter(data)
        s.pos = start
        for _ in range(s.leb("sizes")):
            s.function()
        if s.pos != start + size:
            raise Unknown("the code section's size")
        s.out["before"] += data[:start]
        s.out["after"] += data[start + size:]
    except (Unknown, IndexError):
        return b"\0" + data
    lengths = b"".join(struct.pack("<I", len(s.out[name])) for name in STREAMS)
    return b"\1" + lengths + b"".join(bytes(s.out[name]) for name in STREAMS)


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as f:
        payload = split(f.read())
    filters = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": 4, "lp": 0, "pb": 0, "dict_size": 1 << 22}]
    packed = bytearray(lzma.compress(payload, format=lzma.FORMAT_ALONE, filters=filters))
    packed[5:13] = struct.pack("<Q", len(payload))
    with open(path + ".lzma", "wb") as f:
        f.write(packed)
    os.remove(path)


if __name__ == "__main__":
    main()
