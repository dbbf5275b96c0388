# lit configuration for the densenetc test suite.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "DENSENET"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["examples", "Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.densenet_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%examples", os.path.join(config.test_source_root, "examples")))
config.substitutions.append(("%src_root", config.densenet_src_root))
# The C compiler the project was configured with, for test fixtures; in a
# sanitizer build (-DDENSENET_SANITIZE=LIST) with -fsanitize=LIST, since the
# runtime archives the fixtures link are instrumented. Such a build has the
# feature `sanitizer`.
_cc = config.densenet_c_compiler
if config.densenet_sanitize:
    _cc += " -fsanitize=" + config.densenet_sanitize
    config.available_features.add("sanitizer")
config.substitutions.append(("%cc", _cc))
# `%limit-memory`, as in `bash -c '%limit-memory && exec TOOL ...'`: TOOL
# fails any allocation over 2 GB. That is `ulimit -v`, except in a sanitizer
# build, whose shadow memory needs far more address space than that: there
# AddressSanitizer's max_allocation_size_mb makes such an allocation a
# report, which fails the test.
if config.densenet_sanitize:
    _limit = 'export ASAN_OPTIONS="$ASAN_OPTIONS:max_allocation_size_mb=2000"'
else:
    _limit = "ulimit -v 2000000"
config.substitutions.append(("%limit-memory", _limit))
# The Python of the serving venv that scripts/setup-serve makes (ray[serve],
# the densenetc module), and the densenetc module's source for any Python.
config.substitutions.append(("%densenet_serve_python", os.path.join(
    os.environ.get("DENSENET_SERVE_VENV",
                   os.path.join(config.densenet_src_root, ".venv-serve")),
    "bin", "python")))
config.substitutions.append(
    ("%densenet_python_module", os.path.join(config.densenet_src_root, "python")))
# The CUDA toolkit's assembler, for checking the PTX of --target=cuda.
config.substitutions.append(
    ("%ptxas", os.path.join(config.densenet_cuda_toolkit, "bin", "ptxas")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["densenet-opt", "densenetc"], [config.densenet_tools_dir])

# `REQUIRES: cuda-gpu`: tests that run on a real NVIDIA GPU. The feature is
# there when `nvidia-smi -L` succeeds and lists a GPU; %cuda_arch is then the
# first GPU's --gpu-arch (sm_90 for compute capability 9.0). Without one
# scripts/test reports those tests as skipped, never as passed.
import re
import subprocess


def _nvidia_gpu_arch():
    """sm_NN of GPU 0, or None when there is no usable NVIDIA GPU."""
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True,
                                 text=True, timeout=20)
        if listing.returncode != 0 or not re.search(r"^GPU \d+:",
                                                    listing.stdout, re.M):
            return None
        cap = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap",
                              "--format=csv,noheader", "-i", "0"],
                             capture_output=True, text=True, timeout=20)
        m = re.match(r"\s*(\d+)\.(\d+)", cap.stdout)
        return "sm_%s%s" % m.groups() if cap.returncode == 0 and m else None
    except (OSError, subprocess.SubprocessError):
        return None


_cuda_arch = _nvidia_gpu_arch()
if _cuda_arch:
    config.available_features.add("cuda-gpu")
    config.substitutions.append(("%cuda_arch", _cuda_arch))
else:
    lit_config.note("no NVIDIA GPU: tests that REQUIRE cuda-gpu are skipped "
                    "(not passed)")
