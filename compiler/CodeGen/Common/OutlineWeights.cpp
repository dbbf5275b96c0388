//===- OutlineWeights.cpp - pack constant buffers into one weight blob ----===//
//
// Implements `densenet-outline-weights`: every constant global read by the
// entry function moves into one aligned byte blob that the function receives
// as its first argument.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETOUTLINEWEIGHTS
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

constexpr uint64_t kWeightAlignment = 64;

/// Appends the bytes of `value` (expanding splats) to `blob`.
void appendBytes(DenseElementsAttr value, std::vector<char> &bytes) {
  ArrayRef<char> raw = value.getRawData();
  if (!value.isSplat()) {
    bytes.insert(bytes.end(), raw.begin(), raw.end());
    return;
  }
  for (int64_t i = 0, e = value.getNumElements(); i < e; ++i)
    bytes.insert(bytes.end(), raw.begin(), raw.end());
}

struct OutlineWeightsPass
    : densenet::impl::DenseNetOutlineWeightsBase<OutlineWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func) {
      module.emitError() << "no entry function '" << entry << "'";
      return signalPassFailure();
    }

    // Lay out the globals in first-use order.
    SymbolTable symbols(module);
    std::vector<char> bytes;
    llvm::MapVector<memref::GlobalOp, uint64_t> offsets;
    func.walk([&](memref::GetGlobalOp get) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      if (!global || !global.getConstant() || offsets.count(global))
        return;
      auto value =
          dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (!value)
        return;
      bytes.resize(llvm::alignTo(bytes.size(), kWeightAlignment));
      offsets[global] = bytes.size();
      appendBytes(value, bytes);
    });
    bytes.resize(std::max<uint64_t>(
        llvm::alignTo(bytes.size(), kWeightAlignment), kWeightAlignment));

    OpBuilder b(func);
    auto blobType = MemRefType::get({int64_t(bytes.size())}, b.getI8Type());
    auto blobTensorType =
        RankedTensorType::get({int64_t(bytes.size())}, b.getI8Type());
    auto data = DenseElementsAttr::getFromRawBuffer(blobTensorType, bytes);
    memref::GlobalOp::create(b, func.getLoc(), StringRef(blob),
                             b.getStringAttr("public"), blobType, data,
                             /*constant=*/true,
                             b.getI64IntegerAttr(kWeightAlignment));

    if (failed(func.insertArgument(0, blobType, {}, func.getLoc())))
      return signalPassFailure();
    Value weights = func.getArgument(0);
    func.walk([&](memref::GetGlobalOp get) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      auto it = offsets.find(global);
      if (it == offsets.end())
        return;
      OpBuilder vb(get);
      Value offset =
          arith::ConstantIndexOp::create(vb, get.getLoc(), it->second);
      Value view = memref::ViewOp::create(vb, get.getLoc(), get.getType(),
                                          weights, offset, ValueRange{});
      get.replaceAllUsesWith(view);
      get.erase();
    });
    // Erase the outlined globals that nothing else still reads.
    llvm::DenseSet<StringRef> stillRead;
    module.walk([&](memref::GetGlobalOp get) { stillRead.insert(get.getName()); });
    for (auto &entryAndOffset : offsets)
      if (!stillRead.contains(entryAndOffset.first.getSymName()))
        entryAndOffset.first.erase();
  }
};

} // namespace
