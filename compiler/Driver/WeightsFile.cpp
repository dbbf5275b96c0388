//===- WeightsFile.cpp - the external weight file's format ----------------===//
//
// Renders `OUT.weights`: the 64-byte header, then the weight blob.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/WeightsFile.h"

#include "llvm/Support/Endian.h"

using namespace mlir;

std::string densenet::renderWeightsFile(llvm::StringRef blob) {
  std::string file(kWeightsFileHeaderBytes, '\0');
  llvm::StringRef magic = "DNWEIGHT";
  file.replace(0, magic.size(), magic.str());
  llvm::support::endian::write64le(&file[8], blob.size());
  file.append(blob.data(), blob.size());
  return file;
}
