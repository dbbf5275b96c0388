#!/usr/bin/python3
"""Derives ONNX models for the import tests from exported ones.

An equivalent variant densenetc must accept:

  matmul-head IN OUT         IN's head written the other usual way: Flatten
                             -> Identity + Reshape(0, -1), Gemm -> MatMul + Add

Models densenetc must reject:

  append-sigmoid IN OUT      IN with a Sigmoid node 'Sigmoid_12' on its output
  drop-initializer IN NAME OUT   IN without initializer NAME
  set-int-attribute IN OP ATTR VALUE OUT
                             IN with integer attribute ATTR = VALUE on the
                             first node of type OP
  plain-cnn OUT              a plain two-convolution network from PyTorch

Run with Debian's /usr/bin/python3 (it owns python3-torch and python3-onnx).
"""

import sys

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper


def replace_node(graph, old, new_nodes):
    index = list(graph.node).index(old)
    graph.node.remove(old)
    for offset, node in enumerate(new_nodes):
        graph.node.insert(index + offset, node)


def matmul_head(src, dst):
    model = onnx.load(src)
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    flatten = next(n for n in graph.node if n.op_type == "Flatten")
    replace_node(graph, flatten, [
        onnx.helper.make_node("Identity", [flatten.input[0]], ["pooled"],
                              name="head/Identity"),
        onnx.helper.make_node(
            "Constant", [], ["shape"], name="head/Constant",
            value=onnx.helper.make_tensor("shape", onnx.TensorProto.INT64,
                                          [2], [0, -1])),
        onnx.helper.make_node("Reshape", ["pooled", "shape"],
                              [flatten.output[0]], name="head/Reshape")])
    gemm = next(n for n in graph.node if n.op_type == "Gemm")
    weight = onnx.numpy_helper.to_array(inits[gemm.input[1]])
    graph.initializer.append(onnx.numpy_helper.from_array(
        np.ascontiguousarray(weight.T), "head.weight_t"))
    replace_node(graph, gemm, [
        onnx.helper.make_node("MatMul", [gemm.input[0], "head.weight_t"],
                              ["product"], name="head/MatMul"),
        onnx.helper.make_node("Add", ["product", gemm.input[2]],
                              [gemm.output[0]], name="head/Add")])
    onnx.checker.check_model(model)
    onnx.save(model, dst)


def append_sigmoid(src, dst):
    model = onnx.load(src)
    graph = model.graph
    output = graph.output[0].name
    for node in graph.node:
        node.output[:] = [output + "_pre" if o == output else o
                          for o in node.output]
    graph.node.append(onnx.helper.make_node(
        "Sigmoid", [output + "_pre"], [output], name="Sigmoid_12"))
    onnx.save(model, dst)


def drop_initializer(src, name, dst):
    model = onnx.load(src)
    kept = [t for t in model.graph.initializer if t.name != name]
    if len(kept) == len(model.graph.initializer):
        raise SystemExit(f"{src}: no initializer named {name!r}")
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    onnx.save(model, dst)


def set_int_attribute(src, op_type, name, value, dst):
    model = onnx.load(src)
    node = next((n for n in model.graph.node if n.op_type == op_type), None)
    if node is None:
        raise SystemExit(f"{src}: no {op_type} node")
    kept = [a for a in node.attribute if a.name != name]
    del node.attribute[:]
    node.attribute.extend(kept)
    node.attribute.append(onnx.helper.make_attribute(name, int(value)))
    onnx.save(model, dst)


def plain_cnn(dst):
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 5)).eval()
    torch.onnx.export(model, torch.randn(1, 3, 16, 16), dst, opset_version=13,
                      input_names=["input"], output_names=["logits"])


def main(argv):
    commands = {"matmul-head": (matmul_head, 2),
                "append-sigmoid": (append_sigmoid, 2),
                "drop-initializer": (drop_initializer, 3),
                "set-int-attribute": (set_int_attribute, 5),
                "plain-cnn": (plain_cnn, 1)}
    if len(argv) < 1 or argv[0] not in commands or \
            len(argv) - 1 != commands[argv[0]][1]:
        raise SystemExit(__doc__)
    command, _ = commands[argv[0]]
    command(*argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
