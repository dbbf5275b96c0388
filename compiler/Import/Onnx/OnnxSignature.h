//===- OnnxSignature.h - the image input and logits output ---*- C++ -*-===//
//
// Finds the graph's one image input (graph inputs that are initializers are
// weights, not inputs) and fixes its NCHW shape: static dimensions come from
// the model; a dynamic batch needs --batch and dynamic spatial sizes need
// --image-size; an option that contradicts a static dimension is an error.
// Also checks the computed logits against the declared output.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXSIGNATURE_H
#define DENSENET_IMPORT_ONNX_ONNXSIGNATURE_H

#include "compiler/Import/Onnx/OnnxImporter.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h>

#include <array>
#include <string>

namespace mlir::densenet::onnx_import {

struct OnnxInput {
  std::string name;
  std::array<int64_t, 4> shape; ///< NCHW, all static.
  /// The batch the model declares (or --batch sets); shape[0] is 1 instead
  /// when importing one image.
  int64_t modelBatch;
};

llvm::Expected<OnnxInput> resolveInput(const onnx::GraphProto &graph,
                                       const OnnxShapeOptions &overrides);

/// Fails unless the graph has one output, declared f32, whose static
/// dimensions match `shape`.
llvm::Error checkOutput(const onnx::ValueInfoProto &output,
                        llvm::ArrayRef<int64_t> shape);

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXSIGNATURE_H
