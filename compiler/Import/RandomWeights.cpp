//===- RandomWeights.cpp - deterministic random weights -------------------===//
//
// RandomWeights: picks a distribution from the torchvision name of a tensor
// and fills it from a splitmix64 stream seeded by hash(seed, name). Only
// integer arithmetic, IEEE + and *, and sqrt (correctly rounded) are used, so
// the values are bit-identical on every platform; the file is compiled with
// -ffp-contract=off so that no FMA changes the rounding.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/WeightSource.h"

#include "mlir/IR/BuiltinTypes.h"

#include <cmath>

using namespace mlir;
using namespace mlir::densenet;
using llvm::Expected;
using llvm::StringRef;

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): a 64-bit generator.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}

  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Standard normal, approximated by the Irwin-Hall sum of 12 uniforms
  /// (mean 6, variance 1), which needs no transcendental functions.
  double normal() {
    double sum = 0;
    for (int i = 0; i < 12; ++i)
      sum += uniform();
    return sum - 6;
  }

private:
  uint64_t state;
};

/// How to initialise one tensor: U(a, b) or N(a, b^2).
struct InitRule {
  bool normal;
  double a, b;
};

} // namespace

/// 64-bit FNV-1a of the seed's 8 little-endian bytes followed by `name`.
static uint64_t hashSeedAndName(uint64_t seed, StringRef name) {
  uint64_t hash = 0xCBF29CE484222325ull;
  auto mix = [&](uint8_t byte) { hash = (hash ^ byte) * 0x100000001B3ull; };
  for (int i = 0; i < 8; ++i)
    mix(static_cast<uint8_t>(seed >> (8 * i)));
  for (char c : name)
    mix(static_cast<uint8_t>(c));
  return hash;
}

/// The rule for a torchvision state_dict name "<module path>.<param>";
/// `fanIn` is the product of the weight's dims after the first.
static std::optional<InitRule> ruleFor(StringRef name, int64_t fanIn) {
  auto [module, param] = name.rsplit('.');
  StringRef leaf = module.substr(module.rfind('.') + 1);
  double fan = static_cast<double>(fanIn);
  if (param == "running_mean")
    return InitRule{false, -0.2, 0.2};
  if (param == "running_var")
    return InitRule{false, 0.5, 2.0};
  if (leaf.starts_with("norm") && param == "weight")
    return InitRule{false, 0.5, 1.5};
  if (leaf.starts_with("norm") && param == "bias")
    return InitRule{false, -0.2, 0.2};
  if (leaf.starts_with("conv") && param == "weight")
    return InitRule{true, 0.0, std::sqrt(2.0 / fan)};
  if (module == "classifier" && param == "weight")
    return InitRule{true, 0.0, std::sqrt(1.0 / fan)};
  if (module == "classifier" && param == "bias")
    return InitRule{false, -0.1, 0.1};
  return std::nullopt;
}

Expected<DenseElementsAttr>
RandomWeights::take(StringRef name, llvm::ArrayRef<int64_t> expectedShape,
                    MLIRContext *ctx) {
  int64_t fanIn = 1;
  for (int64_t dim : expectedShape.drop_front())
    fanIn *= dim;
  std::optional<InitRule> rule = ruleFor(name, fanIn);
  if (!rule)
    return llvm::createStringError("random weights: no initialisation rule "
                                   "for tensor '" +
                                   name + "'");
  auto type = RankedTensorType::get(expectedShape, Float32Type::get(ctx));
  std::vector<float> values(type.getNumElements());
  SplitMix64 rng(hashSeedAndName(seed, name));
  for (float &value : values) {
    double scaled = rule->normal ? rule->b * rng.normal()
                                 : (rule->b - rule->a) * rng.uniform();
    value = static_cast<float>(rule->a + scaled);
  }
  return DenseElementsAttr::get(type, llvm::ArrayRef<float>(values));
}
