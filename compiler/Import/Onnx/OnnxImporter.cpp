//===- OnnxImporter.cpp - ONNX model to the densenet dialect --------------===//
//
// read -> check -> fix the input shape -> emit primitive ops -> verify ->
// densenet-raise -> require a dense block. Errors are prefixed with the
// model's path; MLIR diagnostics are collected into the error text.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxImporter.h"

#include "compiler/Import/Onnx/OnnxGraph.h"
#include "compiler/Import/Onnx/OnnxModelFile.h"

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;
using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// Runs `step`; on failure the error is `what` followed by the diagnostics
/// it emitted.
static Error collectDiagnostics(MLIRContext &ctx, StringRef what,
                                llvm::function_ref<LogicalResult()> step) {
  std::string messages;
  llvm::raw_string_ostream os(messages);
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    os << "\n  " << diag.getLocation() << ": " << diag;
    return success();
  });
  if (succeeded(step()))
    return Error::success();
  return llvm::createStringError(what + messages);
}

using PassManagerHook = std::function<LogicalResult(PassManager &)>;

static Error raise(ModuleOp module, const PassManagerHook &configure) {
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(createDenseNetRaise());
  return collectDiagnostics(*module.getContext(), "densenet-raise failed:", [&] {
    if (configure && failed(configure(pm)))
      return failure();
    if (failed(pm.run(module)))
      return failure();
    // The pass manager verifies each pass only under --verify-each.
    return verify(module);
  });
}

/// The ONNX node an op came from.
static std::string nodeName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << op->getLoc();
  return text;
}

/// An imported graph is a DenseNet if at least one dense block was raised.
static Error requireDenseBlock(func::FuncOp forward) {
  if (!forward.getOps<DenseBlockOp>().empty())
    return Error::success();
  std::string detail;
  forward.walk([&](Operation *op) {
    if (!isa<DenseNetDialect>(op->getDialect()) ||
        isa<StemOp, TransitionOp, ClassifierOp>(op))
      return WalkResult::advance();
    detail = "; the first node that could not be raised is '" + nodeName(op) +
             "' (" + op->getName().getStringRef().str() + ")";
    return WalkResult::interrupt();
  });
  return llvm::createStringError("not a DenseNet: no dense block found" +
                                 detail);
}

static Expected<OwningOpRef<ModuleOp>>
importModel(MLIRContext &ctx, StringRef path, const OnnxShapeOptions &shape,
            const PassManagerHook &configure) {
  Expected<std::unique_ptr<onnx::ModelProto>> model = readOnnxModel(path);
  if (!model)
    return model.takeError();
  std::string modelDir = llvm::sys::path::parent_path(path).str();
  if (Error err = checkOnnxModel(**model, modelDir))
    return std::move(err);
  const onnx::GraphProto &graph = (*model)->graph();
  Expected<OnnxInput> input = resolveInput(graph, shape);
  if (!input)
    return input.takeError();

  ctx.loadDialect<arith::ArithDialect, func::FuncDialect, DenseNetDialect>();
  OpBuilder b(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(
      NameLoc::get(b.getStringAttr(llvm::sys::path::stem(path))));
  b.setInsertionPointToEnd(module->getBody());
  TensorReader tensors(modelDir);
  Expected<func::FuncOp> forward = emitForward(b, graph, *input, tensors);
  if (!forward)
    return forward.takeError();
  if (Error err = collectDiagnostics(ctx, "the imported model does not verify:",
                                     [&] { return verify(*module); }))
    return std::move(err);
  if (Error err = raise(*module, configure))
    return std::move(err);
  if (Error err = requireDenseBlock(*forward))
    return std::move(err);
  return std::move(module);
}

Expected<OwningOpRef<ModuleOp>>
mlir::densenet::importOnnxModel(MLIRContext &ctx, StringRef path,
                                const OnnxShapeOptions &shape,
                                PassManagerHook configurePassManager) {
  Expected<OwningOpRef<ModuleOp>> module =
      importModel(ctx, path, shape, configurePassManager);
  if (!module)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(module.takeError()));
  return module;
}
