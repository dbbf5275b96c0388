//===- ShapeUtils.cpp - shapes of densenet values -------------------------===//
//
// Implements the helpers declared in ShapeUtils.h.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

std::string mlir::densenet::listString(ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(values, os);
  os << "]";
  return s;
}
