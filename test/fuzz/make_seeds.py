#!/usr/bin/python3
"""make_seeds.py: regenerates the committed seed corpora in corpus/<target>/.

  npy          float32 arrays of the npy fuzzer's shape (2, 3, 4, 5) in .npy
               format versions 1.0, 2.0 and 3.0, and near misses (float64,
               Fortran order, another shape, truncated, trailing bytes)
  image        PNG, JPEG, BMP, PPM and PGM files (write_image_seeds.c, with
               Debian's stb_image_write) and truncated ones
  json         the architectures of test/, torchvision's four presets and
               DenseNet-BC-100 written as JSON, and near misses
  safetensors  the weights of tiny.json (the safetensors fuzzer's fixed
               architecture; test/e2e/torch_reference.py) and variants
  onnx         tiny.json exported by test/Import/export_onnx.py at opsets 11
               and 17, with BatchNormalization kept, with a dynamic batch

Run with Debian's /usr/bin/python3 (torch, onnx, numpy); `cc` builds
write_image_seeds.c. The corpora are small (a few KiB per file) so that CI's
smoke runs start fast.
"""

import collections
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import numpy.lib.format as fmt

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "densenetc", "Inputs"))
import edit_safetensors  # noqa: E402  (safetensors reading and writing)

HERE = os.path.dirname(os.path.abspath(__file__))
TEST = os.path.dirname(HERE)
TINY = os.path.join(TEST, "densenetc", "Inputs", "tiny.json")
NPY_SHAPE = (2, 3, 4, 5)


def corpus(target):
    path = os.path.join(HERE, "corpus", target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return lambda name: os.path.join(path, name)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def npy_bytes(array, version):
    buf = io.BytesIO()
    fmt.write_array(buf, array, version=version)
    return buf.getvalue()


def npy_seeds():
    out = corpus("npy")
    good = np.random.default_rng(0).standard_normal(NPY_SHAPE).astype("<f4")
    for version in [(1, 0), (2, 0), (3, 0)]:
        write(out("v%d.npy" % version[0]), npy_bytes(good, version))
    write(out("float64.npy"), npy_bytes(good.astype("<f8"), (1, 0)))
    write(out("fortran.npy"), npy_bytes(np.asfortranarray(good), (1, 0)))
    write(out("shape.npy"), npy_bytes(good.reshape(2, 3, 20), (1, 0)))
    write(out("truncated.npy"), npy_bytes(good, (1, 0))[:-7])
    write(out("trailing.npy"), npy_bytes(good, (1, 0)) + b"\0")


def image_seeds():
    out = corpus("image")
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "write_image_seeds")
        subprocess.run(["cc", "-O1", "-o", exe,
                        os.path.join(HERE, "write_image_seeds.c"), "-lm"],
                       check=True)
        subprocess.run([exe, os.path.dirname(out("x"))], check=True)
    for name in ["rgb.png", "rgb.jpg", "rgb.bmp"]:
        with open(out(name), "rb") as f:
            data = f.read()
        write(out("truncated-" + name), data[:len(data) * 2 // 3])


def json_seeds():
    out = corpus("json")
    inputs = [TINY,
              os.path.join(TEST, "Import", "Inputs", "bottleneck.json"),
              os.path.join(TEST, "Import", "Inputs", "plain_cifar.json"),
              os.path.join(TEST, "e2e", "Inputs", "custom_k20.json")]
    for path in inputs:
        shutil.copy(path, out(os.path.basename(path)))
    presets = {
        "densenet121": (32, [6, 12, 24, 16], 64),
        "densenet161": (48, [6, 12, 36, 24], 96),
        "densenet169": (32, [6, 12, 32, 32], 64),
        "densenet201": (32, [6, 12, 48, 32], 64),
    }
    for name, (k, blocks, init) in presets.items():
        cfg = collections.OrderedDict(
            name=name, growth_rate=k, block_config=blocks,
            num_init_features=init, bn_size=4, compression=0.5,
            stem="imagenet", num_classes=1000, input_shape=[1, 3, 224, 224])
        write(out(name + ".json"), json.dumps(cfg, indent=1).encode())
    bc = collections.OrderedDict(
        name="densenet-bc-100-k12", growth_rate=12, block_config=[16, 16, 16],
        num_init_features=24, bn_size=4, compression=0.5, stem="cifar",
        num_classes=10, input_shape=[1, 3, 32, 32])
    write(out("densenet-bc-100.json"), json.dumps(bc).encode())
    with open(TINY) as f:
        tiny = json.load(f)
    write(out("minimal.json"), json.dumps(
        {k: tiny[k] for k in ["growth_rate", "block_config",
                              "num_init_features", "num_classes"]}).encode())
    write(out("bad-type.json"), json.dumps(
        dict(tiny, growth_rate="4", compression=2)).encode())
    write(out("too-small.json"), json.dumps(
        dict(tiny, input_shape=[1, 3, 2, 2], block_config=[1, 1, 1, 1, 1])
    ).encode())


def safetensors_seeds():
    out = corpus("safetensors")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable,
                        os.path.join(TEST, "e2e", "torch_reference.py"),
                        "--config", TINY, "--out-dir", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        tensors, _ = edit_safetensors.read(
            os.path.join(tmp, "weights.safetensors"))
    edit_safetensors.write(out("tiny.safetensors"), tensors, None)
    edit_safetensors.write(out("metadata.safetensors"), tensors,
                           {"format": "pt"})
    first = next(iter(tensors))
    dtype, shape, raw = tensors[first]
    f16 = collections.OrderedDict(tensors)
    f16[first] = ["F16", shape,
                  np.frombuffer(raw, "<f4").astype("<f2").tobytes()]
    edit_safetensors.write(out("f16.safetensors"), f16, None)
    extra = collections.OrderedDict(tensors)
    extra["features.norm0.num_batches_tracked"] = ["I64", [], b"\0" * 8]
    edit_safetensors.write(out("batches-tracked.safetensors"), extra, None)
    edit_safetensors.write(out("short.safetensors"), tensors, None,
                           short=first)
    with open(out("tiny.safetensors"), "rb") as f:
        write(out("truncated.safetensors"), f.read()[:-100])


def onnx_seeds():
    out = corpus("onnx")
    variants = {"opset13": [], "opset11": ["--opset", "11"],
                "opset17": ["--opset", "17"], "keep-bn": ["--keep-bn"],
                "dynamic-batch": ["--dynamic-batch"],
                "typed-data": ["--typed-data"]}
    for name, args in variants.items():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable,
                            os.path.join(TEST, "Import", "export_onnx.py"),
                            "--config", TINY, "--out-dir", tmp] + args,
                           check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            shutil.copy(os.path.join(tmp, "model.onnx"),
                        out(name + ".onnx"))


def main():
    npy_seeds()
    image_seeds()
    json_seeds()
    safetensors_seeds()
    onnx_seeds()


if __name__ == "__main__":
    main()
