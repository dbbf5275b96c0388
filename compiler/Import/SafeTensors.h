//===- SafeTensors.h - safetensors file reader ------------------*- C++ -*-===//
//
// Reads a .safetensors file: an 8-byte little-endian header length N, N bytes
// of JSON header mapping tensor names to {dtype, shape, data_offsets}, then
// the data section. The file stays mapped; tensors are views into it.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_SAFETENSORS_H
#define DENSENET_IMPORT_SAFETENSORS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::densenet {

/// One tensor of a safetensors file; `data` points into the mapped file and
/// holds the little-endian elements, not necessarily aligned.
struct SafeTensor {
  std::string name;
  std::string dtype; // as spelled in the file: "F32", "F16", "BF16", ...
  std::vector<int64_t> shape;
  llvm::ArrayRef<char> data;
};

class SafeTensorsFile {
public:
  /// Maps and validates the file at `path`.
  static llvm::Expected<SafeTensorsFile> open(llvm::StringRef path);

  llvm::StringRef getPath() const { return path; }
  /// All tensors, sorted by name.
  llvm::ArrayRef<SafeTensor> getTensors() const { return tensors; }
  /// The tensor called `name`, or null.
  const SafeTensor *lookup(llvm::StringRef name) const;

private:
  SafeTensorsFile(std::string path, std::unique_ptr<llvm::MemoryBuffer> buffer,
                  std::vector<SafeTensor> tensors)
      : path(std::move(path)), buffer(std::move(buffer)),
        tensors(std::move(tensors)) {}

  std::string path;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::vector<SafeTensor> tensors;
};

/// Formats a shape as "[64, 3, 7, 7]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_SAFETENSORS_H
