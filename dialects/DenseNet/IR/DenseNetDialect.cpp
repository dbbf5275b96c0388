//===- DenseNetDialect.cpp - densenet dialect registration ----------------===//
//
// Registers the `densenet` dialect's operations and attributes.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/DenseNetOps.h"

using namespace mlir;
using namespace mlir::densenet;

#include "dialects/DenseNet/IR/DenseNetDialect.cpp.inc"
#include "dialects/DenseNet/IR/DenseNetEnums.cpp.inc"

void DenseNetDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/DenseNet/IR/DenseNetOps.cpp.inc"
      >();
}
