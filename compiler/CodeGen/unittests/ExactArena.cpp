//===- ExactArena.cpp - every placement order with first fit --------------===//
//
// Implements exactMinimumArena (ExactArena.h) by exhaustive search.
//
//===----------------------------------------------------------------------===//

#include "ExactArena.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir::densenet;

namespace {

/// The bytes [begin, end) of a placed buffer.
struct Extent {
  uint64_t begin, end;
};

/// The arena that first fit needs for `requests` placed in `order`.
uint64_t firstFitArena(llvm::ArrayRef<BufferRequest> requests,
                       llvm::ArrayRef<size_t> order, uint64_t alignment) {
  std::vector<Extent> extents(requests.size(), Extent{0, 0});
  uint64_t arena = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const BufferRequest &request = requests[order[i]];
    std::vector<Extent> occupied;
    for (size_t j = 0; j < i; ++j)
      if (test::liveTogether(request, requests[order[j]]))
        occupied.push_back(extents[order[j]]);
    std::sort(occupied.begin(), occupied.end(),
              [](Extent a, Extent b) { return a.begin < b.begin; });
    uint64_t size = llvm::alignTo(request.size, alignment);
    uint64_t offset = 0;
    for (Extent extent : occupied)
      if (extent.end > offset && extent.begin < offset + size)
        offset = extent.end;
    extents[order[i]] = {offset, offset + size};
    arena = std::max(arena, offset + size);
  }
  return arena;
}

} // namespace

uint64_t
mlir::densenet::test::exactMinimumArena(llvm::ArrayRef<BufferRequest> requests,
                                        uint64_t alignment) {
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t best = firstFitArena(requests, order, alignment);
  while (std::next_permutation(order.begin(), order.end()))
    best = std::min(best, firstFitArena(requests, order, alignment));
  return best;
}
