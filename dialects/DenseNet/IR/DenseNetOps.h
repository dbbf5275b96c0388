//===- DenseNetOps.h - densenet dialect operations --------------*- C++ -*-===//
//
// Declares the operations of the `densenet` dialect (generated from ODS).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IR_DENSENETOPS_H
#define DENSENET_IR_DENSENETOPS_H

#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/DenseNet/IR/DenseNetOps.h.inc"

#endif // DENSENET_IR_DENSENETOPS_H
