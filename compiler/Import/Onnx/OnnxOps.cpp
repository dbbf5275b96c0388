//===- OnnxOps.cpp - ONNX operators as primitive densenet ops -------------===//
//
// One handler per supported ONNX operator. Pad is not emitted on its own:
// its zero padding is carried to the AveragePool (PyTorch exports
// AvgPool2d as Pad + AveragePool) or Conv that consumes it. A
// GlobalAveragePool gives an NxC matrix that Flatten/Reshape expose, and an
// Add of a constant vector to a MatMul or Gemm result becomes that linear
// layer's bias.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxOps.h"

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::densenet;
using namespace mlir::densenet::onnx_import;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::SmallVector;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static bool isZero(const Padding &padding) {
  return llvm::all_of(padding, [](int64_t p) { return p == 0; });
}

static Padding addPadding(const Padding &a, const Padding &c) {
  return {a[0] + c[0], a[1] + c[1], a[2] + c[2], a[3] + c[3]};
}

/// Error unless `tensor` has exactly `shape`; `what` describes the shape.
static Error expectShape(const OnnxNode &node, const HostTensor &tensor,
                         ArrayRef<int64_t> shape, StringRef what) {
  if (ArrayRef<int64_t>(tensor.dims) == shape)
    return Error::success();
  return node.error("'" + tensor.name + "' has shape " +
                    shapeString(tensor.dims) + "; expected " +
                    shapeString(shape) + " (" + what + ")");
}

/// Row-major transpose of a rows x cols matrix.
static std::vector<float> transpose(ArrayRef<float> m, int64_t rows,
                                    int64_t cols) {
  std::vector<float> t(m.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      t[c * rows + r] = m[r * cols + c];
  return t;
}

/// A bias of `size` from a constant of shape [], [1], [size] or [1, size].
static Expected<std::vector<float>>
broadcastBias(const OnnxNode &node, const HostTensor &c, int64_t size) {
  bool vector = c.dims.size() == 1 || (c.dims.size() == 2 && c.dims[0] == 1);
  if (c.numElements() == 1 && c.dims.size() <= 2)
    return std::vector<float>(size, c.floats[0]);
  if (vector && c.numElements() == size)
    return c.floats;
  return node.error("'" + c.name + "' has shape " + shapeString(c.dims) +
                    "; expected a bias of " + llvm::Twine(size) +
                    " values, broadcast along the batch");
}

//===----------------------------------------------------------------------===//
// Window attributes (Conv, MaxPool, AveragePool)
//===----------------------------------------------------------------------===//

namespace {
struct Window {
  SmallVector<int64_t, 4> kernel, stride;
  Padding pads;
};
} // namespace

static Error checkAttrList(const OnnxNode &node, StringRef name,
                           ArrayRef<int64_t> values, size_t size,
                           int64_t minimum) {
  if (values.size() == size && llvm::all_of(values, [&](int64_t v) {
        return v >= minimum && v <= kMaxDim;
      }))
    return Error::success();
  return node.error(name + " " + listString(values) + " must be " +
                    llvm::Twine(size) + " values in [" + llvm::Twine(minimum) +
                    ", " + llvm::Twine(kMaxDim) + "]");
}

/// kernel_shape, strides, pads, dilations and auto_pad of a 2-D window.
/// `weightKernel` is a convolution's kernel, where kernel_shape may be
/// omitted.
static Expected<Window> readWindow(const OnnxNode &node,
                                   ArrayRef<int64_t> weightKernel) {
  Expected<std::string> autoPad = node.getString("auto_pad", "NOTSET");
  if (!autoPad)
    return autoPad.takeError();
  if (*autoPad != "NOTSET")
    return node.error("auto_pad '" + *autoPad +
                      "' is not supported (only NOTSET, with explicit pads)");
  auto dilations = node.getInts("dilations", {1, 1});
  if (!dilations)
    return dilations.takeError();
  if (llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return node.error("dilations " + listString(*dilations) +
                      " are not supported (only 1)");
  auto kernel = node.getInts("kernel_shape", weightKernel);
  auto stride = node.getInts("strides", {1, 1});
  auto pads = node.getInts("pads", {0, 0, 0, 0});
  if (!kernel || !stride || !pads)
    return llvm::joinErrors(
        llvm::joinErrors(kernel.takeError(), stride.takeError()),
        pads.takeError());
  if (Error err = checkAttrList(node, "kernel_shape", *kernel, 2, 1))
    return std::move(err);
  if (!weightKernel.empty() && ArrayRef<int64_t>(*kernel) != weightKernel)
    return node.error("kernel_shape " + listString(*kernel) +
                      " differs from the weight's " + listString(weightKernel));
  if (Error err = checkAttrList(node, "strides", *stride, 2, 1))
    return std::move(err);
  if (Error err = checkAttrList(node, "pads", *pads, 4, 0))
    return std::move(err);
  // ONNX pads are [x1_begin, x2_begin, x1_end, x2_end]: top, left, bottom,
  // right, the dialect's order.
  return Window{
      *kernel, *stride, {(*pads)[0], (*pads)[1], (*pads)[2], (*pads)[3]}};
}

/// The window must fit the padded input.
static Error checkFits(const OnnxNode &node, ArrayRef<int64_t> input,
                       ArrayRef<int64_t> kernel, const Padding &pads) {
  for (int d = 0; d < 2; ++d)
    if (input[2 + d] + pads[d] + pads[d + 2] < kernel[d])
      return node.error("the " + shapeString(kernel) +
                        " window does not fit the " +
                        shapeString(input.drop_front(2)) + " input padded by " +
                        listString(pads));
  return Error::success();
}

/// Pool padding must be smaller than the kernel, so that every window sees
/// a real element.
static Error checkPoolPadding(const OnnxNode &node, ArrayRef<int64_t> kernel,
                              const Padding &pads) {
  if (pads[0] < kernel[0] && pads[2] < kernel[0] && pads[1] < kernel[1] &&
      pads[3] < kernel[1])
    return Error::success();
  return node.error("pads " + listString(pads) + " must be smaller than the " +
                    shapeString(kernel) + " kernel");
}

static Error checkFloorMode(const OnnxNode &node) {
  Expected<int64_t> ceilMode = node.getInt("ceil_mode", 0);
  if (!ceilMode)
    return ceilMode.takeError();
  if (*ceilMode != 0)
    return node.error("ceil_mode=" + llvm::Twine(*ceilMode) +
                      " is not supported (only floor rounding, ceil_mode=0)");
  return Error::success();
}

//===----------------------------------------------------------------------===//
// OpEmitter
//===----------------------------------------------------------------------===//

Location OpEmitter::loc(StringRef name) {
  return NameLoc::get(b.getStringAttr(name));
}

Value OpEmitter::weight(ArrayRef<int64_t> shape, ArrayRef<float> data,
                        StringRef name) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(b, loc(name),
                                   DenseElementsAttr::get(type, data));
}

Error OpEmitter::bind(const OnnxNode &node, Value result) {
  return values.define(&node, node.output(0), OnnxValue::tensor(result));
}

Error OpEmitter::emit(const OnnxNode &node) {
  StringRef domain = node.getProto().domain();
  if (!domain.empty() && domain != "ai.onnx")
    return node.error("unsupported operator (domain '" + domain + "')");
  using Handler = Error (OpEmitter::*)(const OnnxNode &);
  Handler handler =
      llvm::StringSwitch<Handler>(node.opType())
          .Case("Conv", &OpEmitter::conv)
          .Case("BatchNormalization", &OpEmitter::batchNorm)
          .Case("Relu", &OpEmitter::relu)
          .Case("Concat", &OpEmitter::concat)
          .Case("Pad", &OpEmitter::pad)
          .Case("MaxPool", &OpEmitter::maxPool)
          .Case("AveragePool", &OpEmitter::averagePool)
          .Case("GlobalAveragePool", &OpEmitter::globalAveragePool)
          .Case("Flatten", &OpEmitter::flatten)
          .Case("Reshape", &OpEmitter::reshape)
          .Case("Gemm", &OpEmitter::gemm)
          .Case("MatMul", &OpEmitter::matMul)
          .Case("Add", &OpEmitter::add)
          .Case("Identity", &OpEmitter::identity)
          .Case("Constant", &OpEmitter::constant)
          .Default(nullptr);
  if (!handler)
    return node.error("unsupported operator");
  return (this->*handler)(node);
}

Error OpEmitter::conv(const OnnxNode &node) {
  auto input = values.paddedFeatureMap(node, 0);
  if (!input)
    return input.takeError();
  auto [x, prePadding] = *input;
  auto w = values.constant(node, 1);
  if (!w)
    return w.takeError();
  ArrayRef<int64_t> dims = (*w)->dims;
  if (dims.size() != 4 || llvm::any_of(dims, [](int64_t d) { return d < 1; }))
    return node.error("weight '" + (*w)->name + "' has shape " +
                      shapeString((*w)->dims) + "; expected MxCxKHxKW");
  Expected<int64_t> group = node.getInt("group", 1);
  if (!group)
    return group.takeError();
  if (*group != 1)
    return node.error("group=" + llvm::Twine(*group) +
                      " is not supported (only 1)");
  Expected<Window> window = readWindow(node, dims.drop_front(2));
  if (!window)
    return window.takeError();
  ArrayRef<int64_t> in = shapeOf(x);
  if (dims[1] != in[1])
    return node.error("weight '" + (*w)->name + "' has " +
                      llvm::Twine(dims[1]) + " input channels; the input has " +
                      llvm::Twine(in[1]));
  Padding pads = addPadding(window->pads, prePadding);
  if (Error err = checkFits(node, in, window->kernel, pads))
    return err;
  Value bias;
  if (!node.input(2).empty()) {
    auto c = values.constant(node, 2);
    if (!c)
      return c.takeError();
    if (Error err = expectShape(node, **c, {dims[0]}, "one bias per filter"))
      return err;
    bias = weight({dims[0]}, (*c)->floats, (*c)->name);
  }
  Value result = Conv2DOp::create(
      b, loc(node.name()), x, weight(dims, (*w)->floats, (*w)->name), bias,
      b.getDenseI64ArrayAttr(window->stride), b.getDenseI64ArrayAttr(pads));
  return bind(node, result);
}

Error OpEmitter::batchNorm(const OnnxNode &node) {
  if (Error err = node.checkSingleOutput(
          "training-mode statistics (export the model in eval mode)"))
    return err;
  Expected<int64_t> training = node.getInt("training_mode", 0);
  Expected<float> epsilon = node.getFloat("epsilon", 1e-5f);
  if (!training || !epsilon)
    return llvm::joinErrors(training.takeError(), epsilon.takeError());
  if (*training != 0)
    return node.error("training_mode=" + llvm::Twine(*training) +
                      " is not supported (export the model in eval mode)");
  if (!(*epsilon > 0) || !std::isfinite(*epsilon))
    return node.error("epsilon must be positive, got " +
                      std::to_string(*epsilon));
  Expected<Value> x = values.featureMap(node, 0);
  if (!x)
    return x.takeError();
  int64_t channels = shapeOf(*x)[1];
  // Rows: scale (gamma), bias (beta), running mean, running variance.
  std::vector<float> packed;
  packed.reserve(4 * channels);
  for (unsigned i = 1; i <= 4; ++i) {
    auto row = values.constant(node, i);
    if (!row)
      return row.takeError();
    if (Error err =
            expectShape(node, **row, {channels}, "one value per channel"))
      return err;
    llvm::append_range(packed, (*row)->floats);
  }
  Value norm = weight({4, channels}, packed, node.name());
  Value result = BatchNormOp::create(b, loc(node.name()), *x, norm,
                                     b.getF64FloatAttr(*epsilon));
  return bind(node, result);
}

/// ReLU of a feature map, a matrix or a globally pooled value.
Error OpEmitter::relu(const OnnxNode &node) {
  Expected<const OnnxValue *> input = values.get(node, 0);
  if (!input)
    return input.takeError();
  OnnxValue result = **input;
  if (result.kind != OnnxValue::Kind::Tensor &&
      result.kind != OnnxValue::Kind::Pooled)
    return values.featureMap(node, 0).takeError();
  result.value =
      ReluOp::create(b, loc(node.name()), result.value.getType(), result.value);
  return values.define(&node, node.output(0), std::move(result));
}

Error OpEmitter::concat(const OnnxNode &node) {
  Expected<int64_t> axis = node.getInt("axis", 1);
  if (!axis)
    return axis.takeError();
  if (*axis != 1 && *axis != -3)
    return node.error("concatenation along axis " + llvm::Twine(*axis) +
                      " is not supported (only channels, axis 1)");
  SmallVector<Value> inputs;
  int64_t channels = 0;
  for (unsigned i = 0, e = node.getProto().input_size(); i < e; ++i) {
    Expected<Value> x = values.featureMap(node, i);
    if (!x)
      return x.takeError();
    ArrayRef<int64_t> first = inputs.empty() ? shapeOf(*x) : shapeOf(inputs[0]);
    ArrayRef<int64_t> shape = shapeOf(*x);
    if (shape[0] != first[0] || shape[2] != first[2] || shape[3] != first[3])
      return node.error("input '" + node.input(i) + "' has shape " +
                        shapeString(shape) + "; expected " +
                        llvm::Twine(first[0]) + "xCx" + llvm::Twine(first[2]) +
                        "x" + llvm::Twine(first[3]) + " like input '" +
                        node.input(0) + "'");
    inputs.push_back(*x);
    channels += shape[1];
  }
  if (channels > kMaxDim)
    return node.error("the result would have " + llvm::Twine(channels) +
                      " channels");
  if (inputs.size() == 1)
    return bind(node, inputs.front());
  return bind(node, ConcatOp::create(b, loc(node.name()), inputs));
}

Error OpEmitter::pad(const OnnxNode &node) {
  Expected<std::string> mode = node.getString("mode", "constant");
  if (!mode)
    return mode.takeError();
  if (*mode != "constant")
    return node.error("mode '" + *mode +
                      "' is not supported (only constant zero padding)");
  Expected<Value> x = values.featureMap(node, 0);
  if (!x)
    return x.takeError();
  auto pads = values.constant(node, 1, /*isFloat=*/false);
  if (!pads)
    return pads.takeError();
  if (Error err = expectShape(node, **pads, {8}, "begin and end of 4 axes"))
    return err;
  if (!node.input(2).empty()) {
    auto value = values.constant(node, 2);
    if (!value)
      return value.takeError();
    if ((*value)->numElements() != 1 || (*value)->floats[0] != 0.0f)
      return node.error("only zero padding is supported");
  }
  if (!node.input(3).empty())
    return node.error("the axes input is not supported");
  ArrayRef<int64_t> p = (*pads)->ints;
  if (p[0] || p[1] || p[4] || p[5])
    return node.error("padding the batch or channel axis is not supported");
  Padding padding = {p[2], p[3], p[6], p[7]};
  if (llvm::any_of(padding, [](int64_t v) { return v < 0; }))
    return node.error("negative pads (cropping) are not supported");
  if (isZero(padding))
    return bind(node, *x);
  return values.define(&node, node.output(0),
                       OnnxValue::padded(*x, padding, node.name()));
}

Error OpEmitter::maxPool(const OnnxNode &node) {
  if (Error err = node.checkSingleOutput("MaxPool's Indices output"))
    return err;
  if (Error err = checkFloorMode(node))
    return err;
  Expected<Value> x = values.featureMap(node, 0);
  if (!x)
    return x.takeError();
  Expected<Window> window = readWindow(node, {});
  if (!window)
    return window.takeError();
  if (Error err = checkPoolPadding(node, window->kernel, window->pads))
    return err;
  if (Error err = checkFits(node, shapeOf(*x), window->kernel, window->pads))
    return err;
  Value result = MaxPoolOp::create(b, loc(node.name()), *x,
                                   b.getDenseI64ArrayAttr(window->kernel),
                                   b.getDenseI64ArrayAttr(window->stride),
                                   b.getDenseI64ArrayAttr(window->pads));
  return bind(node, result);
}

/// The dialect's avg_pool counts padding in the divisor: ONNX's
/// count_include_pad=1, or a Pad node's real zeros.
Error OpEmitter::averagePool(const OnnxNode &node) {
  if (Error err = checkFloorMode(node))
    return err;
  auto input = values.paddedFeatureMap(node, 0);
  if (!input)
    return input.takeError();
  auto [x, prePadding] = *input;
  Expected<Window> window = readWindow(node, {});
  if (!window)
    return window.takeError();
  Expected<int64_t> includePad = node.getInt("count_include_pad", 0);
  if (!includePad)
    return includePad.takeError();
  if (*includePad == 0 && !isZero(window->pads))
    return node.error("count_include_pad=0 with pads " +
                      listString(window->pads) +
                      " is not supported (padding always counts in the "
                      "divisor here; use count_include_pad=1)");
  Padding pads = addPadding(window->pads, prePadding);
  if (Error err = checkPoolPadding(node, window->kernel, pads))
    return err;
  if (Error err = checkFits(node, shapeOf(x), window->kernel, pads))
    return err;
  Value result = AvgPoolOp::create(
      b, loc(node.name()), x, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->stride), b.getDenseI64ArrayAttr(pads));
  return bind(node, result);
}

Error OpEmitter::globalAveragePool(const OnnxNode &node) {
  Expected<Value> x = values.featureMap(node, 0);
  if (!x)
    return x.takeError();
  Value pooled = GlobalAvgPoolOp::create(b, loc(node.name()), *x);
  return values.define(&node, node.output(0),
                       OnnxValue::pooled(pooled, node.name()));
}

Error OpEmitter::reshapeTo(const OnnxNode &node, ArrayRef<int64_t> target) {
  Expected<const OnnxValue *> input = values.get(node, 0);
  if (!input)
    return input.takeError();
  const OnnxValue &x = **input;
  if (x.kind == OnnxValue::Kind::Tensor || x.kind == OnnxValue::Kind::Pooled) {
    SmallVector<int64_t, 4> shape = onnxShape(x);
    if (shape.size() == 2 && ArrayRef<int64_t>(shape) == target)
      return bind(node, x.value);
    bool unitSpatial = shape.size() == 4 && shape[2] == 1 && shape[3] == 1;
    if (unitSpatial && target == ArrayRef<int64_t>{shape[0], shape[1]}) {
      if (x.kind == OnnxValue::Kind::Pooled)
        return bind(node, x.value);
      // Averaging a 1x1 map is the identity.
      return bind(node, GlobalAvgPoolOp::create(b, loc(node.name()), x.value));
    }
    return node.error("reshaping " + shapeString(shape) + " to " +
                      shapeString(target) +
                      " is not supported (only NxCx1x1 to NxC)");
  }
  return values.matrix(node, 0).takeError();
}

Error OpEmitter::flatten(const OnnxNode &node) {
  Expected<int64_t> axis = node.getInt("axis", 1);
  Expected<const OnnxValue *> input = values.get(node, 0);
  if (!axis || !input)
    return llvm::joinErrors(axis.takeError(), input.takeError());
  if ((*input)->kind == OnnxValue::Kind::Constant ||
      (*input)->kind == OnnxValue::Kind::Padded)
    return values.matrix(node, 0).takeError();
  SmallVector<int64_t, 4> shape = onnxShape(**input);
  int64_t rank = shape.size();
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  if (a < 0 || a > rank)
    return node.error("axis " + llvm::Twine(*axis) + " is out of range for " +
                      shapeString(shape));
  auto product = [](ArrayRef<int64_t> dims) {
    int64_t p = 1;
    for (int64_t d : dims)
      p *= d;
    return p;
  };
  ArrayRef<int64_t> dims = shape;
  return reshapeTo(node,
                   {product(dims.take_front(a)), product(dims.drop_front(a))});
}

Error OpEmitter::reshape(const OnnxNode &node) {
  Expected<const OnnxValue *> input = values.get(node, 0);
  auto spec = values.constant(node, 1, /*isFloat=*/false);
  Expected<int64_t> allowZero = node.getInt("allowzero", 0);
  if (!input || !spec || !allowZero)
    return llvm::joinErrors(
        llvm::joinErrors(input.takeError(), spec.takeError()),
        allowZero.takeError());
  if ((*input)->kind == OnnxValue::Kind::Constant ||
      (*input)->kind == OnnxValue::Kind::Padded)
    return values.matrix(node, 0).takeError();
  if ((*spec)->dims.size() != 1)
    return node.error("the shape input must be 1-D");
  SmallVector<int64_t, 4> shape = onnxShape(**input);
  ArrayRef<int64_t> requested = (*spec)->ints;
  auto invalid = [&] {
    return node.error("shape " + listString(requested) +
                      " is not a valid reshape of " + shapeString(shape));
  };
  int64_t total = 1, known = 1;
  for (int64_t d : shape)
    total *= d;
  SmallVector<int64_t, 4> target;
  std::optional<size_t> inferred;
  for (size_t i = 0; i < requested.size(); ++i) {
    int64_t d = requested[i];
    if (d == 0 && !*allowZero && i < shape.size())
      d = shape[i];
    if (d == -1 && !inferred)
      inferred = i;
    else if (d < 1 || known > total / d)
      return invalid();
    else
      known *= d;
    target.push_back(d);
  }
  if (inferred && total % known == 0)
    target[*inferred] = total / known;
  else if (inferred || known != total)
    return invalid();
  return reshapeTo(node, target);
}

Error OpEmitter::linear(const OnnxNode &node, Value x, ArrayRef<float> w,
                        ArrayRef<int64_t> weightShape, ArrayRef<float> bias) {
  int64_t features = shapeOf(x)[1];
  if (weightShape[1] != features)
    return node.error("the weight has " + llvm::Twine(weightShape[1]) +
                      " input features; the input has " +
                      llvm::Twine(features));
  Value result = LinearOp::create(b, loc(node.name()), x,
                                  weight(weightShape, w, node.name()),
                                  weight({weightShape[0]}, bias, node.name()));
  return bind(node, result);
}

/// Gemm: alpha * A * op(B) + beta * C, A the activations, B and C constant.
Expected<const HostTensor *> OpEmitter::matrixConstant(const OnnxNode &node,
                                                      unsigned i) {
  auto tensor = values.constant(node, i);
  if (!tensor)
    return tensor.takeError();
  const HostTensor &t = **tensor;
  if (t.dims.size() != 2 || t.dims[0] < 1 || t.dims[1] < 1)
    return node.error("'" + t.name + "' has shape " + shapeString(t.dims) +
                      "; expected a matrix");
  return *tensor;
}

Error OpEmitter::gemm(const OnnxNode &node) {
  Expected<int64_t> transA = node.getInt("transA", 0);
  Expected<int64_t> transB = node.getInt("transB", 0);
  Expected<float> alpha = node.getFloat("alpha", 1.0f);
  Expected<float> beta = node.getFloat("beta", 1.0f);
  if (!transA || !transB || !alpha || !beta)
    return llvm::joinErrors(
        llvm::joinErrors(transA.takeError(), transB.takeError()),
        llvm::joinErrors(alpha.takeError(), beta.takeError()));
  if (*transA != 0)
    return node.error("transA=1 is not supported");
  Expected<Value> x = values.matrix(node, 0);
  if (!x)
    return x.takeError();
  auto bMatrix = matrixConstant(node, 1);
  if (!bMatrix)
    return bMatrix.takeError();
  const HostTensor &bt = **bMatrix;
  // The dialect's weight is [out, in]: B itself when transB, else B^T.
  std::vector<float> w =
      *transB ? bt.floats : transpose(bt.floats, bt.dims[0], bt.dims[1]);
  SmallVector<int64_t, 2> shape = {bt.dims[*transB ? 0 : 1],
                                   bt.dims[*transB ? 1 : 0]};
  for (float &v : w)
    v *= *alpha;
  std::vector<float> bias(shape[0], 0.0f);
  if (!node.input(2).empty()) {
    auto c = values.constant(node, 2);
    if (!c)
      return c.takeError();
    Expected<std::vector<float>> given = broadcastBias(node, **c, shape[0]);
    if (!given)
      return given.takeError();
    for (auto [out, in] : llvm::zip(bias, *given))
      out = *beta * in;
  }
  return linear(node, *x, w, shape, bias);
}

Error OpEmitter::matMul(const OnnxNode &node) {
  Expected<Value> x = values.matrix(node, 0);
  if (!x)
    return x.takeError();
  auto bMatrix = matrixConstant(node, 1);
  if (!bMatrix)
    return bMatrix.takeError();
  const HostTensor &bt = **bMatrix;
  std::vector<float> w = transpose(bt.floats, bt.dims[0], bt.dims[1]);
  return linear(node, *x, w, {bt.dims[1], bt.dims[0]},
                std::vector<float>(bt.dims[1], 0.0f));
}

/// linear(x) + c, c a constant vector: the linear layer with c added to its
/// bias.
Error OpEmitter::add(const OnnxNode &node) {
  for (unsigned i : {0u, 1u}) {
    const OnnxValue *a = values.lookup(node.input(i));
    const OnnxValue *c = values.lookup(node.input(1 - i));
    if (!a || !c || a->kind != OnnxValue::Kind::Tensor ||
        c->kind != OnnxValue::Kind::Constant || !c->constant->isFloat)
      continue;
    auto lin = a->value.getDefiningOp<LinearOp>();
    DenseElementsAttr oldBias;
    if (!lin || !matchPattern(lin.getBias(), m_Constant(&oldBias)))
      continue;
    int64_t outputs = shapeOf(lin.getBias())[0];
    Expected<std::vector<float>> bias =
        broadcastBias(node, *c->constant, outputs);
    if (!bias)
      return bias.takeError();
    for (auto [sum, old] : llvm::zip(*bias, oldBias.getValues<float>()))
      sum += old;
    Value result =
        LinearOp::create(b, loc(node.name()), lin.getInput(), lin.getWeight(),
                         weight({outputs}, *bias, node.name()));
    return bind(node, result);
  }
  for (unsigned i : {0u, 1u})
    if (Error err = values.get(node, i).takeError())
      return err;
  return node.error("Add is only supported as the bias of a MatMul or Gemm "
                    "(its result plus a constant vector)");
}

Error OpEmitter::identity(const OnnxNode &node) {
  Expected<const OnnxValue *> input = values.get(node, 0);
  if (!input)
    return input.takeError();
  return values.define(&node, node.output(0), **input);
}

Error OpEmitter::constant(const OnnxNode &node) {
  if (node.getProto().attribute_size() != 1)
    return node.error("expected exactly one value attribute");
  const onnx::AttributeProto &attr = node.getProto().attribute(0);
  auto tensor = std::make_shared<HostTensor>();
  tensor->name = node.output(0).str();
  StringRef kind = attr.name();
  if (kind == "value" && attr.type() == onnx::AttributeProto::TENSOR) {
    Expected<HostTensor> read = tensors.read(attr.t(), tensor->name);
    if (!read)
      return node.error(llvm::toString(read.takeError()));
    *tensor = std::move(*read);
  } else if (kind == "value_float" &&
             attr.type() == onnx::AttributeProto::FLOAT) {
    tensor->floats = {attr.f()};
  } else if (kind == "value_floats" &&
             attr.type() == onnx::AttributeProto::FLOATS) {
    tensor->floats.assign(attr.floats().begin(), attr.floats().end());
    tensor->dims = {int64_t(tensor->floats.size())};
  } else if (kind == "value_int" && attr.type() == onnx::AttributeProto::INT) {
    tensor->isFloat = false;
    tensor->ints = {attr.i()};
  } else if (kind == "value_ints" &&
             attr.type() == onnx::AttributeProto::INTS) {
    tensor->isFloat = false;
    tensor->ints.assign(attr.ints().begin(), attr.ints().end());
    tensor->dims = {int64_t(tensor->ints.size())};
  } else {
    return node.error("attribute '" + kind + "' is not supported");
  }
  return values.define(&node, node.output(0),
                       OnnxValue::constantOf(std::move(tensor)));
}
