#!/usr/bin/python3
"""make_inputs.py DIR: writes the .npy files test/runtime/executable.test
feeds the tiny-rt model (input shape (2, 3, 8, 6)):

  good.npy        float32, the right shape (seeded normal values)
  good-v2.npy     the same array in .npy format version 2.0
  float64.npy     the same values as float64
  bigendian.npy   the same values as big-endian float32 ('>f4')
  int32.npy       int32 zeros
  fortran.npy     the same array in Fortran order
  shape.npy       float32 of shape (2, 3, 6, 8) (H and W swapped)
  batch.npy       float32 of shape (1, 3, 8, 6)
  rank3.npy       float32 of shape (2, 3, 48)
  trailing.npy    good.npy plus one extra byte
  truncated.npy   good.npy without its last 100 bytes
  header.npy      the first 40 bytes of good.npy (inside the header)
  magic.npy       text, not an .npy file
  empty.npy       0 bytes
  badhdr.npy      a valid preamble whose header dict has no 'shape'
"""
import os
import sys

import numpy as np
import numpy.lib.format as fmt


def main():
    out = sys.argv[1]
    path = lambda name: os.path.join(out, name)
    x = np.random.default_rng(0).standard_normal((2, 3, 8, 6)).astype(np.float32)
    np.save(path("good.npy"), x)
    with open(path("good-v2.npy"), "wb") as f:
        fmt.write_array(f, x, version=(2, 0))
    np.save(path("float64.npy"), x.astype(np.float64))
    np.save(path("bigendian.npy"), x.astype(">f4"))
    np.save(path("int32.npy"), np.zeros(x.shape, np.int32))
    np.save(path("fortran.npy"), np.asfortranarray(x))
    np.save(path("shape.npy"), np.zeros((2, 3, 6, 8), np.float32))
    np.save(path("batch.npy"), x[:1])
    np.save(path("rank3.npy"), x.reshape(2, 3, 48))
    good = open(path("good.npy"), "rb").read()
    open(path("trailing.npy"), "wb").write(good + b"\0")
    open(path("truncated.npy"), "wb").write(good[:-100])
    open(path("header.npy"), "wb").write(good[:40])
    open(path("magic.npy"), "wb").write(b"this is not an npy file\n")
    open(path("empty.npy"), "wb").write(b"")
    header = b"{'descr': '<f4', 'fortran_order': False, }"
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    open(path("badhdr.npy"), "wb").write(
        b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header +
        x.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
