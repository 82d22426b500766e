"""Packs a wasm module as an ".lzma" file for the page (web/loader/unlzma.js decodes it).

Usage: python3 scripts/pack-wasm.py MODULE.wasm (writes MODULE.wasm.lzma and removes MODULE.wasm).
"LZMA alone" format, with the module's size in the header (the decoder needs it; liblzma writes
"unknown" there when it compresses in one call). lc=4, lp=0, pb=0: wasm code has no alignment for
pb/lp to use, and 4 bits of the previous byte predict the next byte best (-0.3% over the defaults).
The dictionary holds the whole module, so a match may reach any earlier byte.
"""

import lzma
import os
import struct
import sys


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as f:
        data = f.read()
    filters = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": 4, "lp": 0, "pb": 0, "dict_size": 1 << 22}]
    packed = bytearray(lzma.compress(data, format=lzma.FORMAT_ALONE, filters=filters))
    packed[5:13] = struct.pack("<Q", len(data))
    with open(path + ".lzma", "wb") as f:
        f.write(packed)
    os.remove(path)


if __name__ == "__main__":
    main()
