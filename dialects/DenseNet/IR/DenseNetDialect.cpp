//===- DenseNetDialect.cpp - densenet dialect registration ----------------===//
//
// Registers the `densenet` dialect's operations and attributes, and verifies
// the attributes it puts on other dialects' ops (`densenet.role`,
// `densenet.buffer_plan`).
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/DenseNetOps.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

using namespace mlir;
using namespace mlir::densenet;

#include "dialects/DenseNet/IR/DenseNetDialect.cpp.inc"
#include "dialects/DenseNet/IR/DenseNetEnums.cpp.inc"

void DenseNetDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/DenseNet/IR/DenseNetOps.cpp.inc"
      >();
  registerAttributes();
}

/// A parallel loop is a loop; every other role names a linalg op.
static LogicalResult verifyRole(Operation *op, Attribute value) {
  auto role = dyn_cast<RoleAttr>(value);
  if (!role)
    return op->emitOpError("'densenet.role' must be a #densenet.role, got ")
           << value;
  bool loop = role.getValue() == Role::parallel_loop;
  if (loop && !isa<LoopLikeOpInterface>(op))
    return op->emitOpError("has role ") << role << " but is not a loop";
  if (!loop && !isa<linalg::LinalgOp>(op))
    return op->emitOpError("has role ") << role << " but is not a linalg op";
  return success();
}

LogicalResult
DenseNetDialect::verifyOperationAttribute(Operation *op,
                                          NamedAttribute attribute) {
  if (attribute.getName() == getRoleAttrHelper().getName())
    return verifyRole(op, attribute.getValue());
  if (attribute.getName() == getBufferPlanAttrHelper().getName()) {
    if (!isa<BufferPlanAttr>(attribute.getValue()))
      return op->emitOpError(
          "'densenet.buffer_plan' must be a #densenet.buffer_plan");
    if (!isa<ModuleOp>(op))
      return op->emitOpError("'densenet.buffer_plan' belongs on the module");
    return success();
  }
  return op->emitOpError("has unknown densenet attribute '")
         << attribute.getName().getValue() << "'";
}
