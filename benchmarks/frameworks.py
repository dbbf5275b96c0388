"""Worker processes for benchmarks/compare: PyTorch, ONNX Runtime, OpenVINO,
IREE, the output check and the chart.

Each subcommand runs in its own process and prints one JSON object on its last
stdout line. benchmarks/compare starts them; they are not meant to be pleasant
to run by hand, but they can be:

  /usr/bin/python3 benchmarks/frameworks.py export  --model densenet121 \
      --weights W/weights.safetensors --onnx W/m.onnx --pt W/m.pt
  /usr/bin/python3 benchmarks/frameworks.py torch-time --model densenet121 \
      --pt W/m.pt --input W/input.npy --threads 1 --iters 10 --output W/torch.npy
  /usr/bin/python3 benchmarks/frameworks.py torch-rss  --model densenet121 \
      --pt W/m.pt --input W/input.npy --threads 1
  .venv-bench/bin/python benchmarks/frameworks.py ort-time --onnx W/m.onnx \
      --input W/input.npy --threads 1 --iters 30 --output W/ort.npy
  .venv-bench/bin/python benchmarks/frameworks.py ort-rss  --onnx W/m.onnx \
      --input W/input.npy --threads 1
  .venv-bench/bin/python benchmarks/frameworks.py ov-time --onnx W/m.onnx \
      --input W/input.npy --threads 1 --iters 30 --output W/ov.npy
  .venv-iree/bin/python benchmarks/frameworks.py iree-prep --onnx W/m.onnx \
      --out W/m-opset17.onnx      # then iree-import-onnx, iree-compile
  .venv-iree/bin/python benchmarks/frameworks.py iree-time --vmfb W/m.vmfb \
      --input W/input.npy --threads 1 --iters 10 --output W/iree.npy
  .venv-bench/bin/python benchmarks/frameworks.py chart --json W/chart.json \
      --png OUT.png
  /usr/bin/python3 benchmarks/frameworks.py check --ref W/ref.npy \
      --tol 1e-4 --pairwise-base densenetc ours=W/ours.npy ort=W/ort.npy ...

PyTorch (Debian python3-torch 1.13) and onnx run under /usr/bin/python3;
ONNX Runtime, OpenVINO and matplotlib (PyPI) run in .venv-bench, IREE and
its current onnx (PyPI) in .venv-iree, both made by scripts/setup-bench. The *-rss
subcommands import only what their framework needs, load the model, run it
(3 warm-up runs + 1) and report getrusage(RUSAGE_SELF).ru_maxrss, both right
after the imports and at the end.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WARMUP = 3


def maxrss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(obj):
    print(json.dumps(obj), flush=True)


def summarize(times_ms, cpu_ms):
    """Wall-clock and process CPU time (all threads) per timed run."""
    return {"median_ms": statistics.median(times_ms), "min_ms": min(times_ms),
            "max_ms": max(times_ms), "runs": len(times_ms),
            "times_ms": times_ms, "cpu_ms": cpu_ms}


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------

def torch_model(name, pt_path):
    import torch
    import torchvision
    model = getattr(torchvision.models, name)(weights=None)
    state = torch.load(pt_path)
    model.load_state_dict(state, strict=True)
    del state
    model.eval()
    return model


def count_macs(model, x):
    """Multiply-accumulates of all Conv2d and Linear layers for input x."""
    import torch
    total = [0]

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        total[0] += out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inp, out):
        total[0] += out.numel() * m.in_features

    hooks = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, torch.nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return total[0]


def cmd_export(a):
    """torchvision model + the safetensors weights densenetc compiles ->
    a .pt state_dict and an ONNX file (opset 13)."""
    import numpy as np
    import torch
    import torchvision
    sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
    from torch_reference import read_safetensors

    torch.set_num_threads(max(1, a.threads))
    tensors, _ = read_safetensors(a.weights)
    model = getattr(torchvision.models, a.model)(weights=None)
    sd = model.state_dict()
    extra = sorted(set(tensors) - set(sd))
    missing = sorted(k for k in set(sd) - set(tensors)
                     if not k.endswith("num_batches_tracked"))
    if extra or missing:
        raise SystemExit(f"export: {a.weights} does not fit torchvision "
                         f"{a.model}: extra {extra[:5]} missing {missing[:5]}")
    for k, v in tensors.items():
        if tuple(sd[k].shape) != tuple(v.shape):
            raise SystemExit(f"export: {k}: shape {v.shape} != {sd[k].shape}")
        sd[k] = torch.from_numpy(np.array(v, dtype=np.float32))
    model.load_state_dict(sd, strict=True)
    model.eval()
    torch.save(model.state_dict(), a.pt)

    x_np = np.load(a.input)
    if a.raw_input:  # the same input, raw float32, for densenet_bench
        np.ascontiguousarray(x_np, dtype="<f4").tofile(a.raw_input)
    x = torch.from_numpy(x_np)
    macs = count_macs(model, x)
    with torch.no_grad():
        torch.onnx.export(model, x, a.onnx, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True)
    if a.ref_out:  # float64 reference of these weights on this input
        import copy
        with torch.no_grad():
            ref = copy.deepcopy(model).double()(x.double())
        np.save(a.ref_out, ref.numpy().astype(np.float32))
    import onnx
    m = onnx.load(a.onnx)
    onnx.checker.check_model(m)
    emit({"macs": macs, "onnx_bytes": os.path.getsize(a.onnx), "opset": 13,
          "onnx_nodes": len(m.graph.node), "torch": torch.__version__,
          "torchvision": torchvision.__version__, "onnx": onnx.__version__})


def cmd_torch_time(a):
    import numpy as np
    import torch
    torch.set_num_threads(a.threads)
    model = torch_model(a.model, a.pt)
    x = torch.from_numpy(np.load(a.input))
    times, cpu = [], []
    with torch.no_grad():
        for _ in range(a.warmup):
            y = model(x)
        for _ in range(a.iters):
            c0, t0 = time.process_time_ns(), time.perf_counter_ns()
            y = model(x)
            times.append((time.perf_counter_ns() - t0) / 1e6)
            cpu.append((time.process_time_ns() - c0) / 1e6)
    if a.output:
        np.save(a.output, y.numpy().astype(np.float32))
    r = summarize(times, cpu)
    r.update(torch=torch.__version__, threads=torch.get_num_threads(),
             warmup=a.warmup)
    emit(r)


def cmd_torch_rss(a):
    import numpy as np
    import torch
    import torchvision  # noqa: F401  (part of what loading the model costs)
    after_import = maxrss_mib()
    torch.set_num_threads(a.threads)
    model = torch_model(a.model, a.pt)
    x = torch.from_numpy(np.load(a.input))
    with torch.no_grad():
        for _ in range(WARMUP + 1):
            model(x)
    emit({"peak_rss_mib": maxrss_mib(), "after_import_mib": after_import})


# --------------------------------------------------------------------------
# ONNX Runtime
# --------------------------------------------------------------------------

def ort_session(path, threads):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, sess_options=so,
                                providers=["CPUExecutionProvider"])


def cmd_ort_time(a):
    import numpy as np
    import onnxruntime as ort
    sess = ort_session(a.onnx, a.threads)
    name = sess.get_inputs()[0].name
    x = np.load(a.input)
    times, cpu = [], []
    for _ in range(a.warmup):
        y = sess.run(None, {name: x})[0]
    for _ in range(a.iters):
        c0, t0 = time.process_time_ns(), time.perf_counter_ns()
        y = sess.run(None, {name: x})[0]
        times.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
    if a.output:
        np.save(a.output, np.ascontiguousarray(y, dtype=np.float32))
    r = summarize(times, cpu)
    r.update(onnxruntime=ort.__version__, providers=sess.get_providers(),
             warmup=a.warmup)
    emit(r)


def cmd_ort_rss(a):
    import numpy as np
    import onnxruntime  # noqa: F401
    after_import = maxrss_mib()
    sess = ort_session(a.onnx, a.threads)
    name = sess.get_inputs()[0].name
    x = np.load(a.input)
    for _ in range(WARMUP + 1):
        sess.run(None, {name: x})
    emit({"peak_rss_mib": maxrss_mib(), "after_import_mib": after_import})


# --------------------------------------------------------------------------
# OpenVINO (PyPI openvino, in the venv of scripts/setup-bench)
# --------------------------------------------------------------------------

def ov_compiled(path, threads):
    """The ONNX file compiled for OpenVINO's CPU plugin: float32 inference
    (no bf16 even on AMX/AVX512-BF16 CPUs), `threads` inference threads, one
    stream, latency hint."""
    import openvino as ov
    core = ov.Core()
    cfg = {"INFERENCE_PRECISION_HINT": "f32",
           "INFERENCE_NUM_THREADS": str(threads),
           "PERFORMANCE_HINT": "LATENCY",
           "NUM_STREAMS": "1"}
    compiled = core.compile_model(core.read_model(path), "CPU", cfg)
    got = {k: str(compiled.get_property(k)) for k in
           ("INFERENCE_PRECISION_HINT", "INFERENCE_NUM_THREADS",
            "NUM_STREAMS")}
    return ov, compiled, got


def cmd_ov_time(a):
    import numpy as np
    ov, compiled, props = ov_compiled(a.onnx, a.threads)
    req = compiled.create_infer_request()
    x = np.load(a.input)
    times, cpu = [], []

    def run():
        req.infer({0: x})
        return req.get_output_tensor(0).data

    for _ in range(a.warmup):
        y = run()
    for _ in range(a.iters):
        c0, t0 = time.process_time_ns(), time.perf_counter_ns()
        y = run()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
    if a.output:
        np.save(a.output, np.array(y, dtype=np.float32))
    r = summarize(times, cpu)
    r.update(openvino=ov.get_version(), properties=props, warmup=a.warmup)
    emit(r)


def cmd_ov_rss(a):
    import numpy as np
    import openvino  # noqa: F401
    after_import = maxrss_mib()
    _, compiled, _ = ov_compiled(a.onnx, a.threads)
    req = compiled.create_infer_request()
    x = np.load(a.input)
    for _ in range(WARMUP + 1):
        req.infer({0: x})
    emit({"peak_rss_mib": maxrss_mib(), "after_import_mib": after_import})


# --------------------------------------------------------------------------
# IREE (PyPI iree-base-compiler, iree-base-runtime and a current onnx, in
# the venv .venv-iree of scripts/setup-bench)
# --------------------------------------------------------------------------

def cmd_iree_prep(a):
    """The opset-13 export converted to opset 17 (IREE's ONNX importer
    rejects opset-13 BatchNormalization), checked; prints the path of the
    native iree-compile binary (not the Python shim, whose interpreter would
    count in the compile's peak RSS)."""
    import onnx
    from onnx import version_converter
    m = onnx.load(a.onnx)
    m = version_converter.convert_version(m, a.opset)
    onnx.checker.check_model(m)
    onnx.save(m, a.out)
    from iree.compiler.tools import binaries
    import iree.compiler
    emit({"onnx": onnx.__version__, "opset": a.opset,
          "iree_compile": binaries.find_tool("iree-compile"),
          "iree_compiler": getattr(iree.compiler, "__version__", None) or
          _dist_version("iree-base-compiler")})


def _dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:  # noqa: BLE001
        return "?"


def iree_function(vmfb, threads):
    """The compiled module's entry function on the local-task driver with
    `threads` worker threads (one topology group per thread)."""
    import iree.runtime as rt
    rt.flags.parse_flags(f"--task_topology_max_group_count={threads}")
    config = rt.Config("local-task")
    ctx = rt.SystemContext(config=config)
    module = rt.VmModule.mmap(config.vm_instance, vmfb)
    ctx.add_vm_module(module)
    names = [n for n in module.function_names
             if not n.startswith("__") and "$" not in n]
    if len(names) != 1:
        raise SystemExit(f"iree: expected one entry function in {vmfb}, "
                         f"got {module.function_names}")
    return ctx.modules[module.name][names[0]], names[0]


def cmd_iree_time(a):
    import numpy as np
    fn, entry = iree_function(a.vmfb, a.threads)
    x = np.load(a.input)
    times, cpu = [], []
    for _ in range(a.warmup):
        y = fn(x).to_host()
    for _ in range(a.iters):
        c0, t0 = time.process_time_ns(), time.perf_counter_ns()
        y = fn(x).to_host()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
    if a.output:
        np.save(a.output, np.array(y, dtype=np.float32))
    r = summarize(times, cpu)
    r.update(iree_runtime=_dist_version("iree-base-runtime"), entry=entry,
             warmup=a.warmup)
    emit(r)


def cmd_iree_rss(a):
    import numpy as np
    import iree.runtime  # noqa: F401
    after_import = maxrss_mib()
    fn, _ = iree_function(a.vmfb, a.threads)
    x = np.load(a.input)
    for _ in range(WARMUP + 1):
        fn(x).to_host()
    emit({"peak_rss_mib": maxrss_mib(), "after_import_mib": after_import})


# --------------------------------------------------------------------------
# Chart (matplotlib, in the venv of scripts/setup-bench)
# --------------------------------------------------------------------------

def cmd_chart(a):
    """A PNG of latency (ms per batch) and peak RSS per system and batch,
    from the JSON benchmarks/compare writes."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    with open(a.json) as f:
        d = json.load(f)
    systems = d["systems"]           # display names, in table order
    batches = d["batches"]
    lat = d["latency_ms"]            # {system: {batch: ms}}
    rss = d["peak_rss_mib"]          # {system: {batch: MiB}}
    fig, axes = plt.subplots(1, 2, figsize=(13, 0.55 * len(systems) + 2.6))
    height = 0.8 / max(1, len(batches))
    for ax, data, title, unit, log in (
            (axes[0], lat, "latency per batch (median)", "ms", True),
            (axes[1], rss, "peak RSS (one process)", "MiB", False)):
        for i, b in enumerate(batches):
            ys = [k - 0.4 + height * (i + 0.5) for k in range(len(systems))]
            vals = [data.get(s, {}).get(str(b)) for s in systems]
            bars = ax.barh(ys, [v or 0 for v in vals], height=height,
                           label=f"batch {b}")
            for bar, v in zip(bars, vals):
                if v:
                    ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                            f" {v:.0f}" if v >= 10 else f" {v:.1f}",
                            va="center", fontsize=7)
        for k, sname in enumerate(systems):
            if not any(data.get(sname, {}).values()):
                ax.text(0, k, "  not measured", va="center", fontsize=7,
                        color="gray",
                        transform=ax.get_yaxis_transform())
        ax.set_yticks(range(len(systems)))
        ax.set_yticklabels(systems if ax is axes[0] else [""] * len(systems),
                           fontsize=8)
        ax.invert_yaxis()
        top = max([v for d in data.values() for v in d.values() if v] or [1])
        if log:
            ax.set_xscale("log")
            ax.set_xlim(right=top * 2.5)
        else:
            ax.set_xlim(0, top * 1.15)
        ax.set_xlabel(unit + (" (log scale)" if log else ""))
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="upper right")
    fig.suptitle(d["title"], fontsize=10)
    fig.text(0.01, 0.005, d["footer"], fontsize=7, ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    fig.savefig(a.png, dpi=110)
    emit({"png": a.png, "matplotlib": matplotlib.__version__})


# --------------------------------------------------------------------------
# Output check
# --------------------------------------------------------------------------

def cmd_check(a):
    """Every output against the reference, and against --pairwise-base:
    max|x - y| / max|ref| <= tol."""
    import numpy as np
    ref = np.load(a.ref).astype(np.float64)
    scale = float(np.abs(ref).max())
    outs = {}
    for spec in a.outputs:
        label, path = spec.split("=", 1)
        if path.endswith(".npy"):
            arr = np.load(path)
        else:  # raw float32 from densenet_bench --dn_output
            arr = np.fromfile(path, dtype="<f4")
        if arr.size != ref.size:
            raise SystemExit(f"check: {label}: {arr.size} values, "
                             f"reference has {ref.size}")
        outs[label] = arr.reshape(ref.shape).astype(np.float64)

    def rel(x, y):
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return float("inf")
        return float(np.abs(x - y).max()) / scale

    rows = []
    for label, arr in outs.items():
        rows.append({"a": label, "b": "reference", "rel": rel(arr, ref)})
    base = a.pairwise_base
    if base in outs:
        for label, arr in outs.items():
            if label != base:
                rows.append({"a": base, "b": label,
                             "rel": rel(outs[base], arr)})
    for r in rows:
        r["ok"] = r["rel"] <= a.tol
    top = {label: int(np.argmax(arr.reshape(arr.shape[0], -1)[0]))
           for label, arr in outs.items()}
    emit({"max_abs_ref": scale, "tol": a.tol, "rows": rows,
          "ok": all(r["ok"] for r in rows), "argmax": top})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("export")
    p.add_argument("--model", required=True)
    p.add_argument("--weights", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--onnx", required=True)
    p.add_argument("--pt", required=True)
    p.add_argument("--raw-input", help="also write --input as raw float32")
    p.add_argument("--ref-out", help="also write PyTorch's output in float64 "
                   "(stored as float32, as torch_reference.py's ref.npy)")
    p.add_argument("--threads", type=int, default=2)
    p.set_defaults(fn=cmd_export)

    for name, fn in (("torch-time", cmd_torch_time),
                     ("torch-rss", cmd_torch_rss)):
        p = sub.add_parser(name)
        p.add_argument("--model", required=True)
        p.add_argument("--pt", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--threads", type=int, default=1)
        if name == "torch-time":
            p.add_argument("--iters", type=int, default=10)
            p.add_argument("--warmup", type=int, default=WARMUP)
            p.add_argument("--output")
        p.set_defaults(fn=fn)

    for name, fn in (("ort-time", cmd_ort_time), ("ort-rss", cmd_ort_rss)):
        p = sub.add_parser(name)
        p.add_argument("--onnx", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--threads", type=int, default=1)
        if name == "ort-time":
            p.add_argument("--iters", type=int, default=30)
            p.add_argument("--warmup", type=int, default=WARMUP)
            p.add_argument("--output")
        p.set_defaults(fn=fn)

    for name, fn in (("ov-time", cmd_ov_time), ("ov-rss", cmd_ov_rss)):
        p = sub.add_parser(name)
        p.add_argument("--onnx", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--threads", type=int, default=1)
        if name == "ov-time":
            p.add_argument("--iters", type=int, default=30)
            p.add_argument("--warmup", type=int, default=WARMUP)
            p.add_argument("--output")
        p.set_defaults(fn=fn)

    p = sub.add_parser("iree-prep")
    p.add_argument("--onnx", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=17)
    p.set_defaults(fn=cmd_iree_prep)

    for name, fn in (("iree-time", cmd_iree_time), ("iree-rss", cmd_iree_rss)):
        p = sub.add_parser(name)
        p.add_argument("--vmfb", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--threads", type=int, default=1)
        if name == "iree-time":
            p.add_argument("--iters", type=int, default=10)
            p.add_argument("--warmup", type=int, default=WARMUP)
            p.add_argument("--output")
        p.set_defaults(fn=fn)

    p = sub.add_parser("chart")
    p.add_argument("--json", required=True)
    p.add_argument("--png", required=True)
    p.set_defaults(fn=cmd_chart)

    p = sub.add_parser("check")
    p.add_argument("--ref", required=True)
    p.add_argument("--tol", type=float, default=1e-4)
    p.add_argument("--pairwise-base", default="densenetc")
    p.add_argument("outputs", nargs="+", metavar="LABEL=PATH")
    p.set_defaults(fn=cmd_check)

    a = ap.parse_args(argv)
    if getattr(a, "iters", 1) < 1:
        ap.error("--iters must be >= 1")
    a.fn(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
