//===- MemoryReport.h - the --memory-report JSON and SVG --------*- C++ -*-===//
//
// Writes what densenet-plan-buffers decided: weight, arena, lower-bound and
// unplanned bytes with a per-buffer table (JSON), and a picture of the
// buffers as rectangles over offset x time (SVG).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_MEMORYREPORT_H
#define DENSENET_DRIVER_MEMORYREPORT_H

#include "compiler/Driver/ModelInterface.h"
#include "compiler/Driver/PendingOutputs.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

namespace mlir::densenet {

/// Writes `jsonPath` and the SVG beside it (same stem, `.svg`) from `plan`.
llvm::Error writeMemoryReport(BufferPlanAttr plan,
                              const ModelInterface &interface,
                              llvm::StringRef jsonPath,
                              PendingOutputs &outputs);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_MEMORYREPORT_H
