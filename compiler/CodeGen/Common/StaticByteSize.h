//===- StaticByteSize.h - bytes of a statically shaped memref ---*- C++ -*-===//
//
// The byte size of a memref type from the data layout, shared by the
// passes that size buffers: the planner (arena buffers and each thread's
// scratch) and the CPU's loop parallelization (what fits on a stack).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_STATICBYTESIZE_H
#define DENSENET_CODEGEN_COMMON_STATICBYTESIZE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <optional>

namespace mlir::densenet {

/// Size in bytes of a buffer of `type`, or std::nullopt when its shape is
/// dynamic, its element size is not fixed, or the size overflows.
inline std::optional<uint64_t> staticByteSize(MemRefType type,
                                              const DataLayout &layout) {
  if (!type.hasStaticShape())
    return std::nullopt;
  llvm::TypeSize elementBytes = layout.getTypeSize(type.getElementType());
  if (elementBytes.isScalable())
    return std::nullopt;
  bool overflow = false;
  uint64_t bytes = llvm::SaturatingMultiply(
      static_cast<uint64_t>(type.getNumElements()),
      elementBytes.getFixedValue(), &overflow);
  if (overflow)
    return std::nullopt;
  return bytes;
}

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_COMMON_STATICBYTESIZE_H
