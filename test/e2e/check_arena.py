#!/usr/bin/env python3
"""Checks a densenetc --memory-report against the memory targets.

Prints the arena, its lower bound, their ratio and the stack scratch of
each thread, then PASS, or FAIL with the reason (exit status 1) when the
arena exceeds --max-arena-mib or --max-ratio times the lower bound, or the
scratch --max-thread-scratch-mib.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", help="JSON written by --memory-report")
    parser.add_argument("--max-arena-mib", type=float, required=True)
    parser.add_argument("--max-ratio", type=float, required=True)
    parser.add_argument("--max-thread-scratch-mib", type=float, default=2.0)
    args = parser.parse_args()

    with open(args.report) as f:
        report = json.load(f)
    arena = report["arena_bytes"]
    bound = report["lower_bound_bytes"]
    scratch = report["thread_scratch_bytes"]
    ratio = arena / bound if bound else 1.0
    print(f"arena_bytes={arena} ({arena / 2**20:.3f} MiB) "
          f"lower_bound_bytes={bound} ratio={ratio:.3f} "
          f"thread_scratch_bytes={scratch}")
    failures = []
    if arena > args.max_arena_mib * 2**20:
        failures.append(f"arena above {args.max_arena_mib} MiB")
    if ratio > args.max_ratio:
        failures.append(f"arena above {args.max_ratio} x the lower bound")
    if scratch > args.max_thread_scratch_mib * 2**20:
        failures.append(
            f"thread scratch above {args.max_thread_scratch_mib} MiB")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
