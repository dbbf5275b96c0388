//===- BalanceParallelLoops.cpp - work-sharing loops shared out on demand -===//
//
// Implements `densenet-balance-parallel-loops`: gives every `omp.wsloop` the
// dynamic schedule, so that the OpenMPIRBuilder lowers it to the runtime's
// dispatch calls (each thread asks for its next iteration) instead of one
// fixed share per thread. The runtime (runtime/cpu/loop_shares.c) still
// starts each thread on its static share and lets a thread that finished
// take iterations from the back of another's.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETBALANCEPARALLELLOOPS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Whether `loop` is the last op of its omp.parallel region, whose end
/// waits for every thread anyway: the barrier after the loop would only
/// make them wait twice.
bool endsItsRegion(omp::WsloopOp loop) {
  Operation *next = loop->getNextNode();
  return next && isa<omp::TerminatorOp>(next) &&
         isa<omp::ParallelOp>(loop->getParentOp());
}

struct BalanceParallelLoops
    : densenet::impl::DenseNetBalanceParallelLoopsBase<BalanceParallelLoops> {
  void runOnOperation() override {
    auto dynamic = omp::ClauseScheduleKindAttr::get(
        &getContext(), omp::ClauseScheduleKind::Dynamic);
    getOperation().walk([&](omp::WsloopOp loop) {
      if (!loop.getScheduleKind())
        loop.setScheduleKindAttr(dynamic);
      if (endsItsRegion(loop))
        loop.setNowait(true);
    });
  }
};

} // namespace
