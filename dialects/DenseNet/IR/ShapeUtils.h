//===- ShapeUtils.h - shapes of densenet values -----------------*- C++ -*-===//
//
// Small helpers on the static shapes that densenet ops work with, shared by
// the dialect, its transforms, the lowerings and the ONNX importer.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IR_SHAPEUTILS_H
#define DENSENET_IR_SHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <string>

namespace mlir::densenet {

/// The shape of `value`, which must be a ranked tensor.
inline ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// `values` as "[a, b, c]", for diagnostics.
std::string listString(ArrayRef<int64_t> values);

} // namespace mlir::densenet

#endif // DENSENET_IR_SHAPEUTILS_H
