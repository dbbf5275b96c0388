// RUN: densenet-opt %s --densenet-outline-kernels="entry=model" | FileCheck %s

// The entry option names the function whose loop nests are outlined; the
// kernels are named after it. @forward is not the entry here and keeps its
// loop.

// CHECK-LABEL: func.func @forward(
// CHECK-NOT: call
// CHECK: scf.for
// CHECK-LABEL: func.func private @model_0(
// CHECK-SAME: %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32> {llvm.noalias}) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[OUT]]
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>)
// CHECK-NOT: scf.for
// CHECK: call @model_0(%[[OUT]]) : (memref<4xf32>) -> ()
// CHECK-NEXT: return
// CHECK-NOT: @forward_{{[0-9]}}
func.func @forward(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %zero, %out[%i] : memref<4xf32>
  }
  return
}
func.func @model(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %one, %out[%i] : memref<4xf32>
  }
  return
}
