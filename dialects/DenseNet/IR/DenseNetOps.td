//===- DenseNetOps.td - densenet dialect operations ------------*- tablegen -*-===//
//
// The operations of the `densenet` dialect, in two levels:
//  - structural ops that say what a DenseNet is (stem, dense_layer,
//    dense_block, transition, classifier, concat);
//  - primitive layers they decompose into (conv2d, batch_norm, relu, pools,
//    linear), on which folding and lowering work.
// Rules on a single attribute (window arity and signs, epsilon, compression)
// are ODS attribute constraints; each op's C++ verifier checks the channel
// and shape relations between its operands and infers its result.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_OPS_TD
#define DENSENET_OPS_TD

include "dialects/DenseNet/IR/DenseNetDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Statically shaped f32 tensors of a given rank. A feature map is NCHW; a
// packed batch norm is 4xC (scale, bias, mean, var).
class DenseNet_StaticF32Tensor<int rank, string what>
    : Type<And<[TensorRankOf<[F32], [rank]>.predicate, HasStaticShapePred]>,
           "statically shaped " # what # " (" # rank # "-D tensor of f32)",
           "::mlir::RankedTensorType">;
def DenseNet_FeatureMap : DenseNet_StaticF32Tensor<4, "feature map">;
def DenseNet_ConvWeight : DenseNet_StaticF32Tensor<4, "convolution weight">;
def DenseNet_NormParams : DenseNet_StaticF32Tensor<2, "packed batch norm">;
def DenseNet_Vector : DenseNet_StaticF32Tensor<1, "vector">;
def DenseNet_Matrix : DenseNet_StaticF32Tensor<2, "matrix">;
def DenseNet_Param : Type<And<[TensorOf<[F32]>.predicate, HasStaticShapePred]>,
                          "statically shaped tensor of f32",
                          "::mlir::RankedTensorType">;

// Sliding windows: 2 positive sizes (kernel, stride) and 4 non-negative pads
// [top, left, bottom, right].
def DenseNet_WindowSizesAttr : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>;
def DenseNet_WindowPaddingAttr : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>;
def DenseNet_DefaultPaddingAttr
    : DefaultValuedAttr<DenseNet_WindowPaddingAttr, "{0, 0, 0, 0}">;

// Bounds on a float attribute, which upstream has no constraints for. NaN
// satisfies none of them.
class DenseNet_FloatPred<string comparison>
    : CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() "
            # comparison>;
def DenseNet_FloatPositive
    : AttrConstraint<DenseNet_FloatPred<"> 0">, "whose value is positive">;
def DenseNet_FloatInUnitInterval
    : AttrConstraint<And<[DenseNet_FloatPred<"> 0">, DenseNet_FloatPred<"<= 1">]>,
                     "whose value is in (0, 1]">;

// A batch norm's epsilon: positive, 1e-5 by default.
def DenseNet_EpsilonAttr
    : DefaultValuedAttr<ConfinedAttr<F64Attr, [DenseNet_FloatPositive]>,
                        "1e-5">;

class DenseNet_ShapedOp<string mnemonic, list<Trait> traits = []>
    : DenseNet_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Structural ops
//===----------------------------------------------------------------------===//

def DenseNet_StemOp : DenseNet_ShapedOp<"stem"> {
  let summary = "network stem";
  let description = [{
    `imagenet`: conv 7x7 stride 2 pad 3 (no bias), batch norm, ReLU, max pool
    3x3 stride 2 pad 1. `cifar`: conv 3x3 stride 1 pad 1 (no bias) only.

    ```mlir
    %0 = densenet.stem imagenet %x : tensor<1x3x224x224xf32>
           conv(%w : tensor<64x3x7x7xf32>) norm(%n : tensor<4x64xf32>)
           -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins DenseNet_StemKindAttr:$kind, DenseNet_FeatureMap:$input,
                   DenseNet_ConvWeight:$conv,
                   Optional<DenseNet_NormParams>:$norm,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $kind $input `:` type($input) `conv` `(` $conv `:` type($conv) `)`
    (`norm` `(` $norm^ `:` type($norm) `)`)? attr-dict `->` type($output)
  }];
}

def DenseNet_DenseLayerOp : DenseNet_ShapedOp<"dense_layer",
    [AttrSizedOperandSegments]> {
  let summary = "pre-activation dense layer producing growth_rate new channels";
  let description = [{
    Bottleneck form (DenseNet-B): BN-ReLU-Conv1x1(bn_size*k), then
    BN-ReLU-Conv3x3(k), when `norm2` and `conv2` are given. Plain form:
    BN-ReLU-Conv3x3(k). The result holds only the k new channels; the block
    concatenates them to its features.

    ```mlir
    %y = densenet.dense_layer %x : tensor<1x64x56x56xf32>
           norm(%n1 : tensor<4x64xf32>) conv(%w1 : tensor<128x64x1x1xf32>)
           norm(%n2 : tensor<4x128xf32>) conv(%w2 : tensor<32x128x3x3xf32>)
           -> tensor<1x32x56x56xf32>
    ```
  }];
  let arguments = (ins DenseNet_FeatureMap:$input,
                   DenseNet_NormParams:$norm1, DenseNet_ConvWeight:$conv1,
                   Optional<DenseNet_NormParams>:$norm2,
                   Optional<DenseNet_ConvWeight>:$conv2,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input `:` type($input)
    `norm` `(` $norm1 `:` type($norm1) `)` `conv` `(` $conv1 `:` type($conv1) `)`
    (`norm` `(` $norm2^ `:` type($norm2) `)`
     `conv` `(` $conv2 `:` type($conv2) `)`)?
    attr-dict `->` type($output)
  }];
  let extraClassDeclaration = [{
    bool hasBottleneck() { return getConv2() != nullptr; }
    /// The 3x3 convolution's weight, in both forms.
    ::mlir::Value getGrowthConv() {
      return hasBottleneck() ? getConv2() : getConv1();
    }
  }];
}

def DenseNet_DenseBlockOp : DenseNet_ShapedOp<"dense_block"> {
  let summary = "dense block: num_layers dense layers with growth rate k";
  let description = [{
    Layer l sees the block input concatenated with the outputs of layers
    0..l-1 (C0 + l*k channels) and adds k channels; the result has
    C0 + num_layers*k channels. `params` lists each layer's operands in order:
    norm1, conv1, norm2, conv2 for bottleneck layers (4 per layer), norm, conv
    for plain layers (2 per layer).

    ```mlir
    %y = densenet.dense_block %x : tensor<1x64x56x56xf32>
           layers 2 growth_rate 32 params(%a, %b, %c, %d, %e, %f, %g, %h :
           tensor<4x64xf32>, ...) -> tensor<1x128x56x56xf32>
    ```
  }];
  let arguments = (ins DenseNet_FeatureMap:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$num_layers,
                   ConfinedAttr<I64Attr, [IntPositive]>:$growth_rate,
                   Variadic<DenseNet_Param>:$params,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input `:` type($input) `layers` $num_layers `growth_rate` $growth_rate
    `params` `(` $params `:` type($params) `)` attr-dict `->` type($output)
  }];
  let extraClassDeclaration = [{
    bool hasBottleneck() { return getParams().size() / getNumLayers() == 4; }
    unsigned getParamsPerLayer() { return hasBottleneck() ? 4 : 2; }
    /// Layer `layer`'s location: "<block>.denselayer<layer+1>" (torchvision's
    /// name) when the block has a name, else the block's location.
    ::mlir::Location getLayerLoc(unsigned layer);
    /// The operands of layer `layer`, in dense_layer operand order.
    ::mlir::ValueRange getLayerParams(unsigned layer) {
      unsigned n = getParamsPerLayer();
      return getParams().slice(layer * n, n);
    }
  }];
}

def DenseNet_TransitionOp : DenseNet_ShapedOp<"transition"> {
  let summary = "transition: BN-ReLU-Conv1x1 to floor(compression*C), AvgPool 2x2";
  let description = [{
    ```mlir
    %y = densenet.transition %x : tensor<1x256x56x56xf32>
           norm(%n : tensor<4x256xf32>) conv(%w : tensor<128x256x1x1xf32>)
           {compression = 5.000000e-01 : f64} -> tensor<1x128x28x28xf32>
    ```
  }];
  let arguments = (ins DenseNet_FeatureMap:$input,
                   DenseNet_NormParams:$norm, DenseNet_ConvWeight:$conv,
                   DefaultValuedAttr<
                       ConfinedAttr<F64Attr, [DenseNet_FloatInUnitInterval]>,
                       "0.5">:$compression,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input `:` type($input) `norm` `(` $norm `:` type($norm) `)`
    `conv` `(` $conv `:` type($conv) `)` attr-dict `->` type($output)
  }];
}

def DenseNet_ClassifierOp : DenseNet_ShapedOp<"classifier"> {
  let summary = "classifier head: BN-ReLU, global average pool, fully connected";
  let description = [{
    ```mlir
    %y = densenet.classifier %x : tensor<1x1024x7x7xf32>
           norm(%n : tensor<4x1024xf32>)
           fc(%w, %b : tensor<1000x1024xf32>, tensor<1000xf32>)
           -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins DenseNet_FeatureMap:$input, DenseNet_NormParams:$norm,
                   DenseNet_Matrix:$fc_weight, DenseNet_Vector:$fc_bias,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_Matrix:$output);
  let assemblyFormat = [{
    $input `:` type($input) `norm` `(` $norm `:` type($norm) `)`
    `fc` `(` $fc_weight `,` $fc_bias `:` type($fc_weight) `,` type($fc_bias) `)`
    attr-dict `->` type($output)
  }];
}

def DenseNet_ConcatOp : DenseNet_ShapedOp<"concat"> {
  let summary = "concatenation of feature maps along channels";
  let description = [{
    ```mlir
    %y = densenet.concat %a, %b : tensor<1x64x56x56xf32>, tensor<1x32x56x56xf32>
           -> tensor<1x96x56x56xf32>
    ```
  }];
  let arguments = (ins Variadic<DenseNet_FeatureMap>:$inputs);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` type($inputs) `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Primitive layers
//===----------------------------------------------------------------------===//

def DenseNet_Conv2DOp : DenseNet_ShapedOp<"conv2d"> {
  let summary = "2-D convolution, NCHW input, FCHW weight, optional bias";
  let description = [{
    `padding` is [top, left, bottom, right]; output size is
    floor((H + top + bottom - KH) / stride) + 1.

    ```mlir
    %y = densenet.conv2d %x, %w bias(%b) {stride = array<i64: 1, 1>,
           padding = array<i64: 1, 1, 1, 1>}
           : tensor<1x128x56x56xf32>, tensor<32x128x3x3xf32>, tensor<32xf32>
           -> tensor<1x32x56x56xf32>
    ```
  }];
  let arguments = (ins DenseNet_FeatureMap:$input, DenseNet_ConvWeight:$weight,
                   Optional<DenseNet_Vector>:$bias,
                   DefaultValuedAttr<DenseNet_WindowSizesAttr, "{1, 1}">:$stride,
                   DenseNet_DefaultPaddingAttr:$padding);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `)`)? attr-dict `:` type($input) `,`
    type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def DenseNet_BatchNormOp : DenseNet_ShapedOp<"batch_norm"> {
  let summary = "inference batch normalisation with packed parameters";
  let arguments = (ins DenseNet_FeatureMap:$input, DenseNet_NormParams:$norm,
                   DenseNet_EpsilonAttr:$epsilon);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input `,` $norm attr-dict `:` type($input) `,` type($norm)
  }];
}

def DenseNet_ReluOp : DenseNet_Op<"relu",
    [Pure, SameOperandsAndResultType]> {
  let summary = "rectified linear unit";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

class DenseNet_PoolOp<string mnemonic> : DenseNet_ShapedOp<mnemonic> {
  let arguments = (ins DenseNet_FeatureMap:$input,
                   DenseNet_WindowSizesAttr:$kernel,
                   DenseNet_WindowSizesAttr:$stride,
                   DenseNet_DefaultPaddingAttr:$padding);
  let results = (outs DenseNet_FeatureMap:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def DenseNet_MaxPoolOp : DenseNet_PoolOp<"max_pool"> {
  let summary = "max pooling; padding never wins";
}

def DenseNet_AvgPoolOp : DenseNet_PoolOp<"avg_pool"> {
  let summary = "average pooling; padded elements count in the divisor";
}

def DenseNet_GlobalAvgPoolOp : DenseNet_ShapedOp<"global_avg_pool"> {
  let hasVerifier = 0;
  let summary = "mean over H and W: NxCxHxW -> NxC";
  let arguments = (ins DenseNet_FeatureMap:$input);
  let results = (outs DenseNet_Matrix:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def DenseNet_LinearOp : DenseNet_ShapedOp<"linear"> {
  let summary = "fully connected layer: x * W^T + b";
  let arguments = (ins DenseNet_Matrix:$input, DenseNet_Matrix:$weight,
                   DenseNet_Vector:$bias);
  let results = (outs DenseNet_Matrix:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` type($input) `,` type($weight)
    `,` type($bias) `->` type($output)
  }];
}

#endif // DENSENET_OPS_TD
