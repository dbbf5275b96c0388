//===- OnnxValues.cpp - what each ONNX tensor name stands for -------------===//
//
// Binding and typed lookup of ONNX tensor names.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxValues.h"

#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

llvm::SmallVector<int64_t, 4>
mlir::densenet::onnx_import::onnxShape(const OnnxValue &value) {
  llvm::SmallVector<int64_t, 4> shape(shapeOf(value.value));
  if (value.kind == OnnxValue::Kind::Pooled)
    shape.append({1, 1});
  return shape;
}

/// What a value is, for "input 'x' is ...; expected ..." messages.
static std::string describe(const OnnxValue &value) {
  switch (value.kind) {
  case OnnxValue::Kind::Constant:
    return "a constant";
  case OnnxValue::Kind::Pooled:
    return "the " + shapeString(onnxShape(value)) + " output of '" +
           value.producer +
           "' (only Flatten, Reshape or Relu may follow a global pool)";
  case OnnxValue::Kind::Padded:
    return "the output of Pad '" + value.producer +
           "' (a Pad is only supported before AveragePool or Conv)";
  case OnnxValue::Kind::Tensor:
    break;
  }
  return "a " + shapeString(onnxShape(value)) + " tensor";
}

static Error inputError(const OnnxNode &node, unsigned i,
                        const llvm::Twine &reason) {
  return node.error("input '" + node.input(i) + "' " + reason);
}

Error ValueTable::define(const OnnxNode *node, StringRef name,
                         OnnxValue value) {
  if (name.empty())
    return Error::success();
  if (values.try_emplace(name, std::move(value)).second)
    return Error::success();
  std::string what = "tensor name '" + name.str() + "' is defined twice";
  return node ? node->error(what) : llvm::createStringError(what);
}

const OnnxValue *ValueTable::lookup(StringRef name) const {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

Expected<const OnnxValue *> ValueTable::get(const OnnxNode &node,
                                            unsigned i) const {
  if (node.input(i).empty())
    return node.error("input #" + llvm::Twine(i) + " is missing");
  if (const OnnxValue *value = lookup(node.input(i)))
    return value;
  return inputError(node, i,
                    "is not a graph input, an initializer or the output of "
                    "an earlier node");
}

Expected<Value> ValueTable::featureMap(const OnnxNode &node, unsigned i) const {
  Expected<const OnnxValue *> value = get(node, i);
  if (!value)
    return value.takeError();
  if ((*value)->kind == OnnxValue::Kind::Tensor &&
      onnxShape(**value).size() == 4)
    return (*value)->value;
  return inputError(
      node, i, "is " + describe(**value) + "; expected an NxCxHxW feature map");
}

Expected<std::pair<Value, Padding>>
ValueTable::paddedFeatureMap(const OnnxNode &node, unsigned i) const {
  Expected<const OnnxValue *> value = get(node, i);
  if (!value)
    return value.takeError();
  if ((*value)->kind == OnnxValue::Kind::Padded)
    return std::make_pair((*value)->value, (*value)->padding);
  Expected<Value> plain = featureMap(node, i);
  if (!plain)
    return plain.takeError();
  return std::make_pair(*plain, Padding{0, 0, 0, 0});
}

Expected<Value> ValueTable::matrix(const OnnxNode &node, unsigned i) const {
  Expected<const OnnxValue *> value = get(node, i);
  if (!value)
    return value.takeError();
  if ((*value)->kind == OnnxValue::Kind::Tensor &&
      onnxShape(**value).size() == 2)
    return (*value)->value;
  return inputError(node, i,
                    "is " + describe(**value) + "; expected an NxK matrix");
}

Expected<const HostTensor *>
ValueTable::constant(const OnnxNode &node, unsigned i, bool isFloat) const {
  Expected<const OnnxValue *> value = get(node, i);
  if (!value)
    return value.takeError();
  if ((*value)->kind != OnnxValue::Kind::Constant)
    return inputError(node, i,
                      "is computed by the graph; expected an initializer or "
                      "a Constant");
  const HostTensor *tensor = (*value)->constant.get();
  if (tensor->isFloat != isFloat)
    return inputError(node, i,
                      llvm::Twine("must be a ") +
                          (isFloat ? "FLOAT" : "INT64") + " tensor");
  return tensor;
}
