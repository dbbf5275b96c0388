//===- DenseNetAttrs.cpp - attributes passes exchange ---------------------===//
//
// Verifiers of the buffer plan's attributes and the accessors of
// `densenet.role` (see DenseNetAttrs.td).
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::densenet;

#define GET_ATTRDEF_CLASSES
#include "dialects/DenseNet/IR/DenseNetAttrs.cpp.inc"

void DenseNetDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/DenseNet/IR/DenseNetAttrs.cpp.inc"
      >();
}

/// Arena offsets are multiples of this (the runtime's arena alignment).
static constexpr int64_t kArenaAlignment = 64;

LogicalResult
BufferPieceAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        int64_t offset, int64_t size, int64_t first) {
  if (offset < 0 || size <= 0 || first < 0)
    return emitError() << "buffer piece needs offset >= 0, size > 0 and "
                          "first >= 0; got offset "
                       << offset << ", size " << size << ", first " << first;
  return success();
}

LogicalResult PlannedBufferAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, StringRef name, int64_t size,
    int64_t offset, int64_t first, int64_t last,
    ArrayRef<BufferPieceAttr> pieces) {
  if (size < 0 || offset < 0 || offset % kArenaAlignment != 0)
    return emitError() << "buffer '" << name
                       << "' needs size >= 0 and an offset that is a "
                          "non-negative multiple of "
                       << kArenaAlignment << "; got size " << size
                       << ", offset " << offset;
  if (first < 0 || first > last)
    return emitError() << "buffer '" << name << "' is live from step " << first
                       << " to step " << last;
  for (BufferPieceAttr piece : pieces) {
    if (piece.getOffset() + piece.getSize() > size)
      return emitError() << "buffer '" << name << "' has a piece at bytes ["
                         << piece.getOffset() << ", "
                         << piece.getOffset() + piece.getSize()
                         << ") past its " << size << " bytes";
    if (piece.getFirst() < first || piece.getFirst() > last)
      return emitError() << "buffer '" << name
                         << "' has a piece first used at step "
                         << piece.getFirst() << ", outside its live range ["
                         << first << ", " << last << "]";
  }
  return success();
}

LogicalResult
BufferPlanAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       int64_t arenaBytes, int64_t lowerBoundBytes,
                       int64_t unplannedBytes, int64_t threadScratchBytes,
                       ArrayRef<PlannedBufferAttr> buffers) {
  if (lowerBoundBytes < 0 || unplannedBytes < 0 || threadScratchBytes < 0 ||
      arenaBytes < lowerBoundBytes)
    return emitError() << "buffer plan needs 0 <= lowerBoundBytes <= "
                          "arenaBytes, unplannedBytes >= 0 and "
                          "threadScratchBytes >= 0; got arena "
                       << arenaBytes << ", lower bound " << lowerBoundBytes
                       << ", unplanned " << unplannedBytes
                       << ", thread scratch " << threadScratchBytes;
  for (PlannedBufferAttr buffer : buffers)
    if (buffer.getOffset() + buffer.getSize() > arenaBytes)
      return emitError() << "buffer '" << buffer.getName() << "' at bytes ["
                         << buffer.getOffset() << ", "
                         << buffer.getOffset() + buffer.getSize()
                         << ") does not fit the " << arenaBytes
                         << "-byte arena";
  return success();
}

static DenseNetDialect *denseNetDialect(Operation *op) {
  return op->getContext()->getOrLoadDialect<DenseNetDialect>();
}

void densenet::setRole(Operation *op, Role role) {
  denseNetDialect(op)->getRoleAttrHelper().setAttr(
      op, RoleAttr::get(op->getContext(), role));
}

std::optional<Role> densenet::getRole(Operation *op) {
  if (RoleAttr role = denseNetDialect(op)->getRoleAttrHelper().getAttr(op))
    return role.getValue();
  return std::nullopt;
}

void densenet::clearRole(Operation *op) {
  op->removeAttr(denseNetDialect(op)->getRoleAttrHelper().getName());
}

BufferPlanAttr densenet::getBufferPlan(Operation *module) {
  return denseNetDialect(module)->getBufferPlanAttrHelper().getAttr(module);
}
