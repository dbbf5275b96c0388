// Valid IR, but densenetc needs the entry point @forward.
func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  return %x : tensor<1x3x8x8xf32>
}
