//===- ModelLimits.cpp - size limits on a loaded model --------------------===//
//
// The limits themselves are defined next to the configuration checks in
// compiler/Import/ModelConfig.h; this applies them to the IR, for models
// that come with their own weights and shapes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/ModelLimits.h"

#include "compiler/Import/ModelConfig.h"
#include "dialects/DenseNet/IR/DenseNetOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::densenet;

/// "line 12 (func.func)" for .mlir input, "'node' (densenet.stem)" for a
/// named location (ONNX nodes, presets).
static std::string describe(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    os << "line " << file.getLine();
  else if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    os << "'" << name.getName().getValue() << "'";
  else
    os << op->getLoc();
  os << " (" << op->getName() << ")";
  return text;
}

/// The elements of a static shape, saturating at UINT64_MAX (where
/// ShapedType::getNumElements would overflow, e.g. for 4x4x2^62x2).
static uint64_t elementCount(ShapedType type) {
  uint64_t count = 1;
  for (int64_t dim : type.getShape())
    count = llvm::SaturatingMultiply<uint64_t>(count, uint64_t(dim));
  return count;
}

/// "7500000000", or "over 2^64" where the count saturated.
static std::string describeCount(uint64_t count) {
  return count == UINT64_MAX ? std::string("over 2^64")
                             : std::to_string(count);
}

/// The op's tensor results (and, for the function, its argument) each hold
/// at most kMaxFeatureMapElements.
static llvm::Error checkTensors(Operation *op, TypeRange types) {
  for (Type type : types) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() ||
        elementCount(tensor) <= uint64_t(kMaxFeatureMapElements))
      continue;
    return llvm::createStringError(llvm::formatv(
        "{0}: {1} has {2} elements, over the limit of 2^31 = {3} per "
        "feature map",
        describe(op), tensor, describeCount(elementCount(tensor)),
        kMaxFeatureMapElements));
  }
  return llvm::Error::success();
}

/// A dense block's layers, the only size the types above do not show.
static llvm::Error checkLayers(Operation *op) {
  auto block = dyn_cast<DenseBlockOp>(op);
  if (!block || block.getNumLayers() <= uint64_t(kMaxLayersPerBlock))
    return llvm::Error::success();
  return llvm::createStringError(llvm::formatv(
      "{0}: {1} layers, over the limit of {2} per dense block", describe(op),
      block.getNumLayers(), kMaxLayersPerBlock));
}

/// Bytes of a constant's data once expanded (a splat counts in full).
static uint64_t constantBytes(Operation *op) {
  auto constant = dyn_cast<arith::ConstantOp>(op);
  auto data = constant ? dyn_cast<ElementsAttr>(constant.getValue())
                       : ElementsAttr();
  if (!data || !data.getElementType().isIntOrFloat())
    return 0;
  uint64_t bits = data.getElementType().getIntOrFloatBitWidth();
  return llvm::SaturatingMultiply<uint64_t>(elementCount(data.getShapedType()),
                                            llvm::divideCeil(bits, 8));
}

llvm::Error densenet::checkModelLimits(ModuleOp module) {
  uint64_t weightBytes = 0;
  std::string failure;
  module.walk([&](Operation *op) {
    llvm::Error err = checkLayers(op);
    if (auto func = dyn_cast<FunctionOpInterface>(op); func && !err)
      err = checkTensors(op, func.getArgumentTypes());
    if (!err)
      err = checkTensors(op, op->getResultTypes());
    if (err) {
      failure = llvm::toString(std::move(err));
      return WalkResult::interrupt();
    }
    weightBytes = llvm::SaturatingAdd(weightBytes, constantBytes(op));
    return WalkResult::advance();
  });
  if (!failure.empty())
    return llvm::createStringError(failure);
  if (weightBytes > kMaxWeightBytes)
    return llvm::createStringError(llvm::formatv(
        "the model's constants take {0} bytes, over the limit of 2 GiB = {1} "
        "bytes of weights",
        weightBytes, kMaxWeightBytes));
  return llvm::Error::success();
}
