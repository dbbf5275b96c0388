// Not valid MLIR: the stem's operand list is never closed.
func.func @forward(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32>
         conv(%w : tensor<8x3x3x3xf32> -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
