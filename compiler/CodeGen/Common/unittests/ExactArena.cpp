//===- ExactArena.cpp - exhaustive searches for the smallest arena --------===//
//
// Implements the definitions and the exact searches of ExactArena.h.
//
//===----------------------------------------------------------------------===//

#include "ExactArena.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
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

/// Backtracking over the aligned offsets of `order[depth...]` with every
/// buffer inside `arena` bytes.
bool fits(llvm::ArrayRef<BufferRequest> requests, llvm::ArrayRef<size_t> order,
          size_t depth, std::vector<uint64_t> &offsets, uint64_t arena,
          uint64_t alignment) {
  if (depth == order.size())
    return true;
  const BufferRequest &request = requests[order[depth]];
  uint64_t size = llvm::alignTo(request.size, alignment);
  if (size > arena)
    return false;
  for (uint64_t offset = 0; offset + size <= arena; offset += alignment) {
    bool free = true;
    for (size_t j = 0; j < depth && free; ++j)
      free = !test::overlapInPlan(request, offset, requests[order[j]],
                                  offsets[order[j]]);
    if (!free)
      continue;
    offsets[order[depth]] = offset;
    if (fits(requests, order, depth + 1, offsets, arena, alignment))
      return true;
  }
  return false;
}

} // namespace

bool mlir::densenet::test::byteLive(const BufferRequest &request,
                                    uint64_t byte, unsigned step) {
  if (step > request.lastUse || byte >= request.size)
    return false;
  if (request.pieces.empty())
    return request.firstUse <= step;
  for (const BufferPiece &piece : request.pieces)
    if (piece.offset <= byte && byte < piece.offset + piece.size)
      return piece.firstUse <= step;
  return false;
}

bool mlir::densenet::test::overlapInPlan(const BufferRequest &a,
                                         uint64_t offsetA,
                                         const BufferRequest &b,
                                         uint64_t offsetB) {
  // Liveness only changes at piece boundaries: test one byte per range
  // between consecutive boundaries of either buffer.
  uint64_t begin = std::max(offsetA, offsetB);
  uint64_t end = std::min(offsetA + a.size, offsetB + b.size);
  if (begin >= end)
    return false;
  std::vector<uint64_t> cuts = {begin, end};
  for (const BufferPiece &piece : a.pieces)
    for (uint64_t cut : {offsetA + piece.offset, offsetA + piece.offset + piece.size})
      if (begin < cut && cut < end)
        cuts.push_back(cut);
  for (const BufferPiece &piece : b.pieces)
    for (uint64_t cut : {offsetB + piece.offset, offsetB + piece.offset + piece.size})
      if (begin < cut && cut < end)
        cuts.push_back(cut);
  std::sort(cuts.begin(), cuts.end());
  unsigned lastStep = std::min(a.lastUse, b.lastUse);
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (cuts[i] == cuts[i + 1])
      continue;
    for (unsigned step = 0; step <= lastStep; ++step)
      if (byteLive(a, cuts[i] - offsetA, step) &&
          byteLive(b, cuts[i] - offsetB, step))
        return true;
  }
  return false;
}

uint64_t
mlir::densenet::test::exactMinimumArena(llvm::ArrayRef<BufferRequest> requests,
                                        uint64_t alignment) {
  for ([[maybe_unused]] const BufferRequest &request : requests)
    assert(request.pieces.empty() && "use exactMinimumArenaWithPieces");
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t best = firstFitArena(requests, order, alignment);
  while (std::next_permutation(order.begin(), order.end()))
    best = std::min(best, firstFitArena(requests, order, alignment));
  return best;
}

uint64_t mlir::densenet::test::exactMinimumArenaWithPieces(
    llvm::ArrayRef<BufferRequest> requests, uint64_t alignment) {
  // Start from the bytes live at one step, rounded up.
  unsigned lastStep = 0;
  for (const BufferRequest &request : requests)
    lastStep = std::max(lastStep, request.lastUse);
  uint64_t arena = 0;
  for (unsigned step = 0; step <= lastStep; ++step) {
    uint64_t live = 0;
    for (const BufferRequest &request : requests)
      for (uint64_t byte = 0; byte < request.size; ++byte)
        live += byteLive(request, byte, step);
    arena = std::max(arena, llvm::alignTo(live, alignment));
  }
  // Largest first prunes earliest.
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return requests[a].size > requests[b].size;
  });
  std::vector<uint64_t> offsets(requests.size(), 0);
  while (!fits(requests, order, 0, offsets, arena, alignment))
    arena += alignment;
  return arena;
}
