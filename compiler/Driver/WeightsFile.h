//===- WeightsFile.h - the external weight file's format --------*- C++ -*-===//
//
// `--weights-file external` writes `OUT.weights`: a 64-byte header (the magic
// "DNWEIGHT", then the blob's size as a little-endian uint64, then zeros)
// followed by the weight blob, which therefore stays 64-byte aligned when
// the file is mapped. runtime/common/weights.c reads it.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_WEIGHTSFILE_H
#define DENSENET_DRIVER_WEIGHTSFILE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir::densenet {

/// Bytes before the blob in a weight file.
inline constexpr uint64_t kWeightsFileHeaderBytes = 64;

/// The contents of a weight file holding `blob`.
std::string renderWeightsFile(llvm::StringRef blob);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_WEIGHTSFILE_H
