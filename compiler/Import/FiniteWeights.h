//===- FiniteWeights.h - refuse NaN and infinite weights --------*- C++ -*-===//
//
// A weight that is NaN or infinite makes every logit NaN, so the readers of
// weights (safetensors, ONNX initializers) refuse it, naming the element.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_FINITEWEIGHTS_H
#define DENSENET_IMPORT_FINITEWEIGHTS_H

#include "llvm/ADT/Twine.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace mlir::densenet {

/// "element 12 is nan; weights must be finite" for the first NaN or
/// infinite one of the `count` host-order floats at `bytes` (not
/// necessarily aligned), or "" when all are finite.
inline std::string describeNonFinite(const char *bytes, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) {
    float value;
    std::memcpy(&value, bytes + i * sizeof(float), sizeof(float));
    if (!std::isfinite(value))
      return ("element " + llvm::Twine(i) + " is " +
              (std::isnan(value) ? "nan" : value > 0 ? "+inf" : "-inf") +
              "; weights must be finite")
          .str();
  }
  return "";
}

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_FINITEWEIGHTS_H
