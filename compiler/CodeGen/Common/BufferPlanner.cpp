//===- BufferPlanner.cpp - best-fit placement of buffers and pieces -------===//
//
// Implements the lower bound and the placements declared in
// BufferPlanner.h. A placement works in units of the alignment: every pair
// of an own piece and a placed piece that share a step forbids an interval
// of offsets; the free offsets are what those intervals leave.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/BufferPlanner.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <optional>
#include <utility>

using namespace mlir::densenet;

namespace {

/// The multiples of the alignment in [begin, end), as [first, last) indices
/// of alignment units (half-open, possibly empty).
struct Units {
  int64_t first, last;
};

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

/// The offsets `o` (in alignment units) at which own piece `own` would
/// share a byte with the placed piece at bytes [begin, end): those with
/// begin - ownEnd < o * alignment < end - own.offset.
Units forbiddenUnits(const BufferPiece &own, uint64_t begin, uint64_t end,
                     uint64_t alignment) {
  int64_t a = int64_t(alignment);
  int64_t low = int64_t(begin) - int64_t(own.offset + own.size);
  int64_t high = int64_t(end) - int64_t(own.offset);
  return {std::max<int64_t>(0, floorDiv(low, a) + 1), ceilDiv(high, a)};
}

bool sharesStep(const BufferPiece &a, unsigned lastA, const BufferPiece &b,
                unsigned lastB) {
  return a.firstUse <= lastB && b.firstUse <= lastA;
}

/// The offset (in alignment units) chosen for a request among the offsets
/// that `forbidden` leaves free: the lowest one, or with `bestFit` the start
/// of the shortest bounded run of free offsets (the lowest on ties), else
/// the start of the unbounded run above all forbidden offsets.
int64_t chooseUnit(std::vector<Units> &forbidden, bool bestFit) {
  std::sort(forbidden.begin(), forbidden.end(),
            [](Units x, Units y) { return x.first < y.first; });
  int64_t free = 0;
  std::optional<int64_t> best;
  int64_t bestLength = 0;
  for (Units units : forbidden) {
    if (units.last <= units.first)
      continue;
    if (units.first > free) {
      if (!bestFit)
        return free;
      int64_t length = units.first - free;
      if (!best || length < bestLength) {
        best = free;
        bestLength = length;
      }
    }
    free = std::max(free, units.last);
  }
  return best.value_or(free);
}

/// A request's pieces once, with its last use.
struct Pieces {
  std::vector<BufferPiece> pieces;
  unsigned firstUse, lastUse;
};

std::vector<Pieces> allPieces(llvm::ArrayRef<BufferRequest> requests) {
  std::vector<Pieces> all;
  all.reserve(requests.size());
  for (const BufferRequest &request : requests) {
    std::vector<BufferPiece> pieces;
    unsigned first = request.lastUse;
    for (const BufferPiece &piece : piecesOf(request))
      if (piece.size != 0) {
        pieces.push_back(piece);
        first = std::min(first, piece.firstUse);
      }
    all.push_back({std::move(pieces), first, request.lastUse});
  }
  return all;
}

/// Sum over the pieces of bytes x steps live.
uint64_t liveArea(const BufferRequest &request) {
  uint64_t area = 0;
  for (const BufferPiece &piece : piecesOf(request))
    area += piece.size * (uint64_t(request.lastUse) - piece.firstUse + 1);
  return area;
}

/// The placement orders of planBuffers (see BufferPlanner.h), without
/// duplicates.
std::vector<std::vector<size_t>>
placementOrders(llvm::ArrayRef<BufferRequest> requests) {
  auto sorted = [&](auto before) {
    std::vector<size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), before);
    return order;
  };
  auto size = [&](size_t i) { return requests[i].size; };
  auto first = [&](size_t i) { return requests[i].firstUse; };
  auto last = [&](size_t i) { return requests[i].lastUse; };
  std::vector<uint64_t> areas;
  for (const BufferRequest &request : requests)
    areas.push_back(liveArea(request));

  std::vector<std::vector<size_t>> orders = {
      sorted([&](size_t a, size_t b) {
        if (size(a) != size(b))
          return size(a) > size(b);
        return first(a) < first(b);
      }),
      sorted([&](size_t a, size_t b) {
        if (areas[a] != areas[b])
          return areas[a] > areas[b];
        return size(a) > size(b);
      }),
      sorted([&](size_t a, size_t b) {
        if (first(a) != first(b))
          return first(a) < first(b);
        return size(a) > size(b);
      }),
      sorted([&](size_t a, size_t b) {
        if (last(a) != last(b))
          return last(a) > last(b);
        return size(a) > size(b);
      }),
  };
  std::vector<std::vector<size_t>> unique;
  for (std::vector<size_t> &order : orders)
    if (std::find(unique.begin(), unique.end(), order) == unique.end())
      unique.push_back(std::move(order));
  return unique;
}

} // namespace

std::vector<BufferPiece>
mlir::densenet::piecesOf(const BufferRequest &request) {
  if (request.pieces.empty())
    return {{0, request.size, request.firstUse}};
  return request.pieces;
}

bool mlir::densenet::conflict(const BufferRequest &a, uint64_t offsetA,
                              const BufferRequest &b, uint64_t offsetB) {
  for (const BufferPiece &x : piecesOf(a))
    for (const BufferPiece &y : piecesOf(b))
      if (x.size != 0 && y.size != 0 && sharesStep(x, a.lastUse, y, b.lastUse) &&
          offsetA + x.offset < offsetB + y.offset + y.size &&
          offsetB + y.offset < offsetA + x.offset + x.size)
        return true;
  return false;
}

uint64_t mlir::densenet::liveLowerBound(llvm::ArrayRef<BufferRequest> requests,
                                        uint64_t alignment) {
  // A piece adds its bytes and its granule starts at its first use and
  // removes them at the step after its buffer's last use; at equal steps
  // removals come first, so the state after each addition is a subset of
  // the state of that step.
  struct Event {
    uint64_t step;
    bool adds;
    uint64_t bytes, granules;
  };
  std::vector<Event> events;
  for (const BufferRequest &request : requests)
    for (const BufferPiece &piece : piecesOf(request)) {
      assert(piece.offset + piece.size <= request.size &&
             piece.firstUse <= request.lastUse && "malformed piece");
      uint64_t granules =
          llvm::divideCeil(piece.offset + piece.size, alignment) -
          llvm::divideCeil(piece.offset, alignment);
      events.push_back({piece.firstUse, true, piece.size, granules});
      events.push_back(
          {uint64_t(request.lastUse) + 1, false, piece.size, granules});
    }
  std::stable_sort(events.begin(), events.end(), [](Event a, Event b) {
    if (a.step != b.step)
      return a.step < b.step;
    return !a.adds && b.adds;
  });
  uint64_t bytes = 0, granules = 0, peak = 0;
  for (const Event &event : events) {
    if (!event.adds) {
      bytes -= event.bytes;
      granules -= event.granules;
      continue;
    }
    bytes += event.bytes;
    granules += event.granules;
    peak = std::max({peak, llvm::alignTo(bytes, alignment),
                     granules * alignment});
  }
  return peak;
}

BufferPlan mlir::densenet::planInOrder(llvm::ArrayRef<BufferRequest> requests,
                                       llvm::ArrayRef<size_t> order,
                                       uint64_t alignment, bool bestFit) {
  assert(order.size() == requests.size() && "order is not a permutation");
  std::vector<Pieces> pieces = allPieces(requests);
  BufferPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> placed;
  std::vector<Units> forbidden;
  for (size_t index : order) {
    const Pieces &own = pieces[index];
    forbidden.clear();
    for (size_t other : placed) {
      const Pieces &theirs = pieces[other];
      if (own.firstUse > theirs.lastUse || theirs.firstUse > own.lastUse)
        continue;
      uint64_t base = plan.offsets[other];
      for (const BufferPiece &x : own.pieces)
        for (const BufferPiece &y : theirs.pieces)
          if (sharesStep(x, own.lastUse, y, theirs.lastUse))
            forbidden.push_back(forbiddenUnits(
                x, base + y.offset, base + y.offset + y.size, alignment));
    }
    uint64_t offset = uint64_t(chooseUnit(forbidden, bestFit)) * alignment;
    plan.offsets[index] = offset;
    plan.arenaBytes = std::max(
        plan.arenaBytes, offset + llvm::alignTo(requests[index].size, alignment));
    placed.push_back(index);
  }
  plan.lowerBoundBytes = liveLowerBound(requests, alignment);
  return plan;
}

BufferPlan mlir::densenet::planBuffers(llvm::ArrayRef<BufferRequest> requests,
                                       uint64_t alignment) {
  std::optional<BufferPlan> best;
  for (const std::vector<size_t> &order : placementOrders(requests)) {
    BufferPlan plan = planInOrder(requests, order, alignment);
    if (!best || plan.arenaBytes < best->arenaBytes)
      best = std::move(plan);
  }
  return std::move(*best);
}

BufferPlan
mlir::densenet::planWithoutReuse(llvm::ArrayRef<BufferRequest> requests,
                                 uint64_t alignment) {
  BufferPlan plan;
  for (const BufferRequest &request : requests) {
    plan.offsets.push_back(plan.arenaBytes);
    plan.arenaBytes += llvm::alignTo(request.size, alignment);
  }
  plan.lowerBoundBytes = liveLowerBound(requests, alignment);
  return plan;
}
