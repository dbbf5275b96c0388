//===- FoldConstantGenerics.cpp - weight-only ops at compile time ---------===//
//
// Implements `densenet-fold-constant-generics`: slices of constants folded
// with upstream's patterns, and elementwise generics of constants evaluated
// (upstream's linalg constant folding only folds transposes), both limited
// to the ops computed from weights alone with small results.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <optional>
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFOLDCONSTANTGENERICS
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Whether `value` is computed from constants only: a constant, a slice of
/// one, or an elementwise generic of such values.
bool isWeightOnly(Value value) {
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;
  if (isa<arith::ConstantOp>(def))
    return true;
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def))
    return slice.getSource().getDefiningOp<arith::ConstantOp>() != nullptr;
  auto generic = dyn_cast<linalg::GenericOp>(def);
  return generic && generic.getNumReductionLoops() == 0 &&
         llvm::all_of(generic.getDpsInputs(), isWeightOnly);
}

/// Whether `op` is an elementwise generic of weight-only inputs with at most
/// `limit` result elements: one to fold.
bool isFoldable(Operation *op, int64_t limit) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && generic.getNumReductionLoops() == 0 &&
         generic->getNumResults() == 1 &&
         cast<ShapedType>(generic->getResult(0).getType()).getNumElements() <=
             limit &&
         llvm::all_of(generic.getDpsInputs(), isWeightOnly);
}

/// The value of `op` (an f32 scalar op of a generic's body) from those of
/// its operands, or nothing for an op this folder does not evaluate.
std::optional<float> evaluate(Operation *op, ArrayRef<float> args) {
  return llvm::TypeSwitch<Operation *, std::optional<float>>(op)
      .Case([&](arith::AddFOp) { return args[0] + args[1]; })
      .Case([&](arith::SubFOp) { return args[0] - args[1]; })
      .Case([&](arith::MulFOp) { return args[0] * args[1]; })
      .Case([&](arith::DivFOp) { return args[0] / args[1]; })
      .Case([&](arith::NegFOp) { return -args[0]; })
      .Case([&](arith::MaximumFOp) { return std::fmax(args[0], args[1]); })
      .Case([&](arith::MinimumFOp) { return std::fmin(args[0], args[1]); })
      .Case([&](math::SqrtOp) { return std::sqrt(args[0]); })
      .Case([&](math::RsqrtOp) { return 1.0f / std::sqrt(args[0]); })
      .Case([&](math::FmaOp) { return std::fma(args[0], args[1], args[2]); })
      .Default([](Operation *) { return std::nullopt; });
}

/// Folds an elementwise generic (identity indexing maps) of dense f32
/// constants whose body uses only the ops `evaluate` knows into a constant.
struct FoldElementwiseOfConstants : OpRewritePattern<linalg::GenericOp> {
  FoldElementwiseOfConstants(MLIRContext *context, int64_t limit)
      : OpRewritePattern(context), limit(limit) {}

  LogicalResult matchAndRewrite(linalg::GenericOp generic,
                                PatternRewriter &rewriter) const override {
    if (!isFoldable(generic, limit) ||
        !llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); }))
      return failure();
    SmallVector<DenseElementsAttr> inputs;
    for (Value input : generic.getDpsInputs()) {
      DenseElementsAttr values;
      if (!matchPattern(input, m_Constant(&values)) ||
          !values.getElementType().isF32())
        return failure();
      inputs.push_back(values);
    }
    auto type = cast<RankedTensorType>(generic->getResult(0).getType());
    if (!type.getElementType().isF32())
      return failure();
    Block &body = generic.getRegion().front();
    SmallVector<SmallVector<float>> inputValues;
    for (DenseElementsAttr values : inputs)
      inputValues.push_back(llvm::to_vector(values.getValues<float>()));
    SmallVector<float> result;
    for (int64_t element = 0, e = type.getNumElements(); element < e;
         ++element) {
      std::optional<float> value =
          evaluateBody(body, inputValues, element, inputs.size());
      if (!value)
        return failure();
      result.push_back(*value);
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        generic, DenseElementsAttr::get(type, ArrayRef<float>(result)));
    return success();
  }

  /// `value`'s value: computed in the body, or an f32 constant (from inside
  /// or outside the body).
  static std::optional<float> valueOf(Value value,
                                      const DenseMap<Value, float> &values) {
    if (auto it = values.find(value); it != values.end())
      return it->second;
    APFloat constant(0.0f);
    if (matchPattern(value, m_ConstantFloat(&constant)) &&
        &constant.getSemantics() == &APFloat::IEEEsingle())
      return constant.convertToFloat();
    return std::nullopt;
  }

  /// The body's yielded value at `element`, or nothing if the body reads
  /// its output or uses an op `evaluate` does not know.
  static std::optional<float>
  evaluateBody(Block &body, ArrayRef<SmallVector<float>> inputs,
               int64_t element, unsigned numInputs) {
    DenseMap<Value, float> values;
    for (unsigned i = 0; i < numInputs; ++i) {
      ArrayRef<float> input = inputs[i];
      values[body.getArgument(i)] = input.size() == 1 ? input[0]
                                                      : input[element];
    }
    for (Operation &op : body) {
      if (auto yield = dyn_cast<linalg::YieldOp>(op))
        return valueOf(yield.getOperand(0), values);
      if (matchPattern(&op, m_Constant()))
        continue; // valueOf reads constants where they are used.
      SmallVector<float> args;
      for (Value operand : op.getOperands()) {
        std::optional<float> arg = valueOf(operand, values);
        if (!arg)
          return std::nullopt;
        args.push_back(*arg);
      }
      std::optional<float> value = evaluate(&op, args);
      if (!value || op.getNumResults() != 1)
        return std::nullopt;
      values[op.getResult(0)] = *value;
    }
    return std::nullopt;
  }

  int64_t limit;
};

struct FoldConstantGenericsPass
    : densenet::impl::DenseNetFoldConstantGenericsBase<
          FoldConstantGenericsPass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t limit = maxElements;
    // Slices of constants become constants only where a foldable op reads
    // them, so that no weight is copied into a second constant.
    auto feedsFoldable = [limit](tensor::ExtractSliceOp slice) {
      return llvm::all_of(slice->getUsers(), [&](Operation *user) {
        return isFoldable(user, limit);
      });
    };
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldConstantExtractSlicePatterns(patterns, feedsFoldable);
    patterns.add<FoldElementwiseOfConstants>(&getContext(), limit);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
