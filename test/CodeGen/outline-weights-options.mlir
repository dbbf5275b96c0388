// RUN: densenet-opt %s --densenet-outline-weights="entry=model blob=params" | FileCheck %s

// The entry option picks the function whose globals are packed (here not the
// default @forward, which is left alone) and blob names the packed global.
// A missing entry is an error: outline-weights-invalid.mlir.

// CHECK-NOT: @weights_data
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %{{.*}}: memref<2xf32>) {
// CHECK-NEXT: memref.get_global @w0 : memref<2xf32>
// The blob is created next to the entry function.
// CHECK: memref.global "public" constant @params : memref<128xi8> = dense<"0x0000803F0000803F{{(0{112})}}00004040{{(0{120})}}"> {alignment = 64 : i64}
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<128xi8>, %[[OUT:[a-zA-Z0-9_]+]]: memref<2xf32>)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[V0:.*]] = memref.view %[[BLOB]][%[[C0]]][] : memref<128xi8> to memref<2xf32>
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[V1:.*]] = memref.view %[[BLOB]][%[[C64]]][] : memref<128xi8> to memref<1xf32>
// CHECK-NEXT: linalg.copy ins(%[[V0]] : memref<2xf32>) outs(%[[OUT]] : memref<2xf32>)
// CHECK-NOT: @weights_data

module {
  memref.global "private" constant @w0 : memref<2xf32> = dense<1.0>
  memref.global "private" constant @w1 : memref<1xf32> = dense<3.0>
  func.func @forward(%out: memref<2xf32>) {
    %0 = memref.get_global @w0 : memref<2xf32>
    linalg.copy ins(%0 : memref<2xf32>) outs(%out : memref<2xf32>)
    return
  }
  func.func @model(%out: memref<2xf32>) {
    %0 = memref.get_global @w0 : memref<2xf32>
    %1 = memref.get_global @w1 : memref<1xf32>
    linalg.copy ins(%0 : memref<2xf32>) outs(%out : memref<2xf32>)
    return
  }
}
