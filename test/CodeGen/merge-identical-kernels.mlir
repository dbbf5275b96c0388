// RUN: densenet-opt %s -split-input-file --densenet-merge-identical-kernels | FileCheck %s

// Private functions with the same type, attributes and body (locations
// aside) are merged into the first; its callers and theirs call it. A body
// with another constant, the same body with other argument attributes, and
// public functions stay.
// CHECK-LABEL: func.func private @fill_a(
// CHECK-NOT: func.func private @fill_b(
// CHECK-LABEL: func.func private @fill_other_value(
// CHECK-LABEL: func.func private @fill_noalias(
// CHECK-LABEL: func.func @public_fill(
// CHECK-LABEL: func.func @public_twin(
// CHECK-LABEL: func.func @forward(
// CHECK-NEXT: call @fill_a(%[[X:.*]]) :
// CHECK-NEXT: call @fill_a(%[[Y:.*]]) :
// CHECK-NEXT: call @fill_other_value(
// CHECK-NEXT: call @fill_noalias(
// CHECK-NEXT: call @public_fill(
// CHECK-NEXT: call @public_twin(
// CHECK-NEXT: return
func.func private @fill_a(%buf: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%buf : memref<4xf32>) loc("layer1")
  return
}
func.func private @fill_b(%buf: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%buf : memref<4xf32>) loc("layer2")
  return
}
func.func private @fill_other_value(%buf: memref<4xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%buf : memref<4xf32>)
  return
}
func.func private @fill_noalias(%buf: memref<4xf32> {llvm.noalias}) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%buf : memref<4xf32>)
  return
}
func.func @public_fill(%buf: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%buf : memref<4xf32>)
  return
}
func.func @public_twin(%buf: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%buf : memref<4xf32>)
  return
}
func.func @forward(%x: memref<4xf32>, %y: memref<4xf32>) {
  call @fill_a(%x) : (memref<4xf32>) -> ()
  call @fill_b(%y) : (memref<4xf32>) -> ()
  call @fill_other_value(%x) : (memref<4xf32>) -> ()
  call @fill_noalias(%x) : (memref<4xf32>) -> ()
  call @public_fill(%x) : (memref<4xf32>) -> ()
  call @public_twin(%x) : (memref<4xf32>) -> ()
  return
}

// -----

// Bodies are compared whole, nested regions included: loops that differ only
// in a bound inside them stay apart; functions that differ only in their
// argument types stay apart.
// CHECK-LABEL: func.func private @loop_to_4(
// CHECK-LABEL: func.func private @loop_to_8(
// CHECK-LABEL: func.func private @loop_to_4_wide(
// CHECK-LABEL: func.func @forward(
// CHECK-NEXT: call @loop_to_4(
// CHECK-NEXT: call @loop_to_8(
// CHECK-NEXT: call @loop_to_4_wide(
func.func private @loop_to_4(%buf: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %n = arith.constant 4 : index
    scf.for %j = %c0 to %n step %c1 {
      %v = memref.load %buf[%j] : memref<8xf32>
      memref.store %v, %buf[%i] : memref<8xf32>
    }
  }
  return
}
func.func private @loop_to_8(%buf: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %n = arith.constant 8 : index
    scf.for %j = %c0 to %n step %c1 {
      %v = memref.load %buf[%j] : memref<8xf32>
      memref.store %v, %buf[%i] : memref<8xf32>
    }
  }
  return
}
func.func private @loop_to_4_wide(%buf: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %n = arith.constant 4 : index
    scf.for %j = %c0 to %n step %c1 {
      %v = memref.load %buf[%j] : memref<16xf32>
      memref.store %v, %buf[%i] : memref<16xf32>
    }
  }
  return
}
func.func @forward(%a: memref<8xf32>, %b: memref<16xf32>) {
  call @loop_to_4(%a) : (memref<8xf32>) -> ()
  call @loop_to_8(%a) : (memref<8xf32>) -> ()
  call @loop_to_4_wide(%b) : (memref<16xf32>) -> ()
  return
}
