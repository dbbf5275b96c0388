//===- FuzzContext.h - shared pieces of the compiler fuzz targets -*- C++ -*-===//
//
// What the ONNX, JSON and safetensors fuzz targets share: a fresh,
// single-threaded MLIRContext per input (so that nothing one input interns
// survives into the next and memory stays flat), and the check that an
// imported module verifies.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_TEST_FUZZ_FUZZCONTEXT_H
#define DENSENET_TEST_FUZZ_FUZZCONTEXT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>

namespace mlir::densenet::fuzz {

/// A context for one input: no thread pool, diagnostics swallowed (the
/// importers turn them into the llvm::Error the target drops).
inline std::unique_ptr<MLIRContext> createContext() {
  auto ctx = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
  ctx->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  return ctx;
}

/// An importer's result: an error is a correct answer to a bad input; a
/// module it hands back must verify, or the importer let a bad model
/// through (abort: a finding).
inline void checkImported(llvm::Expected<OwningOpRef<ModuleOp>> module) {
  if (!module) {
    llvm::consumeError(module.takeError());
    return;
  }
  if (failed(verify(**module))) {
    llvm::errs() << "fuzz: the importer returned a module that does not "
                    "verify\n";
    std::abort();
  }
}

} // namespace mlir::densenet::fuzz

#endif // DENSENET_TEST_FUZZ_FUZZCONTEXT_H
