//===- Compiler.h - densenetc's compilation driver --------------*- C++ -*-===//
//
// Runs a densenet-dialect module through a target backend's pipeline and
// writes the requested artifact: executable, static or shared library,
// object, MLIR or LLVM IR.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_COMPILER_H
#define DENSENET_DRIVER_COMPILER_H

#include "compiler/Driver/TargetBackend.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include <functional>
#include <string>

namespace mlir::densenet {

enum class EmitKind {
  Executable,
  Library,
  SharedLibrary,
  Object,
  MLIR,
  LLVMIR,
  PTX
};

/// Where `--emit=mlir` stops: the densenet dialect as imported, linalg on
/// tensors, scheduled and bufferized code with its buffers planned (the
/// input of the LLVM lowering), or the LLVM dialect.
enum class MLIRStage { DenseNet, Linalg, Bufferized, LLVM };

struct CompileOptions {
  std::string output;
  EmitKind emit = EmitKind::Executable;
  /// The stage `--emit=mlir` writes; ignored by the other emit kinds.
  MLIRStage mlirStage = MLIRStage::DenseNet;
  bool externalWeights = false;
  /// Where to write the buffer plan (JSON, plus an SVG beside it); empty:
  /// nowhere.
  std::string memoryReport;
  /// Compute each dense block in one buffer (off: naive concatenations).
  bool eliminateConcat = true;
  /// Let intermediate buffers that are not live together share arena bytes
  /// (off: every buffer gets its own bytes, for comparison).
  bool reuseBuffers = true;
  /// Tile and vectorize the GEMMs (off: plain loops, for debugging).
  bool vectorize = true;
  /// CPU: eligible 3x3 convolutions as Winograd F(4x4 or 2x2, 3x3).
  bool winograd = true;
  std::string modelName;
  /// Symbol prefix for --emit=lib and --emit=shared; executables use the
  /// runtime's.
  std::string libraryName;
  /// Applies pass-manager command-line options (IR printing, timing).
  std::function<LogicalResult(PassManager &)> configurePassManager;
  /// Images per call of the forward function when `module` holds the model
  /// for one image: the batch then runs image by image, each in the same
  /// arena (see densenetc's --batch). 1: `module`'s own batch.
  int64_t imagesPerCall = 1;
  /// Where the steps after the passes (LLVM, linking) report their time
  /// (--mlir-timing); null: nowhere.
  TimingScope *timing = nullptr;
};

/// Compiles `module` (densenet dialect, `@forward`) for `backend`'s target
/// as `options` ask.
llvm::Error compileModel(ModuleOp module, const CompileOptions &options,
                         TargetBackend &backend);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_COMPILER_H
