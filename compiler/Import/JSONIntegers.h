//===- JSONIntegers.h - exact integers from JSON numbers --------*- C++ -*-===//
//
// The int64 value of a JSON number, where it is exactly one. LLVM's
// json::Value::getAsInteger converts a double to int64 after comparing it
// with double(INT64_MAX), which rounds up to 2^63: a document holding 2^63
// (e.g. 9223372036854775807.5) makes it overflow, which is undefined
// behaviour (the JSON fuzzer found it). Every importer reads integers
// through this instead.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_JSONINTEGERS_H
#define DENSENET_IMPORT_JSONINTEGERS_H

#include "llvm/Support/JSON.h"

#include <cmath>
#include <optional>

namespace mlir::densenet {

inline std::optional<int64_t> exactInteger(const llvm::json::Value &value) {
  // Integers parsed as integers convert exactly; a number of magnitude 2^63
  // or more that is not one (a double) is no int64.
  std::optional<double> number = value.getAsNumber();
  if (number && !(std::fabs(*number) < 0x1p63) && !value.getAsUINT64())
    return std::nullopt;
  return value.getAsInteger();
}

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_JSONINTEGERS_H
