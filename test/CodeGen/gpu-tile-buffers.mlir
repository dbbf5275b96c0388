// RUN: densenet-opt %s --densenet-gpu-tile-buffers --split-input-file --verify-diagnostics | FileCheck %s

// A block's tile in a gpu.launch, of a dynamic size bounded by 16 x 64
// floats, becomes a view of a 4096-byte workgroup attribution of the launch,
// cast back to the allocation's memory space.
// CHECK-LABEL: func.func @tile_in_launch
// CHECK:       gpu.launch
// CHECK-SAME:    workgroup(%[[BUF:.*]] : memref<4096xi8, #gpu.address_space<workgroup>>)
// CHECK:         %[[VIEW:.*]] = memref.view %[[BUF]][%{{.*}}][%{{.*}}, %{{.*}}] : memref<4096xi8, #gpu.address_space<workgroup>> to memref<?x?xf32, #gpu.address_space<workgroup>>
// CHECK:         %[[CAST:.*]] = memref.memory_space_cast %[[VIEW]] : memref<?x?xf32, #gpu.address_space<workgroup>> to memref<?x?xf32>
// CHECK:         linalg.fill {{.*}} outs(%[[CAST]] : memref<?x?xf32>)
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
func.func @tile_in_launch(%n: index, %m: index) {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %rows = affine.min affine_map<()[s0] -> (16, s0)>()[%n]
    %cols = affine.min affine_map<()[s0] -> (64, s0)>()[%m]
    %tile = memref.alloc(%rows, %cols) : memref<?x?xf32>
    linalg.fill ins(%zero : f32) outs(%tile : memref<?x?xf32>)
    memref.dealloc %tile : memref<?x?xf32>
    gpu.terminator
  }
  return
}

// -----

// A static tile already in workgroup memory needs no cast.
// CHECK-LABEL: func.func @workgroup_tile
// CHECK:       gpu.launch
// CHECK-SAME:    workgroup(%[[BUF:.*]] : memref<128xi8, #gpu.address_space<workgroup>>)
// CHECK:         memref.view %[[BUF]][%{{.*}}][] : memref<128xi8, #gpu.address_space<workgroup>> to memref<32xf32, #gpu.address_space<workgroup>>
// CHECK-NOT:     memory_space_cast
func.func @workgroup_tile() {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %tile = memref.alloc() : memref<32xf32, #gpu.address_space<workgroup>>
    linalg.fill ins(%zero : f32) outs(%tile : memref<32xf32, #gpu.address_space<workgroup>>)
    gpu.terminator
  }
  return
}

// -----

// On the host (the schedule's loops run on the CPU), a tile of a dynamic
// size in a loop becomes a view of a 64-byte-aligned allocation of its upper
// bound at the function's top level; a static one is left for
// buffer-loop-hoisting.
// CHECK-LABEL: func.func @tile_in_host_loop
// CHECK-NEXT:  %[[HOME:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK:       scf.for
// CHECK:         memref.view %[[HOME]][%{{.*}}][%{{.*}}] : memref<256xi8> to memref<?xf32>
// CHECK:         memref.alloc() : memref<8xf32>
func.func @tile_in_host_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    %size = affine.min affine_map<(d0)[s0] -> (64, s0 - d0)>(%i)[%n]
    %tile = memref.alloc(%size) : memref<?xf32>
    linalg.fill ins(%zero : f32) outs(%tile : memref<?xf32>)
    %fixed = memref.alloc() : memref<8xf32>
    linalg.fill ins(%zero : f32) outs(%fixed : memref<8xf32>)
  }
  return
}

// -----

func.func @unbounded(%n: index) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @below {{'memref.alloc' op has a dynamic size without a constant upper bound}}
    %tile = memref.alloc(%n) : memref<?xf32>
    gpu.terminator
  }
  return
}
