//===- DenseNetDialect.h - the densenet dialect -----------------*- C++ -*-===//
//
// Declares the `densenet` dialect class and its enum attributes.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IR_DENSENETDIALECT_H
#define DENSENET_IR_DENSENETDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "dialects/DenseNet/IR/DenseNetDialect.h.inc"
#include "dialects/DenseNet/IR/DenseNetEnums.h.inc"

#endif // DENSENET_IR_DENSENETDIALECT_H
