//===- OnnxModelFile.h - read and validate an ONNX model file ---*- C++ -*-===//
//
// Reads a .onnx file into an onnx::ModelProto with explicit size limits and
// validates it with the ONNX checker and the opset range the importer
// supports. The checker throws C++ exceptions; they stop here and become
// llvm::Errors (this is the only translation unit built with -fexceptions).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXMODELFILE_H
#define DENSENET_IMPORT_ONNX_ONNXMODELFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h>

#include <memory>

namespace mlir::densenet::onnx_import {

/// Parses `path`. Errors: unreadable, over 2 GiB (store the weights as
/// external data), or not a ModelProto.
llvm::Expected<std::unique_ptr<onnx::ModelProto>>
readOnnxModel(llvm::StringRef path);

/// Checks the default-domain opset and that every node input is defined,
/// then runs the ONNX checker (external data resolved against `modelDir`).
llvm::Error checkOnnxModel(const onnx::ModelProto &model,
                           llvm::StringRef modelDir);

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXMODELFILE_H
