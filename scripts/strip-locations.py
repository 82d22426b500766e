"""Sets the line and column of every panic location in a wasm module's data to 0.

Usage: python3 scripts/strip-locations.py MODULE.wasm (rewritten in place; prints how many).

Each place that may panic (an index, a slice, an `expect`) has a `core::panic::Location` in the
module's data: the source file's name as a pointer and a length, then the line and column (u32
each, little-endian, 4-byte aligned). The page's module holds about 520 of them, and their line
numbers are the one part of the data that LZMA cannot predict: zeroed, the packed module is
1.2 KB smaller, and it no longer changes size when an edit moves lines (a line added at the top of
a file shifted every location below it, up to 250 B of the packed size). The page's panic banner
names the file and the panic's message (web/src/panic.rs), not the line; native builds and tests
keep their lines.

A record is recognised by its pointer and length: they must span exactly a file name that ends in
`.rs` (path characters only), followed by a line and column in range. A module without any is
refused: the layout of `Location` would have changed, and this script with it.
"""

import re
import runpy
import struct
import sys
from pathlib import Path

PATH = re.compile(rb"[A-Za-z0-9_./\-]+\.rs")

# The packer's LEB128 reader: its file name has a hyphen, so it is run by path, not imported.
leb = runpy.run_path(str(Path(__file__).with_name("pack-wasm.py")))["uleb"]


def active_segments(module: bytes) -> list[tuple[int, int, int]]:
    """(memory address, file offset, length) of each active data segment of memory 0."""
    segments = []
    pos = 8
    while pos < len(module):
        section = module[pos]
        size, pos = leb(module, pos + 1)
        end = pos + size
        if section == 11:
            count, at = leb(module, pos)
            for _ in range(count):
                flags, at = leb(module, at)
                address = None
                if flags == 0:
                    # i32.const ADDRESS end: the address is a signed LEB128, non-negative here.
                    if module[at] != 0x41:
                        raise ValueError("a data segment's offset is not an i32.const")
                    address, at = leb(module, at + 1)
                    at += 1
                elif flags == 2:
                    raise ValueError("a data segment of another memory")
                length, at = leb(module, at)
                if address is not None:
                    segments.append((address, at, length))
                at += length
        pos = end
    return segments


def strip(module: bytearray) -> int:
    """Zeroes the line and column of every location in `module`; returns how many."""
    segments = active_segments(module)
    memory = bytearray(max((a + n for a, _, n in segments), default=0))
    for address, at, length in segments:
        memory[address:address + length] = module[at:at + length]
    count = 0
    for address, at, length in segments:
        for i in range((-address) % 4, length - 15, 4):
            pointer, size = struct.unpack_from("<II", module, at + i)
            if size < 4 or pointer + size > len(memory) or not PATH.fullmatch(memory[pointer:pointer + size]):
                continue
            line, column = struct.unpack_from("<II", module, at + i + 8)
            if 0 < line < 1_000_000 and 0 < column < 10_000:
                struct.pack_into("<II", module, at + i + 8, 0, 0)
                count += 1
    return count


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as f:
        module = bytearray(f.read())
    count = strip(module)
    if count == 0:
        sys.exit(f"{path}: no panic locations found (has core::panic::Location's layout changed?)")
    with open(path, "wb") as f:
        f.write(module)
    print(f"[strip-locations] {path}: {count} panic locations without line and column")


if __name__ == "__main__":
    main()
