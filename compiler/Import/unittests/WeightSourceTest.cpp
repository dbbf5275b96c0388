//===- WeightSourceTest.cpp - safetensors and random weight sources -------===//

#include "compiler/Import/WeightSource.h"
#include "TestUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <cmath>

using namespace mlir;
using namespace mlir::densenet;
using namespace mlir::densenet::test;

namespace {

std::vector<float> valuesOf(DenseElementsAttr attr) {
  auto values = attr.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

class SafeTensorsWeightsTest : public ::testing::Test {
protected:
  SafeTensorsWeightsTest()
      : file("safetensors",
             safetensorsImage(std::vector<TensorSpec>{
                 {"conv.weight", "F32", {2, 1, 1, 1}, f32Bytes({1.5f, -2})},
                 {"norm.running_var", "F16", {2}, std::string(4, '\0')},
                 {"extra.a", "F32", {1}, f32Bytes({0})},
                 {"norm.num_batches_tracked", "I64", {}, std::string(8, 0)}})),
        weights(cantFail(SafeTensorsWeights::open(file.getPath()))),
        path(file.getPath()) {}

  MLIRContext ctx;
  TempFile file;
  std::unique_ptr<SafeTensorsWeights> weights;
  std::string path;
};

TEST_F(SafeTensorsWeightsTest, TakesF32Tensor) {
  DenseElementsAttr attr =
      cantFail(weights->take("conv.weight", {2, 1, 1, 1}, &ctx));
  EXPECT_EQ(attr.getType(),
            RankedTensorType::get({2, 1, 1, 1}, Float32Type::get(&ctx)));
  EXPECT_EQ(valuesOf(attr), (std::vector<float>{1.5f, -2}));
}

TEST_F(SafeTensorsWeightsTest, Mismatches) {
  EXPECT_EQ(errorText(weights->take("conv.weight", {2, 1, 3, 3}, &ctx)),
            path + ": tensor 'conv.weight' has shape [2, 1, 1, 1]; expected "
                   "[2, 1, 3, 3]");
  EXPECT_EQ(
      errorText(weights->take("features.conv0.weight", {64, 3, 7, 7}, &ctx)),
      path + ": tensor 'features.conv0.weight' is missing (expected "
             "shape [64, 3, 7, 7])");
  EXPECT_EQ(errorText(weights->take("norm.running_var", {2}, &ctx)),
            path + ": tensor 'norm.running_var' has dtype F16 and shape [2]; "
                   "expected F32 with shape [2]");
}

TEST_F(SafeTensorsWeightsTest, FinishReportsUnusedTensors) {
  cantFail(weights->take("conv.weight", {2, 1, 1, 1}, &ctx));
  EXPECT_EQ(errorText(weights->finish()),
            path + ": 2 tensors are not used by the model: 'extra.a' [1], "
                   "'norm.running_var' [2]");
  cantFail(weights->take("extra.a", {1}, &ctx));
  llvm::consumeError(weights->take("norm.running_var", {2}, &ctx).takeError());
  EXPECT_EQ(errorText(weights->finish()), "<no error>");
}

TEST(SafeTensorsWeights, ListsAtMostTenUnused) {
  std::vector<TensorSpec> specs;
  for (int i = 0; i < 12; ++i)
    specs.push_back({"t" + std::to_string(i + 10), "F32", {1}, f32Bytes({0})});
  TempFile file("safetensors", safetensorsImage(specs));
  auto weights = cantFail(SafeTensorsWeights::open(file.getPath()));
  EXPECT_EQ(errorText(weights->finish()),
            file.getPath() +
                ": 12 tensors are not used by the model: 't10' [1], 't11' "
                "[1], 't12' [1], 't13' [1], 't14' [1], 't15' [1], 't16' [1], "
                "'t17' [1], 't18' [1], 't19' [1], and 2 more");
}

TEST(SafeTensorsWeights, OpenError) {
  EXPECT_EQ(errorText(SafeTensorsWeights::open("/nonexistent/w.safetensors")),
            "/nonexistent/w.safetensors: cannot read: No such file or "
            "directory");
}

TEST(RandomWeights, DeterministicPerSeedAndName) {
  MLIRContext ctx;
  RandomWeights a(7), b(7), c(8);
  std::vector<int64_t> shape = {8, 4, 3, 3};
  DenseElementsAttr first = cantFail(a.take("x.conv1.weight", shape, &ctx));
  // b draws another tensor first: the stream depends only on seed and name.
  cantFail(b.take("x.conv2.weight", shape, &ctx));
  EXPECT_EQ(cantFail(b.take("x.conv1.weight", shape, &ctx)), first);
  EXPECT_NE(cantFail(c.take("x.conv1.weight", shape, &ctx)), first);
  EXPECT_NE(cantFail(a.take("x.conv2.weight", shape, &ctx)), first);
  EXPECT_EQ(errorText(a.finish()), "<no error>");
}

/// The bit patterns of `name`'s values.
std::vector<uint32_t> bitsOf(RandomWeights &weights, MLIRContext &ctx,
                             llvm::StringRef name,
                             llvm::ArrayRef<int64_t> shape) {
  std::vector<uint32_t> bits;
  for (float v : valuesOf(cantFail(weights.take(name, shape, &ctx))))
    bits.push_back(llvm::bit_cast<uint32_t>(v));
  return bits;
}

/// Pins the streams (cross-checked against an independent Python model of
/// splitmix64 + FNV-1a): a change here changes every random-weight model.
TEST(RandomWeights, GoldenValues) {
  MLIRContext ctx;
  RandomWeights weights(0);
  EXPECT_EQ(bitsOf(weights, ctx, "features.norm0.weight", {3}),
            (std::vector<uint32_t>{1065902271, 1067635396, 1057411327}));
  EXPECT_EQ(bitsOf(weights, ctx, "features.conv0.weight", {3, 1, 1, 1}),
            (std::vector<uint32_t>{3223836776, 1073888360, 1068440491}));
}

/// Every value of `name` lies in [lo, hi].
void expectRange(RandomWeights &weights, MLIRContext &ctx, llvm::StringRef name,
                 float lo, float hi) {
  for (float v : valuesOf(cantFail(weights.take(name, {1000}, &ctx)))) {
    EXPECT_GE(v, lo) << name.str();
    EXPECT_LE(v, hi) << name.str();
  }
}

TEST(RandomWeights, UniformRanges) {
  MLIRContext ctx;
  RandomWeights weights(1);
  expectRange(weights, ctx, "features.norm0.weight", 0.5f, 1.5f);
  expectRange(weights, ctx, "features.denseblock1.denselayer1.norm2.bias",
              -0.2f, 0.2f);
  expectRange(weights, ctx, "features.transition1.norm.running_mean", -0.2f,
              0.2f);
  expectRange(weights, ctx, "features.norm5.running_var", 0.5f, 2.0f);
  expectRange(weights, ctx, "classifier.bias", -0.1f, 0.1f);
}

/// The sample mean and standard deviation of `name`.
std::pair<double, double> moments(RandomWeights &weights, MLIRContext &ctx,
                                  llvm::StringRef name,
                                  llvm::ArrayRef<int64_t> shape) {
  std::vector<float> values =
      valuesOf(cantFail(weights.take(name, shape, &ctx)));
  double sum = 0, squares = 0;
  for (float v : values) {
    sum += v;
    squares += double(v) * v;
  }
  double mean = sum / values.size();
  return {mean, std::sqrt(squares / values.size() - mean * mean)};
}

TEST(RandomWeights, NormalStatistics) {
  MLIRContext ctx;
  RandomWeights weights(2);
  auto [convMean, convStd] =
      moments(weights, ctx, "features.denseblock2.denselayer3.conv2.weight",
              {128, 128, 3, 3});
  double convExpected = std::sqrt(2.0 / (128 * 9));
  EXPECT_NEAR(convMean, 0, 0.01 * convExpected);
  EXPECT_NEAR(convStd, convExpected, 0.01 * convExpected);
  auto [fcMean, fcStd] =
      moments(weights, ctx, "classifier.weight", {1000, 1024});
  EXPECT_NEAR(fcMean, 0, 0.01 / 32);
  EXPECT_NEAR(fcStd, 1.0 / 32, 0.01 / 32);
}

TEST(RandomWeights, UnknownName) {
  MLIRContext ctx;
  RandomWeights weights(0);
  EXPECT_EQ(errorText(weights.take("features.pool0.weight", {3}, &ctx)),
            "random weights: no initialisation rule for tensor "
            "'features.pool0.weight'");
}

} // namespace
