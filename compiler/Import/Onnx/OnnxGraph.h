//===- OnnxGraph.h - an ONNX graph as func.func @forward --------*- C++ -*-===//
//
// Emits `func.func @forward(tensor<NxCxHxWxf32>) -> tensor<NxKxf32>` from a
// checked ONNX graph: initializers become host constants, nodes become
// primitive densenet ops in graph order, and the one graph output must be
// the NxK logits. Ops left without uses (a node whose output nothing reads)
// are dropped.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXGRAPH_H
#define DENSENET_IMPORT_ONNX_ONNXGRAPH_H

#include "compiler/Import/Onnx/OnnxSignature.h"
#include "compiler/Import/Onnx/OnnxTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::densenet::onnx_import {

/// Appends @forward at the builder's insertion point.
llvm::Expected<func::FuncOp> emitForward(OpBuilder &builder,
                                         const onnx::GraphProto &graph,
                                         const OnnxInput &input,
                                         TensorReader &tensors);

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXGRAPH_H
