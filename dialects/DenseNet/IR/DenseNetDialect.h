//===- DenseNetDialect.h - the densenet dialect -----------------*- C++ -*-===//
//
// Declares the `densenet` dialect class, its enums and its attributes
// (DenseNetAttrs.td), and the accessors of the `densenet.role` attribute.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IR_DENSENETDIALECT_H
#define DENSENET_IR_DENSENETDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/DenseNet/IR/DenseNetEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/DenseNet/IR/DenseNetAttrs.h.inc"

#include "dialects/DenseNet/IR/DenseNetDialect.h.inc"

namespace mlir::densenet {

/// Tags `op` with `role` (`densenet.role`), which the targets' schedules
/// match.
void setRole(Operation *op, Role role);

/// The role `op` is tagged with, if any.
std::optional<Role> getRole(Operation *op);

/// Removes `op`'s role, if any.
void clearRole(Operation *op);

/// The buffer plan recorded on `module` by densenet-plan-buffers, if any.
BufferPlanAttr getBufferPlan(Operation *module);

} // namespace mlir::densenet

#endif // DENSENET_IR_DENSENETDIALECT_H
