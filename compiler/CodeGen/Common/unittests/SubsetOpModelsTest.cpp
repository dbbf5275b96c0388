//===- SubsetOpModelsTest.cpp - syntax-first subset comparisons -----------===//
//
// The models registered by registerSubsetOpModels, in a registry built the
// way densenetc builds it (before upstream's): same answers as upstream for
// slices and transfers, syntactic cases decided without the container
// equivalence callback or the solver, and the solver still consulted for
// values that differ only syntactically.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/SubsetOpModels.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Interfaces/SubsetOpInterface.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

constexpr const char *kSubsets = R"mlir(
func.func @subsets(%t: tensor<64x64xf32>, %i: index, %j: index,
                   %v: vector<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %k = affine.apply affine_map<(d0) -> (d0 + 0)>(%i)
  %pad = arith.constant 0.0 : f32
  %x = tensor.extract_slice %t[%i, 0] [8, 32] [1, 1] {tag = "extract"}
      : tensor<64x64xf32> to tensor<8x32xf32>
  %same = tensor.insert_slice %x into %t[%i, 0] [8, 32] [1, 1] {tag = "same"}
      : tensor<8x32xf32> into tensor<64x64xf32>
  %cols = tensor.insert_slice %x into %t[%i, 32] [8, 32] [1, 1] {tag = "cols"}
      : tensor<8x32xf32> into tensor<64x64xf32>
  %rows = tensor.insert_slice %x into %t[%j, 0] [8, 32] [1, 1] {tag = "rows"}
      : tensor<8x32xf32> into tensor<64x64xf32>
  %affine = tensor.insert_slice %x into %t[%k, 0] [8, 32] [1, 1]
      {tag = "affine"} : tensor<8x32xf32> into tensor<64x64xf32>
  %r = vector.transfer_read %t[%i, %c0], %pad {tag = "read"}
      : tensor<64x64xf32>, vector<8x32xf32>
  %w = vector.transfer_write %v, %t[%i, %c0] {tag = "write"}
      : vector<8x32xf32>, tensor<64x64xf32>
  return
}
)mlir";

class SubsetOpModelsTest : public ::testing::Test {
protected:
  SubsetOpModelsTest() : context(makeRegistry()) {
    context.loadAllAvailableDialects();
    module = parseSourceString<ModuleOp>(kSubsets, &context);
  }

  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    densenet::registerSubsetOpModels(registry);
    registerAllDialects(registry);
    return registry;
  }

  Operation *tagged(StringRef tag) {
    Operation *found = nullptr;
    module->walk([&](Operation *op) {
      if (auto attr = op->getAttrOfType<StringAttr>("tag"))
        if (attr.getValue() == tag)
          found = op;
    });
    return found;
  }

  /// Whether the insertion tagged `insertion` writes the subset that the
  /// extraction tagged `extraction` reads; counts the equivalence queries.
  bool equivalent(StringRef insertion, StringRef extraction) {
    auto op = cast<SubsetInsertionOpInterface>(tagged(insertion));
    return op.isEquivalentSubset(tagged(extraction)->getResult(0),
                                 [&](Value a, Value b) {
                                   ++equivalenceQueries;
                                   return a == b;
                                 });
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  int equivalenceQueries = 0;
};

TEST_F(SubsetOpModelsTest, IdenticalSlicesAreEquivalent) {
  ASSERT_TRUE(module);
  EXPECT_TRUE(equivalent("same", "extract"));
  EXPECT_EQ(equivalenceQueries, 1);
}

TEST_F(SubsetOpModelsTest, DifferentConstantsAreDecidedBySyntax) {
  ASSERT_TRUE(module);
  EXPECT_FALSE(equivalent("cols", "extract"));
  // Upstream's model asks whether the containers are equivalent first.
  EXPECT_EQ(equivalenceQueries, 0);
}

TEST_F(SubsetOpModelsTest, UnrelatedValuesAreNotEquivalent) {
  ASSERT_TRUE(module);
  EXPECT_FALSE(equivalent("rows", "extract"));
}

TEST_F(SubsetOpModelsTest, EqualValuesAreProvenByTheSolver) {
  ASSERT_TRUE(module);
  EXPECT_TRUE(equivalent("affine", "extract"));
}

TEST_F(SubsetOpModelsTest, TransfersCompareTheirIndices) {
  ASSERT_TRUE(module);
  EXPECT_TRUE(equivalent("write", "read"));
  EXPECT_FALSE(equivalent("cols", "read"));
  EXPECT_TRUE(equivalent("same", "read"));
}

} // namespace
