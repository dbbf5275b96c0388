"""Lists the images of the CUDA fatbin in a module's gpu.binary.

Usage: fatbin_entries.py MODULE.mlir

Reads the one gpu.binary of an LLVM-stage module (densenetc --target=cuda
--emit=mlir --mlir-stage=llvm), decodes its object (an MLIR string with \\XX
escapes) and prints one line per fatbin image: its kind (elf: a cubin from
ptxas, ptx: PTX for the driver to JIT) and architecture, e.g. "elf sm_90".
"""
import re
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50
KINDS = {1: "ptx", 2: "elf"}


def decode_mlir_string(text, start):
    """The bytes of the MLIR string literal starting after text[start - 1]."""
    out = bytearray()
    i = start
    while text[i] != '"':
        if text[i] == "\\":
            if text[i + 1] in '\\"':
                out.append(ord(text[i + 1]))
                i += 2
            else:
                out.append(int(text[i + 1:i + 3], 16))
                i += 3
        else:
            out += text[i].encode()
            i += 1
    return bytes(out)


def main():
    text = open(sys.argv[1], encoding="latin-1").read()
    binaries = [m.start() for m in re.finditer(r"gpu\.binary @", text)]
    if len(binaries) != 1:
        sys.exit(f"error: expected one gpu.binary, found {len(binaries)}")
    properties = text.index("properties = {", binaries[0])
    blob = decode_mlir_string(text, text.index('"', text.index("}", properties)) + 1)
    magic, _, header_size, fat_size = struct.unpack_from("<IHHQ", blob, 0)
    if magic != FATBIN_MAGIC:
        sys.exit(f"error: not a fatbin (magic {magic:#x})")
    offset = header_size
    while offset < header_size + fat_size:
        kind, _, entry_size, payload = struct.unpack_from("<HHIQ", blob, offset)
        arch = struct.unpack_from("<I", blob, offset + 28)[0]
        print(f"{KINDS.get(kind, kind)} sm_{arch}")
        offset += entry_size + payload


if __name__ == "__main__":
    main()
