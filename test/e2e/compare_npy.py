#!/usr/bin/python3
"""compare_npy.py OURS.npy REF.npy [--tol 1e-4]

Passes (exit 0) iff both arrays are float32 with identical shapes, contain no
NaN/Inf, and  max|ours - ref| <= tol * max|ref|.  Otherwise exits 1.
The end-to-end criterion is tol = 1e-4; do not loosen it in tests. The one
exception is a model compiled for the GPU (--target=cuda), compared with
PyTorch on the same GPU: there the criterion is tol = 1e-3
(test/e2e/cuda-gpu-numerics.test, benchmarks/gpu/compare).
"""

import argparse
import sys

import numpy as np


def check(ours, ref, tol=1e-4):
    """Compares two arrays; returns (ok, line), the line as main() prints it.
    Shared with benchmarks/gpu/compare and the GPU end-to-end test."""
    def fail(msg):
        return False, f"FAIL: {msg}"

    if ours.dtype != np.float32 or ref.dtype != np.float32:
        return fail(f"dtype mismatch: ours={ours.dtype} ref={ref.dtype} "
                    f"(both must be float32)")
    if ours.shape != ref.shape:
        return fail(f"shape mismatch: ours={list(ours.shape)} "
                    f"ref={list(ref.shape)}")
    if ref.size == 0:
        return fail("empty arrays")
    if not np.all(np.isfinite(ref)):
        return fail("reference contains NaN/Inf")
    if not np.all(np.isfinite(ours)):
        bad = int(np.count_nonzero(~np.isfinite(ours)))
        return fail(f"output contains {bad} NaN/Inf value(s)")

    o = ours.astype(np.float64)
    r = ref.astype(np.float64)
    diff = np.abs(o - r)
    err = float(diff.max())
    max_ref = float(np.abs(r).max())
    bound = tol * max_ref
    ok = err <= bound
    idx = np.unravel_index(int(diff.argmax()), diff.shape)
    return ok, (f"max_abs_err={err:.6e} bound={bound:.6e} max_ref={max_ref:.6e} "
                f"rel={err / max_ref if max_ref else float('inf'):.3e} "
                f"at={list(map(int, idx))} shape={list(ref.shape)} "
                f"{'PASS' if ok else 'FAIL'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ours")
    ap.add_argument("ref")
    ap.add_argument("--tol", type=float, default=1e-4)
    args = ap.parse_args(argv)

    try:
        ours = np.load(args.ours, allow_pickle=False)
        ref = np.load(args.ref, allow_pickle=False)
    except Exception as e:  # unreadable / not a .npy
        print(f"FAIL: cannot load arrays: {e}")
        return 1
    ok, line = check(ours, ref, args.tol)
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
