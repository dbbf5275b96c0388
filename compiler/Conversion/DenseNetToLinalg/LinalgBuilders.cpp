//===- LinalgBuilders.cpp - small linalg/tensor building blocks -----------===//
//
// Implements the helpers declared in LinalgBuilders.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::densenet;

RankedTensorType mlir::densenet::f32TensorType(OpBuilder &b,
                                               ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

Value mlir::densenet::f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value mlir::densenet::extractSliceAt(OpBuilder &b, Location loc, Value x,
                                     ArrayRef<OpFoldResult> offsets,
                                     ArrayRef<int64_t> sizes) {
  return extractSliceOfShape(b, loc, x, sizes, offsets, sizes);
}

Value mlir::densenet::extractSlice(OpBuilder &b, Location loc, Value x,
                                   ArrayRef<int64_t> offsets,
                                   ArrayRef<int64_t> sizes) {
  return extractSliceAt(b, loc, x,
                        getAsIndexOpFoldResult(b.getContext(), offsets), sizes);
}

Value mlir::densenet::extractSliceOfShape(OpBuilder &b, Location loc, Value x,
                                          ArrayRef<int64_t> shape,
                                          ArrayRef<OpFoldResult> offsets,
                                          ArrayRef<int64_t> sizes,
                                          ArrayRef<int64_t> strides) {
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> unit(offsets.size(), 1);
  return tensor::ExtractSliceOp::create(
      b, loc, f32TensorType(b, shape), x, offsets,
      getAsIndexOpFoldResult(ctx, sizes),
      getAsIndexOpFoldResult(ctx, strides.empty() ? ArrayRef<int64_t>(unit)
                                                  : strides));
}

Value mlir::densenet::insertSliceAt(OpBuilder &b, Location loc, Value source,
                                    Value dest,
                                    ArrayRef<OpFoldResult> offsets) {
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> strides(offsets.size(), 1);
  return tensor::InsertSliceOp::create(
      b, loc, source, dest, offsets,
      getAsIndexOpFoldResult(ctx, shapeOf(source)),
      getAsIndexOpFoldResult(ctx, strides));
}

Value mlir::densenet::insertSlice(OpBuilder &b, Location loc, Value source,
                                  Value dest, ArrayRef<int64_t> offsets) {
  return insertSliceAt(b, loc, source, dest,
                       getAsIndexOpFoldResult(b.getContext(), offsets));
}

Value mlir::densenet::collapseSpatial(OpBuilder &b, Location loc, Value x) {
  ArrayRef<int64_t> s = shapeOf(x);
  return tensor::CollapseShapeOp::create(
      b, loc, f32TensorType(b, {s[0], s[1], s[2] * s[3]}), x,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

Value mlir::densenet::expandSpatial(OpBuilder &b, Location loc, Value flat,
                                    int64_t rows, int64_t cols) {
  ArrayRef<int64_t> s = shapeOf(flat);
  return tensor::ExpandShapeOp::create(
      b, loc, f32TensorType(b, {s[0], s[1], rows, cols}), flat,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

Value mlir::densenet::moveLanes(OpBuilder &b, Location loc, Value in,
                                AffineMap inMap, Value out, AffineMap outMap) {
  SmallVector<utils::IteratorType> iterators(5, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, out.getType(), ValueRange{in}, ValueRange{out},
      ArrayRef<AffineMap>{inMap, outMap}, iterators,
      [](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, args[0]);
      });
  setRole(generic, Role::lane_transpose);
  return generic.getResult(0);
}

Value mlir::densenet::fill(OpBuilder &b, Location loc, Value x, double value) {
  return linalg::FillOp::create(b, loc, f32Constant(b, loc, value), x)
      .getResult(0);
}

Value mlir::densenet::allocateTensor(OpBuilder &b, Location loc,
                                    ArrayRef<int64_t> shape) {
  return bufferization::AllocTensorOp::create(b, loc, f32TensorType(b, shape),
                                              ValueRange{});
}

Value mlir::densenet::buildElementwise(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    RankedTensorType result,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = tensor::EmptyOp::create(b, loc, result.getShape(),
                                       result.getElementType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(result.getRank()));
  SmallVector<utils::IteratorType> iterators(result.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, result, inputs, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl,
                                       body(nb, nl, args.drop_back()));
             })
      .getResult(0);
}

/// Row `row` of a packed 4xC batch-norm tensor, as tensor<C>.
static Value normRow(OpBuilder &b, Location loc, Value norm, int64_t row) {
  MLIRContext *ctx = b.getContext();
  int64_t c = shapeOf(norm)[1];
  return tensor::ExtractSliceOp::create(
      b, loc, f32TensorType(b, {c}), norm,
      getAsIndexOpFoldResult(ctx, {row, 0}), getAsIndexOpFoldResult(ctx, {1, c}),
      getAsIndexOpFoldResult(ctx, {1, 1}));
}

ChannelAffine mlir::densenet::buildNormAffine(OpBuilder &b, Location loc,
                                              Value norm, double epsilon,
                                              double factor) {
  int64_t c = shapeOf(norm)[1];
  SmallVector<Value> rows;
  for (int64_t i = 0; i < 4; ++i)
    rows.push_back(normRow(b, loc, norm, i));
  Value eps = f32Constant(b, loc, epsilon);
  auto scaled = [&](OpBuilder &nb, Location l, Value v) -> Value {
    if (factor == 1.0)
      return v;
    return arith::MulFOp::create(nb, l, v, f32Constant(nb, l, factor));
  };
  AffineMap id1 = b.getMultiDimIdentityMap(1);
  RankedTensorType channelType = f32TensorType(b, {c});
  Value scale = buildElementwise(
      b, loc, {rows[0], rows[3]}, {id1, id1}, channelType,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value var = arith::AddFOp::create(nb, l, a[1], eps);
        return scaled(nb, l,
                      arith::MulFOp::create(nb, l, a[0],
                                            math::RsqrtOp::create(nb, l, var)));
      });
  Value shift = buildElementwise(
      b, loc, {rows[1], rows[2], scale}, {id1, id1, id1}, channelType,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value scaledMean = arith::MulFOp::create(nb, l, a[1], a[2]);
        return arith::SubFOp::create(nb, l, scaled(nb, l, a[0]), scaledMean);
      });
  return {scale, shift};
}

Value mlir::densenet::normRelu(OpBuilder &b, Location loc, Value x,
                               Value scale, Value shift) {
  Value y = scale ? math::FmaOp::create(b, loc, x, scale, shift).getResult()
                  : arith::AddFOp::create(b, loc, x, shift).getResult();
  return arith::MaximumFOp::create(b, loc, y, f32Constant(b, loc, 0.0),
                                   arith::FastMathFlags::nsz);
}

/// The map of a per-channel operand (dimension 1) in a rank-`rank` loop nest.
static AffineMap channelMap(OpBuilder &b, unsigned rank) {
  MLIRContext *ctx = b.getContext();
  return AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
}

Value mlir::densenet::applyNormRelu(OpBuilder &b, Location loc, Value x,
                                    const ChannelAffine &affine) {
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap perChannel = channelMap(b, type.getRank());
  return buildElementwise(
      b, loc, {x, affine.scale, affine.shift},
      {b.getMultiDimIdentityMap(type.getRank()), perChannel, perChannel}, type,
      [](OpBuilder &nb, Location l, ValueRange a) {
        return normRelu(nb, l, a[0], a[1], a[2]);
      });
}

/// Whether the flat pixel of a linalg body's dimension `dim` is valid in
/// `rows`: its column, the pixel modulo the pitch (in i32, which vectorizes
/// to a multiply-high where index would not), is below `rows.cols`.
static Value isValidPixel(OpBuilder &b, Location loc, unsigned dim,
                          PitchedRows rows) {
  Type i32 = b.getI32Type();
  Value pixel = arith::IndexCastUIOp::create(
      b, loc, i32, linalg::IndexOp::create(b, loc, dim));
  Value column = arith::RemUIOp::create(
      b, loc, pixel, arith::ConstantIntOp::create(b, loc, i32, rows.pitch));
  return arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ult, column,
      arith::ConstantIntOp::create(b, loc, i32, rows.cols));
}

Value mlir::densenet::applyNormReluInPlace(OpBuilder &b, Location loc, Value x,
                                           const ChannelAffine &affine,
                                           PitchedRows rows) {
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  AffineMap perChannel = channelMap(b, type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  SmallVector<Value> channelValues = {affine.shift};
  if (affine.scale)
    channelValues.insert(channelValues.begin(), affine.scale);
  SmallVector<AffineMap> maps(channelValues.size(), perChannel);
  maps.push_back(identity);
  unsigned pixelDim = type.getRank() - 1;
  return linalg::GenericOp::create(
             b, loc, type, channelValues, ValueRange{x}, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value scale = affine.scale ? args[0] : Value();
               Value y = normRelu(nb, nl, args.back(), scale,
                                  args.drop_back().back());
               Value valid = isValidPixel(nb, nl, pixelDim, rows);
               linalg::YieldOp::create(
                   nb, nl,
                   arith::SelectOp::create(nb, nl, valid, y,
                                           f32Constant(nb, nl, 0.0))
                       .getResult());
             })
      .getResult(0);
}
