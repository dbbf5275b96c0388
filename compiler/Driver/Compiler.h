//===- Compiler.h - densenetc's compilation driver --------------*- C++ -*-===//
//
// Runs a densenet-dialect module through densenetc's pipeline and writes the
// requested artifact: executable, library, object, MLIR or LLVM IR.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_COMPILER_H
#define DENSENET_DRIVER_COMPILER_H

#include "compiler/CodeGen/ObjectEmitter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <functional>
#include <string>

namespace mlir::densenet {

enum class EmitKind { Executable, Library, Object, MLIR, LLVMIR };

struct CompileOptions {
  std::string output;
  EmitKind emit = EmitKind::Executable;
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
  TargetSelection target;
  std::string modelName;
  /// Symbol prefix for --emit=lib; executables use the runtime's.
  std::string libraryName;
  std::string runtimeLibrary;
  /// Applies pass-manager command-line options (IR printing, timing).
  std::function<LogicalResult(PassManager &)> configurePassManager;
};

/// Compiles `module` (densenet dialect, `@forward`) as `options` ask.
llvm::Error compileModel(ModuleOp module, const CompileOptions &options);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_COMPILER_H
