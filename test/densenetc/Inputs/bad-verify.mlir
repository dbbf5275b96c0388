// A densenet.stem whose declared result has the wrong spatial size: the CIFAR
// stem keeps 8x8, the result type says 4x4. densenetc must report the
// verifier's message at this file's line and column.
func.func @forward(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32>
         conv(%w : tensor<8x3x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}
