// A tiny DenseNet-BC in the densenet dialect: ImageNet stem on a 64x64 image,
// two dense blocks of 2 bottleneck layers (growth rate k = 8, bn_size 2, so
// the 1x1 bottleneck is 16 channels wide) joined by a transition with
// compression 0.5, and a 10-class classifier. The stem has 2k = 16 channels.
//
//   stem imagenet  1x3x64x64   -> 1x16x16x16   (conv 7x7/2: 32, max pool 3x3/2: 16)
//   dense_block 1  1x16x16x16  -> 1x32x16x16   (16 + 2*8)
//   transition     1x32x16x16  -> 1x16x8x8     (floor(0.5 * 32), avg pool 2x2)
//   dense_block 2  1x16x8x8    -> 1x32x8x8     (16 + 2*8)
//   classifier     1x32x8x8    -> 1x10
//
// Weights are function arguments: convolutions are FxCxKHxKW, batch norms are
// packed 4xC (scale, bias, mean, var), the fc layer is 10x32 plus a bias of 10.

func.func @forward(
    %input: tensor<1x3x64x64xf32>,
    // Stem.
    %stem_conv: tensor<16x3x7x7xf32>, %stem_norm: tensor<4x16xf32>,
    // Dense block 1, layer 0 (16 input channels).
    %b1l0_norm1: tensor<4x16xf32>, %b1l0_conv1: tensor<16x16x1x1xf32>,
    %b1l0_norm2: tensor<4x16xf32>, %b1l0_conv2: tensor<8x16x3x3xf32>,
    // Dense block 1, layer 1 (16 + 8 = 24 input channels).
    %b1l1_norm1: tensor<4x24xf32>, %b1l1_conv1: tensor<16x24x1x1xf32>,
    %b1l1_norm2: tensor<4x16xf32>, %b1l1_conv2: tensor<8x16x3x3xf32>,
    // Transition 1 (32 -> 16 channels).
    %t1_norm: tensor<4x32xf32>, %t1_conv: tensor<16x32x1x1xf32>,
    // Dense block 2, layer 0 (16 input channels).
    %b2l0_norm1: tensor<4x16xf32>, %b2l0_conv1: tensor<16x16x1x1xf32>,
    %b2l0_norm2: tensor<4x16xf32>, %b2l0_conv2: tensor<8x16x3x3xf32>,
    // Dense block 2, layer 1 (24 input channels).
    %b2l1_norm1: tensor<4x24xf32>, %b2l1_conv1: tensor<16x24x1x1xf32>,
    %b2l1_norm2: tensor<4x16xf32>, %b2l1_conv2: tensor<8x16x3x3xf32>,
    // Classifier.
    %cls_norm: tensor<4x32xf32>, %fc_weight: tensor<10x32xf32>,
    %fc_bias: tensor<10xf32>) -> tensor<1x10xf32> {
  %stem = densenet.stem imagenet %input : tensor<1x3x64x64xf32>
            conv(%stem_conv : tensor<16x3x7x7xf32>)
            norm(%stem_norm : tensor<4x16xf32>)
            -> tensor<1x16x16x16xf32>
  %block1 = densenet.dense_block %stem : tensor<1x16x16x16xf32>
              layers 2 growth_rate 8
              params(%b1l0_norm1, %b1l0_conv1, %b1l0_norm2, %b1l0_conv2,
                     %b1l1_norm1, %b1l1_conv1, %b1l1_norm2, %b1l1_conv2 :
                     tensor<4x16xf32>, tensor<16x16x1x1xf32>,
                     tensor<4x16xf32>, tensor<8x16x3x3xf32>,
                     tensor<4x24xf32>, tensor<16x24x1x1xf32>,
                     tensor<4x16xf32>, tensor<8x16x3x3xf32>)
              -> tensor<1x32x16x16xf32>
  %trans1 = densenet.transition %block1 : tensor<1x32x16x16xf32>
              norm(%t1_norm : tensor<4x32xf32>)
              conv(%t1_conv : tensor<16x32x1x1xf32>)
              {compression = 0.5 : f64}
              -> tensor<1x16x8x8xf32>
  %block2 = densenet.dense_block %trans1 : tensor<1x16x8x8xf32>
              layers 2 growth_rate 8
              params(%b2l0_norm1, %b2l0_conv1, %b2l0_norm2, %b2l0_conv2,
                     %b2l1_norm1, %b2l1_conv1, %b2l1_norm2, %b2l1_conv2 :
                     tensor<4x16xf32>, tensor<16x16x1x1xf32>,
                     tensor<4x16xf32>, tensor<8x16x3x3xf32>,
                     tensor<4x24xf32>, tensor<16x24x1x1xf32>,
                     tensor<4x16xf32>, tensor<8x16x3x3xf32>)
              -> tensor<1x32x8x8xf32>
  %logits = densenet.classifier %block2 : tensor<1x32x8x8xf32>
              norm(%cls_norm : tensor<4x32xf32>)
              fc(%fc_weight, %fc_bias : tensor<10x32xf32>, tensor<10xf32>)
              -> tensor<1x10xf32>
  return %logits : tensor<1x10xf32>
}
