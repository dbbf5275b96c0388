//===- SubsetOpModels.h - subset comparisons that try syntax first -*- C++ -*-//
//
// SubsetOpInterface models for tensor.extract_slice/insert_slice and
// vector.transfer_read/write that compare slices syntactically before asking
// ValueBoundsConstraintSet (see SubsetOpModels.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_SUBSETOPMODELS_H
#define DENSENET_CODEGEN_COMMON_SUBSETOPMODELS_H

namespace mlir {
class DialectRegistry;

namespace densenet {

/// Registers the models. An op keeps the first model attached for an
/// interface, so call this before mlir::registerAllDialects, which
/// registers the upstream models these replace.
void registerSubsetOpModels(DialectRegistry &registry);

} // namespace densenet
} // namespace mlir

#endif // DENSENET_CODEGEN_COMMON_SUBSETOPMODELS_H
