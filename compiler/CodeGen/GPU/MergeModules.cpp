//===- MergeModules.cpp - every kernel in one gpu.module ------------------===//
//
// Implements `densenet-gpu-merge-modules`: moves the kernels of all
// gpu.modules into the first, renamed where their names collide, and
// retargets the launches.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/GPU/Passes.h"

#include "mlir/IR/SymbolTable.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETGPUMERGEMODULES
#include "compiler/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

struct MergeModulesPass
    : densenet::impl::DenseNetGPUMergeModulesBase<MergeModulesPass> {
  /// Moves `from`'s ops into the module of `intoSymbols`, renaming symbols
  /// it already has (outlining names every kernel after its function);
  /// returns the names the moved symbols have now.
  DenseMap<StringAttr, StringAttr> moveOps(gpu::GPUModuleOp from,
                                           SymbolTable &intoSymbols) {
    DenseMap<StringAttr, StringAttr> renamed;
    for (Operation &op : llvm::make_early_inc_range(*from.getBody())) {
      op.remove();
      auto symbol = dyn_cast<SymbolOpInterface>(op);
      StringAttr oldName = symbol ? symbol.getNameAttr() : StringAttr();
      StringAttr newName = intoSymbols.insert(&op);
      if (symbol)
        renamed[oldName] = newName;
    }
    return renamed;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> gpuModules(module.getOps<gpu::GPUModuleOp>());
    if (gpuModules.size() < 2)
      return;
    gpu::GPUModuleOp into = gpuModules.front();
    SymbolTable intoSymbols(into);
    for (gpu::GPUModuleOp from : llvm::drop_begin(gpuModules)) {
      DenseMap<StringAttr, StringAttr> renamed = moveOps(from, intoSymbols);
      module.walk([&](gpu::LaunchFuncOp launch) {
        if (launch.getKernelModuleName() != from.getName())
          return;
        StringAttr kernel = renamed.lookup(launch.getKernelName());
        launch.setKernelAttr(SymbolRefAttr::get(
            into.getNameAttr(), {FlatSymbolRefAttr::get(kernel)}));
      });
      from.erase();
    }
  }
};

} // namespace
