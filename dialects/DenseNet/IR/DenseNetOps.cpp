//===- DenseNetOps.cpp - densenet op verifiers and shape inference --------===//
//
// Result-type inference and verifiers for the `densenet` ops. The verifiers
// check what ODS cannot: relations between operand shapes and attributes.
// Each names the op, the value, the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::densenet;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

static RankedTensorType featureType(MLIRContext *ctx, int64_t n, int64_t c,
                                    int64_t h, int64_t w) {
  return RankedTensorType::get({n, c, h, w}, Float32Type::get(ctx));
}

/// Output extent of a sliding window (floor mode), or nullopt if empty.
static std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                               int64_t stride, int64_t padLo,
                                               int64_t padHi) {
  int64_t span = in + padLo + padHi - kernel;
  if (span < 0 || stride <= 0)
    return std::nullopt;
  return span / stride + 1;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

/// A packed batch norm must be 4xC.
static LogicalResult verifyNorm(Operation *op, Value norm, int64_t channels,
                                StringRef name) {
  ArrayRef<int64_t> shape = shapeOf(norm);
  if (shape[0] == 4 && shape[1] == channels)
    return success();
  return op->emitOpError() << name << " parameters have shape "
                           << shapeString(shape) << "; expected 4x" << channels
                           << " (scale, bias, mean, var for " << channels
                           << " channels)";
}

/// A convolution weight must be [*, inChannels, kernel, kernel].
static LogicalResult verifyConvWeight(Operation *op, Value weight,
                                      int64_t inChannels, int64_t kernel,
                                      StringRef name) {
  ArrayRef<int64_t> shape = shapeOf(weight);
  if (shape[1] != inChannels)
    return op->emitOpError()
           << name << " weight has " << shape[1] << " input channels (shape "
           << shapeString(shape) << "); expected " << inChannels;
  if (shape[2] != kernel || shape[3] != kernel)
    return op->emitOpError() << name << " weight has a " << shape[2] << "x"
                             << shape[3] << " kernel; expected " << kernel
                             << "x" << kernel;
  return success();
}

//===----------------------------------------------------------------------===//
// StemOp
//===----------------------------------------------------------------------===//

LogicalResult StemOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  int64_t channels = shapeOf(adaptor.getConv())[0];
  int64_t h = in[2], w = in[3];
  if (adaptor.getKind() == StemKind::imagenet) {
    auto ch = windowOutputSize(h, 7, 2, 3, 3);
    auto cw = windowOutputSize(w, 7, 2, 3, 3);
    std::optional<int64_t> ph, pw;
    if (ch && cw) {
      ph = windowOutputSize(*ch, 3, 2, 1, 1);
      pw = windowOutputSize(*cw, 3, 2, 1, 1);
    }
    if (!ph || !pw)
      return emitOptionalError(loc, "'densenet.stem' op input ",
                               shapeString(in), " is too small for the stem");
    h = *ph;
    w = *pw;
  }
  types.push_back(featureType(ctx, in[0], channels, h, w));
  return success();
}

LogicalResult StemOp::verify() {
  int64_t inChannels = shapeOf(getInput())[1];
  bool imagenet = getKind() == StemKind::imagenet;
  if (failed(verifyConvWeight(*this, getConv(), inChannels, imagenet ? 7 : 3,
                              "conv")))
    return failure();
  int64_t channels = shapeOf(getConv())[0];
  if (imagenet && !getNorm())
    return emitOpError("imagenet stem requires a norm operand");
  if (!imagenet && getNorm())
    return emitOpError("cifar stem takes no norm operand");
  if (getNorm())
    return verifyNorm(*this, getNorm(), channels, "norm");
  return success();
}

//===----------------------------------------------------------------------===//
// DenseLayerOp
//===----------------------------------------------------------------------===//

LogicalResult DenseLayerOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location>,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  Value growthConv =
      adaptor.getConv2() ? adaptor.getConv2() : adaptor.getConv1();
  types.push_back(
      featureType(ctx, in[0], shapeOf(growthConv)[0], in[2], in[3]));
  return success();
}

/// Verifies one dense layer's parameters for `inChannels` input channels and
/// returns the growth rate through `growth`. Shared by dense_layer and
/// dense_block; `prefix` names the layer in diagnostics.
static LogicalResult verifyLayerParams(Operation *op, ValueRange params,
                                       int64_t inChannels, StringRef prefix,
                                       int64_t &growth) {
  std::string p = prefix.str();
  if (failed(verifyNorm(op, params[0], inChannels, p + "norm1")))
    return failure();
  bool bottleneck = params.size() == 4;
  if (failed(verifyConvWeight(op, params[1], inChannels, bottleneck ? 1 : 3,
                              p + "conv1")))
    return failure();
  if (bottleneck) {
    int64_t width = shapeOf(params[1])[0];
    if (failed(verifyNorm(op, params[2], width, p + "norm2")) ||
        failed(verifyConvWeight(op, params[3], width, 3, p + "conv2")))
      return failure();
  }
  growth = shapeOf(params.back())[0];
  return success();
}

LogicalResult DenseLayerOp::verify() {
  if (!getNorm2() != !getConv2())
    return emitOpError("norm2 and conv2 must be given together");
  SmallVector<Value> params = {getNorm1(), getConv1()};
  if (hasBottleneck())
    params.append({getNorm2(), getConv2()});
  int64_t growth;
  return verifyLayerParams(*this, params, shapeOf(getInput())[1], "", growth);
}

//===----------------------------------------------------------------------===//
// DenseBlockOp
//===----------------------------------------------------------------------===//

LogicalResult DenseBlockOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location>,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  int64_t channels =
      in[1] + adaptor.getNumLayers() * adaptor.getGrowthRate();
  types.push_back(featureType(ctx, in[0], channels, in[2], in[3]));
  return success();
}

Location DenseBlockOp::getLayerLoc(unsigned layer) {
  auto name = dyn_cast<NameLoc>(getLoc());
  if (!name)
    return getLoc();
  std::string layerName =
      (name.getName().strref() + ".denselayer" + llvm::Twine(layer + 1)).str();
  return NameLoc::get(StringAttr::get(getContext(), layerName), getLoc());
}

LogicalResult DenseBlockOp::verify() {
  uint64_t layers = getNumLayers();
  uint64_t count = getParams().size();
  uint64_t perLayer = count / layers;
  if (count % layers != 0 || (perLayer != 2 && perLayer != 4))
    return emitOpError() << "has " << count << " params for " << layers
                         << " layers; expected 4 per layer (bottleneck) or 2 "
                            "per layer (plain)";
  for (auto [i, p] : llvm::enumerate(getParams())) {
    int64_t rank = cast<RankedTensorType>(p.getType()).getRank();
    bool isNorm = i % 2 == 0; // norm1, conv1[, norm2, conv2] per layer
    int64_t expected = isNorm ? 2 : 4;
    if (rank != expected)
      return emitOpError() << "param #" << i << " ("
                           << (isNorm ? "norm" : "conv weight") << ") has rank "
                           << rank << "; expected " << expected;
  }
  int64_t channels = shapeOf(getInput())[1];
  for (uint64_t l = 0; l < layers; ++l) {
    std::string prefix = "layer " + std::to_string(l) + " ";
    int64_t growth;
    if (failed(verifyLayerParams(*this, getLayerParams(l), channels, prefix,
                                 growth)))
      return failure();
    if (growth != static_cast<int64_t>(getGrowthRate()))
      return emitOpError() << prefix << "adds " << growth
                           << " channels; expected growth_rate "
                           << getGrowthRate();
    channels += growth;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// TransitionOp
//===----------------------------------------------------------------------===//

LogicalResult TransitionOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  auto h = windowOutputSize(in[2], 2, 2, 0, 0);
  auto w = windowOutputSize(in[3], 2, 2, 0, 0);
  if (!h || !w)
    return emitOptionalError(loc, "'densenet.transition' op input ",
                             shapeString(in), " is smaller than the 2x2 pool");
  types.push_back(
      featureType(ctx, in[0], shapeOf(adaptor.getConv())[0], *h, *w));
  return success();
}

LogicalResult TransitionOp::verify() {
  int64_t inChannels = shapeOf(getInput())[1];
  if (failed(verifyNorm(*this, getNorm(), inChannels, "norm")) ||
      failed(verifyConvWeight(*this, getConv(), inChannels, 1, "conv")))
    return failure();
  double theta = getCompression().convertToDouble();
  int64_t expected = static_cast<int64_t>(std::floor(theta * inChannels));
  int64_t actual = shapeOf(getConv())[0];
  if (actual != expected)
    return emitOpError() << "conv produces " << actual
                         << " channels; expected floor(" << theta << " * "
                         << inChannels << ") = " << expected;
  return success();
}

//===----------------------------------------------------------------------===//
// ClassifierOp
//===----------------------------------------------------------------------===//

LogicalResult ClassifierOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location>,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  int64_t batch = shapeOf(adaptor.getInput())[0];
  int64_t classes = shapeOf(adaptor.getFcWeight())[0];
  types.push_back(RankedTensorType::get({batch, classes}, Float32Type::get(ctx)));
  return success();
}

LogicalResult ClassifierOp::verify() {
  int64_t channels = shapeOf(getInput())[1];
  if (failed(verifyNorm(*this, getNorm(), channels, "norm")))
    return failure();
  ArrayRef<int64_t> fc = shapeOf(getFcWeight());
  if (fc[1] != channels)
    return emitOpError() << "fc weight has " << fc[1]
                         << " input features (shape " << shapeString(fc)
                         << "); expected " << channels;
  int64_t bias = shapeOf(getFcBias())[0];
  if (bias != fc[0])
    return emitOpError() << "fc bias has " << bias << " elements; expected "
                         << fc[0];
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "'densenet.concat' op needs an input");
  ArrayRef<int64_t> first = shapeOf(adaptor.getInputs().front());
  int64_t channels = 0;
  for (Value v : adaptor.getInputs())
    channels += shapeOf(v)[1];
  types.push_back(featureType(ctx, first[0], channels, first[2], first[3]));
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  ArrayRef<int64_t> first = shapeOf(getInputs().front());
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    ArrayRef<int64_t> shape = shapeOf(v);
    for (int dim : {0, 2, 3})
      if (shape[dim] != first[dim])
        return emitOpError()
               << "input #" << i << " has shape " << shapeString(shape)
               << "; expected batch and spatial size " << first[0] << "x?x"
               << first[2] << "x" << first[3] << " like input #0";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

/// Infers NCHW output of a sliding window with the given attributes. ODS
/// verifies their arity before this runs on parsed IR, but builders infer
/// before any verification, so inference still refuses a wrong arity.
static LogicalResult inferWindowResult(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       StringRef opName,
                                       ArrayRef<int64_t> in, int64_t channels,
                                       ArrayRef<int64_t> kernel,
                                       ArrayRef<int64_t> stride,
                                       ArrayRef<int64_t> padding,
                                       SmallVectorImpl<Type> &types) {
  if (kernel.size() != 2 || stride.size() != 2 || padding.size() != 4)
    return emitOptionalError(loc, "'", opName,
                             "' op needs 2 kernel sizes, 2 strides and 4 pads");
  auto h = windowOutputSize(in[2], kernel[0], stride[0], padding[0], padding[2]);
  auto w = windowOutputSize(in[3], kernel[1], stride[1], padding[1], padding[3]);
  if (!h || !w)
    return emitOptionalError(loc, "'", opName, "' op input ", shapeString(in),
                             " is smaller than its ", kernel[0], "x", kernel[1],
                             " window");
  types.push_back(featureType(ctx, in[0], channels, *h, *w));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> weight = shapeOf(adaptor.getWeight());
  return inferWindowResult(ctx, loc, getOperationName(),
                           shapeOf(adaptor.getInput()), weight[0],
                           weight.drop_front(2), adaptor.getStride(),
                           adaptor.getPadding(), types);
}

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> weight = shapeOf(getWeight());
  ArrayRef<int64_t> kernel = weight.drop_front(2);
  if (llvm::any_of(kernel, [](int64_t k) { return k <= 0; }))
    return emitOpError() << "kernel must be 2 positive sizes, got "
                         << listString(kernel);
  int64_t inChannels = shapeOf(getInput())[1];
  if (weight[1] != inChannels)
    return emitOpError() << "weight has " << weight[1]
                         << " input channels (shape " << shapeString(weight)
                         << "); expected " << inChannels;
  if (getBias() && shapeOf(getBias())[0] != weight[0])
    return emitOpError() << "bias has " << shapeOf(getBias())[0]
                         << " elements; expected " << weight[0];
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location>,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult BatchNormOp::verify() {
  return verifyNorm(*this, getNorm(), shapeOf(getInput())[1], "norm");
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static LogicalResult inferPoolResult(MLIRContext *ctx,
                                     std::optional<Location> loc,
                                     typename PoolOp::Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  return inferWindowResult(ctx, loc, PoolOp::getOperationName(), in, in[1],
                           adaptor.getKernel(), adaptor.getStride(),
                           adaptor.getPadding(), types);
}

/// Every window must see at least one real element.
template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op) {
  ArrayRef<int64_t> k = op.getKernel(), p = op.getPadding();
  if (p[0] >= k[0] || p[2] >= k[0] || p[1] >= k[1] || p[3] >= k[1])
    return op.emitOpError() << "padding must be smaller than the "
                            << k[0] << "x" << k[1] << " kernel";
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferPoolResult<MaxPoolOp>(ctx, loc, adaptor, types);
}
LogicalResult MaxPoolOp::verify() { return verifyPool(*this); }

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferPoolResult<AvgPoolOp>(ctx, loc, adaptor, types);
}
LogicalResult AvgPoolOp::verify() { return verifyPool(*this); }

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location>,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  types.push_back(RankedTensorType::get({in[0], in[1]}, Float32Type::get(ctx)));
  return success();
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location>,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  int64_t batch = shapeOf(adaptor.getInput())[0];
  int64_t out = shapeOf(adaptor.getWeight())[0];
  types.push_back(RankedTensorType::get({batch, out}, Float32Type::get(ctx)));
  return success();
}

LogicalResult LinearOp::verify() {
  ArrayRef<int64_t> w = shapeOf(getWeight());
  int64_t features = shapeOf(getInput())[1];
  if (w[1] != features)
    return emitOpError() << "weight has " << w[1] << " input features (shape "
                         << shapeString(w) << "); expected " << features;
  if (shapeOf(getBias())[0] != w[0])
    return emitOpError() << "bias has " << shapeOf(getBias())[0]
                         << " elements; expected " << w[0];
  return success();
}

#define GET_OP_CLASSES
#include "dialects/DenseNet/IR/DenseNetOps.cpp.inc"
