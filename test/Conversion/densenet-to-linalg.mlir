// RUN: densenet-opt %s -split-input-file --convert-densenet-to-linalg | FileCheck %s
// RUN: densenet-opt %s -split-input-file --convert-densenet-to-linalg=cache-blocking=1 | FileCheck %s --check-prefix=BLOCKED

// Primitive densenet layers lowered to linalg / tensor / arith on tensors.
// Convolutions become sums of "shifted GEMMs": one linalg.contract tagged
// GEMM (role gemm) per kernel tap, on the flattened zero-padded NCHW input.

// GEMM loops are (n, m, p, c): W[m, c] * X[n, c, p] accumulated into O[n, m, p].
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// 1x1 convolution: one GEMM on the input collapsed to N x C x (H*W), the
// weight collapsed to K x C, and the result expanded back to N x K x H x W.
// CHECK-LABEL: func.func @conv_1x1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<16x8x1x1xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1], [2, 3]] : tensor<1x8x4x4xf32> into tensor<1x8x16xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x16xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<1x16x16xf32>)
// CHECK: %[[WIN:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 0] [1, 8, 16] [1, 1, 1]
// CHECK: %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<16x8x1x1xf32> into tensor<16x8xf32>
// CHECK: %[[GEMM:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[WM]], %[[WIN]] : tensor<16x8xf32>, tensor<1x8x16xf32>) outs(%[[FILL]] : tensor<1x16x16xf32>) -> tensor<1x16x16xf32>
// CHECK-NOT: linalg.contract
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[GEMM]] {{\[\[}}0], [1], [2, 3]] output_shape [1, 16, 4, 4] : tensor<1x16x16xf32> into tensor<1x16x4x4xf32>
// CHECK-NEXT: return %[[OUT]] : tensor<1x16x4x4xf32>
func.func @conv_1x1(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %0 = densenet.conv2d %x, %w : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// 3x3 convolution, padding 1: the input is zero-padded to 6 x 6 plus one
// extra bottom row (the last taps read past the padded image), so 7 x 6 = 42
// flat pixels. Tap (r, s) reads 4 * 6 = 24 pixels from flat offset r*6 + s;
// 9 GEMMs chain through one accumulator. Columns 4 and 5 of each 6-wide
// output row are junk and are cropped away.
// CHECK-LABEL: func.func @conv_3x3_pad1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 2, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x8x4x4xf32> to tensor<1x8x7x6xf32>
// CHECK-NEXT: %[[FLAT:.*]] = tensor.collapse_shape %[[PAD]] {{\[\[}}0], [1], [2, 3]] : tensor<1x8x7x6xf32> into tensor<1x8x42xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x4x24xf32>)
// CHECK-NEXT: %[[X0:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 0] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W0:.*]] = tensor.extract_slice %[[W]][0, 0, 0, 0] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC0:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W0]], %[[X0]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[FILL]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X1:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 1] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W1:.*]] = tensor.extract_slice %[[W]][0, 0, 0, 1] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC1:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W1]], %[[X1]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC0]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X2:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 2] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W2:.*]] = tensor.extract_slice %[[W]][0, 0, 0, 2] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC2:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W2]], %[[X2]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC1]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X3:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 6] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W3:.*]] = tensor.extract_slice %[[W]][0, 0, 1, 0] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC3:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W3]], %[[X3]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC2]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X4:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 7] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W4:.*]] = tensor.extract_slice %[[W]][0, 0, 1, 1] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC4:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W4]], %[[X4]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC3]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X5:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 8] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W5:.*]] = tensor.extract_slice %[[W]][0, 0, 1, 2] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC5:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W5]], %[[X5]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC4]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X6:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 12] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W6:.*]] = tensor.extract_slice %[[W]][0, 0, 2, 0] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC6:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W6]], %[[X6]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC5]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X7:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 13] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W7:.*]] = tensor.extract_slice %[[W]][0, 0, 2, 1] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC7:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W7]], %[[X7]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC6]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[X8:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 14] [1, 8, 24] [1, 1, 1] : tensor<1x8x42xf32> to tensor<1x8x24xf32>
// CHECK-NEXT: %[[W8:.*]] = tensor.extract_slice %[[W]][0, 0, 2, 2] [4, 8, 1, 1] [1, 1, 1, 1] : tensor<4x8x3x3xf32> to tensor<4x8xf32>
// CHECK-NEXT: %[[ACC8:.*]] = linalg.contract indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] {densenet.role = #densenet.role<gemm>} ins(%[[W8]], %[[X8]] : tensor<4x8xf32>, tensor<1x8x24xf32>) outs(%[[ACC7]] : tensor<1x4x24xf32>) -> tensor<1x4x24xf32>
// CHECK-NEXT: %[[ROWS:.*]] = tensor.expand_shape %[[ACC8]] {{\[\[}}0], [1], [2, 3]] output_shape [1, 4, 4, 6] : tensor<1x4x24xf32> into tensor<1x4x4x6xf32>
// CHECK-NEXT: %[[CROP:.*]] = tensor.extract_slice %[[ROWS]][0, 0, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1] : tensor<1x4x4x6xf32> to tensor<1x4x4x4xf32>
// CHECK-NEXT: return %[[CROP]] : tensor<1x4x4x4xf32>
func.func @conv_3x3_pad1(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x8x4x4xf32>, tensor<4x8x3x3xf32> -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// 7x7 stride-2 convolution, padding 3 (the ImageNet stem), 16x16 -> 8x8.
// Space-to-depth turns it into a stride-1 conv: the input, padded to 22 x 22,
// becomes 3 * 2 * 2 = 12 channels of 11 x 11; the kernel, zero-padded to
// 8 x 8, becomes 12 channels of 4 x 4. Both go through expand_shape,
// linalg.transpose [0, 1, 3, 5, 2, 4] and collapse_shape. Then 16 taps on
// 12 channels, on the 11-wide image plus one extra row (12 x 11 = 132):
// tap (r, s) reads 8 * 11 = 88 pixels at offset r*11 + s.
// CHECK-LABEL: func.func @conv_7x7_stride2(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x3x16x16xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<4x3x7x7xf32>)
// CHECK: %[[XPAD:.*]] = tensor.pad %[[X]] low[0, 0, 3, 3] high[0, 0, 3, 3]
// CHECK: } : tensor<1x3x16x16xf32> to tensor<1x3x22x22xf32>
// CHECK: %[[WPAD:.*]] = tensor.pad %[[W]] low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<4x3x7x7xf32> to tensor<4x3x8x8xf32>
// CHECK: %[[WBLK:.*]] = tensor.expand_shape %[[WPAD]] {{\[\[}}0], [1], [2, 3], [4, 5]] output_shape [4, 3, 4, 2, 4, 2] : tensor<4x3x8x8xf32> into tensor<4x3x4x2x4x2xf32>
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[WBLK]] : tensor<4x3x4x2x4x2xf32>) outs(%{{.*}} : tensor<4x3x2x2x4x4xf32>) permutation = [0, 1, 3, 5, 2, 4]
// CHECK: %[[WS2D:.*]] = tensor.collapse_shape %[[WT]] {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<4x3x2x2x4x4xf32> into tensor<4x12x4x4xf32>
// CHECK: %[[XBLK:.*]] = tensor.expand_shape %[[XPAD]] {{\[\[}}0], [1], [2, 3], [4, 5]] output_shape [1, 3, 11, 2, 11, 2] : tensor<1x3x22x22xf32> into tensor<1x3x11x2x11x2xf32>
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[XBLK]] : tensor<1x3x11x2x11x2xf32>) outs(%{{.*}} : tensor<1x3x2x2x11x11xf32>) permutation = [0, 1, 3, 5, 2, 4]
// CHECK: %[[XS2D:.*]] = tensor.collapse_shape %[[XT]] {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<1x3x2x2x11x11xf32> into tensor<1x12x11x11xf32>
// CHECK: %[[XROW:.*]] = tensor.pad %[[XS2D]] low[0, 0, 0, 0] high[0, 0, 1, 0]
// CHECK: } : tensor<1x12x11x11xf32> to tensor<1x12x12x11xf32>
// CHECK-NEXT: %[[FLAT:.*]] = tensor.collapse_shape %[[XROW]] {{\[\[}}0], [1], [2, 3]] : tensor<1x12x12x11xf32> into tensor<1x12x132xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x4x88xf32>)
// CHECK-NEXT: %[[X0:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 0] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W0:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 0, 0] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC0:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W0]], %[[X0]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[FILL]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X1:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 1] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W1:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 0, 1] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC1:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W1]], %[[X1]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC0]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X2:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 2] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W2:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 0, 2] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC2:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W2]], %[[X2]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC1]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X3:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 3] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W3:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 0, 3] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC3:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W3]], %[[X3]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC2]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X4:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 11] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W4:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 1, 0] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC4:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W4]], %[[X4]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC3]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X5:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 12] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W5:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 1, 1] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC5:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W5]], %[[X5]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC4]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X6:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 13] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W6:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 1, 2] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC6:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W6]], %[[X6]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC5]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X7:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 14] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W7:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 1, 3] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC7:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W7]], %[[X7]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC6]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X8:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 22] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W8:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 2, 0] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC8:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W8]], %[[X8]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC7]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X9:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 23] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W9:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 2, 1] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC9:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W9]], %[[X9]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC8]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X10:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 24] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W10:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 2, 2] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC10:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W10]], %[[X10]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC9]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X11:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 25] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W11:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 2, 3] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC11:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W11]], %[[X11]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC10]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X12:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 33] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W12:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 3, 0] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC12:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W12]], %[[X12]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC11]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X13:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 34] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W13:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 3, 1] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC13:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W13]], %[[X13]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC12]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X14:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 35] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W14:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 3, 2] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC14:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W14]], %[[X14]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC13]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[X15:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 36] [1, 12, 88] [1, 1, 1] : tensor<1x12x132xf32> to tensor<1x12x88xf32>
// CHECK-NEXT: %[[W15:.*]] = tensor.extract_slice %[[WS2D]][0, 0, 3, 3] [4, 12, 1, 1] [1, 1, 1, 1] : tensor<4x12x4x4xf32> to tensor<4x12xf32>
// CHECK-NEXT: %[[ACC15:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[W15]], %[[X15]] : tensor<4x12xf32>, tensor<1x12x88xf32>) outs(%[[ACC14]] : tensor<1x4x88xf32>) -> tensor<1x4x88xf32>
// CHECK-NEXT: %[[ROWS:.*]] = tensor.expand_shape %[[ACC15]] {{\[\[}}0], [1], [2, 3]] output_shape [1, 4, 8, 11] : tensor<1x4x88xf32> into tensor<1x4x8x11xf32>
// CHECK-NEXT: %[[CROP:.*]] = tensor.extract_slice %[[ROWS]][0, 0, 0, 0] [1, 4, 8, 8] [1, 1, 1, 1] : tensor<1x4x8x11xf32> to tensor<1x4x8x8xf32>
// CHECK-NEXT: return %[[CROP]] : tensor<1x4x8x8xf32>
func.func @conv_7x7_stride2(%x: tensor<1x3x16x16xf32>, %w: tensor<4x3x7x7xf32>) -> tensor<1x4x8x8xf32> {
  %0 = densenet.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 3, 3, 3, 3>}
         : tensor<1x3x16x16xf32>, tensor<4x3x7x7xf32> -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Unequal strides (1, 2): a dense stride-1 convolution, then a strided
// extract_slice keeps every second column.
// CHECK-LABEL: func.func @conv_unequal_strides(
// CHECK: %[[GEMM:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<1x2x16xf32>)
// CHECK: %[[FULL:.*]] = tensor.expand_shape %[[GEMM]] {{.*}} into tensor<1x3x4x4xf32>
// CHECK-NEXT: %[[SUB:.*]] = tensor.extract_slice %[[FULL]][0, 0, 0, 0] [1, 3, 4, 2] [1, 1, 1, 2] : tensor<1x3x4x4xf32> to tensor<1x3x4x2xf32>
// CHECK-NEXT: return %[[SUB]]
func.func @conv_unequal_strides(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x2xf32> {
  %0 = densenet.conv2d %x, %w {stride = array<i64: 1, 2>} : tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32> -> tensor<1x3x4x2xf32>
  return %0 : tensor<1x3x4x2xf32>
}

// -----

// With a bias, the accumulator starts as the bias broadcast along n and p
// instead of zeros.
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv_bias(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<16x8x1x1xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<16xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x16xf32>
// CHECK-NEXT: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<16xf32>) outs(%[[EMPTY]] : tensor<1x16x16xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK-NOT: linalg.fill
// CHECK: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%{{.*}}, %{{.*}} : tensor<16x8xf32>, tensor<1x8x16xf32>) outs(%[[INIT]] : tensor<1x16x16xf32>)
func.func @conv_bias(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>, %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = densenet.conv2d %x, %w bias(%b) : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>, tensor<16xf32> -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Batch norm: per-channel scale = gamma * rsqrt(var + eps) and
// shift = beta - mean * scale from the 4 rows of the packed norm, then
// y = fma(x, scale[c], shift[c]).
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x3x3xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x2xf32>)
// CHECK-DAG: %[[GAMMA:.*]] = tensor.extract_slice %[[N]][0, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
// CHECK-DAG: %[[BETA:.*]] = tensor.extract_slice %[[N]][1, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
// CHECK-DAG: %[[MEAN:.*]] = tensor.extract_slice %[[N]][2, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
// CHECK-DAG: %[[VAR:.*]] = tensor.extract_slice %[[N]][3, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
// CHECK-DAG: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[SCALE:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[GAMMA]], %[[VAR]] : tensor<2xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[G:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK-NEXT: %[[RS:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.mulf %[[G]], %[[RS]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: %[[SHIFT:.*]] = linalg.generic {{.*}} ins(%[[BETA]], %[[MEAN]], %[[SCALE]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[BE:.*]]: f32, %[[ME:.*]]: f32, %[[SC:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[MS:.*]] = arith.mulf %[[ME]], %[[SC]] : f32
// CHECK-NEXT: %[[SH:.*]] = arith.subf %[[BE]], %[[MS]] : f32
// CHECK-NEXT: linalg.yield %[[SH]] : f32
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$CH]], #[[$CH]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[SCALE]], %[[SHIFT]] : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[SI:.*]]: f32, %[[HI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[F:.*]] = math.fma %[[XI]], %[[SI]], %[[HI]] : f32
// CHECK-NEXT: linalg.yield %[[F]] : f32
// CHECK: return %[[Y]] : tensor<1x2x3x3xf32>
func.func @batch_norm(%x: tensor<1x2x3x3xf32>, %n: tensor<4x2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = densenet.batch_norm %x, %n {epsilon = 1.0e-3 : f64} : tensor<1x2x3x3xf32>, tensor<4x2xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @relu(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x3x3xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x2x3x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[Y]]
func.func @relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = densenet.relu %x : tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Max pool 3x3 stride 2 pad 1: padding with -inf (it never wins), the result
// initialised to -inf too.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x8x8xf32>)
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NINF]] : f32
// CHECK: } : tensor<1x2x8x8xf32> to tensor<1x2x10x10xf32>
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%[[EMPTY]] : tensor<1x2x4x4xf32>)
// CHECK: %[[Y:.*]] = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x2x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
// CHECK: return %[[Y]]
func.func @max_pool(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Avg pool 2x2 stride 2, no padding: a sum pool, then a multiply by 1/4.
// CHECK-LABEL: func.func @avg_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x8x8xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x2x4x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[X]], %[[WIN]] : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
// CHECK: %[[QUARTER:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[IN]], %[[QUARTER]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[Y]]
func.func @avg_pool(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>}
         : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Global average pool over 4x4: a sum reduction over h and w into a zero
// NxC tensor, then a multiply by 1/16.
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @global_avg_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>)
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$NC]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<1x2x4x4xf32>) outs(%[[INIT]] : tensor<1x2xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[ADD:.*]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[ADD]] : f32
// CHECK: %[[SIXTEENTH:.*]] = arith.constant 6.250000e-02 : f32
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2xf32>)
// CHECK-NEXT: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: arith.mulf %[[S]], %[[SIXTEENTH]] : f32
// CHECK: return %[[Y]] : tensor<1x2xf32>
func.func @global_avg_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2xf32> {
  %0 = densenet.global_avg_pool %x : tensor<1x2x4x4xf32> -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// Linear: out[n, m] = bias[m] + sum_c x[n, c] * W[m, c].
// CHECK-DAG: #[[$BM:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$XNC:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$WMC:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$ONM:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @linear(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<3x4xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<3xf32>)
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BM]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[B]] : tensor<3xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$XNC]], #[[$WMC]], #[[$ONM]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<1x4xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<1x3xf32>) attrs = {densenet.role = #densenet.role<channel_parallel>}
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B2:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B2]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[Y]] : tensor<1x3xf32>
func.func @linear(%x: tensor<1x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = densenet.linear %x, %w, %b : tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A reduction of whole 16-float vectors is a dot product to the schedules.
// CHECK-LABEL: func.func @linear_dot_product(
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} {{.*}} attrs = {densenet.role = #densenet.role<dot_product>}
func.func @linear_dot_product(%x: tensor<1x32xf32>, %w: tensor<3x32xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = densenet.linear %x, %w, %b : tensor<1x32xf32>, tensor<3x32xf32>, tensor<3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Concat along channels, operand order kept.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME: %[[A:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<1x3x4x4xf32>)
// CHECK-NEXT: %[[C:.*]] = tensor.concat dim(1) %[[A]], %[[B]] : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @concat(%a: tensor<1x2x4x4xf32>, %b: tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32> {
  %0 = densenet.concat %a, %b : tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32> -> tensor<1x5x4x4xf32>
  return %0 : tensor<1x5x4x4xf32>
}

// -----

// Ops of other dialects are left alone; no densenet op remains.
// CHECK-LABEL: func.func @mixed(
// CHECK-NOT: densenet.
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK-NOT: densenet.
func.func @mixed(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = arith.addf %x, %x : tensor<1x2x2x2xf32>
  %1 = densenet.relu %0 : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Without cache-blocking (other targets), a GEMM per tap over the whole
// map, as above.
// CHECK-LABEL: func.func @conv_gathered(
// CHECK-NOT: scf.for
// CHECK-COUNT-4: role<gemm>
// CHECK-NOT: role<gemm>
// With cache-blocking (the CPU pipeline), a constant kernel whose taps read
// few input channels (C = 2 < 32) is gathered: each tap's window is copied (a `prologue` generic) into rows
// t*C .. t*C + C - 1 of one buffer, and one GEMM multiplies it by the kernel
// rearranged at compile time to [K, taps * C], column t*C + c holding tap
// t's channel c: W[k][c][r][s] = 8k + 4c + 2r + s here.
// BLOCKED-LABEL: func.func @conv_gathered(
// BLOCKED: %[[FLAT:.*]] = tensor.collapse_shape {{.*}} into tensor<1x2x12xf32>
// BLOCKED: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<1x2x6xf32>
// BLOCKED: %[[MATRIX:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 4.000000e+00, 1.000000e+00, 5.000000e+00, 2.000000e+00, 6.000000e+00, 3.000000e+00, 7.000000e+00], [8.000000e+00, 1.200000e+01, 9.000000e+00, 1.300000e+01, 1.000000e+01, 1.400000e+01, 1.100000e+01, 1.500000e+01]]> : tensor<2x8xf32>
// BLOCKED: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x8x6xf32>
// BLOCKED-NOT: scf.for
// BLOCKED: %[[SLOT0:.*]] = tensor.extract_slice %[[BUF]][0, 0, 0] [1, 2, 6]
// BLOCKED: %[[WIN0:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 0] [1, 2, 6]
// BLOCKED: %[[COPY0:.*]] = linalg.generic {{.*}} ins(%[[WIN0]] : tensor<1x2x6xf32>) outs(%[[SLOT0]] : tensor<1x2x6xf32>) attrs = {densenet.role = #densenet.role<prologue>}
// BLOCKED: %[[G0:.*]] = tensor.insert_slice %[[COPY0]] into %[[BUF]][0, 0, 0] [1, 2, 6]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 1] [1, 2, 6]
// BLOCKED: tensor.insert_slice %{{.*}} into %{{.*}}[0, 2, 0] [1, 2, 6]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 3] [1, 2, 6]
// BLOCKED: tensor.insert_slice %{{.*}} into %{{.*}}[0, 4, 0] [1, 2, 6]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 4] [1, 2, 6]
// BLOCKED: %[[G3:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 6, 0] [1, 2, 6]
// BLOCKED-NEXT: %[[ACC:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%[[MATRIX]], %[[G3]] : tensor<2x8xf32>, tensor<1x8x6xf32>) outs(%[[FILL]] : tensor<1x2x6xf32>)
// BLOCKED-NOT: linalg.contract
func.func @conv_gathered(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]],
                             [[[8.0, 9.0], [10.0, 11.0]], [[12.0, 13.0], [14.0, 15.0]]]]> : tensor<2x2x2x2xf32>
  %0 = densenet.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @conv_banded(
// CHECK-NOT: scf.for
// CHECK-COUNT-9: role<gemm>
// CHECK-NOT: role<gemm>
// With cache-blocking, an accumulator over 512 KiB (64 channels x 64 rows x
// 66 pixels x 4 bytes = 1.03 MiB) runs in bands of pixels that each pass
// through every tap: the largest divisor of 4224 that is a multiple of 16
// with 64 x band x 4 <= 512 KiB, 1408, in a loop carrying the accumulator;
// tap (r, s) reads its band from the flat input at band start + 66 r + s.
// BLOCKED-DAG: #[[$AT1:.*]] = affine_map<(d0) -> (d0 + 1)>
// BLOCKED-DAG: #[[$AT134:.*]] = affine_map<(d0) -> (d0 + 134)>
// BLOCKED-LABEL: func.func @conv_banded(
// BLOCKED: %[[FLAT:.*]] = tensor.collapse_shape {{.*}} into tensor<1x32x4422xf32>
// The accumulator's zero fill moves into the loop, one band at a time (the
// fill before the loop is left unused).
// BLOCKED: %[[EMPTY:.*]] = tensor.empty() : tensor<1x64x4224xf32>
// BLOCKED-DAG: %[[C0:.*]] = arith.constant 0 : index
// BLOCKED-DAG: %[[C1408:.*]] = arith.constant 1408 : index
// BLOCKED-DAG: %[[C4224:.*]] = arith.constant 4224 : index
// BLOCKED: %[[OUT:.*]] = scf.for %[[P:.*]] = %[[C0]] to %[[C4224]] step %[[C1408]] iter_args(%[[ACC:.*]] = %[[EMPTY]]) -> (tensor<1x64x4224xf32>) {
// BLOCKED-NEXT: %[[SLICE:.*]] = tensor.extract_slice %[[ACC]][0, 0, %[[P]]] [1, 64, 1408] [1, 1, 1]
// BLOCKED-NEXT: %[[PART:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[SLICE]] : tensor<1x64x1408xf32>)
// BLOCKED-NEXT: %[[X0:.*]] = tensor.extract_slice %[[FLAT]][0, 0, %[[P]]] [1, 32, 1408] [1, 1, 1]
// BLOCKED: %[[S0:.*]] = linalg.contract {{.*}} ins(%{{.*}}, %[[X0]] : tensor<64x32xf32>, tensor<1x32x1408xf32>) outs(%[[PART]] : tensor<1x64x1408xf32>)
// BLOCKED-NEXT: %[[O1:.*]] = affine.apply #[[$AT1]](%[[P]])
// BLOCKED-NEXT: %[[X1:.*]] = tensor.extract_slice %[[FLAT]][0, 0, %[[O1]]] [1, 32, 1408] [1, 1, 1]
// BLOCKED: linalg.contract {{.*}} ins(%{{.*}}, %[[X1]] : tensor<64x32xf32>, tensor<1x32x1408xf32>) outs(%[[S0]] : tensor<1x64x1408xf32>)
// BLOCKED-COUNT-6: linalg.contract
// BLOCKED: %[[O8:.*]] = affine.apply #[[$AT134]](%[[P]])
// BLOCKED-NEXT: %[[X8:.*]] = tensor.extract_slice %[[FLAT]][0, 0, %[[O8]]] [1, 32, 1408] [1, 1, 1]
// BLOCKED: %[[S8:.*]] = linalg.contract {{.*}} ins(%{{.*}}, %[[X8]] : tensor<64x32xf32>, tensor<1x32x1408xf32>)
// BLOCKED-NEXT: %[[NEW:.*]] = tensor.insert_slice %[[S8]] into %[[ACC]][0, 0, %[[P]]] [1, 64, 1408] [1, 1, 1]
// BLOCKED-NEXT: scf.yield %[[NEW]] : tensor<1x64x4224xf32>
// Three bands are too few to share out between threads: the loop has no role.
// BLOCKED-NEXT: {{^ *}$}}
// BLOCKED: tensor.expand_shape %[[OUT]]
func.func @conv_banded(%x: tensor<1x32x64x64xf32>, %w: tensor<64x32x3x3xf32>) -> tensor<1x64x64x64xf32> {
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x32x64x64xf32>, tensor<64x32x3x3xf32> -> tensor<1x64x64x64xf32>
  return %0 : tensor<1x64x64x64xf32>
}

// -----

// With cache-blocking, a map of at most 256 flat pixels that 16-pixel
// register blocks cover exactly (here 8 rows of 8 = 64) computes its 16
// output channels in two blocks of 8, each through all nine taps, in a loop
// the threads share out: one parallel loop instead of one per tap. The
// accumulator is filled block by block.
// CHECK-LABEL: func.func @conv_channel_blocks(
// CHECK-NOT: scf.for
// CHECK-COUNT-9: role<gemm>
// BLOCKED-LABEL: func.func @conv_channel_blocks(
// BLOCKED-DAG: %[[C0:.*]] = arith.constant 0 : index
// BLOCKED-DAG: %[[C8:.*]] = arith.constant 8 : index
// BLOCKED-DAG: %[[C16:.*]] = arith.constant 16 : index
// BLOCKED: %[[OUT:.*]] = scf.for %[[K:.*]] = %[[C0]] to %[[C16]] step %[[C8]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<1x16x64xf32>) {
// BLOCKED-NEXT: %[[SLICE:.*]] = tensor.extract_slice %[[ACC]][0, %[[K]], 0] [1, 8, 64] [1, 1, 1]
// BLOCKED-NEXT: %[[PART:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[SLICE]] : tensor<1x8x64xf32>)
// BLOCKED: tensor.extract_slice %{{.*}}[%[[K]], 0] [8, 32] [1, 1] : tensor<16x32xf32> to tensor<8x32xf32>
// BLOCKED: linalg.contract {{.*}} outs(%[[PART]] : tensor<1x8x64xf32>)
// BLOCKED-COUNT-8: linalg.contract {{.*}} outs(%{{.*}} : tensor<1x8x64xf32>)
// BLOCKED-NOT: linalg.contract
// BLOCKED: %[[NEW:.*]] = tensor.insert_slice %{{.*}} into %[[ACC]][0, %[[K]], 0] [1, 8, 64] [1, 1, 1]
// BLOCKED-NEXT: scf.yield %[[NEW]] : tensor<1x16x64xf32>
// BLOCKED-NEXT: } {densenet.role = #densenet.role<parallel_loop>}
// BLOCKED: tensor.expand_shape %[[OUT]]
func.func @conv_channel_blocks(%x: tensor<1x32x8x6xf32>, %w: tensor<16x32x3x3xf32>) -> tensor<1x16x8x6xf32> {
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x32x8x6xf32>, tensor<16x32x3x3xf32> -> tensor<1x16x8x6xf32>
  return %0 : tensor<1x16x8x6xf32>
}

// -----

// A 7 x 7 map (7 rows of 9: 63 flat pixels, which the register blocks do
// not cover exactly) keeps one GEMM per tap, each sharing out its own
// blocks.
// BLOCKED-LABEL: func.func @conv_channel_blocks_remainder(
// BLOCKED-NOT: scf.for
// BLOCKED-COUNT-9: linalg.contract {{.*}} outs(%{{.*}} : tensor<1x16x63xf32>)
// BLOCKED-NOT: scf.for
// BLOCKED: return
func.func @conv_channel_blocks_remainder(%x: tensor<1x32x7x7xf32>, %w: tensor<16x32x3x3xf32>) -> tensor<1x16x7x7xf32> {
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x32x7x7xf32>, tensor<16x32x3x3xf32> -> tensor<1x16x7x7xf32>
  return %0 : tensor<1x16x7x7xf32>
}

// -----

// CHECK-LABEL: func.func @conv_gathered_banded(
// CHECK-NOT: scf.for
// CHECK-COUNT-9: role<gemm>
// CHECK-NOT: role<gemm>
// With cache-blocking, gathered and banded: the band's bytes count the accumulator and the
// gathered windows, (16 + 9 x 4) x 4 = 208 per pixel, so 3248 pixels run in
// bands of 464 (a multiple of 16 dividing 3248, x 208 <= 512 KiB). Each
// band gathers into a buffer allocated in the loop (one buffer once
// bufferized and hoisted), carried by no loop.
// BLOCKED-LABEL: func.func @conv_gathered_banded(
// BLOCKED: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x3248xf32>
// BLOCKED: %[[MATRIX:.*]] = arith.constant dense<5.000000e-01> : tensor<16x36xf32>
// BLOCKED-NOT: bufferization.alloc_tensor
// BLOCKED: %[[OUT:.*]] = scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[EMPTY]]) -> (tensor<1x16x3248xf32>) {
// BLOCKED-NEXT: %[[SLICE:.*]] = tensor.extract_slice %[[ACC]][0, 0, %[[P]]] [1, 16, 464] [1, 1, 1]
// BLOCKED-NEXT: %[[PART:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[SLICE]] : tensor<1x16x464xf32>)
// BLOCKED-NEXT: %[[G:.*]] = bufferization.alloc_tensor() : tensor<1x36x464xf32>
// BLOCKED-NEXT: tensor.extract_slice %[[G]][0, 0, 0] [1, 4, 464]
// BLOCKED-COUNT-9: linalg.generic
// BLOCKED: %[[SUM:.*]] = linalg.contract {{.*}} ins(%[[MATRIX]], %[[GATHERED:.*]] : tensor<16x36xf32>, tensor<1x36x464xf32>) outs(%[[PART]] : tensor<1x16x464xf32>)
// BLOCKED-NEXT: %[[NEW:.*]] = tensor.insert_slice %[[SUM]] into %[[ACC]][0, 0, %[[P]]] [1, 16, 464] [1, 1, 1]
// BLOCKED-NEXT: scf.yield %[[NEW]] : tensor<1x16x3248xf32>
// BLOCKED-NEXT: {{^ *}$}}
func.func @conv_gathered_banded(%x: tensor<1x4x56x56xf32>) -> tensor<1x16x56x56xf32> {
  %w = arith.constant dense<0.5> : tensor<16x4x3x3xf32>
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x4x56x56xf32>, tensor<16x4x3x3xf32> -> tensor<1x16x56x56xf32>
  return %0 : tensor<1x16x56x56xf32>
}

// -----

// CHECK-LABEL: func.func @conv_gathered_parallel_bands(
// CHECK-NOT: scf.for
// With cache-blocking, (64 + 9 x 16) x 4 = 832 bytes per pixel give 16128
// pixels (126 rows x 128) in 28 bands of 576, enough to share out: the band
// loop has role parallel_loop, and each band gathers into its own buffer.
// BLOCKED-LABEL: func.func @conv_gathered_parallel_bands(
// BLOCKED: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<1x64x16128xf32>) {
// BLOCKED-NEXT: tensor.extract_slice %{{.*}}[0, 0, %{{.*}}] [1, 64, 576] [1, 1, 1]
// BLOCKED-NEXT: linalg.fill
// BLOCKED-NEXT: bufferization.alloc_tensor() : tensor<1x144x576xf32>
// BLOCKED: scf.yield
// BLOCKED-NEXT: } {densenet.role = #densenet.role<parallel_loop>}
func.func @conv_gathered_parallel_bands(%x: tensor<1x16x126x126xf32>) -> tensor<1x64x126x126xf32> {
  %w = arith.constant dense<0.5> : tensor<64x16x3x3xf32>
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x16x126x126xf32>, tensor<64x16x3x3xf32> -> tensor<1x64x126x126xf32>
  return %0 : tensor<1x64x126x126xf32>
}

// -----

// A gathered strided convolution leaves out the kernel's zero columns: the
// space-to-depth kernel pads 3x3 to 4x4, so its 4 taps of 8 channels hold
// 2 x 9 = 18 weights of 32. The GEMM's matrix has those 18 columns, and the
// gathering copies only their windows, in runs of consecutive channels:
// tap (0, 0) all 8, tap (0, 1) channels 0, 2, 4, 6 (column offset 0 of each
// 2x2 block), tap (1, 0) channels 0-1 and 4-5 (row offset 0), tap (1, 1)
// channels 0 and 4.
// BLOCKED-LABEL: func.func @conv_gathered_strided(
// BLOCKED: %[[MATRIX:.*]] = arith.constant dense<5.000000e-01> : tensor<4x18xf32>
// BLOCKED: bufferization.alloc_tensor() : tensor<1x18x20xf32>
// BLOCKED: tensor.extract_slice %[[FLAT:collapsed[_0-9]*]][0, 0, 0] [1, 8, 20] [1, 1, 1]
// BLOCKED: tensor.insert_slice {{.*}}[0, 0, 0] [1, 8, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 1] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.insert_slice {{.*}}[0, 8, 0] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 2, 1] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 4, 1] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 6, 1] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 5] [1, 2, 20] [1, 1, 1]
// BLOCKED: tensor.insert_slice {{.*}}[0, 12, 0] [1, 2, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 4, 5] [1, 2, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 0, 6] [1, 1, 20] [1, 1, 1]
// BLOCKED: tensor.extract_slice %[[FLAT]][0, 4, 6] [1, 1, 20] [1, 1, 1]
// BLOCKED: %[[GATHERED:.*]] = tensor.insert_slice {{.*}}[0, 17, 0] [1, 1, 20] [1, 1, 1]
// BLOCKED-NOT: tensor.extract_slice %[[FLAT]]
// BLOCKED: linalg.contract {{.*}} ins(%[[MATRIX]], %[[GATHERED]] : tensor<4x18xf32>, tensor<1x18x20xf32>)
func.func @conv_gathered_strided(%x: tensor<1x2x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x3x3xf32>
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
         : tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// A constant kernel is rearranged tap-major at compile time. Where the
// output channels of one input channel take at most 512 bytes (16 x 4
// here), each tap's matrix is input-major, C x K (w[m][c] = 2m + c: row 0
// holds 0, 2, 4, ...), which the GEMM reads through (n, m, p, c) -> (c, m);
// 256 output channels (1 KiB) stay output-major, K x C.
// CHECK-DAG: #[[$INPUT_MAJOR:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d1)>
// CHECK-DAG: #[[$OUTPUT_MAJOR:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-LABEL: func.func @constant_kernel_layouts(
// CHECK: %[[NARROW:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00, {{.*}}], [1.000000e+00, 3.000000e+00, {{.*}}]]]> : tensor<1x2x16xf32>
// CHECK: %[[NM:.*]] = tensor.extract_slice %[[NARROW]][0, 0, 0] [1, 2, 16] [1, 1, 1] : tensor<1x2x16xf32> to tensor<2x16xf32>
// CHECK: linalg.contract indexing_maps = [#[[$INPUT_MAJOR]], {{.*}}] {densenet.role = #densenet.role<gemm>} ins(%[[NM]], %{{.*}} : tensor<2x16xf32>, tensor<1x2x16xf32>)
// CHECK: %[[WIDE:.*]] = arith.constant dense<5.000000e-01> : tensor<1x256x2xf32>
// CHECK: %[[WM:.*]] = tensor.extract_slice %[[WIDE]][0, 0, 0] [1, 256, 2] [1, 1, 1] : tensor<1x256x2xf32> to tensor<256x2xf32>
// CHECK: linalg.contract indexing_maps = [#[[$OUTPUT_MAJOR]], {{.*}}] {densenet.role = #densenet.role<gemm>} ins(%[[WM]], %{{.*}} : tensor<256x2xf32>, tensor<1x2x16xf32>)
func.func @constant_kernel_layouts(%x: tensor<1x2x4x4xf32>)
    -> (tensor<1x16x4x4xf32>, tensor<1x256x4x4xf32>) {
  %narrow = arith.constant dense<[[[[0.0]], [[1.0]]], [[[2.0]], [[3.0]]], [[[4.0]], [[5.0]]], [[[6.0]], [[7.0]]], [[[8.0]], [[9.0]]], [[[10.0]], [[11.0]]], [[[12.0]], [[13.0]]], [[[14.0]], [[15.0]]], [[[16.0]], [[17.0]]], [[[18.0]], [[19.0]]], [[[20.0]], [[21.0]]], [[[22.0]], [[23.0]]], [[[24.0]], [[25.0]]], [[[26.0]], [[27.0]]], [[[28.0]], [[29.0]]], [[[30.0]], [[31.0]]]]> : tensor<16x2x1x1xf32>
  %wide = arith.constant dense<0.5> : tensor<256x2x1x1xf32>
  %0 = densenet.conv2d %x, %narrow
         : tensor<1x2x4x4xf32>, tensor<16x2x1x1xf32> -> tensor<1x16x4x4xf32>
  %1 = densenet.conv2d %x, %wide
         : tensor<1x2x4x4xf32>, tensor<256x2x1x1xf32> -> tensor<1x256x4x4xf32>
  return %0, %1 : tensor<1x16x4x4xf32>, tensor<1x256x4x4xf32>
}
