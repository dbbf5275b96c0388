"""Shared by benchmarks/gpu/prepare (runs here, with densenetc) and
benchmarks/gpu/compare (runs on the GPU machine, with its PyTorch).

The PyTorch model, its seeded weights and the output comparison are the
end-to-end tests' own code (test/e2e/torch_reference.py and compare_npy.py),
imported from the repository copy, never duplicated here.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
E2E = os.path.join(ROOT, "test", "e2e")
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1

# The GPU criterion of the issue: max|densenetc - PyTorch| <= TOL * max|ref|.
TOL = 1e-3

# Architectures the CUDA target is being written for.
KNOWN_ARCHS = ("sm_80", "sm_86", "sm_89", "sm_90")

# What prepare compiles. `source` is densenetc's model argument and
# torch_reference.py's --preset/--config (a path relative to the repository);
# `weights_from` names the model whose weights (same architecture, same seed)
# it reuses; `carry_input` says whether the input .npy is written here
# (batch 64 at 224x224 would be 37 MiB, so compare generates it there).
MODELS = [
    dict(name="densenet121-b1", preset="densenet121", batch=1,
         image_size=[224, 224], seed=0, bench=True, carry_input=True),
    dict(name="densenet121-b64", preset="densenet121", batch=64,
         image_size=[224, 224], seed=0, bench=True, carry_input=False,
         weights_from="densenet121-b1"),
    # test/e2e/custom-json.test's architecture and seed, at batch 1.
    dict(name="custom-k20-b1", config="test/e2e/Inputs/custom_k20.json",
         batch=1, image_size=[72, 88], seed=2, bench=False,
         carry_input=True),
]


def e2e_module(name):
    """Imports test/e2e/<name>.py (torch_reference, compare_npy)."""
    if E2E not in sys.path:
        sys.path.insert(0, E2E)
    return __import__(name)


def read_manifest(directory):
    path = os.path.join(directory, MANIFEST)
    try:
        with open(path) as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise SystemExit(
            f"error: {path} does not exist: run benchmarks/gpu/prepare "
            f"--out {directory} on the machine with densenetc first, and "
            f"carry that folder here")
    except ValueError as e:
        raise SystemExit(f"error: {path} is not valid JSON: {e}")
    if manifest.get("format") != MANIFEST_FORMAT:
        raise SystemExit(f"error: {path} has format {manifest.get('format')!r},"
                         f" this script reads format {MANIFEST_FORMAT}: rerun "
                         f"benchmarks/gpu/prepare")
    return manifest


def write_manifest(directory, manifest):
    path = os.path.join(directory, MANIFEST)
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    return path


def mib(nbytes):
    return nbytes / (1024.0 * 1024.0)
