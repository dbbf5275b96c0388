//===- OnnxOps.h - ONNX operators as primitive densenet ops -----*- C++ -*-===//
//
// Emits one ONNX node as primitive `densenet` ops (conv2d, batch_norm, relu,
// concat, max_pool, avg_pool, global_avg_pool, linear) with weights as
// arith.constant, each op located at the node's name. Shapes and attributes
// are validated before any op is built, so the dialect's result-type
// inference never sees an invalid input.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXOPS_H
#define DENSENET_IMPORT_ONNX_ONNXOPS_H

#include "compiler/Import/Onnx/OnnxValues.h"

#include "mlir/IR/Builders.h"

namespace mlir::densenet::onnx_import {

class OpEmitter {
public:
  OpEmitter(OpBuilder &builder, ValueTable &values, TensorReader &tensors)
      : b(builder), values(values), tensors(tensors) {}

  /// Emits `node` and binds its output; fails for an unsupported operator,
  /// an unsupported attribute value or an input of the wrong kind or shape.
  llvm::Error emit(const OnnxNode &node);

private:
  llvm::Error conv(const OnnxNode &node);
  llvm::Error batchNorm(const OnnxNode &node);
  llvm::Error relu(const OnnxNode &node);
  llvm::Error concat(const OnnxNode &node);
  llvm::Error pad(const OnnxNode &node);
  llvm::Error maxPool(const OnnxNode &node);
  llvm::Error averagePool(const OnnxNode &node);
  llvm::Error globalAveragePool(const OnnxNode &node);
  llvm::Error flatten(const OnnxNode &node);
  llvm::Error reshape(const OnnxNode &node);
  llvm::Error gemm(const OnnxNode &node);
  llvm::Error matMul(const OnnxNode &node);
  llvm::Error add(const OnnxNode &node);
  llvm::Error identity(const OnnxNode &node);
  llvm::Error constant(const OnnxNode &node);

  /// Binds input 0, a NxCx1x1 tensor, as an NxC matrix if `target` is
  /// [N, C] (Flatten and Reshape); a matrix reshaped to itself is itself.
  llvm::Error reshapeTo(const OnnxNode &node, llvm::ArrayRef<int64_t> target);
  /// Constant input `i` of `node`, which must be a non-empty matrix.
  llvm::Expected<const HostTensor *> matrixConstant(const OnnxNode &node,
                                                    unsigned i);
  /// Emits linear(x, weight, bias) for node and binds its output.
  llvm::Error linear(const OnnxNode &node, Value x,
                     llvm::ArrayRef<float> weight,
                     llvm::ArrayRef<int64_t> weightShape,
                     llvm::ArrayRef<float> bias);
  llvm::Error bind(const OnnxNode &node, Value result);

  Location loc(llvm::StringRef name);
  Value weight(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> data,
               llvm::StringRef name);

  OpBuilder &b;
  ValueTable &values;
  TensorReader &tensors;
};

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXOPS_H
