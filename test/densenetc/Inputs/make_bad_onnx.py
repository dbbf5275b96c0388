#!/usr/bin/python3
"""make_bad_onnx.py OUTDIR: writes small ONNX models for the bad-input tests.

good.onnx is a plain Conv -> GlobalAveragePool -> Flatten -> Gemm network
(input 1x3x8x8, 5 logits) that passes every check before densenetc's
DenseNet matching, which it fails ("not a DenseNet"). Each other model has
exactly one defect:

  empty.onnx          zero bytes
  cycle.onnx          two nodes that consume each other's output
  negative-dim.onnx   an initializer with a dimension of -4
  huge-init-dims.onnx an initializer declared 2^40 x 2^40
  huge-dim.onnx       the input declared 1x3x2^40x2^40
  huge-init.onnx      an initializer declared 2^20 x 2^20 (4 TiB) that
                      holds 16 bytes
  short-init.onnx     the Conv weight with 4 bytes of raw data fewer than
                      its shape needs
  nan-weight.onnx     a NaN in the Conv weight
  inf-weight.onnx     an infinity in the Gemm bias
  unsupported.onnx    an LSTM node
  conv-channels.onnx  a Conv weight for 5 input channels on a 3-channel input
  two-outputs.onnx    a second graph output
  ext-outside/model.onnx   the Conv weight as external data at ../w.data
  ext-absolute/model.onnx  ... at /etc/passwd
  ext-missing/model.onnx   ... at w.data, which does not exist

Run with Debian's /usr/bin/python3 (python3-onnx, numpy); for
test/densenetc/bad-onnx.test.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def declared(name, dims):
    """A float initializer declared with `dims` that holds 16 bytes."""
    t = TensorProto()
    t.name, t.data_type = name, TensorProto.FLOAT
    t.dims.extend(dims)
    t.raw_data = bytes(16)
    return t


def good_parts():
    """Nodes, initializers, input and output of good.onnx."""
    rng = np.random.default_rng(0)
    inits = {
        "conv.weight": tensor("conv.weight", rng.standard_normal((4, 3, 3, 3))),
        "fc.weight": tensor("fc.weight", rng.standard_normal((5, 4))),
        "fc.bias": tensor("fc.bias", rng.standard_normal(5)),
    }
    nodes = [
        helper.make_node("Conv", ["input", "conv.weight"], ["c"], name="conv",
                         pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["c"], ["p"], name="pool"),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["logits"],
                         name="fc", transB=1),
    ]
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 5])
    return nodes, inits, [inp], [out]


def model(nodes, inits, inputs, outputs):
    graph = helper.make_graph(nodes, "bad", inputs, outputs,
                              initializer=list(inits.values()))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    return m


def save(m, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(m.SerializeToString())


def external(nodes, inits, inputs, outputs, location):
    """The model with conv.weight stored as external data at `location`."""
    w = inits["conv.weight"]
    w.data_location = TensorProto.EXTERNAL
    w.ClearField("raw_data")
    for key, value in (("location", location), ("offset", "0"),
                       ("length", str(4 * 3 * 3 * 3 * 4))):
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    return model(nodes, inits, inputs, outputs)


def main(out):
    os.makedirs(out, exist_ok=True)
    save(model(*good_parts()), f"{out}/good.onnx")
    open(f"{out}/empty.onnx", "wb").close()

    nodes, inits, inputs, outputs = good_parts()
    nodes[1] = helper.make_node("Add", ["c", "r"], ["s"], name="add")
    nodes.insert(2, helper.make_node("Relu", ["s"], ["r"], name="relu"))
    nodes.insert(3, helper.make_node("GlobalAveragePool", ["r"], ["p"],
                                     name="pool"))
    save(model(nodes, inits, inputs, outputs), f"{out}/cycle.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["fc.bias"] = declared("fc.bias", [-4])
    save(model(nodes, inits, inputs, outputs), f"{out}/negative-dim.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                            [1, 3, 2**40, 2**40])]
    save(model(nodes, inits, inputs, outputs), f"{out}/huge-dim.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["fc.weight"] = declared("fc.weight", [2**20, 2**20])
    save(model(nodes, inits, inputs, outputs), f"{out}/huge-init.onnx")
    inits["fc.weight"] = declared("fc.weight", [2**40, 2**40])
    save(model(nodes, inits, inputs, outputs), f"{out}/huge-init-dims.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["conv.weight"].raw_data = inits["conv.weight"].raw_data[:-4]
    save(model(nodes, inits, inputs, outputs), f"{out}/short-init.onnx")

    nodes, inits, inputs, outputs = good_parts()
    w = numpy_helper.to_array(inits["conv.weight"]).copy()
    w[1, 2, 0, 1] = np.nan
    inits["conv.weight"] = tensor("conv.weight", w)
    save(model(nodes, inits, inputs, outputs), f"{out}/nan-weight.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["fc.bias"] = tensor("fc.bias", [0, 0, np.inf, 0, 0])
    save(model(nodes, inits, inputs, outputs), f"{out}/inf-weight.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["lstm.w"] = tensor("lstm.w", np.zeros((1, 16, 4)))
    inits["lstm.r"] = tensor("lstm.r", np.zeros((1, 16, 4)))
    nodes.insert(3, helper.make_node("LSTM", ["f", "lstm.w", "lstm.r"],
                                     ["seq"], name="lstm", hidden_size=4))
    nodes[4].input[0] = "seq"
    save(model(nodes, inits, inputs, outputs), f"{out}/unsupported.onnx")

    nodes, inits, inputs, outputs = good_parts()
    inits["conv.weight"] = tensor("conv.weight", np.ones((4, 5, 3, 3)))
    save(model(nodes, inits, inputs, outputs), f"{out}/conv-channels.onnx")

    nodes, inits, inputs, outputs = good_parts()
    outputs.append(helper.make_tensor_value_info("p", TensorProto.FLOAT,
                                                 [1, 4, 1, 1]))
    save(model(nodes, inits, inputs, outputs), f"{out}/two-outputs.onnx")

    for case, location in (("outside", "../w.data"),
                           ("absolute", "/etc/passwd"),
                           ("missing", "w.data")):
        data = numpy_helper.to_array(good_parts()[1]["conv.weight"])
        save(external(*good_parts(), location), f"{out}/ext-{case}/model.onnx")
    with open(f"{out}/w.data", "wb") as f:
        f.write(data.tobytes())
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
