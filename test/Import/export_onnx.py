#!/usr/bin/python3
"""Exports a seeded DenseNet to ONNX for densenetc's import tests.

Builds the model with test/e2e/torch_reference.py (--preset or --config,
seeded non-trivial weights and BN statistics), exports it with
torch.onnx.export and writes into --out-dir:

  model.onnx   the exported model (model.onnx.data too with --external-data)
  input.npy    float32 NCHW input, seeded standard normal
  ref.npy      float32 logits computed by PyTorch (in float64, like
               torch_reference.py)

Options shape the export the way real exporters vary: --opset, dynamic
batch or spatial axes, every BatchNormalization kept as a node (--keep-bn), weights in
an external data file (--external-data) or in typed float_data fields
(--typed-data).

Run with Debian's /usr/bin/python3 (it owns python3-torch and python3-onnx).
"""

import argparse
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import torch_reference  # noqa: E402


def load_model(args):
    """The seeded model (float32, eval mode) and its NCHW input shape."""
    if args.preset:
        cfg = dict(torch_reference.PRESETS[args.preset])
    else:
        cfg = torch_reference.load_config(args.config)
    shape = list(cfg["input_shape"])
    if args.batch is not None:
        shape[0] = args.batch
    if args.image_size is not None:
        shape[2:] = list(args.image_size)
    cfg["input_shape"] = shape
    model = torch_reference.init_weights(torch_reference.build_model(cfg),
                                         args.seed)
    return model, shape


def export(model, x, path, args):
    kwargs = dict(opset_version=args.opset, input_names=["input"],
                  output_names=["logits"])
    axes = {}
    if args.dynamic_batch:
        axes = {"input": {0: "batch_size"}, "logits": {0: "batch_size"}}
    if args.dynamic_size:
        axes.setdefault("input", {}).update({2: "height", 3: "width"})
    if axes:
        kwargs["dynamic_axes"] = axes
    if args.keep_bn:
        kwargs["training"] = torch.onnx.TrainingMode.PRESERVE
        kwargs["do_constant_folding"] = False
    torch.onnx.export(model, torch.from_numpy(x), path, **kwargs)


def rewrite_storage(path, args):
    """Moves initializers to typed fields or to an external data file."""
    model = onnx.load(path)
    if args.typed_data:
        for init in model.graph.initializer:
            values = onnx.numpy_helper.to_array(init)
            if values.dtype == np.float32:
                init.CopyFrom(onnx.helper.make_tensor(
                    init.name, onnx.TensorProto.FLOAT, values.shape,
                    values.flatten().tolist(), raw=False))
    if args.external_data:
        onnx.save_model(model, path, save_as_external_data=True,
                        all_tensors_to_one_file=True,
                        location=os.path.basename(path) + ".data")
    else:
        onnx.save_model(model, path)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--preset", choices=sorted(torch_reference.PRESETS))
    src.add_argument("--config", metavar="FILE.json")
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--image-size", type=torch_reference.parse_hw,
                    default=None, metavar="H[xW]")
    ap.add_argument("--seed", type=int, default=0,
                    help="weight seed; the input uses seed+1 (default 0)")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--dynamic-batch", action="store_true",
                    help="export the batch axis as 'batch_size'")
    ap.add_argument("--dynamic-size", action="store_true",
                    help="export the spatial axes as 'height' and 'width'")
    ap.add_argument("--keep-bn", action="store_true",
                    help="keep every BatchNormalization as a node "
                         "(TrainingMode.PRESERVE, no constant folding)")
    ap.add_argument("--external-data", action="store_true",
                    help="store weights in model.onnx.data")
    ap.add_argument("--typed-data", action="store_true",
                    help="store weights in float_data instead of raw_data")
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args(argv)

    torch.set_num_threads(2)
    model, shape = load_model(args)
    x = np.random.default_rng(args.seed + 1).standard_normal(
        shape, dtype=np.float32)
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "model.onnx")
    export(model, x, path, args)
    if args.typed_data or args.external_data:
        rewrite_storage(path, args)
    with torch.no_grad():
        ref = model.to(torch.float64)(torch.from_numpy(x).to(torch.float64))
    np.save(os.path.join(args.out_dir, "input.npy"), x)
    np.save(os.path.join(args.out_dir, "ref.npy"),
            np.ascontiguousarray(ref.to(torch.float32).numpy()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
