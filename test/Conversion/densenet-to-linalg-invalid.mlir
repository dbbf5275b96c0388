// RUN: densenet-opt %s -split-input-file -verify-diagnostics --convert-densenet-to-linalg

// The conversion only knows the primitive layers: a structural op that was
// not decomposed first (densenet-decompose) cannot be legalized, and the
// failure points at the op.

func.func @undecomposed_dense_block(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                    %w: tensor<4x8x3x3xf32>) -> tensor<1x12x8x8xf32> {
  // expected-error @+1 {{failed to legalize operation 'densenet.dense_block' that was explicitly marked illegal}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x8xf32>, tensor<4x8x3x3xf32>) -> tensor<1x12x8x8xf32>
  return %0 : tensor<1x12x8x8xf32>
}

// -----

// The primitive ops around the structural one would convert, but the pass
// still fails on the stem.
func.func @undecomposed_stem(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = densenet.relu %x : tensor<1x3x8x8xf32>
  // expected-error @+1 {{failed to legalize operation 'densenet.stem'}}
  %1 = densenet.stem cifar %0 : tensor<1x3x8x8xf32> conv(%w : tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %2 = densenet.relu %1 : tensor<1x4x8x8xf32>
  return %2 : tensor<1x4x8x8xf32>
}

// -----

func.func @undecomposed_transition(%x: tensor<1x4x4x4xf32>, %n: tensor<4x4xf32>,
                                   %w: tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{failed to legalize operation 'densenet.transition'}}
  %0 = densenet.transition %x : tensor<1x4x4x4xf32> norm(%n : tensor<4x4xf32>)
         conv(%w : tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @undecomposed_classifier(%x: tensor<1x4x2x2xf32>, %n: tensor<4x4xf32>,
                                   %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{failed to legalize operation 'densenet.classifier'}}
  %0 = densenet.classifier %x : tensor<1x4x2x2xf32> norm(%n : tensor<4x4xf32>)
         fc(%w, %b : tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @undecomposed_dense_layer(%x: tensor<1x8x4x4xf32>, %n: tensor<4x8xf32>,
                                    %w: tensor<4x8x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{failed to legalize operation 'densenet.dense_layer'}}
  %0 = densenet.dense_layer %x : tensor<1x8x4x4xf32> norm(%n : tensor<4x8xf32>)
         conv(%w : tensor<4x8x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}
