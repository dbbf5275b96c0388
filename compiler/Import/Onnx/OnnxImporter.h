//===- OnnxImporter.h - ONNX model to the densenet dialect ------*- C++ -*-===//
//
// Imports a .onnx DenseNet (as exported by torch.onnx.export and other
// exporters at opsets 11-17) into a module whose `func.func @forward` holds
// the model in the densenet dialect, raised to stem / dense_block /
// transition / classifier so that it gets the same optimisations as a
// preset. Weights come from the model (initializers, possibly in external
// data files next to it).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXIMPORTER_H
#define DENSENET_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <optional>
#include <utility>

namespace mlir::densenet {

/// Command-line shape options; each applies only where the model's
/// dimension is dynamic (or agrees with it).
struct OnnxShapeOptions {
  std::optional<int64_t> batch;
  std::optional<std::pair<int64_t, int64_t>> imageHW;
  /// Import one image of the model's batch: batch 1 even where the model
  /// declares a static batch (densenetc then runs the batch image by image).
  bool oneImage = false;
};

/// Reads, checks, imports and raises the model at `path`. Every error is
/// prefixed with `path` and names the node or tensor at fault; a graph in
/// which no dense block can be recognised is "not a DenseNet". Loads the
/// func, arith and densenet dialects into `ctx`. `configurePassManager`, if
/// given, sets up the pass manager that runs densenet-raise (the
/// command line's IR printing and timing options).
llvm::Expected<OwningOpRef<ModuleOp>> importOnnxModel(
    MLIRContext &ctx, llvm::StringRef path, const OnnxShapeOptions &shape,
    std::function<LogicalResult(PassManager &)> configurePassManager = {});

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_ONNX_ONNXIMPORTER_H
