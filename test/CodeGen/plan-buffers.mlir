// RUN: densenet-opt %s -split-input-file -verify-diagnostics --densenet-plan-buffers='report=1' | FileCheck %s
// RUN: densenet-opt %s -split-input-file -verify-diagnostics --densenet-plan-buffers='report=1 arena-index=1' | FileCheck %s --check-prefix=INDEX
// RUN: densenet-opt %examples/tiny_densenet.mlir --densenet-compile="target=cpu stage=bufferized" | FileCheck %s --check-prefix=MODEL
// RUN: densenet-opt %examples/tiny_densenet.mlir --densenet-compile="target=cpu stage=bufferized reuse-buffers=0" | FileCheck %s --check-prefix=NOREUSE

// Every top-level memref.alloc of @forward becomes a memref.view of one
// arena argument at a 64-byte-aligned offset, planned with best fit over
// the top-level steps where the buffer is live (from its first use to its
// last); deallocations disappear. The plan is recorded on the module.

// %a (steps 1-3) and %c (7-9) are never live together: %c reuses %a's
// bytes, %b (3-7) sits above them. %c's NameLoc names it in the table.
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 512, lowerBoundBytes = 512, unplannedBytes = 640, buffers =
// CHECK-SAME: <name = "buffer0", size = 256, offset = 0, first = 1, last = 3>,
// CHECK-SAME: <name = "buffer1", size = 256, offset = 256, first = 3, last = 7>,
// CHECK-SAME: <name = "features.conv0", size = 128, offset = 0, first = 7, last = 9>>}
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[ARENA:[a-zA-Z0-9_]+]]: memref<512xi8>, %[[IN:[a-zA-Z0-9_]+]]: memref<64xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<32xf32>)
// CHECK-NOT: memref.alloc
// CHECK: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<512xi8> to memref<64xf32>
// CHECK-NEXT: linalg.copy ins(%[[IN]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: %[[OFF_B:.*]] = arith.constant 256 : index
// CHECK-NEXT: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<512xi8> to memref<64xf32>
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<64xf32>) outs(%[[B]] : memref<64xf32>)
// CHECK-NEXT: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF_C]]][] : memref<512xi8> to memref<32xf32>
// CHECK-NEXT: %[[BS:.*]] = memref.subview %[[B]]
// CHECK-NEXT: linalg.copy ins(%[[BS]] : {{.*}}) outs(%[[C]] : memref<32xf32>)
// CHECK-NEXT: linalg.copy ins(%[[C]] : memref<32xf32>) outs(%[[OUT]] : memref<32xf32>)
// CHECK-NEXT: return
// CHECK-NOT: memref.dealloc

// After the real bufferization pipeline no allocation or deallocation is
// left in the model. Without reuse, the buffers lie end to end: the arena
// is the unplanned bytes.
// MODEL: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = {{[1-9][0-9]*}}, lowerBoundBytes = {{[1-9][0-9]*}}, unplannedBytes = {{[1-9][0-9]*}}, threadScratchBytes = {{[1-9][0-9]*}}, buffers = <name = {{.*}}>>}
// MODEL-LABEL: func.func @forward(
// MODEL-SAME: %{{[a-zA-Z0-9_]+}}: memref<{{[1-9][0-9]*}}xi8>,
// MODEL-NOT: memref.alloc(
// MODEL-NOT: memref.dealloc
// NOREUSE: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = [[BYTES:[1-9][0-9]*]], lowerBoundBytes = {{[1-9][0-9]*}}, unplannedBytes = [[BYTES]], threadScratchBytes = {{[1-9][0-9]*}}, buffers = <name = "{{[^"]*}}", size = {{[0-9]+}}, offset = 0,
// NOREUSE-LABEL: func.func @forward(
// NOREUSE-SAME: %{{[a-zA-Z0-9_]+}}: memref<[[BYTES]]xi8>,

// The arena may go at any position: here after the first argument.
// INDEX-LABEL: func.func @forward(
// INDEX-SAME: %{{[a-zA-Z0-9_]+}}: memref<64xf32>, %{{[a-zA-Z0-9_]+}}: memref<512xi8>, %{{[a-zA-Z0-9_]+}}: memref<32xf32>)

// expected-remark @below {{arena 512 bytes, lower bound 512 bytes, ratio 1.000; 3 buffers, 640 bytes without reuse}}
func.func @forward(%in: memref<64xf32>, %out: memref<32xf32>) {
  %a = memref.alloc() : memref<64xf32>
  linalg.copy ins(%in : memref<64xf32>) outs(%a : memref<64xf32>)
  %b = memref.alloc() : memref<64xf32>
  linalg.copy ins(%a : memref<64xf32>) outs(%b : memref<64xf32>)
  memref.dealloc %a : memref<64xf32>
  %c = memref.alloc() : memref<32xf32> loc("features.conv0")
  %bs = memref.subview %b[0] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1]>>
  linalg.copy ins(%bs : memref<32xf32, strided<[1]>>) outs(%c : memref<32xf32>)
  memref.dealloc %b : memref<64xf32>
  linalg.copy ins(%c : memref<32xf32>) outs(%out : memref<32xf32>)
  memref.dealloc %c : memref<32xf32>
  return
}

// -----

// A buffer lives as long as its aliases: %a's last use is through a
// subview of a collapse_shape of it (step 7), where %c (128 bytes) is first
// used, so %c cannot take %a's bytes. Without deallocations, liveness
// comes from the uses alone.
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 640, lowerBoundBytes = 640,
// CHECK-SAME: <name = "buffer0", size = 256, offset = 0, first = 1, last = 7>
// CHECK-SAME: <name = "buffer1", size = 256, offset = 256, first = 5, last = 8>
// CHECK-SAME: <name = "buffer2", size = 128, offset = 512, first = 7, last = 7>
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: memref<640xi8>
// CHECK-NOT: memref.alloc

// expected-remark @below {{arena 640 bytes, lower bound 640 bytes, ratio 1.000; 3 buffers, 640 bytes without reuse}}
func.func @forward(%in: memref<4x16xf32>, %out: memref<64xf32>) {
  %a = memref.alloc() : memref<4x16xf32>
  linalg.copy ins(%in : memref<4x16xf32>) outs(%a : memref<4x16xf32>)
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  %s = memref.subview %flat[16] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1], offset: 16>>
  %b = memref.alloc() : memref<64xf32>
  linalg.copy ins(%flat : memref<64xf32>) outs(%b : memref<64xf32>)
  %c = memref.alloc() : memref<32xf32>
  linalg.copy ins(%s : memref<32xf32, strided<[1], offset: 16>>) outs(%c : memref<32xf32>)
  linalg.copy ins(%b : memref<64xf32>) outs(%out : memref<64xf32>)
  return
}

// -----

// A use inside a loop keeps %a live up to the loop (step 6); %c, first
// used after it, reuses %a's bytes.
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 128,
// CHECK-SAME: <name = "buffer0", size = 64, offset = 0, first = 4, last = 6>
// CHECK-SAME: <name = "buffer1", size = 64, offset = 64, first = 6, last = 9>
// CHECK-SAME: <name = "buffer2", size = 64, offset = 0, first = 9, last = 10>
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[ARENA:[a-zA-Z0-9_]+]]: memref<128xi8>
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[ARENA]]
// CHECK: %[[B:.*]] = memref.view %[[ARENA]]
// CHECK: scf.for
// CHECK-NEXT: memref.load %[[A]]
// CHECK-NEXT: memref.store %{{.*}}, %[[B]]
// CHECK-NOT: memref.dealloc

// expected-remark @below {{arena 128 bytes, lower bound 128 bytes, ratio 1.000; 3 buffers, 192 bytes without reuse}}
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = memref.load %a[%i] : memref<16xf32>
    memref.store %v, %b[%i] : memref<16xf32>
  }
  memref.dealloc %a : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<16xf32>
  return
}

// -----

// Bytes become live when they are first used: %blk's first half is written
// at step 2 (through a subview), its second half only at step 7. %tmp
// (steps 4-6) dies before that, so it takes %blk's second half and the
// arena is the bound (without pieces it would be 384 bytes).
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 256, lowerBoundBytes = 256, unplannedBytes = 384, buffers =
// CHECK-SAME: <name = "buffer0", size = 256, offset = 0, first = 2, last = 8, pieces = <offset = 0, size = 128, first = 2>, <offset = 128, size = 128, first = 7>>,
// CHECK-SAME: <name = "buffer1", size = 128, offset = 128, first = 4, last = 6>>}
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[ARENA:[a-zA-Z0-9_]+]]: memref<256xi8>
// CHECK: %[[OFF_BLK:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[OFF_BLK]]][] : memref<256xi8> to memref<64xf32>
// CHECK: %[[OFF_TMP:.*]] = arith.constant 128 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[OFF_TMP]]][] : memref<256xi8> to memref<32xf32>

// expected-remark @below {{arena 256 bytes, lower bound 256 bytes, ratio 1.000; 2 buffers, 384 bytes without reuse}}
func.func @forward(%in: memref<32xf32>, %mid: memref<32xf32>, %out: memref<64xf32>) {
  %blk = memref.alloc() : memref<64xf32>
  %lo = memref.subview %blk[0] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1]>>
  linalg.copy ins(%in : memref<32xf32>) outs(%lo : memref<32xf32, strided<[1]>>)
  %tmp = memref.alloc() : memref<32xf32>
  linalg.copy ins(%lo : memref<32xf32, strided<[1]>>) outs(%tmp : memref<32xf32>)
  %hi = memref.subview %blk[32] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1], offset: 32>>
  linalg.copy ins(%tmp : memref<32xf32>) outs(%mid : memref<32xf32>)
  linalg.copy ins(%in : memref<32xf32>) outs(%hi : memref<32xf32, strided<[1], offset: 32>>)
  linalg.copy ins(%blk : memref<64xf32>) outs(%out : memref<64xf32>)
  memref.dealloc %tmp : memref<32xf32>
  memref.dealloc %blk : memref<64xf32>
  return
}

// -----

// Hulls of strided views: %top is rows 0-1 of %buf (bytes 0-127), %bot rows
// 2-3 (bytes 128-255, layout offset 32 elements). %cell, a subview of %top
// at a dynamic offset, may reach any byte of %top but none of %bot: its use
// at step 6 leaves %bot's first use at step 9, after %tmp (steps 5-7) dies.
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 256, {{.*}}buffers =
// CHECK-SAME: <name = "buffer0", size = 256, offset = 0, first = 2, last = 10, pieces = <offset = 0, size = 128, first = 2>, <offset = 128, size = 128, first = 9>>,
// CHECK-SAME: <name = "buffer1", size = 128, offset = 128, first = 5, last = 7>>}
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: memref<256xi8>

// expected-remark @below {{arena 256 bytes, lower bound 256 bytes, ratio 1.000; 2 buffers, 384 bytes without reuse}}
func.func @forward(%in: memref<2x16xf32>, %i: index, %one: memref<1x1xf32>, %mid: memref<32xf32>, %out: memref<4x16xf32>) {
  %buf = memref.alloc() : memref<4x16xf32>
  %top = memref.subview %buf[0, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1]>>
  linalg.copy ins(%in : memref<2x16xf32>) outs(%top : memref<2x16xf32, strided<[16, 1]>>)
  %cell = memref.subview %top[1, %i] [1, 1] [1, 1] : memref<2x16xf32, strided<[16, 1]>> to memref<1x1xf32, strided<[16, 1], offset: ?>>
  %tmp = memref.alloc() : memref<32xf32>
  linalg.copy ins(%mid : memref<32xf32>) outs(%tmp : memref<32xf32>)
  linalg.copy ins(%cell : memref<1x1xf32, strided<[16, 1], offset: ?>>) outs(%one : memref<1x1xf32>)
  linalg.copy ins(%tmp : memref<32xf32>) outs(%mid : memref<32xf32>)
  %bot = memref.subview %buf[2, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1], offset: 32>>
  linalg.copy ins(%in : memref<2x16xf32>) outs(%bot : memref<2x16xf32, strided<[16, 1], offset: 32>>)
  linalg.copy ins(%buf : memref<4x16xf32>) outs(%out : memref<4x16xf32>)
  return
}

// -----

// Nothing to plan: the arena argument is still added, empty.
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 0, lowerBoundBytes = 0, unplannedBytes = 0>}
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: memref<0xi8>

// expected-remark @below {{arena 0 bytes, lower bound 0 bytes, ratio 1.000; 0 buffers, 0 bytes without reuse}}
func.func @forward(%in: memref<16xf32>, %out: memref<16xf32>) {
  linalg.copy ins(%in : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

func.func @forward(%n: index) {
  // expected-error @below {{cannot plan an allocation with a dynamic shape}}
  %a = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}

// -----

func.func @forward(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @below {{cannot plan an allocation inside a region (e.g. a loop): hoist it to the function's top level}}
    %a = memref.alloc() : memref<4xf32>
    memref.dealloc %a : memref<4xf32>
  }
  return
}

// -----

// The stack allocations directly in a parallel loop's body are each
// thread's scratch outside the arena: the plan records the most of any one
// loop (512 + 64 bytes here, more than the other loop's 256; the alloca
// nested deeper is not counted).
// CHECK: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = 64, lowerBoundBytes = 64, unplannedBytes = 64, threadScratchBytes = 576, buffers =
// CHECK-LABEL: func.func @forward(
// expected-remark @below {{arena 64 bytes, lower bound 64 bytes}}
func.func @forward(%out: memref<16xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<16xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %tile = memref.alloca() : memref<4x32xf32>
    %small = memref.alloca() : memref<16xf32>
    memref.store %v, %tile[%i, %i] : memref<4x32xf32>
    memref.store %v, %small[%i] : memref<16xf32>
    scf.for %j = %c0 to %c4 step %c1 {
      %nested = memref.alloca() : memref<1024xf32>
      memref.store %v, %nested[%j] : memref<1024xf32>
    }
    memref.store %v, %a[%i] : memref<16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %other = memref.alloca() : memref<64xf32>
    memref.store %v, %other[%i] : memref<64xf32>
    scf.reduce
  }
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

func.func @forward(%n: index) -> memref<4xf32> {
  // expected-error @below {{cannot plan a buffer that escapes the function (returned by func.return)}}
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// -----

// expected-error @below {{no entry function 'forward' with a body}}
module {
  func.func @other() {
    return
  }
}
