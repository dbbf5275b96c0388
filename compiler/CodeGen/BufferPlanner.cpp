//===- BufferPlanner.cpp - greedy-by-size best-fit buffer placement -------===//
//
// Implements the lifetime lower bound and the greedy-by-size best-fit
// placement declared in BufferPlanner.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/BufferPlanner.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <utility>

using namespace mlir::densenet;

namespace {

/// The bytes [begin, end) that one placed buffer occupies.
struct Extent {
  uint64_t begin, end;
};

/// Whether the lifetimes of `a` and `b` share a step.
bool livesOverlap(const BufferRequest &a, const BufferRequest &b) {
  return a.firstUse <= b.lastUse && b.firstUse <= a.lastUse;
}

/// Request indices, largest first; ties by earlier first use, then by
/// request order, so that plans are deterministic.
std::vector<size_t> placementOrder(llvm::ArrayRef<BufferRequest> requests) {
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (requests[a].size != requests[b].size)
      return requests[a].size > requests[b].size;
    return requests[a].firstUse < requests[b].firstUse;
  });
  return order;
}

/// The extents of the placed buffers whose lifetimes overlap `request`,
/// sorted by their first byte.
std::vector<Extent> occupiedDuring(const BufferRequest &request,
                                   llvm::ArrayRef<BufferRequest> requests,
                                   llvm::ArrayRef<size_t> placed,
                                   llvm::ArrayRef<Extent> extents) {
  std::vector<Extent> occupied;
  for (size_t index : placed)
    if (extents[index].end > extents[index].begin &&
        livesOverlap(request, requests[index]))
      occupied.push_back(extents[index]);
  std::sort(occupied.begin(), occupied.end(),
            [](Extent a, Extent b) { return a.begin < b.begin; });
  return occupied;
}

/// The start of the smallest gap below or between `occupied` that holds
/// `size` bytes, or the first byte above all of them. Extents are aligned,
/// so the result is too.
uint64_t bestFitOffset(llvm::ArrayRef<Extent> occupied, uint64_t size) {
  uint64_t candidate = 0;
  std::optional<uint64_t> best;
  uint64_t bestGap = 0;
  for (Extent extent : occupied) {
    if (extent.begin >= candidate + size) {
      uint64_t gap = extent.begin - candidate;
      if (!best || gap < bestGap) {
        best = candidate;
        bestGap = gap;
      }
    }
    candidate = std::max(candidate, extent.end);
  }
  return best.value_or(candidate);
}

} // namespace

uint64_t mlir::densenet::liveLowerBound(llvm::ArrayRef<BufferRequest> requests,
                                        uint64_t alignment) {
  // (step, starts): a buffer starts at its first use and stops being live
  // at the step after its last one; stops sort before starts.
  std::vector<std::pair<std::pair<uint64_t, bool>, uint64_t>> events;
  for (const BufferRequest &request : requests) {
    uint64_t size = llvm::alignTo(request.size, alignment);
    events.push_back({{request.firstUse, true}, size});
    events.push_back({{uint64_t(request.lastUse) + 1, false}, size});
  }
  std::sort(events.begin(), events.end());
  uint64_t live = 0, peak = 0;
  for (const auto &[key, size] : events) {
    live = key.second ? live + size : live - size;
    peak = std::max(peak, live);
  }
  return peak;
}

BufferPlan mlir::densenet::planBuffers(llvm::ArrayRef<BufferRequest> requests,
                                       uint64_t alignment) {
  BufferPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<Extent> extents(requests.size(), Extent{0, 0});
  std::vector<size_t> placed;
  for (size_t index : placementOrder(requests)) {
    const BufferRequest &request = requests[index];
    uint64_t size = llvm::alignTo(request.size, alignment);
    uint64_t offset =
        bestFitOffset(occupiedDuring(request, requests, placed, extents), size);
    plan.offsets[index] = offset;
    extents[index] = {offset, offset + size};
    plan.arenaBytes = std::max(plan.arenaBytes, offset + size);
    placed.push_back(index);
  }
  plan.lowerBoundBytes = liveLowerBound(requests, alignment);
  return plan;
}
