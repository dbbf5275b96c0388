//===- OnnxTensor.h - decode ONNX initializers and constants ----*- C++ -*-===//
//
// Turns an onnx::TensorProto into host data, from whichever storage the
// exporter chose: raw little-endian bytes (raw_data), typed fields
// (float_data, int64_data), or an external data file next to the model
// (data_location EXTERNAL with location / offset / length entries). Every
// size is checked against the dims, so no input can make it read out of
// bounds; errors name the tensor.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXTENSOR_H
#define DENSENET_IMPORT_ONNX_ONNXTENSOR_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <memory>
#include <string>
#include <vector>

namespace mlir::densenet::onnx_import {

/// A FLOAT or INT64 tensor in host memory.
struct HostTensor {
  std::string name;
  llvm::SmallVector<int64_t, 4> dims;
  bool isFloat = true;
  std::vector<float> floats; ///< FLOAT data, row-major.
  std::vector<int64_t> ints; ///< INT64 data, row-major.

  int64_t numElements() const {
    return isFloat ? int64_t(floats.size()) : int64_t(ints.size());
  }
};

/// "8x3x7x7" (or "scalar").
std::string shapeString(llvm::ArrayRef<int64_t> dims);

/// What can be checked of `proto` without its data: its dimensions are
/// non-negative with at most 2^40 elements in all, and its external data
/// location (if it has one) is a relative path that stays inside the
/// model's directory. Fails naming the tensor.
llvm::Error checkTensorDeclaration(const onnx::TensorProto &proto);

/// Decodes tensors; external data files are read once and shared.
class TensorReader {
public:
  /// `modelDir`: the directory external data locations are relative to.
  explicit TensorReader(std::string modelDir) : modelDir(std::move(modelDir)) {}

  /// `name` overrides the proto's name in diagnostics (for a Constant
  /// node's unnamed value).
  llvm::Expected<HostTensor> read(const onnx::TensorProto &proto,
                                  llvm::StringRef name);

private:
  /// The `bytes` bytes of an external tensor.
  llvm::Expected<llvm::StringRef> externalData(const onnx::TensorProto &proto,
                                               llvm::StringRef name,
                                               uint64_t bytes);
  llvm::Expected<const llvm::MemoryBuffer *> openFile(llvm::StringRef location,
                                                      llvm::StringRef name);

  std::string modelDir;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> files;
};

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXTENSOR_H
