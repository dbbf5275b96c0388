//===- DenseNetDialect.td - the densenet dialect definition ----*- tablegen -*-===//
//
// Declares the `densenet` dialect: DenseNet at its own level of abstraction,
// with every weight passed as a tensor operand.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DIALECT_TD
#define DENSENET_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"

def DenseNet_Dialect : Dialect {
  let name = "densenet";
  let cppNamespace = "::mlir::densenet";
  let summary = "DenseNet convolutional networks at their own level";
  let description = [{
    Ops that express a DenseNet the way its papers do: stem, dense blocks of
    pre-activation dense layers joined by channel concatenation, transitions
    and a classifier head, together with the primitive layers (convolution,
    batch normalisation, ReLU, pooling, linear) they decompose into.

    Feature maps are NCHW `f32` tensors with static shapes. Weights are tensor
    operands. A batch normalisation's parameters are packed into one
    `tensor<4xCxf32>` whose rows are scale (gamma), bias (beta), running mean
    and running variance.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes of DenseNetAttrs.td (DenseNetAttrs.cpp).
    void registerAttributes();
  }];
  let hasOperationAttrVerify = 1;
  // Attributes the compiler's passes set on other dialects' ops (see
  // DenseNetAttrs.td).
  let discardableAttrs = (ins
    "::mlir::densenet::RoleAttr":$role,
    "::mlir::densenet::BufferPlanAttr":$buffer_plan
  );
}

def DenseNet_StemKindAttr : I32EnumAttr<"StemKind", "the network stem", [
    I32EnumAttrCase<"imagenet", 0>,
    I32EnumAttrCase<"cifar", 1>]> {
  let cppNamespace = "::mlir::densenet";
}

class DenseNet_Op<string mnemonic, list<Trait> traits = []>
    : Op<DenseNet_Dialect, mnemonic, traits>;

#endif // DENSENET_DIALECT_TD
