// Valid densenet IR, but the weights are function arguments: densenetc needs
// @forward to take exactly the input image and return the logits.
func.func @forward(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>)
    -> tensor<1x8x8x8xf32> {
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32>
         conv(%w : tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
