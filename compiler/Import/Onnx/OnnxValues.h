//===- OnnxValues.h - what each ONNX tensor name stands for -----*- C++ -*-===//
//
// The importer's symbol table: each ONNX tensor name maps to an MLIR value
// (a feature map or a matrix), to host data (an initializer or a Constant),
// or to one of two forms that only some consumers can absorb -- a globally
// pooled NxC matrix standing for ONNX's NxCx1x1, and a zero-padded feature
// map whose padding a following AveragePool or Conv takes over. Typed
// accessors fail with a message naming the node, the input and the reason.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXVALUES_H
#define DENSENET_IMPORT_ONNX_ONNXVALUES_H

#include "compiler/Import/Onnx/OnnxNode.h"
#include "compiler/Import/Onnx/OnnxTensor.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <memory>

namespace mlir::densenet::onnx_import {

/// Larger than any real dimension of an image or a channel count; bounds
/// shape arithmetic far from overflow.
constexpr int64_t kMaxDim = int64_t(1) << 24;

/// Zero padding [top, left, bottom, right].
using Padding = std::array<int64_t, 4>;

struct OnnxValue {
  enum class Kind {
    Tensor,   ///< `value`: a feature map (NxCxHxW) or a matrix (NxK).
    Pooled,   ///< `value` is NxC; the ONNX tensor is NxCx1x1.
    Padded,   ///< `value` with `padding` zeros around it.
    Constant, ///< `constant`: host data.
  };
  Kind kind = Kind::Tensor;
  Value value;
  std::shared_ptr<const HostTensor> constant;
  Padding padding = {0, 0, 0, 0};
  /// The node that made a Pooled or Padded value, for diagnostics.
  std::string producer;

  static OnnxValue tensor(Value v) { return {Kind::Tensor, v, {}, {}, {}}; }
  static OnnxValue pooled(Value v, llvm::StringRef producer) {
    return {Kind::Pooled, v, {}, {}, producer.str()};
  }
  static OnnxValue padded(Value v, const Padding &padding,
                          llvm::StringRef producer) {
    return {Kind::Padded, v, {}, padding, producer.str()};
  }
  static OnnxValue constantOf(std::shared_ptr<const HostTensor> data) {
    return {Kind::Constant, {}, std::move(data), {}, {}};
  }
};

class ValueTable {
public:
  /// Binds `name` (nothing for an empty name); a name bound twice is an
  /// error naming `node`.
  llvm::Error define(const OnnxNode *node, llvm::StringRef name,
                     OnnxValue value);
  /// The binding of a graph output, or null.
  const OnnxValue *lookup(llvm::StringRef name) const;

  /// Input `i` of `node`; fails if absent or not defined earlier.
  llvm::Expected<const OnnxValue *> get(const OnnxNode &node, unsigned i) const;
  /// An NxCxHxW feature map.
  llvm::Expected<Value> featureMap(const OnnxNode &node, unsigned i) const;
  /// A feature map, possibly with zero padding from a Pad node.
  llvm::Expected<std::pair<Value, Padding>>
  paddedFeatureMap(const OnnxNode &node, unsigned i) const;
  /// An NxK matrix.
  llvm::Expected<Value> matrix(const OnnxNode &node, unsigned i) const;
  /// Host data of element type FLOAT (or INT64 when `isFloat` is false).
  llvm::Expected<const HostTensor *> constant(const OnnxNode &node, unsigned i,
                                              bool isFloat = true) const;

private:
  llvm::StringMap<OnnxValue> values;
};

/// The ONNX shape of a non-constant value (NxCx1x1 for a Pooled one).
llvm::SmallVector<int64_t, 4> onnxShape(const OnnxValue &value);

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXVALUES_H
