//===- Raise.cpp - primitive densenet layers to structural ops ------------===//
//
// Implements `densenet-raise`, the inverse of densenet-decompose: it finds
// the stem, the dense blocks, the transitions and the classifier among
// primitive layers (as an importer emits them) and rebuilds the structural
// ops, so that an imported DenseNet gets the same treatment as a preset.
// Patterns are matched backwards from a root op and by structure only, never
// by name. A match may consume only ops whose results stay inside it;
// anything that does not match stays primitive.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETRAISE
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

/// The epsilon of a structural op whose norms were all folded away.
static constexpr double kDefaultEpsilon = 1e-5;

namespace {

/// The ops a pattern consumed and the epsilon its batch norms share.
struct Match {
  llvm::SmallSetVector<Operation *, 16> ops;
  std::optional<double> epsilon;

  /// False if `eps` differs from an epsilon seen before: a structural op
  /// has one epsilon for all its norms.
  bool addEpsilon(double eps) {
    if (epsilon && *epsilon != eps)
      return false;
    epsilon = eps;
    return true;
  }
  bool merge(const Match &other) {
    if (other.epsilon && !addEpsilon(*other.epsilon))
      return false;
    ops.insert(other.ops.begin(), other.ops.end());
    return true;
  }
};

/// A batch norm a pattern found: packed 4xC parameters, or the constant
/// bias of a convolution that an exporter folded a batch norm into.
struct NormSource {
  Value norm;
  Value foldedBias;
};

/// One dense layer, output = layer(input). conv1, conv2 are weights.
struct LayerMatch {
  Value input, output;
  Value norm1, conv1, conv2;
  NormSource norm2; ///< Bottleneck layers only.
  Match match;

  bool isBottleneck() const { return conv2 != nullptr; }
  int64_t growth() const { return shapeOf(output)[1]; }
};

} // namespace

//===----------------------------------------------------------------------===//
// Primitive chains, matched backwards
//===----------------------------------------------------------------------===//

static bool isWindow(ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                     ArrayRef<int64_t> padding, int64_t k, int64_t s,
                     int64_t p) {
  return kernel == ArrayRef<int64_t>{k, k} &&
         stride == ArrayRef<int64_t>{s, s} &&
         padding == ArrayRef<int64_t>{p, p, p, p};
}

/// A k x k convolution with stride s and symmetric padding p defining `v`.
static Conv2DOp matchConv(Value v, int64_t k, int64_t s, int64_t p) {
  auto conv = v.getDefiningOp<Conv2DOp>();
  if (!conv || !isWindow(shapeOf(conv.getWeight()).drop_front(2),
                         conv.getStride(), conv.getPadding(), k, s, p))
    return {};
  return conv;
}

/// relu(x) -> x.
static Value matchRelu(Value v, Match &m) {
  auto relu = v.getDefiningOp<ReluOp>();
  if (!relu)
    return {};
  m.ops.insert(relu);
  return relu.getInput();
}

/// relu(batch_norm(x)) -> x; `norm` gets the batch norm's parameters.
static Value matchNormRelu(Value v, Match &m, Value &norm) {
  Value normalized = matchRelu(v, m);
  auto bn = normalized ? normalized.getDefiningOp<BatchNormOp>() : nullptr;
  if (!bn || !m.addEpsilon(bn.getEpsilon().convertToDouble()))
    return {};
  m.ops.insert(bn);
  norm = bn.getNorm();
  return bn.getInput();
}

/// A bias-free convolution -> its input; `weight` gets its weight.
static Value matchBiasFreeConv(Value v, int64_t k, int64_t s, int64_t p,
                               Match &m, Value &weight) {
  Conv2DOp conv = matchConv(v, k, s, p);
  if (!conv || conv.getBias())
    return {};
  m.ops.insert(conv);
  weight = conv.getWeight();
  return conv.getInput();
}

/// A convolution and the batch norm after it -> the convolution's input:
/// batch_norm(conv2d(x)), or conv2d(x) with a constant bias where the
/// exporter folded the norm into the convolution.
static Value matchConvNorm(Value v, int64_t k, int64_t s, int64_t p, Match &m,
                           Value &weight, NormSource &norm) {
  if (auto bn = v.getDefiningOp<BatchNormOp>()) {
    Value x = matchBiasFreeConv(bn.getInput(), k, s, p, m, weight);
    if (!x || !m.addEpsilon(bn.getEpsilon().convertToDouble()))
      return {};
    m.ops.insert(bn);
    norm = {bn.getNorm(), Value()};
    return x;
  }
  Conv2DOp conv = matchConv(v, k, s, p);
  if (!conv || !conv.getBias() || !matchPattern(conv.getBias(), m_Constant()))
    return {};
  m.ops.insert(conv);
  weight = conv.getWeight();
  norm = {Value(), conv.getBias()};
  return conv.getInput();
}

/// y = conv3x3(relu(norm2(conv1x1(relu(norm1(x)))))), norm2 possibly folded
/// into conv1x1.
static std::optional<LayerMatch> matchBottleneckLayer(Value y) {
  LayerMatch layer;
  Match &m = layer.match;
  Value mid = matchBiasFreeConv(y, 3, 1, 1, m, layer.conv2);
  mid = mid ? matchRelu(mid, m) : Value();
  mid =
      mid ? matchConvNorm(mid, 1, 1, 0, m, layer.conv1, layer.norm2) : Value();
  layer.input = mid ? matchNormRelu(mid, m, layer.norm1) : Value();
  if (!layer.input)
    return std::nullopt;
  return layer;
}

/// y = conv3x3(relu(norm1(x))).
static std::optional<LayerMatch> matchPlainLayer(Value y) {
  LayerMatch layer;
  Value mid = matchBiasFreeConv(y, 3, 1, 1, layer.match, layer.conv1);
  layer.input = mid ? matchNormRelu(mid, layer.match, layer.norm1) : Value();
  if (!layer.input)
    return std::nullopt;
  return layer;
}

/// More leaves than any dense block has layers: a bound on the work that a
/// concat DAG with shared operands could cause.
static constexpr size_t kMaxLeaves = 4096;

/// The leaves of a concat tree: concat(concat(a, b), c) gives a, b, c.
/// False if there are more than kMaxLeaves.
static bool concatLeaves(Value v, SmallVectorImpl<Value> &leaves) {
  auto concat = v.getDefiningOp<ConcatOp>();
  if (!concat) {
    leaves.push_back(v);
    return leaves.size() <= kMaxLeaves;
  }
  return llvm::all_of(concat.getInputs(),
                      [&](Value input) { return concatLeaves(input, leaves); });
}

/// The dense layer producing `y` whose input is the concatenation of
/// `features` (bottleneck form tried first).
static std::optional<LayerMatch> matchLayer(Value y, ArrayRef<Value> features) {
  for (auto matcher : {matchBottleneckLayer, matchPlainLayer}) {
    std::optional<LayerMatch> layer = matcher(y);
    SmallVector<Value> leaves;
    if (!layer || !concatLeaves(layer->input, leaves) ||
        ArrayRef<Value>(leaves) != features)
      continue;
    layer->output = y;
    return layer;
  }
  return std::nullopt;
}

/// Adds the concats between `v` and the block's input and layer outputs.
static void collectConcats(Value v, Value blockInput,
                           const llvm::SmallPtrSetImpl<Value> &grown,
                           Match &m) {
  auto concat = v.getDefiningOp<ConcatOp>();
  if (v == blockInput || grown.contains(v) || !concat || !m.ops.insert(concat))
    return;
  for (Value input : concat.getInputs())
    collectConcats(input, blockInput, grown, m);
}

/// theta = out / in, nudged up until floor(theta * in) == out as the
/// transition verifier computes it.
static double compressionFor(int64_t out, int64_t in) {
  double theta = double(out) / double(in);
  while (std::floor(theta * double(in)) < double(out))
    theta = std::nextafter(theta, 2.0);
  return theta;
}

//===----------------------------------------------------------------------===//
// Raiser
//===----------------------------------------------------------------------===//

namespace {

class Raiser {
public:
  explicit Raiser(MLIRContext *ctx) : rewriter(ctx) {}

  /// Tries `raise` on every op of type OpTy in `func`, last first.
  template <typename OpTy>
  void raiseAll(func::FuncOp func, void (Raiser::*raise)(OpTy)) {
    SmallVector<OpTy> roots;
    func.walk([&](OpTy op) { roots.push_back(op); });
    for (OpTy root : llvm::reverse(roots))
      if (!erased.contains(root))
        (this->*raise)(root);
  }

  void imagenetStem(MaxPoolOp root);
  void cifarStem(Conv2DOp root);
  void transitionPoolLast(AvgPoolOp root);
  void transitionPoolFirst(Conv2DOp root);
  void classifier(LinearOp root);
  void denseBlock(ConcatOp root);

private:
  void transition(Operation *root, Value input, Value norm, Value conv,
                  const Match &m);
  Value packedNorm(const NormSource &source, double epsilon, Location loc);
  /// Replaces `root` by `replacement` and erases what the match consumed,
  /// with the constants only it used.
  void commit(Operation *root, Value replacement, const Match &m);

  IRRewriter rewriter;
  llvm::DenseSet<Operation *> erased;
};

} // namespace

/// Every consumed op except the root must be used only inside the match,
/// and all must sit in the root's block.
static bool isSelfContained(Operation *root, const Match &m) {
  return llvm::all_of(m.ops, [&](Operation *op) {
    return op->getBlock() == root->getBlock() &&
           (op == root || llvm::all_of(op->getUsers(), [&](Operation *user) {
              return m.ops.contains(user);
            }));
  });
}

/// A folded bias becomes an identity-scale norm that carries it: gamma =
/// sqrt(1 + eps), beta = bias, mean = 0, var = 1. Then gamma / sqrt(var +
/// eps) is 1 within an ulp, and densenet-fold-batchnorm folds the norm back
/// into the bias it came from.
Value Raiser::packedNorm(const NormSource &source, double epsilon,
                         Location loc) {
  if (source.norm)
    return source.norm;
  DenseElementsAttr bias;
  matchPattern(source.foldedBias, m_Constant(&bias));
  int64_t channels = bias.getNumElements();
  std::vector<float> packed(4 * channels, 0.0f);
  auto gamma = float(std::sqrt(1.0 + epsilon));
  for (auto [c, beta] : llvm::enumerate(bias.getValues<float>())) {
    packed[c] = gamma;
    packed[channels + c] = beta;
    packed[3 * channels + c] = 1.0f;
  }
  auto type = RankedTensorType::get({4, channels}, rewriter.getF32Type());
  return arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(type, ArrayRef(packed)));
}

void Raiser::commit(Operation *root, Value replacement, const Match &m) {
  llvm::SmallSetVector<Operation *, 16> constants;
  for (Operation *op : m.ops)
    for (Value operand : op->getOperands())
      if (auto constant = operand.getDefiningOp<arith::ConstantOp>())
        constants.insert(constant);
  rewriter.replaceAllUsesWith(root->getResult(0), replacement);
  SmallVector<Operation *> ops(m.ops.begin(), m.ops.end());
  llvm::sort(ops,
             [](Operation *a, Operation *b) { return b->isBeforeInBlock(a); });
  for (Operation *op : ops) {
    erased.insert(op);
    rewriter.eraseOp(op);
  }
  for (Operation *constant : constants)
    if (constant->use_empty())
      rewriter.eraseOp(constant);
}

/// maxpool3x3/2(relu(norm(conv7x7/2(x)))), the norm possibly folded.
void Raiser::imagenetStem(MaxPoolOp root) {
  if (!isWindow(root.getKernel(), root.getStride(), root.getPadding(), 3, 2, 1))
    return;
  Match m;
  m.ops.insert(root);
  Value weight;
  NormSource norm;
  Value x = matchRelu(root.getInput(), m);
  x = x ? matchConvNorm(x, 7, 2, 3, m, weight, norm) : Value();
  if (!x || !isSelfContained(root, m))
    return;
  rewriter.setInsertionPoint(root);
  double eps = m.epsilon.value_or(kDefaultEpsilon);
  Value stem = StemOp::create(
      rewriter, root.getLoc(),
      StemKindAttr::get(rewriter.getContext(), StemKind::imagenet), x, weight,
      packedNorm(norm, eps, root.getLoc()), rewriter.getF64FloatAttr(eps));
  commit(root, stem, m);
}

/// conv3x3(x) without bias on the function's input.
void Raiser::cifarStem(Conv2DOp root) {
  if (!matchConv(root, 3, 1, 1) || root.getBias() ||
      !isa<BlockArgument>(root.getInput()))
    return;
  Match m;
  m.ops.insert(root);
  rewriter.setInsertionPoint(root);
  Value stem =
      StemOp::create(rewriter, root.getLoc(),
                     StemKindAttr::get(rewriter.getContext(), StemKind::cifar),
                     root.getInput(), root.getWeight(), Value(), FloatAttr());
  commit(root, stem, m);
}

void Raiser::transition(Operation *root, Value input, Value norm, Value conv,
                        const Match &m) {
  int64_t in = shapeOf(input)[1], out = shapeOf(conv)[0];
  if (out > in || !isSelfContained(root, m))
    return;
  rewriter.setInsertionPoint(root);
  Value result =
      TransitionOp::create(rewriter, root->getLoc(), input, norm, conv,
                           rewriter.getF64FloatAttr(compressionFor(out, in)),
                           rewriter.getF64FloatAttr(*m.epsilon));
  commit(root, result, m);
}

/// avgpool2x2/2(conv1x1(relu(norm(x)))), PyTorch's order.
void Raiser::transitionPoolLast(AvgPoolOp root) {
  if (!isWindow(root.getKernel(), root.getStride(), root.getPadding(), 2, 2, 0))
    return;
  Match m;
  m.ops.insert(root);
  Value weight, norm;
  Value x = matchBiasFreeConv(root.getInput(), 1, 1, 0, m, weight);
  x = x ? matchNormRelu(x, m, norm) : Value();
  if (x)
    transition(root, x, norm, weight, m);
}

/// conv1x1(avgpool2x2/2(relu(norm(x)))), densenet-decompose's order.
void Raiser::transitionPoolFirst(Conv2DOp root) {
  if (!matchConv(root, 1, 1, 0) || root.getBias())
    return;
  auto pool = root.getInput().getDefiningOp<AvgPoolOp>();
  if (!pool ||
      !isWindow(pool.getKernel(), pool.getStride(), pool.getPadding(), 2, 2, 0))
    return;
  Match m;
  m.ops.insert(root);
  m.ops.insert(pool);
  Value norm;
  if (Value x = matchNormRelu(pool.getInput(), m, norm))
    transition(root, x, norm, root.getWeight(), m);
}

/// linear(global_avg_pool(relu(norm(x)))).
void Raiser::classifier(LinearOp root) {
  auto pool = root.getInput().getDefiningOp<GlobalAvgPoolOp>();
  if (!pool)
    return;
  Match m;
  m.ops.insert(root);
  m.ops.insert(pool);
  Value norm;
  Value x = matchNormRelu(pool.getInput(), m, norm);
  if (!x || !isSelfContained(root, m))
    return;
  rewriter.setInsertionPoint(root);
  Value result = ClassifierOp::create(rewriter, root.getLoc(), x, norm,
                                      root.getWeight(), root.getBias(),
                                      rewriter.getF64FloatAttr(*m.epsilon));
  commit(root, result, m);
}

/// The block ending at `root` = concat(x0, y0, ..., y_{L-1}) (flat, as
/// PyTorch exports it, or nested, as densenet-decompose builds it), where
/// y_l = layer_l(concat(x0, y0, ..., y_{l-1})). Layers are peeled off the
/// end while they match with one form, growth rate and epsilon; x0 is the
/// first peeled layer's input.
void Raiser::denseBlock(ConcatOp root) {
  SmallVector<Value> leaves;
  if (!concatLeaves(root, leaves))
    return;
  SmallVector<LayerMatch> layers;
  Match m;
  for (size_t prefix = leaves.size() - 1; prefix >= 1; --prefix) {
    std::optional<LayerMatch> layer =
        matchLayer(leaves[prefix], ArrayRef(leaves).take_front(prefix));
    bool uniform =
        layer &&
        (layers.empty() || (layer->isBottleneck() == layers[0].isBottleneck() &&
                            layer->growth() == layers[0].growth()));
    if (!uniform || !m.merge(layer->match))
      break;
    layers.push_back(std::move(*layer));
  }
  if (layers.empty())
    return;
  std::reverse(layers.begin(), layers.end());
  Value input = layers.front().input;
  llvm::SmallPtrSet<Value, 16> grown;
  for (const LayerMatch &layer : layers)
    grown.insert(layer.output);
  m.ops.insert(root);
  for (const LayerMatch &layer : llvm::drop_begin(layers))
    collectConcats(layer.input, input, grown, m);
  for (Value operand : root.getInputs())
    collectConcats(operand, input, grown, m);
  if (!isSelfContained(root, m))
    return;

  rewriter.setInsertionPoint(root);
  double eps = *m.epsilon;
  SmallVector<Value> params;
  for (const LayerMatch &layer : layers) {
    params.append({layer.norm1, layer.conv1});
    if (layer.isBottleneck())
      params.append({packedNorm(layer.norm2, eps, root.getLoc()), layer.conv2});
  }
  Value block = DenseBlockOp::create(
      rewriter, root.getLoc(), input, rewriter.getI64IntegerAttr(layers.size()),
      rewriter.getI64IntegerAttr(layers.front().growth()), params,
      rewriter.getF64FloatAttr(eps));
  commit(root, block, m);
}

namespace {

struct DenseNetRaisePass
    : densenet::impl::DenseNetRaiseBase<DenseNetRaisePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Raiser raiser(&getContext());
    raiser.raiseAll(func, &Raiser::imagenetStem);
    raiser.raiseAll(func, &Raiser::cifarStem);
    raiser.raiseAll(func, &Raiser::transitionPoolLast);
    raiser.raiseAll(func, &Raiser::transitionPoolFirst);
    raiser.raiseAll(func, &Raiser::classifier);
    raiser.raiseAll(func, &Raiser::denseBlock);
  }
};

} // namespace
