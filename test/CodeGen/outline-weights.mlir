// RUN: densenet-opt %s -split-input-file --densenet-outline-weights | FileCheck %s

// Every constant memref.global read by the entry function is packed, in
// first-use order, into one public byte blob with 64-byte alignment; each
// memref.get_global becomes a memref.view of a new leading argument
// memref<Bxi8> at the global's offset, and globals left unused are erased.
// The entry and blob options and the error path: outline-weights-options.mlir.

// @w0 = [1, 2, 3] (12 bytes) at offset 0; the splat @w1 = 5.0 x 4 (16 bytes)
// at the next 64-byte boundary, 64; total 64 + 16 rounded up to 128. The
// blob holds the splat expanded: 0x40A00000 = 5.0 four times.
// CHECK-NOT: @w0
// CHECK-NOT: @w1
// CHECK: memref.global "public" constant @weights_data : memref<128xi8> = dense<"0x0000803F0000004000004040000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000A0400000A0400000A0400000A040000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"> {alignment = 64 : i64}
// CHECK-NOT: @w0
// CHECK-NOT: @w1
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<128xi8>, %[[X:[a-zA-Z0-9_]+]]: memref<3xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<2x2xf32>)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[V0:.*]] = memref.view %[[BLOB]][%[[C0]]][] : memref<128xi8> to memref<3xf32>
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[V1:.*]] = memref.view %[[BLOB]][%[[C64]]][] : memref<128xi8> to memref<2x2xf32>
// CHECK-NEXT: linalg.copy ins(%[[V0]] : memref<3xf32>) outs(%[[X]] : memref<3xf32>)
// CHECK-NEXT: linalg.copy ins(%[[V1]] : memref<2x2xf32>) outs(%[[OUT]] : memref<2x2xf32>)
// CHECK-NOT: memref.get_global
// CHECK-NOT: @w0
// CHECK-NOT: @w1
memref.global "private" constant @w0 : memref<3xf32> = dense<[1.0, 2.0, 3.0]> {alignment = 64 : i64}
memref.global "private" constant @w1 : memref<2x2xf32> = dense<5.0> {alignment = 64 : i64}
func.func @forward(%x: memref<3xf32>, %out: memref<2x2xf32>) {
  %0 = memref.get_global @w0 : memref<3xf32>
  %1 = memref.get_global @w1 : memref<2x2xf32>
  linalg.copy ins(%0 : memref<3xf32>) outs(%x : memref<3xf32>)
  linalg.copy ins(%1 : memref<2x2xf32>) outs(%out : memref<2x2xf32>)
  return
}

// -----

// Layout in first-use order: @small (4 bytes) at 0, @big (80 bytes) at 64,
// @shared at 192 (64 + 80 = 144 rounded up), 256 in all; the second read of
// @small reuses offset 0. The mutable @state is not packed, @shared is packed
// but kept for @helper, and @unused, never read by the entry, is left alone.
// CHECK-DAG: memref.global "private" @state : memref<1xf32>
// CHECK-DAG: memref.global "private" constant @shared : memref<1xf32>
// CHECK-DAG: memref.global "private" constant @unused : memref<1xf32>
// CHECK-DAG: memref.global "public" constant @weights_data : memref<256xi8> = dense<"0x00000040{{(0{120})}}{{((0000803F){20})}}{{(0{96})}}00004040{{(0{120})}}"> {alignment = 64 : i64}
// CHECK-NOT: @big
// CHECK-NOT: @small
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<256xi8>, %[[OUT:[a-zA-Z0-9_]+]]: memref<20xf32>)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[BLOB]][%[[C0]]][] : memref<256xi8> to memref<1xf32>
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[BIG:.*]] = memref.view %[[BLOB]][%[[C64]]][] : memref<256xi8> to memref<20xf32>
// CHECK-NEXT: memref.get_global @state : memref<1xf32>
// CHECK-NEXT: %[[C192:.*]] = arith.constant 192 : index
// CHECK-NEXT: memref.view %[[BLOB]][%[[C192]]][] : memref<256xi8> to memref<1xf32>
// CHECK-NEXT: %[[C0B:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[BLOB]][%[[C0B]]][] : memref<256xi8> to memref<1xf32>
// CHECK-NEXT: linalg.copy ins(%[[BIG]] : memref<20xf32>) outs(%[[OUT]] : memref<20xf32>)
// CHECK-LABEL: func.func @helper() -> memref<1xf32>
// CHECK-NEXT: memref.get_global @shared : memref<1xf32>
memref.global "private" constant @big : memref<20xf32> = dense<1.0>
memref.global "private" constant @small : memref<1xf32> = dense<2.0>
memref.global "private" @state : memref<1xf32> = dense<0.0>
memref.global "private" constant @shared : memref<1xf32> = dense<3.0>
memref.global "private" constant @unused : memref<1xf32> = dense<4.0>
func.func @forward(%out: memref<20xf32>) {
  %0 = memref.get_global @small : memref<1xf32>
  %1 = memref.get_global @big : memref<20xf32>
  %2 = memref.get_global @state : memref<1xf32>
  %3 = memref.get_global @shared : memref<1xf32>
  %4 = memref.get_global @small : memref<1xf32>
  linalg.copy ins(%1 : memref<20xf32>) outs(%out : memref<20xf32>)
  return
}
func.func @helper() -> memref<1xf32> {
  %0 = memref.get_global @shared : memref<1xf32>
  return %0 : memref<1xf32>
}

// -----

// No weights at all: the entry still gets a (64-byte, zero) blob argument.
// CHECK: memref.global "public" constant @weights_data : memref<64xi8> = dense<0> {alignment = 64 : i64}
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %{{.*}}: memref<64xi8>, %{{.*}}: memref<4xf32>)
// CHECK-NOT: memref.view
// CHECK: return
func.func @forward(%out: memref<4xf32>) {
  return
}
