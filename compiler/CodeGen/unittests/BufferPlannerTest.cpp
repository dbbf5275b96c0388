//===- BufferPlannerTest.cpp - properties of the greedy buffer planner ----===//
//
// Random lifetimes: live buffers never overlap, offsets are aligned, and the
// arena lies between the live lower bound and no reuse at all. Tiny random
// cases: greedy against the exact optimum. DenseNet's buffers: greedy
// reaches the bound.
//
//===----------------------------------------------------------------------===//

#include "ExactArena.h"

#include "llvm/Support/MathExtras.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

using namespace mlir::densenet;

namespace {

struct RandomShape {
  unsigned maxBuffers, maxSteps;
  uint64_t maxSize;
};

std::vector<BufferRequest> randomRequests(std::mt19937 &rng,
                                          RandomShape shape) {
  auto uniform = [&](uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  };
  unsigned steps = uniform(1, shape.maxSteps);
  std::vector<BufferRequest> requests(uniform(1, shape.maxBuffers));
  for (BufferRequest &request : requests) {
    request.size = uniform(1, shape.maxSize);
    request.firstUse = uniform(0, steps - 1);
    request.lastUse = uniform(request.firstUse, steps - 1);
  }
  return requests;
}

std::string describe(const std::vector<BufferRequest> &requests) {
  std::ostringstream os;
  for (const BufferRequest &request : requests)
    os << "{" << request.size << ", " << request.firstUse << ", "
       << request.lastUse << "} ";
  return os.str();
}

/// The bound by definition: every step, every live buffer.
uint64_t referenceBound(const std::vector<BufferRequest> &requests,
                        uint64_t alignment) {
  unsigned lastStep = 0;
  for (const BufferRequest &request : requests)
    lastStep = std::max(lastStep, request.lastUse);
  uint64_t bound = 0;
  for (unsigned step = 0; step <= lastStep; ++step) {
    uint64_t live = 0;
    for (const BufferRequest &request : requests)
      if (request.firstUse <= step && step <= request.lastUse)
        live += llvm::alignTo(request.size, alignment);
    bound = std::max(bound, live);
  }
  return bound;
}

/// Every property a plan of `requests` must have.
testing::AssertionResult isValidPlan(const std::vector<BufferRequest> &requests,
                                     const BufferPlan &plan,
                                     uint64_t alignment) {
  auto failure = [&]() {
    return testing::AssertionFailure()
           << "requests " << describe(requests) << "\n";
  };
  if (plan.offsets.size() != requests.size())
    return failure() << plan.offsets.size() << " offsets";
  if (plan.arenaBytes % alignment != 0)
    return failure() << "unaligned arena " << plan.arenaBytes;
  uint64_t unplanned = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    uint64_t offset = plan.offsets[i], size = requests[i].size;
    unplanned += llvm::alignTo(size, alignment);
    if (offset % alignment != 0)
      return failure() << "buffer " << i << " at unaligned offset " << offset;
    if (offset + size > plan.arenaBytes)
      return failure() << "buffer " << i << " ends past the arena";
    for (size_t j = 0; j < i; ++j)
      if (test::liveTogether(requests[i], requests[j]) &&
          offset < plan.offsets[j] + requests[j].size &&
          plan.offsets[j] < offset + size)
        return failure() << "live buffers " << j << " and " << i << " overlap";
  }
  if (plan.lowerBoundBytes != referenceBound(requests, alignment))
    return failure() << "bound " << plan.lowerBoundBytes << ", expected "
                     << referenceBound(requests, alignment);
  if (plan.arenaBytes < plan.lowerBoundBytes || plan.arenaBytes > unplanned)
    return failure() << "arena " << plan.arenaBytes << " outside ["
                     << plan.lowerBoundBytes << ", " << unplanned << "]";
  return testing::AssertionSuccess();
}

TEST(BufferPlanner, RandomPlansAreValid) {
  std::mt19937 rng(20261124);
  for (int instance = 0; instance < 3000; ++instance) {
    std::vector<BufferRequest> requests =
        randomRequests(rng, {/*maxBuffers=*/60, /*maxSteps=*/100, 100000});
    ASSERT_TRUE(isValidPlan(requests, planBuffers(requests), 64))
        << "instance " << instance;
  }
}

TEST(BufferPlanner, RandomPlansAreValidForOtherAlignments) {
  std::mt19937 rng(7);
  for (uint64_t alignment : {1, 8, 4096})
    for (int instance = 0; instance < 300; ++instance) {
      std::vector<BufferRequest> requests =
          randomRequests(rng, {/*maxBuffers=*/40, /*maxSteps=*/50, 20000});
      ASSERT_TRUE(
          isValidPlan(requests, planBuffers(requests, alignment), alignment))
          << "alignment " << alignment << ", instance " << instance;
    }
}

TEST(BufferPlanner, EmptyAndZeroSized) {
  EXPECT_EQ(planBuffers({}).arenaBytes, 0u);
  std::vector<BufferRequest> requests = {{0, 0, 3}, {100, 1, 2}, {0, 2, 2}};
  BufferPlan plan = planBuffers(requests);
  EXPECT_TRUE(isValidPlan(requests, plan, 64));
  EXPECT_EQ(plan.arenaBytes, 128u);
}

TEST(BufferPlanner, GreedyAgainstExactOnTinyCases) {
  std::mt19937 rng(42);
  double worst = 1, sum = 0;
  std::string worstCase;
  const int instances = 400;
  for (int instance = 0; instance < instances; ++instance) {
    std::vector<BufferRequest> requests =
        randomRequests(rng, {/*maxBuffers=*/6, /*maxSteps=*/8, 100000});
    BufferPlan plan = planBuffers(requests);
    uint64_t exact = test::exactMinimumArena(requests);
    ASSERT_TRUE(isValidPlan(requests, plan, 64)) << "instance " << instance;
    ASSERT_GE(exact, plan.lowerBoundBytes) << describe(requests);
    ASSERT_GE(plan.arenaBytes, exact) << describe(requests);
    double gap = double(plan.arenaBytes) / exact;
    sum += gap;
    if (gap > worst) {
      worst = gap;
      worstCase = describe(requests);
    }
  }
  std::printf("greedy / exact over %d cases: average %.4f, worst %.4f (%s)\n",
              instances, sum / instances, worst, worstCase.c_str());
}

/// The buffers of a DenseNet whose concatenations are eliminated, in
/// execution order: the stem's convolution output, then per block one
/// buffer holding all its features (the pooling before it and each 3x3
/// convolution write into it) and one bottleneck output per layer, then per
/// transition the pooled features its 1x1 convolution reads.
std::vector<BufferRequest> denseNetBuffers(std::vector<unsigned> blocks,
                                           uint64_t growth, uint64_t initial,
                                           uint64_t side) {
  constexpr uint64_t kFloat = 4;
  std::vector<BufferRequest> requests;
  unsigned step = 0;
  auto add = [&](uint64_t bytes, unsigned first, unsigned last) {
    requests.push_back({bytes, first, last});
  };
  add(initial * (2 * side) * (2 * side) * kFloat, step, step + 1);
  ++step;
  uint64_t channels = initial;
  for (size_t block = 0; block < blocks.size(); ++block) {
    uint64_t pixels = side * side;
    uint64_t finalChannels = channels + blocks[block] * growth;
    unsigned blockStart = step;
    for (unsigned layer = 0; layer < blocks[block]; ++layer, step += 2)
      add(4 * growth * pixels * kFloat, step + 1, step + 2);
    step += 1;
    add(finalChannels * pixels * kFloat, blockStart, step);
    if (block + 1 == blocks.size())
      break;
    side /= 2;
    add(finalChannels * side * side * kFloat, step, step + 1);
    channels = finalChannels / 2;
    ++step;
  }
  return requests;
}

TEST(BufferPlanner, ReachesTheBoundOnDenseNets) {
  struct Model {
    const char *name;
    std::vector<unsigned> blocks;
    uint64_t growth, initial, side;
  };
  for (const Model &model : {Model{"121", {6, 12, 24, 16}, 32, 64, 56},
                             Model{"169", {6, 12, 32, 32}, 32, 64, 56},
                             Model{"201", {6, 12, 48, 32}, 32, 64, 56},
                             Model{"161", {6, 12, 36, 24}, 48, 96, 56}}) {
    std::vector<BufferRequest> requests =
        denseNetBuffers(model.blocks, model.growth, model.initial, model.side);
    BufferPlan plan = planBuffers(requests);
    EXPECT_TRUE(isValidPlan(requests, plan, 64)) << "DenseNet-" << model.name;
    EXPECT_EQ(plan.arenaBytes, plan.lowerBoundBytes)
        << "DenseNet-" << model.name;
  }
}

} // namespace
