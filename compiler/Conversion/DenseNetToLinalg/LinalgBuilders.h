//===- LinalgBuilders.h - small linalg/tensor building blocks ---*- C++ -*-===//
//
// Helpers shared by the densenet lowerings: f32 tensor types, constant
// slices, all-parallel generics, lane transposes and the per-channel form of
// batch norm.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CONVERSION_LINALGBUILDERS_H
#define DENSENET_CONVERSION_LINALGBUILDERS_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::densenet {

RankedTensorType f32TensorType(OpBuilder &b, ArrayRef<int64_t> shape);

Value f32Constant(OpBuilder &b, Location loc, double value);

/// The slice [offsets, offsets + sizes) of `x`, unit strides; the offsets
/// static or SSA values.
Value extractSliceAt(OpBuilder &b, Location loc, Value x,
                     ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes);
Value extractSlice(OpBuilder &b, Location loc, Value x,
                   ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes);

/// The slice of `x` at `offsets` over `sizes`, with unit strides unless
/// given, of type `shape`: rank-reducing where `shape` has fewer dimensions
/// than `sizes`.
Value extractSliceOfShape(OpBuilder &b, Location loc, Value x,
                          ArrayRef<int64_t> shape,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<int64_t> sizes,
                          ArrayRef<int64_t> strides = {});

/// Inserts `source` into `dest` at `offsets`, unit strides.
Value insertSliceAt(OpBuilder &b, Location loc, Value source, Value dest,
                    ArrayRef<OpFoldResult> offsets);
Value insertSlice(OpBuilder &b, Location loc, Value source, Value dest,
                  ArrayRef<int64_t> offsets);

/// [A, B, C, D] <-> [A, B, C*D]: the trailing two dims of an NCHW tensor as
/// one flat pixel dimension, and back.
Value collapseSpatial(OpBuilder &b, Location loc, Value x);
Value expandSpatial(OpBuilder &b, Location loc, Value flat, int64_t rows,
                    int64_t cols);

/// out[outMap(d)] = in[inMap(d)] over a rank-5 domain d whose dimension 3
/// runs along rows and dimension 4 over the group of adjacent pixels being
/// moved to or from separate rows: a generic with role `lane_transpose`.
Value moveLanes(OpBuilder &b, Location loc, Value in, AffineMap inMap,
                Value out, AffineMap outMap);

/// `x` with every element set to `value`.
Value fill(OpBuilder &b, Location loc, Value x, double value);

/// A new f32 buffer, kept apart from every other by CSE (unlike tensor.empty).
Value allocateTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape);

/// A linalg.generic with all-parallel loops over `result`'s shape whose
/// inputs use `inputMaps`; `body` maps the input elements to the output.
Value buildElementwise(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    RankedTensorType result,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Batch norm as y = x * scale[c] + shift[c]: scale = gamma / sqrt(var +
/// eps) and shift = beta - mean * scale, from the packed 4 x C `norm`, each
/// multiplied by `factor`. A null scale is 1 (a bias after a convolution
/// whose batch norm was folded into its weights).
struct ChannelAffine {
  Value scale, shift;
};
ChannelAffine buildNormAffine(OpBuilder &b, Location loc, Value norm,
                              double epsilon, double factor = 1.0);

/// max(x * scale[c] + shift[c], 0), in f32 arithmetic (max(x + shift[c], 0)
/// for a null scale). NaN propagates, as in PyTorch; the sign of a zero
/// does not (fastmath nsz): one max instruction on x86 instead of four.
Value normRelu(OpBuilder &b, Location loc, Value x, Value scale, Value shift);

/// normRelu of every element of the NC... tensor `x` (channel dimension 1)
/// with the per-channel `affine`, into a new tensor.
Value applyNormRelu(OpBuilder &b, Location loc, Value x,
                    const ChannelAffine &affine);

/// Pixels stored as rows of `pitch`, of which the first `cols` are valid.
struct PitchedRows {
  int64_t pitch, cols;
};

/// Applies normRelu in place to every valid pixel of the NCP tensor `x`
/// (channel dimension 1, pixels in `rows`) with the per-channel `affine`,
/// and sets the others (the rows' junk columns) to zero.
Value applyNormReluInPlace(OpBuilder &b, Location loc, Value x,
                           const ChannelAffine &affine, PitchedRows rows);

} // namespace mlir::densenet

#endif // DENSENET_CONVERSION_LINALGBUILDERS_H
