"""machine_info: the description of this machine that every benchmark
result names (CPU model, family and model, AVX-512, CPUs, RAM, kernel),
from /proc; shared by benchmarks/compare and benchmarks/ab."""

import os
import platform


def cpuinfo():
    """The first processor's fields of /proc/cpuinfo ({} where unreadable)."""
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" in line:
                    k, v = (s.strip() for s in line.split(":", 1))
                    info.setdefault(k, v)
                elif info:
                    break
    except OSError:
        pass
    return info


def machine():
    """One line: CPU model (family, model), AVX-512, CPUs, RAM, kernel."""
    ci = cpuinfo()
    model = ci.get("model name", "unknown CPU")
    fam = (f" (family {ci['cpu family']}, model {ci.get('model', '?')})"
           if "cpu family" in ci else "")
    avx = " AVX-512," if "avx512f" in ci.get("flags", "").split() else ""
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f", {kib / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    usable = len(os.sched_getaffinity(0))
    return (f"{model}{fam},{avx} {os.cpu_count()} logical CPUs ({usable} "
            f"usable){mem}, Linux {platform.release()}")
