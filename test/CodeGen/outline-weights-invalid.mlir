// RUN: densenet-opt %s --densenet-outline-weights="entry=missing" -verify-diagnostics

// An entry function that does not exist is an error located at the module,
// and the pass fails.

// expected-error @+1 {{no entry function 'missing'}}
module {
  memref.global "private" constant @w0 : memref<2xf32> = dense<1.0>
  func.func @forward(%out: memref<2xf32>) {
    %0 = memref.get_global @w0 : memref<2xf32>
    linalg.copy ins(%0 : memref<2xf32>) outs(%out : memref<2xf32>)
    return
  }
}
