// RUN: densenet-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// The attributes passes exchange (DenseNetAttrs.td): roles on linalg ops and
// loops, the buffer plan on the module. They round-trip, and every rule of
// their verifiers has a negative case.

// CHECK-LABEL: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 512, lowerBoundBytes = 256, unplannedBytes = 640, buffers = <name = "a", size = 256, offset = 0, first = 1, last = 3, pieces = <offset = 0, size = 128, first = 1>, <offset = 128, size = 128, first = 2>>, <name = "b", size = 256, offset = 256, first = 2, last = 4>>}
// CHECK: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>}
// CHECK: linalg.generic {{.*}} attrs = {{ *}}{densenet.role = #densenet.role<prologue>}
// CHECK: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm_with_prologue>}
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 512, lowerBoundBytes = 256, unplannedBytes = 640, buffers = <name = "a", size = 256, offset = 0, first = 1, last = 3, pieces = <offset = 0, size = 128, first = 1>, <offset = 128, size = 128, first = 2>>, <name = "b", size = 256, offset = 256, first = 2, last = 4>>} {
  func.func @roles(%w: tensor<4x2xf32>, %x: tensor<1x2x8xf32>, %acc: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
    %0 = linalg.contract
        indexing_maps = [affine_map<(n, m, p, c) -> (m, c)>,
                         affine_map<(n, m, p, c) -> (n, c, p)>,
                         affine_map<(n, m, p, c) -> (n, m, p)>]
        {densenet.role = #densenet.role<gemm>}
        ins(%w, %x : tensor<4x2xf32>, tensor<1x2x8xf32>) outs(%acc : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
    %1 = linalg.generic {indexing_maps = [affine_map<(n, c, p) -> (n, c, p)>, affine_map<(n, c, p) -> (n, c, p)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%x : tensor<1x2x8xf32>) outs(%x : tensor<1x2x8xf32>) attrs = {densenet.role = #densenet.role<prologue>} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x2x8xf32>
    %2 = linalg.contract
        indexing_maps = [affine_map<(n, m, p, c) -> (m, c)>,
                         affine_map<(n, m, p, c) -> (n, c, p)>,
                         affine_map<(n, m, p, c) -> (n, m, p)>]
        {densenet.role = #densenet.role<gemm_with_prologue>}
        ins(%w, %1 : tensor<4x2xf32>, tensor<1x2x8xf32>) outs(%0 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c1 step %c1 {
    } {densenet.role = #densenet.role<parallel_loop>}
    return %2 : tensor<1x4x8xf32>
  }
}

// -----

// expected-error @+1 {{has role #densenet.role<gemm> but is not a linalg op}}
func.func @gemm_on_func() attributes {densenet.role = #densenet.role<gemm>} {
  return
}

// -----

func.func @parallel_on_non_loop(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{has role #densenet.role<parallel_loop> but is not a loop}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d) -> (d)>], iterator_types = ["parallel"]}
      outs(%x : tensor<4xf32>) attrs = {densenet.role = #densenet.role<parallel_loop>} {
  ^bb0(%out: f32):
    linalg.yield %out : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{'densenet.role' must be a #densenet.role}}
func.func @untyped_role() attributes {densenet.role} {
  return
}

// -----

// The string markers of earlier versions are not attributes of the dialect.
// expected-error @+1 {{has unknown densenet attribute 'densenet.gemm'}}
func.func @old_marker() attributes {densenet.gemm} {
  return
}

// -----

// expected-error @+1 {{'densenet.buffer_plan' belongs on the module}}
func.func @plan_on_func() attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 0, lowerBoundBytes = 0, unplannedBytes = 0>} {
  return
}

// -----

// expected-error @+1 {{'densenet.buffer_plan' must be a #densenet.buffer_plan}}
module attributes {densenet.buffer_plan = 3 : i64} {
}

// -----

// expected-error @+1 {{buffer plan needs 0 <= lowerBoundBytes <= arenaBytes}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 128, lowerBoundBytes = 256, unplannedBytes = 256>} {
}

// -----

// expected-error @+1 {{buffer 'b' at bytes [64, 192) does not fit the 128-byte arena}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 128, lowerBoundBytes = 128, unplannedBytes = 128, buffers = <name = "b", size = 128, offset = 64, first = 0, last = 1>>} {
}

// -----

// expected-error @+2 {{failed to parse DenseNet_BufferPlanAttr parameter 'buffers'}}
// expected-error @+1 {{buffer 'b' needs size >= 0 and an offset that is a non-negative multiple of 64; got size 16, offset 32}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 128, lowerBoundBytes = 64, unplannedBytes = 64, buffers = <name = "b", size = 16, offset = 32, first = 0, last = 1>>} {
}

// -----

// expected-error @+2 {{failed to parse DenseNet_BufferPlanAttr parameter 'buffers'}}
// expected-error @+1 {{buffer 'b' is live from step 3 to step 1}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 64, lowerBoundBytes = 64, unplannedBytes = 64, buffers = <name = "b", size = 64, offset = 0, first = 3, last = 1>>} {
}

// -----

// expected-error @+2 {{failed to parse DenseNet_BufferPlanAttr parameter 'buffers'}}
// expected-error @+1 {{buffer 'b' has a piece at bytes [32, 96) past its 64 bytes}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 64, lowerBoundBytes = 64, unplannedBytes = 64, buffers = <name = "b", size = 64, offset = 0, first = 0, last = 2, pieces = <offset = 32, size = 64, first = 1>>>} {
}

// -----

// expected-error @+2 {{failed to parse DenseNet_BufferPlanAttr parameter 'buffers'}}
// expected-error @+1 {{buffer 'b' has a piece first used at step 5, outside its live range [0, 2]}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 64, lowerBoundBytes = 64, unplannedBytes = 64, buffers = <name = "b", size = 64, offset = 0, first = 0, last = 2, pieces = <offset = 0, size = 64, first = 5>>>} {
}

// -----

// expected-error @+3 {{failed to parse DenseNet_PlannedBufferAttr parameter 'pieces'}}
// expected-error @+2 {{failed to parse DenseNet_BufferPlanAttr parameter 'buffers'}}
// expected-error @+1 {{buffer piece needs offset >= 0, size > 0 and first >= 0; got offset 0, size 0, first 1}}
module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 64, lowerBoundBytes = 64, unplannedBytes = 64, buffers = <name = "b", size = 64, offset = 0, first = 0, last = 2, pieces = <offset = 0, size = 0, first = 1>>>} {
}
