// densenet-raise undoes densenet-decompose: the tiny examples (imagenet stem,
// bottleneck blocks; cifar stem, plain blocks, compression 1) come back as
// the structural ops they were written with, and nothing primitive is left.
// RUN: densenet-opt --pass-pipeline="builtin.module(func.func(densenet-decompose,densenet-raise))" %examples/tiny_densenet.mlir | FileCheck %s --check-prefix=IMAGENET
// RUN: densenet-opt --pass-pipeline="builtin.module(func.func(densenet-decompose,densenet-raise))" %examples/tiny_cifar.mlir | FileCheck %s --check-prefix=CIFAR

// IMAGENET:      densenet.stem imagenet %arg0 : tensor<1x3x64x64xf32> conv(%arg1 : tensor<16x3x7x7xf32>) norm(%arg2 : tensor<4x16xf32>)
// IMAGENET-NEXT: densenet.dense_block {{.*}} layers 2 growth_rate 8 params(%arg3, %arg4, %arg5, %arg6, %arg7, %arg8, %arg9, %arg10 :
// IMAGENET-NEXT: densenet.transition {{.*}} norm(%arg11 : tensor<4x32xf32>) conv(%arg12 : tensor<16x32x1x1xf32>) -> tensor<1x16x8x8xf32>
// IMAGENET-NEXT: densenet.dense_block {{.*}} layers 2 growth_rate 8 params(%arg13, %arg14, %arg15, %arg16, %arg17, %arg18, %arg19, %arg20 :
// IMAGENET-NEXT: densenet.classifier {{.*}} norm(%arg21 : tensor<4x32xf32>) fc(%arg22, %arg23 : tensor<10x32xf32>, tensor<10xf32>)
// IMAGENET-NEXT: return

// CIFAR:      densenet.stem cifar %arg0 : tensor<1x3x32x32xf32> conv(%arg1 : tensor<16x3x3x3xf32>)
// CIFAR-NEXT: densenet.dense_block {{.*}} layers 2 growth_rate 8 params(%arg2, %arg3, %arg4, %arg5 :
// CIFAR-NEXT: densenet.transition {{.*}} {compression = 1.000000e+00 : f64} -> tensor<1x32x16x16xf32>
// CIFAR-NEXT: densenet.dense_block {{.*}} layers 2 growth_rate 8 params(%arg8, %arg9, %arg10, %arg11 :
// CIFAR-NEXT: densenet.classifier
// CIFAR-NEXT: return
