#!/usr/bin/python3
"""write_npy.py PATH DIM...: writes a float32 .npy (format 1.0, C order) of
shape DIM... whose element i is i / 100, without numpy."""
import struct
import sys


def main():
    path, shape = sys.argv[1], [int(d) for d in sys.argv[2:]]
    count = 1
    for d in shape:
        count *= d
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (
        ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    padded = header + " " * (-(10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(padded)))
        f.write(padded.encode("latin1"))
        f.write(struct.pack("<%df" % count, *(i / 100 for i in range(count))))


if __name__ == "__main__":
    main()
