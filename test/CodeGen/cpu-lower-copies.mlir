// RUN: densenet-opt %s -split-input-file --densenet-cpu-lower-copies | FileCheck %s

// A copy of 12 rows of 368 contiguous floats, from a strided window into a
// dense buffer: one memref.copy per row, in a loop over the rows.
// CHECK-LABEL: func.func @rows(
// CHECK-SAME: %[[FROM:.*]]: memref<1x12x368xf32, strided<[160080, 13340, 1], offset: ?>>, %[[TO:.*]]: memref<1x12x368xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : index
// CHECK: scf.for %[[N:.*]] = %[[C0]] to %[[C1]] step %[[C1]] {
// CHECK-NEXT: scf.for %[[C:.*]] = %[[C0]] to %[[C12]] step %[[C1]] {
// CHECK-NEXT: %[[SRC:.*]] = memref.subview %[[FROM]][%[[N]], %[[C]], 0] [1, 1, 368] [1, 1, 1] : memref<1x12x368xf32, strided<[160080, 13340, 1], offset: ?>> to memref<368xf32, strided<[1], offset: ?>>
// CHECK-NEXT: %[[DST:.*]] = memref.subview %[[TO]][%[[N]], %[[C]], 0] [1, 1, 368] [1, 1, 1] : memref<1x12x368xf32> to memref<368xf32, strided<[1], offset: ?>>
// CHECK-NEXT: memref.copy %[[SRC]], %[[DST]]
// CHECK-NOT: linalg.copy
func.func @rows(%from: memref<1x12x368xf32, strided<[160080, 13340, 1], offset: ?>>,
                %to: memref<1x12x368xf32>) {
  linalg.copy ins(%from : memref<1x12x368xf32, strided<[160080, 13340, 1], offset: ?>>)
              outs(%to : memref<1x12x368xf32>)
  return
}

// -----

// A single row: one memref.copy, no loop.
// CHECK-LABEL: func.func @one_row(
// CHECK-SAME: %[[FROM:.*]]: memref<224xf32, strided<[1], offset: ?>>, %[[TO:.*]]: memref<224xf32, strided<[1], offset: ?>>)
// CHECK-NEXT: memref.copy %[[FROM]], %[[TO]]
// CHECK-NEXT: return
func.func @one_row(%from: memref<224xf32, strided<[1], offset: ?>>,
                   %to: memref<224xf32, strided<[1], offset: ?>>) {
  linalg.copy ins(%from : memref<224xf32, strided<[1], offset: ?>>)
              outs(%to : memref<224xf32, strided<[1], offset: ?>>)
  return
}

// -----

// Rows that are not contiguous (a column), a dynamic shape, and a copy on
// tensors are left to other lowerings.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: memref.copy
// CHECK-COUNT-3: linalg.copy
func.func @left_alone(%column: memref<8x1xf32, strided<[1, 8]>>,
                      %dense: memref<8x1xf32>,
                      %dynamic: memref<?x16xf32>, %other: memref<?x16xf32>,
                      %t: tensor<4x4xf32>, %u: tensor<4x4xf32>) -> tensor<4x4xf32> {
  linalg.copy ins(%column : memref<8x1xf32, strided<[1, 8]>>)
              outs(%dense : memref<8x1xf32>)
  linalg.copy ins(%dynamic : memref<?x16xf32>) outs(%other : memref<?x16xf32>)
  %0 = linalg.copy ins(%t : tensor<4x4xf32>) outs(%u : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
