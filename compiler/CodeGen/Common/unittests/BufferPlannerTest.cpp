//===- BufferPlannerTest.cpp - properties of the buffer planner -----------===//
//
// Random lifetimes, with and without pieces: live bytes never overlap,
// offsets are aligned, and the arena lies between the live lower bound and
// no reuse at all. Tiny random cases: the planner against the exact
// optimum. DenseNet's buffers: the planner reaches the bound. Named cases
// where size order alone fails with pieces.
//
//===----------------------------------------------------------------------===//

#include "ExactArena.h"

#include "llvm/Support/MathExtras.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

using namespace mlir::densenet;

namespace {

struct RandomShape {
  unsigned maxBuffers, maxSteps;
  uint64_t maxSize;
  /// Probability that a buffer is cut into pieces.
  double pieces = 0;
};

/// Cuts `request` into up to four ranges at random (aligned or not), each
/// first used at a random step of its lifetime; a range is sometimes left
/// out (never live). The request's firstUse becomes its earliest piece's.
void cutIntoPieces(std::mt19937 &rng, BufferRequest &request) {
  auto uniform = [&](uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  };
  if (request.size < 2)
    return;
  bool aligned = uniform(0, 1) && request.size > 64;
  std::vector<uint64_t> cuts = {0, request.size};
  for (uint64_t i = 0, n = uniform(1, 3); i < n; ++i) {
    uint64_t cut = uniform(1, request.size - 1);
    if (aligned)
      cut = std::max<uint64_t>(64, cut / 64 * 64);
    cuts.push_back(cut);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  unsigned first = request.lastUse;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (uniform(0, 5) == 0)
      continue;
    unsigned step = uniform(request.firstUse, request.lastUse);
    request.pieces.push_back({cuts[i], cuts[i + 1] - cuts[i], step});
    first = std::min(first, step);
  }
  if (request.pieces.empty())
    return;
  request.firstUse = first;
}

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
    if (std::bernoulli_distribution(shape.pieces)(rng))
      cutIntoPieces(rng, request);
  }
  return requests;
}

std::string describe(const std::vector<BufferRequest> &requests) {
  std::ostringstream os;
  for (const BufferRequest &request : requests) {
    os << "{" << request.size << ", " << request.firstUse << ", "
       << request.lastUse;
    if (!request.pieces.empty()) {
      os << ", {";
      for (const BufferPiece &piece : request.pieces)
        os << "{" << piece.offset << ", " << piece.size << ", "
           << piece.firstUse << "}";
      os << "}";
    }
    os << "} ";
  }
  return os.str();
}

/// The bound by definition (see liveLowerBound): every step, every live
/// piece's bytes, and the aligned offsets among them counted one by one
/// from the first aligned offset at or after the piece.
uint64_t referenceBound(const std::vector<BufferRequest> &requests,
                        uint64_t alignment) {
  unsigned lastStep = 0;
  for (const BufferRequest &request : requests)
    lastStep = std::max(lastStep, request.lastUse);
  uint64_t bound = 0;
  for (unsigned step = 0; step <= lastStep; ++step) {
    uint64_t bytes = 0, granules = 0;
    for (const BufferRequest &request : requests) {
      std::vector<BufferPiece> pieces = request.pieces;
      if (pieces.empty())
        pieces = {{0, request.size, request.firstUse}};
      for (const BufferPiece &piece : pieces) {
        if (step < piece.firstUse || step > request.lastUse)
          continue;
        bytes += piece.size;
        uint64_t end = piece.offset + piece.size;
        uint64_t start = (piece.offset + alignment - 1) / alignment * alignment;
        if (start < end)
          granules += (end - 1 - start) / alignment + 1;
      }
    }
    bound = std::max({bound, llvm::alignTo(bytes, alignment),
                      granules * alignment});
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
      if (test::overlapInPlan(requests[i], offset, requests[j],
                              plan.offsets[j]))
        return failure() << "live bytes of buffers " << j << " and " << i
                         << " overlap";
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
      std::vector<BufferRequest> requests = randomRequests(
          rng, {/*maxBuffers=*/40, /*maxSteps=*/50, 20000, /*pieces=*/0.5});
      ASSERT_TRUE(
          isValidPlan(requests, planBuffers(requests, alignment), alignment))
          << "alignment " << alignment << ", instance " << instance;
    }
}

TEST(BufferPlanner, RandomPlansWithPiecesAreValid) {
  std::mt19937 rng(56);
  for (int instance = 0; instance < 2000; ++instance) {
    std::vector<BufferRequest> requests = randomRequests(
        rng, {/*maxBuffers=*/40, /*maxSteps=*/60, 100000, /*pieces=*/0.6});
    ASSERT_TRUE(isValidPlan(requests, planBuffers(requests), 64))
        << "instance " << instance;
  }
}

TEST(BufferPlanner, EveryOrderAndFitIsValid) {
  std::mt19937 rng(3);
  for (int instance = 0; instance < 300; ++instance) {
    std::vector<BufferRequest> requests = randomRequests(
        rng, {/*maxBuffers=*/30, /*maxSteps=*/40, 50000, /*pieces=*/0.5});
    std::vector<size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    for (bool bestFit : {false, true})
      ASSERT_TRUE(isValidPlan(requests,
                              planInOrder(requests, order, 64, bestFit), 64))
          << "instance " << instance << ", best fit " << bestFit;
  }
}

TEST(BufferPlanner, EmptyAndZeroSized) {
  EXPECT_EQ(planBuffers({}).arenaBytes, 0u);
  std::vector<BufferRequest> requests = {{0, 0, 3}, {100, 1, 2}, {0, 2, 2}};
  BufferPlan plan = planBuffers(requests);
  EXPECT_TRUE(isValidPlan(requests, plan, 64));
  EXPECT_EQ(plan.arenaBytes, 128u);
}

TEST(BufferPlanner, WithoutReuseLaysBuffersEndToEnd) {
  std::vector<BufferRequest> requests = {
      {100, 0, 1}, {64, 2, 3}, {1, 4, 5, {{0, 1, 5}}}};
  BufferPlan plan = planWithoutReuse(requests);
  EXPECT_EQ(plan.offsets, (std::vector<uint64_t>{0, 128, 192}));
  EXPECT_EQ(plan.arenaBytes, 256u);
  EXPECT_EQ(plan.lowerBoundBytes, 128u);
  EXPECT_EQ(planBuffers(requests).arenaBytes, 128u);
}

/// The bound is a true bound when a piece starts at an unaligned offset:
/// a 10-byte buffer's padding holds the unaligned second piece of another
/// buffer, so rounding every buffer (or piece) up would claim 192 bytes.
TEST(BufferPlanner, BoundWithUnalignedPieces) {
  std::vector<BufferRequest> requests = {
      {10, 0, 0}, {128, 0, 6, {{0, 10, 5}, {10, 118, 0}}}};
  BufferPlan plan = planBuffers(requests);
  EXPECT_TRUE(isValidPlan(requests, plan, 64));
  EXPECT_EQ(plan.lowerBoundBytes, 128u);
  EXPECT_EQ(plan.arenaBytes, 128u);
  EXPECT_EQ(test::exactMinimumArenaWithPieces(requests), 128u);
}

/// The most the planner's arena may exceed the optimum over a set of cases:
/// on average and in the worst case (as planner / optimum ratios).
struct GapBound {
  double average, worst;
};

/// Plans `instances` random tiny cases of `shape` and compares each arena
/// with `exact`'s minimum: every plan is valid, between the bound and the
/// optimum; prints the average and worst planner / optimum ratio and checks
/// them against `bound`.
void compareWithExactSearch(
    const char *label, unsigned seed, RandomShape shape, int instances,
    uint64_t (*exact)(llvm::ArrayRef<BufferRequest>, uint64_t),
    GapBound bound) {
  std::mt19937 rng(seed);
  double worst = 1, sum = 0;
  std::string worstCase;
  for (int instance = 0; instance < instances; ++instance) {
    std::vector<BufferRequest> requests = randomRequests(rng, shape);
    BufferPlan plan = planBuffers(requests);
    uint64_t optimum = exact(requests, 64);
    ASSERT_TRUE(isValidPlan(requests, plan, 64)) << "instance " << instance;
    ASSERT_GE(optimum, plan.lowerBoundBytes) << describe(requests);
    ASSERT_GE(plan.arenaBytes, optimum) << describe(requests);
    double gap = double(plan.arenaBytes) / optimum;
    sum += gap;
    if (gap > worst) {
      worst = gap;
      worstCase = describe(requests);
    }
  }
  std::printf("%s over %d cases: average %.4f, worst %.4f (%s)\n", label,
              instances, sum / instances, worst, worstCase.c_str());
  EXPECT_LE(sum / instances, bound.average) << label;
  EXPECT_LE(worst, bound.worst) << label << ": " << worstCase;
}

// The bounds are the figures these fixed cases give (seeded; libstdc++'s
// distributions), rounded up: without pieces average 1.0004 and worst
// 1.1338 (a 13% loss on one of 400 cases), with pieces average 1.0145 and
// worst 1.7143 (arenas of a few hundred bytes, where one 64-byte alignment
// step is a large fraction). A change to the planner that loses more fails.
TEST(BufferPlanner, GreedyAgainstExactOnTinyCases) {
  compareWithExactSearch("greedy / exact", 42,
                         {/*maxBuffers=*/6, /*maxSteps=*/8, 100000}, 400,
                         test::exactMinimumArena,
                         {/*average=*/1.001, /*worst=*/1.14});
}

/// The two exact searches agree where both apply (no pieces).
TEST(BufferPlanner, ExactSearchesAgree) {
  std::mt19937 rng(11);
  for (int instance = 0; instance < 200; ++instance) {
    std::vector<BufferRequest> requests =
        randomRequests(rng, {/*maxBuffers=*/5, /*maxSteps=*/6, 400});
    ASSERT_EQ(test::exactMinimumArena(requests),
              test::exactMinimumArenaWithPieces(requests))
        << describe(requests);
  }
}

TEST(BufferPlanner, GreedyAgainstExactOnTinyCasesWithPieces) {
  compareWithExactSearch("planner / exact with pieces", 99,
                         {/*maxBuffers=*/5, /*maxSteps=*/6, 512,
                          /*pieces=*/0.7},
                         300, test::exactMinimumArenaWithPieces,
                         {/*average=*/1.015, /*worst=*/1.72});
}

/// A 3.36 MB temporary Q (steps 1-2) and a 3.33 MB block buffer B whose
/// first 0.83 MB are live from step 2 and the rest from step 5. Size order
/// places Q first at 0 and B above it (6.7 MB); B first at 0 and Q above
/// its first piece reach the bound, Q's bytes reused by B's later pieces.
TEST(BufferPlanner, LongLivedBlockBufferBelowLargerTemporary) {
  constexpr uint64_t q = 3'360'000, b = 3'330'048, firstPiece = 832'512;
  std::vector<BufferRequest> requests = {
      {q, 1, 2}, {b, 2, 8, {{0, firstPiece, 2}, {firstPiece, b - firstPiece, 5}}}};
  BufferPlan plan = planBuffers(requests);
  EXPECT_TRUE(isValidPlan(requests, plan, 64));
  EXPECT_EQ(plan.lowerBoundBytes, llvm::alignTo(q, 64) + firstPiece);
  EXPECT_EQ(plan.arenaBytes, plan.lowerBoundBytes);
  EXPECT_EQ(plan.offsets, (std::vector<uint64_t>{firstPiece, 0}));
  // Size order alone: Q at 0, B above it.
  BufferPlan bySize = planInOrder(requests, {0, 1});
  EXPECT_EQ(bySize.offsets, (std::vector<uint64_t>{0, llvm::alignTo(q, 64)}));
  EXPECT_EQ(bySize.arenaBytes, llvm::alignTo(q, 64) + llvm::alignTo(b, 64));
}

/// The buffers of a DenseNet whose concatenations are eliminated, in
/// execution order: the stem's convolution output, then per block one
/// buffer holding all its features (the pooling before it and each 3x3
/// convolution write into it) and one bottleneck output per layer, then per
/// transition the pooled features its 1x1 convolution reads. With
/// `pieces`, a block buffer's channels become live when they are written:
/// the input's when the block starts, each layer's at its convolution.
std::vector<BufferRequest> denseNetBuffers(std::vector<unsigned> blocks,
                                           uint64_t growth, uint64_t initial,
                                           uint64_t side, bool pieces) {
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
    std::vector<BufferPiece> blockPieces = {
        {0, channels * pixels * kFloat, blockStart}};
    for (unsigned layer = 0; layer < blocks[block]; ++layer, step += 2) {
      add(4 * growth * pixels * kFloat, step + 1, step + 2);
      blockPieces.push_back({(channels + layer * growth) * pixels * kFloat,
                             growth * pixels * kFloat, step + 2});
    }
    step += 1;
    add(finalChannels * pixels * kFloat, blockStart, step);
    if (pieces)
      requests.back().pieces = blockPieces;
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
  for (bool pieces : {false, true})
    for (const Model &model : {Model{"121", {6, 12, 24, 16}, 32, 64, 56},
                               Model{"169", {6, 12, 32, 32}, 32, 64, 56},
                               Model{"201", {6, 12, 48, 32}, 32, 64, 56},
                               Model{"161", {6, 12, 36, 24}, 48, 96, 56}}) {
      std::vector<BufferRequest> requests = denseNetBuffers(
          model.blocks, model.growth, model.initial, model.side, pieces);
      BufferPlan plan = planBuffers(requests);
      EXPECT_TRUE(isValidPlan(requests, plan, 64))
          << "DenseNet-" << model.name << ", pieces " << pieces;
      EXPECT_EQ(plan.arenaBytes, plan.lowerBoundBytes)
          << "DenseNet-" << model.name << ", pieces " << pieces;
      if (pieces) {
        EXPECT_LT(plan.arenaBytes,
                  planBuffers(denseNetBuffers(model.blocks, model.growth,
                                              model.initial, model.side,
                                              /*pieces=*/false))
                      .arenaBytes)
            << "DenseNet-" << model.name;
      }
    }
}

} // namespace
