//===- BuildDenseNet.cpp - DenseNet as a densenet-dialect module ----------===//
//
// Emits the structural densenet ops of a ModelConfig into @forward. Each op
// and weight constant carries a NameLoc with its torchvision module path
// (e.g. "features.denseblock1"), so diagnostics name the layer.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/BuildDenseNet.h"

#include "dialects/DenseNet/IR/DenseNetOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::densenet;
using llvm::Error;
using llvm::Expected;

static int64_t channelsOf(Value featureMap) {
  return cast<RankedTensorType>(featureMap.getType()).getDimSize(1);
}

namespace {

/// Emits the network at the builder's insertion point.
class DenseNetBuilder {
public:
  DenseNetBuilder(OpBuilder &builder, const ModelConfig &cfg,
                  WeightSource &weights)
      : b(builder), cfg(cfg), weights(weights) {}

  /// The logits of `input`.
  Expected<Value> build(Value input);

private:
  Location loc(const Twine &path) {
    return NameLoc::get(b.getStringAttr(path));
  }
  RankedTensorType f32Type(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }

  /// Appends the constant for weight `name` of `shape`.
  Error addWeight(const std::string &name, ArrayRef<int64_t> shape,
                  SmallVectorImpl<Value> &out);
  /// Appends the packed 4xC batch norm of module `prefix`.
  Error addNorm(const std::string &prefix, int64_t channels,
                SmallVectorImpl<Value> &out);
  /// Appends one dense layer's params in dense_block order.
  Error addDenseLayer(const std::string &prefix, int64_t inChannels,
                      SmallVectorImpl<Value> &out);

  Expected<Value> stem(Value input);
  Expected<Value> denseBlock(Value input, size_t index);
  Expected<Value> transition(Value input, size_t index);
  Expected<Value> classifier(Value input);

  OpBuilder &b;
  const ModelConfig &cfg;
  WeightSource &weights;
};

} // namespace

Error DenseNetBuilder::addWeight(const std::string &name,
                                 ArrayRef<int64_t> shape,
                                 SmallVectorImpl<Value> &out) {
  Expected<DenseElementsAttr> value = weights.take(name, shape, b.getContext());
  if (!value)
    return value.takeError();
  out.push_back(arith::ConstantOp::create(b, loc(name), *value));
  return Error::success();
}

Error DenseNetBuilder::addNorm(const std::string &prefix, int64_t channels,
                               SmallVectorImpl<Value> &out) {
  std::vector<float> packed;
  packed.reserve(4 * channels);
  for (StringRef row : {"weight", "bias", "running_mean", "running_var"}) {
    Expected<DenseElementsAttr> values =
        weights.take(prefix + "." + row.str(), {channels}, b.getContext());
    if (!values)
      return values.takeError();
    llvm::append_range(packed, values->getValues<float>());
  }
  auto attr =
      DenseElementsAttr::get(f32Type({4, channels}), ArrayRef<float>(packed));
  out.push_back(arith::ConstantOp::create(b, loc(prefix), attr));
  return Error::success();
}

/// Bottleneck: norm1 [Cin], conv1 [bn*k, Cin, 1, 1], norm2 [bn*k],
/// conv2 [k, bn*k, 3, 3]. Plain: norm1 [Cin], conv1 [k, Cin, 3, 3].
Error DenseNetBuilder::addDenseLayer(const std::string &prefix,
                                     int64_t inChannels,
                                     SmallVectorImpl<Value> &out) {
  int64_t k = cfg.growthRate;
  if (Error err = addNorm(prefix + ".norm1", inChannels, out))
    return err;
  if (cfg.bnSize == 0)
    return addWeight(prefix + ".conv1.weight", {k, inChannels, 3, 3}, out);
  int64_t width = cfg.bnSize * k;
  if (Error err =
          addWeight(prefix + ".conv1.weight", {width, inChannels, 1, 1}, out))
    return err;
  if (Error err = addNorm(prefix + ".norm2", width, out))
    return err;
  return addWeight(prefix + ".conv2.weight", {k, width, 3, 3}, out);
}

Expected<Value> DenseNetBuilder::stem(Value input) {
  bool imagenet = cfg.stem == StemKind::imagenet;
  int64_t kernel = imagenet ? 7 : 3;
  int64_t features = cfg.numInitFeatures;
  SmallVector<Value, 2> params;
  if (Error err = addWeight("features.conv0.weight",
                            {features, cfg.channels, kernel, kernel}, params))
    return std::move(err);
  if (imagenet)
    if (Error err = addNorm("features.norm0", features, params))
      return std::move(err);
  Value norm = imagenet ? params[1] : Value();
  return StemOp::create(b, loc("features.stem"),
                        StemKindAttr::get(b.getContext(), cfg.stem), input,
                        params[0], norm, FloatAttr())
      .getOutput();
}

Expected<Value> DenseNetBuilder::denseBlock(Value input, size_t index) {
  std::string path = llvm::formatv("features.denseblock{0}", index + 1).str();
  int64_t layers = cfg.blockConfig[index];
  int64_t channels = channelsOf(input);
  SmallVector<Value> params;
  for (int64_t j = 1; j <= layers; ++j, channels += cfg.growthRate)
    if (Error err = addDenseLayer(path + ".denselayer" + std::to_string(j),
                                  channels, params))
      return std::move(err);
  return DenseBlockOp::create(b, loc(path), input, b.getI64IntegerAttr(layers),
                              b.getI64IntegerAttr(cfg.growthRate), params,
                              FloatAttr())
      .getOutput();
}

Expected<Value> DenseNetBuilder::transition(Value input, size_t index) {
  std::string path = llvm::formatv("features.transition{0}", index + 1).str();
  int64_t channels = channelsOf(input);
  int64_t compressed = transitionChannels(cfg.compression, channels);
  SmallVector<Value, 2> params;
  if (Error err = addNorm(path + ".norm", channels, params))
    return std::move(err);
  if (Error err = addWeight(path + ".conv.weight", {compressed, channels, 1, 1},
                            params))
    return std::move(err);
  return TransitionOp::create(b, loc(path), input, params[0], params[1],
                              b.getF64FloatAttr(cfg.compression), FloatAttr())
      .getOutput();
}

/// features.norm5 followed by ReLU, global pooling and the linear layer.
Expected<Value> DenseNetBuilder::classifier(Value input) {
  int64_t channels = channelsOf(input);
  SmallVector<Value, 3> params;
  if (Error err = addNorm("features.norm5", channels, params))
    return std::move(err);
  if (Error err =
          addWeight("classifier.weight", {cfg.numClasses, channels}, params))
    return std::move(err);
  if (Error err = addWeight("classifier.bias", {cfg.numClasses}, params))
    return std::move(err);
  return ClassifierOp::create(b, loc("classifier"), input, params[0], params[1],
                              params[2], FloatAttr())
      .getOutput();
}

Expected<Value> DenseNetBuilder::build(Value input) {
  Expected<Value> x = stem(input);
  size_t blocks = cfg.blockConfig.size();
  for (size_t i = 0; x && i < blocks; ++i) {
    x = denseBlock(*x, i);
    if (x && i + 1 < blocks)
      x = transition(*x, i);
  }
  if (!x)
    return x.takeError();
  return classifier(*x);
}

/// Runs the verifier, turning its diagnostics into the error text.
static Error verifyModule(ModuleOp module) {
  std::string messages;
  llvm::raw_string_ostream os(messages);
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &diag) {
    os << "\n  " << diag.getLocation() << ": " << diag;
    return success();
  });
  if (succeeded(verify(module)))
    return Error::success();
  return llvm::createStringError("the built module does not verify:" +
                                 messages);
}

Expected<OwningOpRef<ModuleOp>>
mlir::densenet::buildDenseNet(MLIRContext &ctx, const ModelConfig &cfg,
                              WeightSource &weights) {
  if (Error err = validate(cfg))
    return std::move(err);
  ctx.loadDialect<arith::ArithDialect, func::FuncDialect, DenseNetDialect>();
  OpBuilder b(&ctx);
  Location loc = NameLoc::get(b.getStringAttr(cfg.name));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto f32 = b.getF32Type();
  auto inputType = RankedTensorType::get(
      {cfg.batch, cfg.channels, cfg.height, cfg.width}, f32);
  auto outputType = RankedTensorType::get({cfg.batch, cfg.numClasses}, f32);
  auto forward = func::FuncOp::create(b, loc, "forward",
                                      b.getFunctionType(inputType, outputType));
  b.setInsertionPointToStart(forward.addEntryBlock());
  Expected<Value> logits =
      DenseNetBuilder(b, cfg, weights).build(forward.getArgument(0));
  if (!logits)
    return logits.takeError();
  func::ReturnOp::create(b, loc, *logits);
  if (Error err = weights.finish())
    return std::move(err);
  if (Error err = verifyModule(*module))
    return std::move(err);
  return std::move(module);
}
