// RUN: densenet-opt %s -split-input-file -verify-diagnostics

// Negative tests for the densenet verifiers and result-type inference
// (dialects/DenseNet/IR/DenseNetOps.cpp) and for the ODS constraints on
// attributes (DenseNetOps.td): one case per rule. Each verifier message
// names the op, the offending value, the expected and the actual value;
// each ODS message names the attribute and the constraint it fails.
//
// A result type that differs from the inferred one gives two errors: the
// mismatch itself and "failed to infer returned types". The same holds when
// inference itself fails (the emitOptionalError cases).
//
// The parser checks the ODS attribute constraints of the custom form's
// attribute dictionary and reports them there: "custom op '<name>' ...".

//===----------------------------------------------------------------------===//
// densenet.stem
//===----------------------------------------------------------------------===//

// Inference: the 7x7/2 conv of the imagenet stem has no output row.
func.func @stem_input_too_small(%x: tensor<1x3x0x16xf32>, %w: tensor<8x3x7x7xf32>,
                                %n: tensor<4x8xf32>) {
  // expected-error @+2 {{'densenet.stem' op input 1x3x0x16 is too small for the stem}}
  // expected-error @+1 {{'densenet.stem' op failed to infer returned types}}
  %0 = densenet.stem imagenet %x : tensor<1x3x0x16xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x1x4xf32>
  return
}

// -----

func.func @stem_conv_in_channels(%x: tensor<1x3x32x32xf32>, %w: tensor<8x4x7x7xf32>,
                                 %n: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.stem' op conv weight has 4 input channels (shape 8x4x7x7); expected 3}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x4x7x7xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_imagenet_kernel(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x3x3xf32>,
                                %n: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.stem' op conv weight has a 3x3 kernel; expected 7x7}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x3x3xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

// A non-square kernel fails on its width.
func.func @stem_imagenet_kernel_width(%x: tensor<1x3x32x32xf32>,
                                      %w: tensor<8x3x7x5xf32>,
                                      %n: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.stem' op conv weight has a 7x5 kernel; expected 7x7}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x5xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_cifar_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x7x7xf32>) {
  // expected-error @+1 {{'densenet.stem' op conv weight has a 7x7 kernel; expected 3x3}}
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32> conv(%w : tensor<8x3x7x7xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_imagenet_without_norm(%x: tensor<1x3x32x32xf32>,
                                      %w: tensor<8x3x7x7xf32>) {
  // expected-error @+1 {{'densenet.stem' op imagenet stem requires a norm operand}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_cifar_with_norm(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>,
                                %n: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.stem' op cifar stem takes no norm operand}}
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32> conv(%w : tensor<8x3x3x3xf32>)
         norm(%n : tensor<4x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_norm_channels(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                              %n: tensor<4x16xf32>) {
  // expected-error @+1 {{'densenet.stem' op norm parameters have shape 4x16; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x16xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_norm_rows(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                          %n: tensor<3x8xf32>) {
  // expected-error @+1 {{'densenet.stem' op norm parameters have shape 3x8; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<3x8xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @stem_epsilon(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                        %n: tensor<4x8xf32>) {
  // expected-error @+3 {{custom op 'densenet.stem' 'densenet.stem' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         {epsilon = 0.0 : f64} -> tensor<1x8x8x8xf32>
  return
}

// -----

// The imagenet stem divides the spatial size by 4, not 2.
func.func @stem_imagenet_result(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                                %n: tensor<4x8xf32>) {
  // expected-error @+2 {{'densenet.stem' op inferred type(s) 'tensor<1x8x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x8x16x16xf32>'}}
  // expected-error @+1 {{'densenet.stem' op failed to infer returned types}}
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x16x16xf32>
  return
}

// -----

func.func @stem_cifar_result(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) {
  // expected-error @+2 {{'densenet.stem' op inferred type(s) 'tensor<1x16x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x3x8x8xf32>'}}
  // expected-error @+1 {{'densenet.stem' op failed to infer returned types}}
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32> conv(%w : tensor<16x3x3x3xf32>)
         -> tensor<1x3x8x8xf32>
  return
}

// -----

// ODS type constraint: feature maps are 4-D f32 tensors.
func.func @stem_input_element_type(%x: tensor<1x3x8x8xf16>, %w: tensor<16x3x3x3xf32>) {
  // expected-error @+1 {{'densenet.stem' op operand #0 must be statically shaped feature map (4-D tensor of f32), but got 'tensor<1x3x8x8xf16>'}}
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf16> conv(%w : tensor<16x3x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.dense_layer
//===----------------------------------------------------------------------===//

// The custom form ties norm2 and conv2 together; the generic form does not.
func.func @dense_layer_norm2_without_conv2(%x: tensor<1x8x8x8xf32>,
                                           %n1: tensor<4x8xf32>,
                                           %w1: tensor<4x8x3x3xf32>,
                                           %n2: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op norm2 and conv2 must be given together}}
  %0 = "densenet.dense_layer"(%x, %n1, %w1, %n2)
         <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>}>
         : (tensor<1x8x8x8xf32>, tensor<4x8xf32>, tensor<4x8x3x3xf32>, tensor<4x8xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_conv2_without_norm2(%x: tensor<1x8x8x8xf32>,
                                           %n1: tensor<4x8xf32>,
                                           %w1: tensor<8x8x1x1xf32>,
                                           %w2: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op norm2 and conv2 must be given together}}
  %0 = "densenet.dense_layer"(%x, %n1, %w1, %w2)
         <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 1>}>
         : (tensor<1x8x8x8xf32>, tensor<4x8xf32>, tensor<8x8x1x1xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_norm1_channels(%x: tensor<1x8x8x8xf32>, %n: tensor<4x6xf32>,
                                      %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op norm1 parameters have shape 4x6; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x6xf32>) conv(%w : tensor<4x8x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_conv1_in_channels(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                         %w: tensor<4x6x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op conv1 weight has 6 input channels (shape 4x6x3x3); expected 8}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x6x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

// A plain layer's only conv is the 3x3 growth conv.
func.func @dense_layer_plain_conv1_kernel(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                          %w: tensor<4x8x1x1xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op conv1 weight has a 1x1 kernel; expected 3x3}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

// A bottleneck layer's first conv is 1x1.
func.func @dense_layer_bottleneck_conv1_kernel(%x: tensor<1x8x8x8xf32>,
                                               %n1: tensor<4x8xf32>,
                                               %w1: tensor<16x8x3x3xf32>,
                                               %n2: tensor<4x16xf32>,
                                               %w2: tensor<4x16x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op conv1 weight has a 3x3 kernel; expected 1x1}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x3x3xf32>)
         norm(%n2 : tensor<4x16xf32>) conv(%w2 : tensor<4x16x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

// norm2 normalises the bottleneck width (conv1's output channels, 16).
func.func @dense_layer_norm2_channels(%x: tensor<1x8x8x8xf32>,
                                      %n1: tensor<4x8xf32>,
                                      %w1: tensor<16x8x1x1xf32>,
                                      %n2: tensor<4x8xf32>,
                                      %w2: tensor<4x16x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op norm2 parameters have shape 4x8; expected 4x16 (scale, bias, mean, var for 16 channels)}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x1x1xf32>)
         norm(%n2 : tensor<4x8xf32>) conv(%w2 : tensor<4x16x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_conv2_in_channels(%x: tensor<1x8x8x8xf32>,
                                         %n1: tensor<4x8xf32>,
                                         %w1: tensor<16x8x1x1xf32>,
                                         %n2: tensor<4x16xf32>,
                                         %w2: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op conv2 weight has 8 input channels (shape 4x8x3x3); expected 16}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x1x1xf32>)
         norm(%n2 : tensor<4x16xf32>) conv(%w2 : tensor<4x8x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_conv2_kernel(%x: tensor<1x8x8x8xf32>,
                                    %n1: tensor<4x8xf32>,
                                    %w1: tensor<16x8x1x1xf32>,
                                    %n2: tensor<4x16xf32>,
                                    %w2: tensor<4x16x1x1xf32>) {
  // expected-error @+1 {{'densenet.dense_layer' op conv2 weight has a 1x1 kernel; expected 3x3}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x1x1xf32>)
         norm(%n2 : tensor<4x16xf32>) conv(%w2 : tensor<4x16x1x1xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @dense_layer_epsilon(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                               %w: tensor<4x8x3x3xf32>) {
  // expected-error @+3 {{custom op 'densenet.dense_layer' 'densenet.dense_layer' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x3x3xf32>)
         {epsilon = -1.0e-5 : f64} -> tensor<1x4x8x8xf32>
  return
}

// -----

// The layer returns only its k new channels, not the concatenation.
func.func @dense_layer_result_channels(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                       %w: tensor<4x8x3x3xf32>) {
  // expected-error @+2 {{'densenet.dense_layer' op inferred type(s) 'tensor<1x4x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x12x8x8xf32>'}}
  // expected-error @+1 {{'densenet.dense_layer' op failed to infer returned types}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

// In the bottleneck form the growth comes from conv2, not conv1.
func.func @dense_layer_bottleneck_result(%x: tensor<1x8x8x8xf32>,
                                         %n1: tensor<4x8xf32>,
                                         %w1: tensor<16x8x1x1xf32>,
                                         %n2: tensor<4x16xf32>,
                                         %w2: tensor<4x16x3x3xf32>) {
  // expected-error @+2 {{'densenet.dense_layer' op inferred type(s) 'tensor<1x4x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x16x8x8xf32>'}}
  // expected-error @+1 {{'densenet.dense_layer' op failed to infer returned types}}
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x1x1xf32>)
         norm(%n2 : tensor<4x16xf32>) conv(%w2 : tensor<4x16x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.dense_block
//===----------------------------------------------------------------------===//

func.func @dense_block_param_count(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                   %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op has 3 params for 1 layers; expected 4 per layer (bottleneck) or 2 per layer (plain)}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w, %n : tensor<4x8xf32>, tensor<4x8x3x3xf32>, tensor<4x8xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

// Two layers' worth of plain params for a three-layer block.
func.func @dense_block_param_count_layers(%x: tensor<1x8x8x8xf32>,
                                          %n: tensor<4x8xf32>,
                                          %w: tensor<4x8x3x3xf32>,
                                          %n1: tensor<4x12xf32>,
                                          %w1: tensor<4x12x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op has 4 params for 3 layers; expected 4 per layer (bottleneck) or 2 per layer (plain)}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 3 growth_rate 4
         params(%n, %w, %n1, %w1 : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                   tensor<4x12xf32>, tensor<4x12x3x3xf32>)
         -> tensor<1x20x8x8xf32>
  return
}

// -----

func.func @dense_block_no_params(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op has 0 params for 2 layers; expected 4 per layer (bottleneck) or 2 per layer (plain)}}
  %0 = "densenet.dense_block"(%x) <{num_layers = 2 : i64, growth_rate = 4 : i64}>
         : (tensor<1x8x8x8xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

// Params alternate norm (rank 2) and conv weight (rank 4).
func.func @dense_block_norm_rank(%x: tensor<1x8x8x8xf32>, %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op param #0 (norm) has rank 4; expected 2}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%w, %w : tensor<4x8x3x3xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

func.func @dense_block_conv_rank(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                 %w: tensor<4x8x3x3xf32>, %v: tensor<4x12xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op param #3 (conv weight) has rank 2; expected 4}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n, %w, %v, %v : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                 tensor<4x12xf32>, tensor<4x12xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @dense_block_layer0_norm1(%x: tensor<1x8x8x8xf32>, %n: tensor<4x6xf32>,
                                    %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 norm1 parameters have shape 4x6; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x6xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

// Layer 1 sees 8 + 4 = 12 channels, not the block's 8.
func.func @dense_block_layer1_norm1(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                    %w: tensor<4x8x3x3xf32>,
                                    %w1: tensor<4x12x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 1 norm1 parameters have shape 4x8; expected 4x12 (scale, bias, mean, var for 12 channels)}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n, %w, %n, %w1 : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                  tensor<4x8xf32>, tensor<4x12x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @dense_block_layer1_conv1_in_channels(%x: tensor<1x8x8x8xf32>,
                                                %n: tensor<4x8xf32>,
                                                %w: tensor<4x8x3x3xf32>,
                                                %n1: tensor<4x12xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 1 conv1 weight has 8 input channels (shape 4x8x3x3); expected 12}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n, %w, %n1, %w : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                  tensor<4x12xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @dense_block_plain_conv1_kernel(%x: tensor<1x8x8x8xf32>,
                                          %n: tensor<4x8xf32>,
                                          %w: tensor<4x8x1x1xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 conv1 weight has a 1x1 kernel; expected 3x3}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x8xf32>, tensor<4x8x1x1xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

func.func @dense_block_bottleneck_conv1_kernel(%x: tensor<1x8x8x8xf32>,
                                               %n1: tensor<4x8xf32>,
                                               %w1: tensor<8x8x3x3xf32>,
                                               %w2: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 conv1 weight has a 3x3 kernel; expected 1x1}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n1, %w1, %n1, %w2 : tensor<4x8xf32>, tensor<8x8x3x3xf32>,
                                     tensor<4x8xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

func.func @dense_block_bottleneck_norm2(%x: tensor<1x8x8x8xf32>,
                                        %n1: tensor<4x8xf32>,
                                        %w1: tensor<16x8x1x1xf32>,
                                        %w2: tensor<4x16x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 norm2 parameters have shape 4x8; expected 4x16 (scale, bias, mean, var for 16 channels)}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n1, %w1, %n1, %w2 : tensor<4x8xf32>, tensor<16x8x1x1xf32>,
                                     tensor<4x8xf32>, tensor<4x16x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

// Layer 1's conv2 reads the bottleneck width of layer 1's conv1 (8), not 16.
func.func @dense_block_bottleneck_conv2_in_channels(
    %x: tensor<1x8x8x8xf32>,
    %a0: tensor<4x8xf32>, %b0: tensor<16x8x1x1xf32>,
    %c0: tensor<4x16xf32>, %d0: tensor<4x16x3x3xf32>,
    %a1: tensor<4x12xf32>, %b1: tensor<8x12x1x1xf32>, %c1: tensor<4x8xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 1 conv2 weight has 16 input channels (shape 4x16x3x3); expected 8}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%a0, %b0, %c0, %d0, %a1, %b1, %c1, %d0 :
                tensor<4x8xf32>, tensor<16x8x1x1xf32>,
                tensor<4x16xf32>, tensor<4x16x3x3xf32>,
                tensor<4x12xf32>, tensor<8x12x1x1xf32>,
                tensor<4x8xf32>, tensor<4x16x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @dense_block_bottleneck_conv2_kernel(%x: tensor<1x8x8x8xf32>,
                                               %n1: tensor<4x8xf32>,
                                               %w1: tensor<16x8x1x1xf32>,
                                               %n2: tensor<4x16xf32>,
                                               %w2: tensor<4x16x5x5xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 conv2 weight has a 5x5 kernel; expected 3x3}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n1, %w1, %n2, %w2 : tensor<4x8xf32>, tensor<16x8x1x1xf32>,
                                     tensor<4x16xf32>, tensor<4x16x5x5xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

func.func @dense_block_growth_rate(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                   %w: tensor<8x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 0 adds 8 channels; expected growth_rate 4}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x8xf32>, tensor<8x8x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

// Layer 0 is right; layer 1 adds 2 channels instead of 4.
func.func @dense_block_growth_rate_layer1(%x: tensor<1x8x8x8xf32>,
                                          %n0: tensor<4x8xf32>,
                                          %w0: tensor<4x8x3x3xf32>,
                                          %n1: tensor<4x12xf32>,
                                          %w1: tensor<2x12x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op layer 1 adds 2 channels; expected growth_rate 4}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n0, %w0, %n1, %w1 : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                     tensor<4x12xf32>, tensor<2x12x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @dense_block_epsilon(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                               %w: tensor<4x8x3x3xf32>) {
  // expected-error @+3 {{custom op 'densenet.dense_block' 'densenet.dense_block' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x8xf32>, tensor<4x8x3x3xf32>)
         {epsilon = 0.0 : f64} -> tensor<1x12x8x8xf32>
  return
}

// -----

// A huge layer count must not overflow the param-count check.
func.func @dense_block_huge_layer_count(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op has 0 params for 4611686018427387904 layers; expected 4 per layer (bottleneck) or 2 per layer (plain)}}
  %0 = "densenet.dense_block"(%x) <{num_layers = 4611686018427387904 : i64, growth_rate = 4 : i64}>
         : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

// ODS constraint: num_layers and growth_rate are positive.
func.func @dense_block_zero_layers(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op attribute 'num_layers' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = "densenet.dense_block"(%x) <{num_layers = 0 : i64, growth_rate = 4 : i64}>
         : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @dense_block_zero_growth_rate(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                        %w: tensor<0x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.dense_block' op attribute 'growth_rate' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 1 growth_rate 0
         params(%n, %w : tensor<4x8xf32>, tensor<0x8x3x3xf32>)
         -> tensor<1x8x8x8xf32>
  return
}

// -----

// 8 + 2 * 4 = 16 output channels.
func.func @dense_block_result(%x: tensor<1x8x8x8xf32>, %n0: tensor<4x8xf32>,
                              %w0: tensor<4x8x3x3xf32>, %n1: tensor<4x12xf32>,
                              %w1: tensor<4x12x3x3xf32>) {
  // expected-error @+2 {{'densenet.dense_block' op inferred type(s) 'tensor<1x16x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x12x8x8xf32>'}}
  // expected-error @+1 {{'densenet.dense_block' op failed to infer returned types}}
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n0, %w0, %n1, %w1 : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                                     tensor<4x12xf32>, tensor<4x12x3x3xf32>)
         -> tensor<1x12x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.transition
//===----------------------------------------------------------------------===//

// Inference: a 1x1 map has no 2x2 pooling window.
func.func @transition_input_too_small(%x: tensor<1x8x1x1xf32>, %n: tensor<4x8xf32>,
                                      %w: tensor<4x8x1x1xf32>) {
  // expected-error @+2 {{'densenet.transition' op input 1x8x1x1 is smaller than the 2x2 pool}}
  // expected-error @+1 {{'densenet.transition' op failed to infer returned types}}
  %0 = densenet.transition %x : tensor<1x8x1x1xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @transition_norm_channels(%x: tensor<1x8x8x8xf32>, %n: tensor<4x4xf32>,
                                    %w: tensor<4x8x1x1xf32>) {
  // expected-error @+1 {{'densenet.transition' op norm parameters have shape 4x4; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x4xf32>) conv(%w : tensor<4x8x1x1xf32>)
         -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_conv_in_channels(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                       %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{'densenet.transition' op conv weight has 4 input channels (shape 4x4x1x1); expected 8}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x4x1x1xf32>)
         -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_conv_kernel(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                  %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'densenet.transition' op conv weight has a 3x3 kernel; expected 1x1}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x3x3xf32>)
         -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_compression_zero(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                                       %w: tensor<4x8x1x1xf32>) {
  // expected-error @+3 {{custom op 'densenet.transition' 'densenet.transition' op attribute 'compression' failed to satisfy constraint: 64-bit float attribute whose value is in (0, 1]}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         {compression = 0.0 : f64} -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_compression_negative(%x: tensor<1x8x8x8xf32>,
                                           %n: tensor<4x8xf32>,
                                           %w: tensor<4x8x1x1xf32>) {
  // expected-error @+3 {{custom op 'densenet.transition' 'densenet.transition' op attribute 'compression' failed to satisfy constraint: 64-bit float attribute whose value is in (0, 1]}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         {compression = -0.5 : f64} -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_compression_above_one(%x: tensor<1x8x8x8xf32>,
                                            %n: tensor<4x8xf32>,
                                            %w: tensor<12x8x1x1xf32>) {
  // expected-error @+3 {{custom op 'densenet.transition' 'densenet.transition' op attribute 'compression' failed to satisfy constraint: 64-bit float attribute whose value is in (0, 1]}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<12x8x1x1xf32>)
         {compression = 1.5 : f64} -> tensor<1x12x4x4xf32>
  return
}

// -----

// floor(0.5 * 15) = 7: rounding up is wrong.
func.func @transition_compressed_channels(%x: tensor<1x15x8x8xf32>,
                                          %n: tensor<4x15xf32>,
                                          %w: tensor<8x15x1x1xf32>) {
  // expected-error @+1 {{'densenet.transition' op conv produces 8 channels; expected floor(5.000000e-01 * 15) = 7}}
  %0 = densenet.transition %x : tensor<1x15x8x8xf32>
         norm(%n : tensor<4x15xf32>) conv(%w : tensor<8x15x1x1xf32>)
         -> tensor<1x8x4x4xf32>
  return
}

// -----

// With compression 1 the transition keeps every channel.
func.func @transition_uncompressed_channels(%x: tensor<1x8x8x8xf32>,
                                            %n: tensor<4x8xf32>,
                                            %w: tensor<4x8x1x1xf32>) {
  // expected-error @+1 {{'densenet.transition' op conv produces 4 channels; expected floor(1.000000e+00 * 8) = 8}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         {compression = 1.0 : f64} -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @transition_epsilon(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                              %w: tensor<4x8x1x1xf32>) {
  // expected-error @+3 {{custom op 'densenet.transition' 'densenet.transition' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         {epsilon = -1.0 : f64} -> tensor<1x4x4x4xf32>
  return
}

// -----

// The transition halves the spatial size.
func.func @transition_result(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                             %w: tensor<4x8x1x1xf32>) {
  // expected-error @+2 {{'densenet.transition' op inferred type(s) 'tensor<1x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{'densenet.transition' op failed to infer returned types}}
  %0 = densenet.transition %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x1x1xf32>)
         -> tensor<1x4x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.classifier
//===----------------------------------------------------------------------===//

func.func @classifier_norm_channels(%x: tensor<1x16x4x4xf32>, %n: tensor<4x8xf32>,
                                    %w: tensor<10x16xf32>, %b: tensor<10xf32>) {
  // expected-error @+1 {{'densenet.classifier' op norm parameters have shape 4x8; expected 4x16 (scale, bias, mean, var for 16 channels)}}
  %0 = densenet.classifier %x : tensor<1x16x4x4xf32> norm(%n : tensor<4x8xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @classifier_fc_weight(%x: tensor<1x16x4x4xf32>, %n: tensor<4x16xf32>,
                                %w: tensor<10x8xf32>, %b: tensor<10xf32>) {
  // expected-error @+1 {{'densenet.classifier' op fc weight has 8 input features (shape 10x8); expected 16}}
  %0 = densenet.classifier %x : tensor<1x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @classifier_fc_bias(%x: tensor<1x16x4x4xf32>, %n: tensor<4x16xf32>,
                              %w: tensor<10x16xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'densenet.classifier' op fc bias has 5 elements; expected 10}}
  %0 = densenet.classifier %x : tensor<1x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<5xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @classifier_epsilon(%x: tensor<1x16x4x4xf32>, %n: tensor<4x16xf32>,
                              %w: tensor<10x16xf32>, %b: tensor<10xf32>) {
  // expected-error @+2 {{custom op 'densenet.classifier' 'densenet.classifier' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.classifier %x : tensor<1x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<10xf32>) {epsilon = 0.0 : f64}
         -> tensor<1x10xf32>
  return
}

// -----

func.func @classifier_result(%x: tensor<2x16x4x4xf32>, %n: tensor<4x16xf32>,
                             %w: tensor<10x16xf32>, %b: tensor<10xf32>) {
  // expected-error @+2 {{'densenet.classifier' op inferred type(s) 'tensor<2x10xf32>' are incompatible with return type(s) of operation 'tensor<1x10xf32>'}}
  // expected-error @+1 {{'densenet.classifier' op failed to infer returned types}}
  %0 = densenet.classifier %x : tensor<2x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.concat
//===----------------------------------------------------------------------===//

func.func @concat_empty() {
  // expected-error @+1 {{'densenet.concat' op needs at least one input}}
  %0 = "densenet.concat"() : () -> tensor<1x1x1x1xf32>
  return
}

// -----


func.func @concat_batch(%a: tensor<1x8x4x4xf32>, %b: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'densenet.concat' op input #1 has shape 2x4x4x4; expected batch and spatial size 1x?x4x4 like input #0}}
  %0 = densenet.concat %a, %b : tensor<1x8x4x4xf32>, tensor<2x4x4x4xf32>
         -> tensor<1x12x4x4xf32>
  return
}

// -----

func.func @concat_height(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x2x4xf32>) {
  // expected-error @+1 {{'densenet.concat' op input #1 has shape 1x4x2x4; expected batch and spatial size 1x?x4x4 like input #0}}
  %0 = densenet.concat %a, %b : tensor<1x8x4x4xf32>, tensor<1x4x2x4xf32>
         -> tensor<1x12x4x4xf32>
  return
}

// -----

func.func @concat_width(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x4x4xf32>,
                        %c: tensor<1x4x4x5xf32>) {
  // expected-error @+1 {{'densenet.concat' op input #2 has shape 1x4x4x5; expected batch and spatial size 1x?x4x4 like input #0}}
  %0 = densenet.concat %a, %b, %c
         : tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x5xf32>
         -> tensor<1x16x4x4xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x4x4xf32>) {
  // expected-error @+2 {{'densenet.concat' op inferred type(s) 'tensor<1x12x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x4x4xf32>'}}
  // expected-error @+1 {{'densenet.concat' op failed to infer returned types}}
  %0 = densenet.concat %a, %b : tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>
         -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_in_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'densenet.conv2d' op weight has 3 input channels (shape 8x3x3x3); expected 4}}
  %0 = densenet.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>
         -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>,
                       %b: tensor<4xf32>) {
  // expected-error @+1 {{'densenet.conv2d' op bias has 4 elements; expected 8}}
  %0 = densenet.conv2d %x, %w bias(%b)
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>
         -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_empty_kernel(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x0x3xf32>) {
  // expected-error @+1 {{'densenet.conv2d' op kernel must be 2 positive sizes, got [0, 3]}}
  %0 = densenet.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<8x4x0x3xf32>
         -> tensor<1x8x9x6xf32>
  return
}

// -----

func.func @conv2d_stride_count(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{custom op 'densenet.conv2d' 'densenet.conv2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.conv2d %x, %w {stride = array<i64: 2>}
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @conv2d_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{custom op 'densenet.conv2d' 'densenet.conv2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.conv2d %x, %w {stride = array<i64: 1, 0>}
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_padding_count(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{custom op 'densenet.conv2d' 'densenet.conv2d' op attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1>}
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv2d_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{custom op 'densenet.conv2d' 'densenet.conv2d' op attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = densenet.conv2d %x, %w {padding = array<i64: 0, 0, -1, 0>}
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x5x6xf32>
  return
}

// -----

// Inference: a 3x3 window does not fit a 2x2 input without padding.
func.func @conv2d_window_too_large(%x: tensor<1x4x2x2xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{'densenet.conv2d' op input 1x4x2x2 is smaller than its 3x3 window}}
  // expected-error @+1 {{'densenet.conv2d' op failed to infer returned types}}
  %0 = densenet.conv2d %x, %w : tensor<1x4x2x2xf32>, tensor<8x4x3x3xf32>
         -> tensor<1x8x1x1xf32>
  return
}

// -----

// floor((8 + 2 - 3) / 2) + 1 = 4.
func.func @conv2d_result(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{'densenet.conv2d' op inferred type(s) 'tensor<1x8x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{'densenet.conv2d' op failed to infer returned types}}
  %0 = densenet.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_channels(%x: tensor<1x8x4x4xf32>, %n: tensor<4x4xf32>) {
  // expected-error @+1 {{'densenet.batch_norm' op norm parameters have shape 4x4; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.batch_norm %x, %n : tensor<1x8x4x4xf32>, tensor<4x4xf32>
  return
}

// -----

// Unpacked (2xC) parameters are rejected.
func.func @batch_norm_rows(%x: tensor<1x8x4x4xf32>, %n: tensor<2x8xf32>) {
  // expected-error @+1 {{'densenet.batch_norm' op norm parameters have shape 2x8; expected 4x8 (scale, bias, mean, var for 8 channels)}}
  %0 = densenet.batch_norm %x, %n : tensor<1x8x4x4xf32>, tensor<2x8xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x8x4x4xf32>, %n: tensor<4x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.batch_norm' 'densenet.batch_norm' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = densenet.batch_norm %x, %n {epsilon = 0.0 : f64}
         : tensor<1x8x4x4xf32>, tensor<4x8xf32>
  return
}

// -----

// The custom form infers the result type; the generic form can contradict it.
func.func @batch_norm_result(%x: tensor<1x8x4x4xf32>, %n: tensor<4x8xf32>) {
  // expected-error @+2 {{'densenet.batch_norm' op inferred type(s) 'tensor<1x8x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x2x2xf32>'}}
  // expected-error @+1 {{'densenet.batch_norm' op failed to infer returned types}}
  %0 = "densenet.batch_norm"(%x, %n) <{epsilon = 1.0e-5 : f64}>
         : (tensor<1x8x4x4xf32>, tensor<4x8xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.relu
//===----------------------------------------------------------------------===//

func.func @relu_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'densenet.relu' op requires the same type for all operands and results}}
  %0 = "densenet.relu"(%x) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x5xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.max_pool / densenet.avg_pool
//===----------------------------------------------------------------------===//

func.func @max_pool_kernel_count(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.max_pool' 'densenet.max_pool' op attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.max_pool %x {kernel = array<i64: 3>, stride = array<i64: 2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @avg_pool_kernel_zero(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.avg_pool' 'densenet.avg_pool' op attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 0>, stride = array<i64: 2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x5xf32>
  return
}

// -----

func.func @max_pool_stride_count(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.max_pool' 'densenet.max_pool' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.max_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_stride_negative(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.avg_pool' 'densenet.avg_pool' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: -2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_padding_count(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.max_pool' 'densenet.max_pool' op attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>,
                             padding = array<i64: 1, 1>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_padding_negative(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{custom op 'densenet.avg_pool' 'densenet.avg_pool' op attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>,
                             padding = array<i64: 0, -1, 0, 0>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

// Every window must see at least one real element: each pad < kernel size.
func.func @max_pool_padding_top(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.max_pool' op padding must be smaller than the 3x3 kernel}}
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>,
                             padding = array<i64: 3, 0, 0, 0>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x9x6xf32>
  return
}

// -----

func.func @avg_pool_padding_left(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.avg_pool' op padding must be smaller than the 3x2 kernel}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 3, 2>, stride = array<i64: 1, 1>,
                             padding = array<i64: 0, 2, 0, 0>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x6x9xf32>
  return
}

// -----

func.func @max_pool_padding_bottom(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.max_pool' op padding must be smaller than the 2x3 kernel}}
  %0 = densenet.max_pool %x {kernel = array<i64: 2, 3>, stride = array<i64: 1, 1>,
                             padding = array<i64: 0, 0, 2, 0>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x9x6xf32>
  return
}

// -----

func.func @avg_pool_padding_right(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.avg_pool' op padding must be smaller than the 2x2 kernel}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>,
                             padding = array<i64: 0, 0, 0, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x5xf32>
  return
}

// -----

// Inference: the window is larger than the (padded) input.
func.func @max_pool_window_too_large(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+2 {{'densenet.max_pool' op input 1x8x2x2 is smaller than its 3x3 window}}
  // expected-error @+1 {{'densenet.max_pool' op failed to infer returned types}}
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>}
         : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  return
}

// -----

func.func @avg_pool_window_too_wide(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+2 {{'densenet.avg_pool' op input 1x8x4x4 is smaller than its 1x5 window}}
  // expected-error @+1 {{'densenet.avg_pool' op failed to infer returned types}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 1, 5>, stride = array<i64: 1, 1>}
         : tensor<1x8x4x4xf32> -> tensor<1x8x4x1xf32>
  return
}

// -----

// ODS: kernel and stride have no default.
func.func @max_pool_missing_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.max_pool' op requires attribute 'kernel'}}
  %0 = densenet.max_pool %x {stride = array<i64: 2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_missing_stride(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'densenet.avg_pool' op requires attribute 'stride'}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_result(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+2 {{'densenet.max_pool' op inferred type(s) 'tensor<1x8x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x3x3xf32>'}}
  // expected-error @+1 {{'densenet.max_pool' op failed to infer returned types}}
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>,
                             padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @avg_pool_result(%x: tensor<1x8x7x7xf32>) {
  // expected-error @+2 {{'densenet.avg_pool' op inferred type(s) 'tensor<1x8x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x8x4x4xf32>'}}
  // expected-error @+1 {{'densenet.avg_pool' op failed to infer returned types}}
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>}
         : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.global_avg_pool
//===----------------------------------------------------------------------===//

func.func @global_avg_pool_dynamic(%x: tensor<1x8x?x4xf32>) {
  // expected-error @+1 {{'densenet.global_avg_pool' op operand #0 must be statically shaped feature map (4-D tensor of f32), but got 'tensor<1x8x?x4xf32>'}}
  %0 = densenet.global_avg_pool %x : tensor<1x8x?x4xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @global_avg_pool_result(%x: tensor<2x8x4x4xf32>) {
  // expected-error @+2 {{'densenet.global_avg_pool' op inferred type(s) 'tensor<2x8xf32>' are incompatible with return type(s) of operation 'tensor<8x2xf32>'}}
  // expected-error @+1 {{'densenet.global_avg_pool' op failed to infer returned types}}
  %0 = densenet.global_avg_pool %x : tensor<2x8x4x4xf32> -> tensor<8x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// densenet.linear
//===----------------------------------------------------------------------===//

func.func @linear_weight(%x: tensor<2x8xf32>, %w: tensor<10x6xf32>, %b: tensor<10xf32>) {
  // expected-error @+1 {{'densenet.linear' op weight has 6 input features (shape 10x6); expected 8}}
  %0 = densenet.linear %x, %w, %b : tensor<2x8xf32>, tensor<10x6xf32>, tensor<10xf32>
         -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_bias(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'densenet.linear' op bias has 5 elements; expected 10}}
  %0 = densenet.linear %x, %w, %b : tensor<2x8xf32>, tensor<10x8xf32>, tensor<5xf32>
         -> tensor<2x10xf32>
  return
}

// -----

// W is [out, in]: the result is x * W^T.
func.func @linear_result(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>, %b: tensor<10xf32>) {
  // expected-error @+2 {{'densenet.linear' op inferred type(s) 'tensor<2x10xf32>' are incompatible with return type(s) of operation 'tensor<2x8xf32>'}}
  // expected-error @+1 {{'densenet.linear' op failed to infer returned types}}
  %0 = densenet.linear %x, %w, %b : tensor<2x8xf32>, tensor<10x8xf32>, tensor<10xf32>
         -> tensor<2x8xf32>
  return
}

// -----

// ODS type constraint: the input of linear is 2-D.
func.func @linear_input_rank(%x: tensor<2x8x1x1xf32>, %w: tensor<10x8xf32>,
                             %b: tensor<10xf32>) {
  // expected-error @+1 {{'densenet.linear' op operand #0 must be statically shaped matrix (2-D tensor of f32), but got 'tensor<2x8x1x1xf32>'}}
  %0 = densenet.linear %x, %w, %b : tensor<2x8x1x1xf32>, tensor<10x8xf32>, tensor<10xf32>
         -> tensor<2x10xf32>
  return
}
