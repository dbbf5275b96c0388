// A tiny plain DenseNet (no bottleneck, no compression) for CIFAR in the
// densenet dialect: CIFAR stem (a single 3x3 convolution, no norm), two dense
// blocks of 2 plain layers (BN-ReLU-Conv3x3, growth rate k = 8) joined by a
// transition with compression 1.0, and a 10-class classifier.
//
//   stem cifar     1x3x32x32   -> 1x16x32x32
//   dense_block 1  1x16x32x32  -> 1x32x32x32   (16 + 2*8)
//   transition     1x32x32x32  -> 1x32x16x16   (compression 1, avg pool 2x2)
//   dense_block 2  1x32x16x16  -> 1x48x16x16   (32 + 2*8)
//   classifier     1x48x16x16  -> 1x10

func.func @forward(
    %input: tensor<1x3x32x32xf32>,
    // Stem.
    %stem_conv: tensor<16x3x3x3xf32>,
    // Dense block 1: layers see 16 and 24 channels.
    %b1l0_norm: tensor<4x16xf32>, %b1l0_conv: tensor<8x16x3x3xf32>,
    %b1l1_norm: tensor<4x24xf32>, %b1l1_conv: tensor<8x24x3x3xf32>,
    // Transition 1 (32 -> 32 channels).
    %t1_norm: tensor<4x32xf32>, %t1_conv: tensor<32x32x1x1xf32>,
    // Dense block 2: layers see 32 and 40 channels.
    %b2l0_norm: tensor<4x32xf32>, %b2l0_conv: tensor<8x32x3x3xf32>,
    %b2l1_norm: tensor<4x40xf32>, %b2l1_conv: tensor<8x40x3x3xf32>,
    // Classifier.
    %cls_norm: tensor<4x48xf32>, %fc_weight: tensor<10x48xf32>,
    %fc_bias: tensor<10xf32>) -> tensor<1x10xf32> {
  %stem = densenet.stem cifar %input : tensor<1x3x32x32xf32>
            conv(%stem_conv : tensor<16x3x3x3xf32>)
            -> tensor<1x16x32x32xf32>
  %block1 = densenet.dense_block %stem : tensor<1x16x32x32xf32>
              layers 2 growth_rate 8
              params(%b1l0_norm, %b1l0_conv, %b1l1_norm, %b1l1_conv :
                     tensor<4x16xf32>, tensor<8x16x3x3xf32>,
                     tensor<4x24xf32>, tensor<8x24x3x3xf32>)
              -> tensor<1x32x32x32xf32>
  %trans1 = densenet.transition %block1 : tensor<1x32x32x32xf32>
              norm(%t1_norm : tensor<4x32xf32>)
              conv(%t1_conv : tensor<32x32x1x1xf32>)
              {compression = 1.0 : f64}
              -> tensor<1x32x16x16xf32>
  %block2 = densenet.dense_block %trans1 : tensor<1x32x16x16xf32>
              layers 2 growth_rate 8
              params(%b2l0_norm, %b2l0_conv, %b2l1_norm, %b2l1_conv :
                     tensor<4x32xf32>, tensor<8x32x3x3xf32>,
                     tensor<4x40xf32>, tensor<8x40x3x3xf32>)
              -> tensor<1x48x16x16xf32>
  %logits = densenet.classifier %block2 : tensor<1x48x16x16xf32>
              norm(%cls_norm : tensor<4x48xf32>)
              fc(%fc_weight, %fc_bias : tensor<10x48xf32>, tensor<10xf32>)
              -> tensor<1x10xf32>
  return %logits : tensor<1x10xf32>
}
