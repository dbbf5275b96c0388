#!/usr/bin/python3
"""edit_safetensors.py IN OUT EDIT...: rewrites a .safetensors file with one
or more deliberate defects, for densenetc's negative tests. Standard library
only; every other tensor is copied unchanged (data re-packed).

  --drop NAME            remove tensor NAME
  --extra NAME           add an F32 tensor NAME of shape [2]
  --reshape NAME         give NAME the shape [numel] (same data, wrong shape)
  --f64 NAME             store NAME as F64 (same shape, twice the bytes)
  --bad-offsets NAME     make NAME's data_offsets span 4 bytes too few
  --overlap NAME         move NAME's data_offsets 4 bytes back, into the
                         tensor stored before it (NAME must not be first)
  --nan NAME, --inf NAME set NAME's element 1 to NaN or -inf
  --list                 print "name shape dtype" per tensor of IN and exit
"""

import argparse
import collections
import json
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length],
                        object_pairs_hook=collections.OrderedDict)
    data = raw[8 + length:]
    meta = header.pop("__metadata__", None)
    tensors = collections.OrderedDict()
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = [info["dtype"], list(info["shape"]), data[begin:end]]
    return tensors, meta


def write(path, tensors, meta, short=None, early=None):
    header = collections.OrderedDict()
    if meta is not None:
        header["__metadata__"] = meta
    offset = 0
    blobs = []
    for name, (dtype, shape, blob) in tensors.items():
        end = offset + len(blob)
        back = 4 if name == early else 0
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [offset - back,
                                         end - back - (4 if name == short else 0)]}
        offset = end
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def need(tensors, name):
    if name not in tensors:
        sys.exit(f"edit_safetensors.py: no tensor {name!r}")
    return tensors[name]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--drop", action="append", default=[])
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("--reshape", action="append", default=[])
    ap.add_argument("--f64", action="append", default=[])
    ap.add_argument("--bad-offsets")
    ap.add_argument("--overlap")
    ap.add_argument("--nan", action="append", default=[])
    ap.add_argument("--inf", action="append", default=[])
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()

    tensors, meta = read(args.input)
    if args.list:
        for name, (dtype, shape, _) in tensors.items():
            print(name, shape, dtype)
        return 0
    if not args.output:
        ap.error("OUT is required")
    for name in args.drop:
        need(tensors, name)
        del tensors[name]
    for name in args.extra:
        tensors[name] = ["F32", [2], struct.pack("<2f", 1.0, 2.0)]
    for name in args.reshape:
        entry = need(tensors, name)
        numel = 1
        for dim in entry[1]:
            numel *= dim
        entry[1] = [numel]
    for name in args.f64:
        entry = need(tensors, name)
        count = len(entry[2]) // 4
        values = struct.unpack(f"<{count}f", entry[2])
        entry[0], entry[2] = "F64", struct.pack(f"<{count}d", *values)
    for names, value in ((args.nan, float("nan")), (args.inf, float("-inf"))):
        for name in names:
            entry = need(tensors, name)
            entry[2] = entry[2][:4] + struct.pack("<f", value) + entry[2][8:]
    for name in (args.bad_offsets, args.overlap):
        if name:
            need(tensors, name)
    if args.overlap and next(iter(tensors)) == args.overlap:
        sys.exit(f"edit_safetensors.py: {args.overlap!r} is stored first")
    write(args.output, tensors, meta, short=args.bad_offsets,
          early=args.overlap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
