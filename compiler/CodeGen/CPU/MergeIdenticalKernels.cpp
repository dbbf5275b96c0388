//===- MergeIdenticalKernels.cpp - one function per distinct kernel -------===//
//
// Implements `densenet-merge-identical-kernels`: private functions with the
// same type, attributes and body (locations aside) become one; calls to the
// others call the first.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETMERGEIDENTICALKERNELS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// The function's attributes (type, visibility, argument attributes,
/// discardable ones) without its name.
DictionaryAttr attributesWithoutName(func::FuncOp func) {
  NamedAttrList attributes(func->getAttrDictionary());
  attributes.erase(SymbolTable::getSymbolAttrName());
  return attributes.getDictionary(func.getContext());
}

/// A hash of everything isIdentical compares: equal for identical functions.
llvm::hash_code hashOf(func::FuncOp func) {
  llvm::hash_code hash = hash_value(attributesWithoutName(func));
  func.getBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

bool isIdentical(func::FuncOp a, func::FuncOp b) {
  return attributesWithoutName(a) == attributesWithoutName(b) &&
         OperationEquivalence::isRegionEquivalentTo(
             &a.getBody(), &b.getBody(),
             OperationEquivalence::IgnoreLocations);
}

struct MergeIdenticalKernelsPass
    : densenet::impl::DenseNetMergeIdenticalKernelsBase<
          MergeIdenticalKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection symbolTables;
    SymbolUserMap users(symbolTables, module);
    DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>> kept;
    SmallVector<func::FuncOp> duplicates;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func.isPrivate() || func.isDeclaration())
        continue;
      SmallVector<func::FuncOp, 1> &candidates = kept[hashOf(func)];
      auto same = llvm::find_if(
          candidates, [&](func::FuncOp k) { return isIdentical(k, func); });
      if (same == candidates.end()) {
        candidates.push_back(func);
        continue;
      }
      users.replaceAllUsesWith(func, same->getSymNameAttr());
      duplicates.push_back(func);
    }
    for (func::FuncOp func : duplicates)
      func.erase();
  }
};

} // namespace
