#!/usr/bin/python3
"""PyTorch reference for densenetc end-to-end tests.

Builds a DenseNet (torchvision preset, CIFAR DenseNet-BC-100-k12, or a custom
JSON architecture) with seeded random weights and non-trivial BatchNorm
statistics, and writes into --out-dir:

  weights.safetensors  every state_dict tensor except num_batches_tracked,
                       float32, torchvision key names
  input.npy            float32 NCHW input, seeded standard normal
  ref.npy              float32 logits [N, num_classes] computed by PyTorch

Run with Debian's /usr/bin/python3 (it owns python3-torch/torchvision).
"""

import argparse
import collections
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# --------------------------------------------------------------------------
# Architectures
# --------------------------------------------------------------------------

# name -> config dict in the JSON schema used by --config.
PRESETS = {
    "densenet121": dict(growth_rate=32, block_config=[6, 12, 24, 16],
                        num_init_features=64),
    "densenet169": dict(growth_rate=32, block_config=[6, 12, 32, 32],
                        num_init_features=64),
    "densenet201": dict(growth_rate=32, block_config=[6, 12, 48, 32],
                        num_init_features=64),
    "densenet161": dict(growth_rate=48, block_config=[6, 12, 36, 24],
                        num_init_features=96),
    "densenet-bc-100-k12": dict(growth_rate=12, block_config=[16, 16, 16],
                                num_init_features=24, stem="cifar",
                                num_classes=10, input_shape=[1, 3, 32, 32]),
}
for _name, _cfg in PRESETS.items():
    _cfg.setdefault("name", _name)
    _cfg.setdefault("bn_size", 4)
    _cfg.setdefault("compression", 0.5)
    _cfg.setdefault("stem", "imagenet")
    _cfg.setdefault("num_classes", 1000)
    _cfg.setdefault("input_shape", [1, 3, 224, 224])

TORCHVISION_PRESETS = ("densenet121", "densenet169", "densenet201",
                       "densenet161")

REQUIRED_KEYS = ("growth_rate", "block_config", "num_init_features",
                 "compression", "stem", "num_classes")


def load_config(path):
    with open(path) as f:
        cfg = json.load(f)
    if not isinstance(cfg, dict):
        raise SystemExit(f"{path}: top level must be a JSON object")
    missing = [k for k in REQUIRED_KEYS if k not in cfg]
    if missing:
        raise SystemExit(f"{path}: missing required key(s): {missing}")
    known = set(REQUIRED_KEYS) | {"name", "bn_size", "input_shape"}
    unknown = sorted(set(cfg) - known)
    if unknown:
        raise SystemExit(f"{path}: unknown key(s): {unknown}")
    cfg.setdefault("name", os.path.splitext(os.path.basename(path))[0])
    cfg.setdefault("bn_size", 4)
    cfg.setdefault("input_shape", [1, 3, 224, 224])
    validate_config(cfg, path)
    return cfg


def validate_config(cfg, where):
    def bad(msg):
        raise SystemExit(f"{where}: {msg}")

    def pos_int(k, allow_zero=False):
        v = cfg[k]
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or (
                v == 0 and not allow_zero):
            bad(f"'{k}' must be a {'non-negative' if allow_zero else 'positive'}"
                f" integer, got {v!r}")

    pos_int("growth_rate")
    pos_int("num_init_features")
    pos_int("bn_size", allow_zero=True)
    pos_int("num_classes")
    bc = cfg["block_config"]
    if (not isinstance(bc, list) or not bc or
            not all(isinstance(x, int) and x > 0 for x in bc)):
        bad(f"'block_config' must be a non-empty list of positive ints, got {bc!r}")
    c = cfg["compression"]
    if not isinstance(c, (int, float)) or not (0.0 < c <= 1.0):
        bad(f"'compression' must be in (0, 1], got {c!r}")
    if cfg["stem"] not in ("imagenet", "cifar"):
        bad(f"'stem' must be 'imagenet' or 'cifar', got {cfg['stem']!r}")
    shp = cfg["input_shape"]
    if (not isinstance(shp, list) or len(shp) != 4 or
            not all(isinstance(x, int) and x > 0 for x in shp)):
        bad(f"'input_shape' must be [N, C, H, W] positive ints, got {shp!r}")


class DenseLayer(nn.Module):
    """Bottleneck (bn_size > 0) or plain (bn_size == 0) dense layer."""

    def __init__(self, in_ch, growth_rate, bn_size):
        super().__init__()
        self.bottleneck = bn_size > 0
        self.norm1 = nn.BatchNorm2d(in_ch)
        self.relu1 = nn.ReLU(inplace=True)
        if self.bottleneck:
            mid = bn_size * growth_rate
            self.conv1 = nn.Conv2d(in_ch, mid, kernel_size=1, stride=1,
                                   bias=False)
            self.norm2 = nn.BatchNorm2d(mid)
            self.relu2 = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(mid, growth_rate, kernel_size=3, stride=1,
                                   padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(in_ch, growth_rate, kernel_size=3,
                                   stride=1, padding=1, bias=False)

    def forward(self, x):
        y = self.conv1(self.relu1(self.norm1(x)))
        if self.bottleneck:
            y = self.conv2(self.relu2(self.norm2(y)))
        return y


class DenseBlock(nn.ModuleDict):
    def __init__(self, num_layers, in_ch, growth_rate, bn_size):
        super().__init__()
        for i in range(num_layers):
            self.add_module("denselayer%d" % (i + 1),
                            DenseLayer(in_ch + i * growth_rate, growth_rate,
                                       bn_size))

    def forward(self, x):
        feats = [x]
        for layer in self.values():
            feats.append(layer(torch.cat(feats, 1)))
        return torch.cat(feats, 1)


class Transition(nn.Sequential):
    def __init__(self, in_ch, out_ch):
        super().__init__()
        self.norm = nn.BatchNorm2d(in_ch)
        self.relu = nn.ReLU(inplace=True)
        self.conv = nn.Conv2d(in_ch, out_ch, kernel_size=1, stride=1,
                              bias=False)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)


class DenseNet(nn.Module):
    """Mirrors torchvision.models.DenseNet (structure and state_dict keys),
    generalised to a CIFAR stem, plain layers, any compression and any
    number of input channels."""

    def __init__(self, cfg):
        super().__init__()
        k = cfg["growth_rate"]
        in_ch = cfg["input_shape"][1]
        c0 = cfg["num_init_features"]
        feats = collections.OrderedDict()
        if cfg["stem"] == "imagenet":
            feats["conv0"] = nn.Conv2d(in_ch, c0, kernel_size=7, stride=2,
                                       padding=3, bias=False)
            feats["norm0"] = nn.BatchNorm2d(c0)
            feats["relu0"] = nn.ReLU(inplace=True)
            feats["pool0"] = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        else:
            feats["conv0"] = nn.Conv2d(in_ch, c0, kernel_size=3, stride=1,
                                       padding=1, bias=False)
        self.features = nn.Sequential(feats)
        c = c0
        nblocks = len(cfg["block_config"])
        for i, n in enumerate(cfg["block_config"]):
            self.features.add_module("denseblock%d" % (i + 1),
                                     DenseBlock(n, c, k, cfg["bn_size"]))
            c += n * k
            if i != nblocks - 1:
                out = int(math.floor(cfg["compression"] * c))
                if out < 1:
                    raise SystemExit(
                        f"transition{i + 1} would have {out} channels")
                self.features.add_module("transition%d" % (i + 1),
                                         Transition(c, out))
                c = out
        self.features.add_module("norm5", nn.BatchNorm2d(c))
        self.classifier = nn.Linear(c, cfg["num_classes"])

    def forward(self, x):
        out = F.relu(self.features(x), inplace=True)
        out = F.adaptive_avg_pool2d(out, (1, 1))
        out = torch.flatten(out, 1)
        return self.classifier(out)


def build_model(cfg, use_torchvision=True):
    """torchvision's own model for the ImageNet presets (3 input channels),
    otherwise the self-written mirror."""
    name = cfg.get("name")
    if use_torchvision and name in TORCHVISION_PRESETS and \
            cfg["input_shape"][1] == 3 and all(
                cfg[k] == v for k, v in PRESETS[name].items()
                if k != "input_shape"):
        import torchvision
        return getattr(torchvision.models, cfg["name"])(weights=None)
    return DenseNet(cfg)


# --------------------------------------------------------------------------
# Seeded initialisation
# --------------------------------------------------------------------------

def init_weights(model, seed):
    """Deterministic, module-order based init (identical for torchvision's
    model and our mirror since both register modules in the same order)."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in",
                                        nonlinearity="relu")
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
            elif isinstance(m, nn.Linear):
                m.weight.normal_(0.0, 1.0 / math.sqrt(m.in_features))
                m.bias.uniform_(-0.1, 0.1)
    model.eval()
    return model


def _portable_uniform(seed, stream, shape, lo, hi):
    """float32 uniform in [lo, hi) from splitmix64 of (seed, stream, index),
    in numpy integer arithmetic: bit-identical on every machine and every
    numpy/PyTorch version, unlike torch's RNG."""
    def mix(z):  # splitmix64's finaliser, wrapping uint64 arithmetic
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))

    n = int(np.prod(shape, dtype=np.int64))
    with np.errstate(over="ignore"):
        key = mix(np.array([(seed << 32) + stream], dtype=np.uint64))
        z = mix(np.arange(1, n + 1, dtype=np.uint64) *
                np.uint64(0x9E3779B97F4A7C15) + key)
    u = (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)
    lo, hi = np.float32(lo), np.float32(hi)
    return (lo + (hi - lo) * u).astype(np.float32).reshape(shape)


def init_weights_portable(model, seed):
    """Like init_weights (same scales: He for convolutions, the same
    BatchNorm statistics ranges, 1/sqrt(fan_in) for the classifier), but
    uniform and from _portable_uniform, so that another machine with another
    PyTorch rebuilds exactly the same tensors from the seed
    (benchmarks/gpu/compare does, instead of carrying the weights)."""
    stream = 0

    def fill(t, lo, hi):
        nonlocal stream
        stream += 1
        t.copy_(torch.from_numpy(_portable_uniform(seed, stream, tuple(t.shape),
                                                   lo, hi)))

    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                fan_in = m.weight[0].numel()
                bound = math.sqrt(6.0 / fan_in)  # std sqrt(2 / fan_in)
                fill(m.weight, -bound, bound)
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                fill(m.weight, 0.5, 1.5)
                fill(m.bias, -0.2, 0.2)
                fill(m.running_mean, -0.2, 0.2)
                fill(m.running_var, 0.5, 2.0)
            elif isinstance(m, nn.Linear):
                bound = math.sqrt(3.0 / m.in_features)  # std 1/sqrt(fan_in)
                fill(m.weight, -bound, bound)
                fill(m.bias, -0.1, 0.1)
    model.eval()
    return model


INITS = {"torch": init_weights, "portable": init_weights_portable}


def tensors_sha256(tensors):
    """sha256 over the names, shapes and float32 bytes of exported tensors
    (export_tensors or read_safetensors order)."""
    import hashlib
    h = hashlib.sha256()
    for name, a in tensors.items():
        h.update(f"{name}:{list(a.shape)};".encode())
        h.update(np.ascontiguousarray(a, dtype="<f4").tobytes())
    return h.hexdigest()


# --------------------------------------------------------------------------
# safetensors (written by hand; there is no safetensors package here)
# --------------------------------------------------------------------------

def export_tensors(model):
    """state_dict minus num_batches_tracked, as contiguous float32 numpy."""
    out = collections.OrderedDict()
    for name, t in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        out[name] = np.ascontiguousarray(
            t.detach().cpu().to(torch.float32).numpy())
    return out


def write_safetensors(path, tensors, metadata=None):
    header = collections.OrderedDict()
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name, a in tensors.items():
        assert a.dtype == np.float32
        nbytes = a.size * 4
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((-len(hbytes)) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for a in tensors.values():
            f.write(a.astype("<f4", copy=False).tobytes(order="C"))
    os.replace(tmp, path)


def read_safetensors(path):
    """Returns (OrderedDict name -> np.ndarray, metadata). Strict checks."""
    with open(path, "rb") as f:
        raw = f.read()
    (hlen,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + hlen].decode("utf-8"),
                        object_pairs_hook=collections.OrderedDict)
    data = raw[8 + hlen:]
    meta = header.pop("__metadata__", {})
    out = collections.OrderedDict()
    end_max = 0
    for name, info in header.items():
        assert info["dtype"] == "F32", (name, info["dtype"])
        b, e = info["data_offsets"]
        n = int(np.prod(info["shape"], dtype=np.int64))
        assert e - b == 4 * n, (name, b, e, info["shape"])
        out[name] = np.frombuffer(data[b:e], dtype="<f4").reshape(
            info["shape"])
        end_max = max(end_max, e)
    assert end_max == len(data), (end_max, len(data))
    return out, meta


# --------------------------------------------------------------------------
# Self check: our builder vs torchvision
# --------------------------------------------------------------------------

def self_check(name="densenet121", size=64):
    import torchvision
    cfg = dict(PRESETS[name])
    tv = init_weights(getattr(torchvision.models, name)(weights=None), 0)
    ours = init_weights(DenseNet(cfg), 0)
    sd_tv, sd_ours = tv.state_dict(), ours.state_dict()
    assert list(sd_tv.keys()) == list(sd_ours.keys()), "key names/order differ"
    for k in sd_tv:
        assert sd_tv[k].shape == sd_ours[k].shape, (k, sd_tv[k].shape,
                                                    sd_ours[k].shape)
        assert torch.equal(sd_tv[k], sd_ours[k]), f"seeded init differs: {k}"
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        d = (tv(x) - ours(x)).abs().max().item()
    assert d == 0.0, f"outputs differ by {d}"
    print(f"self-check {name}: {len(sd_tv)} state_dict entries, keys/shapes/"
          f"init/outputs identical to torchvision")


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

def reference_device(name):
    """torch.device for --device; a GPU computes in strict float32 (no TF32),
    as benchmarks/gpu/compare does."""
    device = torch.device(name)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit(f"--device {name}: PyTorch {torch.__version__} "
                             f"sees no CUDA GPU")
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    elif device.type != "cpu":
        raise SystemExit(f"--device {name}: want cpu or cuda[:N]")
    return device


def parse_hw(s):
    try:
        if "x" in s.lower():
            h, w = s.lower().split("x")
            h, w = int(h), int(w)
        else:
            h = w = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad --image-size {s!r} (want H or HxW)")
    if h <= 0 or w <= 0:
        raise argparse.ArgumentTypeError(f"bad --image-size {s!r}")
    return h, w


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--preset", choices=sorted(PRESETS))
    src.add_argument("--config", metavar="FILE.json")
    src.add_argument("--self-check", action="store_true",
                     help="verify the builder against torchvision and exit")
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--image-size", type=parse_hw, default=None,
                    metavar="H[xW]")
    ap.add_argument("--seed", type=int, default=0,
                    help="weight seed; the input uses seed+1 (default 0)")
    ap.add_argument("--init", choices=sorted(INITS), default="torch",
                    help="torch: normal/uniform from torch's RNG (default); "
                         "portable: uniform from a counter-based hash, "
                         "identical under any PyTorch version")
    ap.add_argument("--out-dir", metavar="DIR")
    ap.add_argument("--perturb", metavar="TENSOR",
                    help="after computing ref.npy, add 0.5 to every element "
                         "of this tensor before writing weights.safetensors")
    ap.add_argument("--ref-dtype", choices=("float32", "float64"),
                    default="float64",
                    help="precision PyTorch computes ref.npy in, from the "
                         "float32 weights/input (default float64, so the "
                         "reference carries no float32 rounding noise)")
    ap.add_argument("--device", default="cpu", metavar="cpu|cuda[:N]",
                    help="where PyTorch computes ref.npy (default cpu); on a "
                         "GPU TF32 is disabled, so float32 stays float32")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    if args.self_check:
        for name in TORCHVISION_PRESETS:
            self_check(name)
        return 0
    if not args.out_dir:
        ap.error("--out-dir is required")

    t0 = time.time()
    cfg = dict(PRESETS[args.preset]) if args.preset else load_config(args.config)
    cfg["input_shape"] = list(cfg["input_shape"])
    if args.batch is not None:
        if args.batch <= 0:
            ap.error("--batch must be positive")
        cfg["input_shape"][0] = args.batch
    if args.image_size is not None:
        cfg["input_shape"][2:] = list(args.image_size)
    n, c, h, w = cfg["input_shape"]

    model = INITS[args.init](build_model(cfg), args.seed)
    tensors = export_tensors(model)
    rng = np.random.default_rng(args.seed + 1)
    x = rng.standard_normal((n, c, h, w), dtype=np.float32)

    dt = torch.float64 if args.ref_dtype == "float64" else torch.float32
    device = reference_device(args.device)
    with torch.no_grad():
        m = model.to(device=device, dtype=dt)
        try:
            ref = m(torch.from_numpy(x).to(device=device, dtype=dt))
        except RuntimeError as e:
            raise SystemExit(f"PyTorch forward failed for input {n}x{c}x{h}x{w}:"
                             f" {e}")
        ref = ref.to(torch.float32).cpu().numpy()
    if not np.all(np.isfinite(ref)):
        raise SystemExit("reference output is not finite")

    if args.perturb:
        if args.perturb not in tensors:
            raise SystemExit(f"--perturb: no tensor named {args.perturb!r}")
        tensors[args.perturb] = (tensors[args.perturb] +
                                 np.float32(0.5)).astype(np.float32)

    os.makedirs(args.out_dir, exist_ok=True)
    meta = {"format": "pt", "generator": "test/e2e/torch_reference.py",
            "config": json.dumps(cfg, sort_keys=True), "seed": args.seed}
    if args.init != "torch":
        meta["init"] = args.init
    if args.perturb:
        meta["perturbed"] = args.perturb
    write_safetensors(os.path.join(args.out_dir, "weights.safetensors"),
                      tensors, meta)
    np.save(os.path.join(args.out_dir, "input.npy"), x)
    np.save(os.path.join(args.out_dir, "ref.npy"),
            np.ascontiguousarray(ref, dtype=np.float32))
    if args.verbose:
        print(f"{cfg['name']}: input {n}x{c}x{h}x{w}, {len(tensors)} tensors, "
              f"{sum(a.size for a in tensors.values())} params, ref "
              f"{list(ref.shape)} max|ref|={np.abs(ref).max():.4g}, "
              f"{time.time() - t0:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
