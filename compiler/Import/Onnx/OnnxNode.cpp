//===- OnnxNode.cpp - one ONNX node: its name, inputs and attributes ------===//
//
// Node naming for diagnostics and type-checked attribute access.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxNode.h"

using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

OnnxNode::OnnxNode(const onnx::NodeProto &proto, size_t index)
    : proto(proto),
      displayName(proto.name().empty()
                      ? proto.op_type() + "#" + std::to_string(index)
                      : proto.name()) {}

Error OnnxNode::error(const llvm::Twine &reason) const {
  return llvm::createStringError("node '" + displayName + "' (" +
                                 proto.op_type() + "): " + reason);
}

StringRef OnnxNode::input(unsigned i) const {
  return i < unsigned(proto.input_size()) ? StringRef(proto.input(i))
                                          : StringRef();
}

StringRef OnnxNode::output(unsigned i) const {
  return i < unsigned(proto.output_size()) ? StringRef(proto.output(i))
                                           : StringRef();
}

Error OnnxNode::checkSingleOutput(StringRef what) const {
  for (int i = 1; i < proto.output_size(); ++i)
    if (!proto.output(i).empty())
      return error("output #" + llvm::Twine(i) + " ('" + proto.output(i) +
                   "') is not supported: " + what);
  return Error::success();
}

const onnx::AttributeProto *OnnxNode::find(StringRef name) const {
  for (const onnx::AttributeProto &attr : proto.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

Error OnnxNode::checkType(const onnx::AttributeProto &attr,
                          onnx::AttributeProto::AttributeType type) const {
  if (attr.type() == type)
    return Error::success();
  return error("attribute '" + attr.name() + "' has type " +
               onnx::AttributeProto::AttributeType_Name(attr.type()) +
               "; expected " + onnx::AttributeProto::AttributeType_Name(type));
}

Expected<int64_t> OnnxNode::getInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt;
  if (Error err = checkType(*attr, onnx::AttributeProto::INT))
    return std::move(err);
  return attr->i();
}

Expected<float> OnnxNode::getFloat(StringRef name, float dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt;
  if (Error err = checkType(*attr, onnx::AttributeProto::FLOAT))
    return std::move(err);
  return attr->f();
}

Expected<std::string> OnnxNode::getString(StringRef name,
                                          StringRef dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt.str();
  if (Error err = checkType(*attr, onnx::AttributeProto::STRING))
    return std::move(err);
  return attr->s();
}

Expected<llvm::SmallVector<int64_t, 4>>
OnnxNode::getInts(StringRef name, llvm::ArrayRef<int64_t> dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return llvm::SmallVector<int64_t, 4>(dflt);
  if (Error err = checkType(*attr, onnx::AttributeProto::INTS))
    return std::move(err);
  return llvm::SmallVector<int64_t, 4>(attr->ints().begin(),
                                       attr->ints().end());
}
