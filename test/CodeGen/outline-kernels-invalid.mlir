// RUN: densenet-opt %s --densenet-outline-kernels="entry=missing" -verify-diagnostics

// An entry function that does not exist is an error located at the module,
// and the pass fails.

// expected-error @+1 {{no entry function 'missing'}}
module {
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
}
