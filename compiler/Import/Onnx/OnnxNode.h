//===- OnnxNode.h - an ONNX node: name, inputs, attributes --*- C++ -*-===//
//
// Wraps an onnx::NodeProto for the importer: the name diagnostics use (the
// node's own, or "<op_type>#<index>" when it has none), its inputs, and typed
// attribute access that reports a wrong attribute type instead of guessing.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_ONNX_ONNXNODE_H
#define DENSENET_IMPORT_ONNX_ONNXNODE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace mlir::densenet::onnx_import {

class OnnxNode {
public:
  OnnxNode(const onnx::NodeProto &proto, size_t index);

  llvm::StringRef opType() const { return proto.op_type(); }
  /// The node's name, or "<op_type>#<index>" when the exporter gave none.
  llvm::StringRef name() const { return displayName; }
  const onnx::NodeProto &getProto() const { return proto; }

  /// "node 'NAME' (OP): REASON".
  llvm::Error error(const llvm::Twine &reason) const;

  /// Input `i`'s tensor name; empty when the optional input is absent.
  llvm::StringRef input(unsigned i) const;
  /// Output `i`'s tensor name; empty when absent.
  llvm::StringRef output(unsigned i) const;
  /// Fails unless every output after the first is absent.
  llvm::Error checkSingleOutput(llvm::StringRef what) const;

  llvm::Expected<int64_t> getInt(llvm::StringRef name, int64_t dflt) const;
  llvm::Expected<float> getFloat(llvm::StringRef name, float dflt) const;
  llvm::Expected<std::string> getString(llvm::StringRef name,
                                        llvm::StringRef dflt) const;
  llvm::Expected<llvm::SmallVector<int64_t, 4>>
  getInts(llvm::StringRef name, llvm::ArrayRef<int64_t> dflt) const;

private:
  const onnx::AttributeProto *find(llvm::StringRef name) const;
  /// Fails unless attribute `attr` has type `type`.
  llvm::Error checkType(const onnx::AttributeProto &attr,
                        onnx::AttributeProto::AttributeType type) const;

  const onnx::NodeProto &proto;
  std::string displayName;
};

} // namespace mlir::densenet::onnx_import

#endif // DENSENET_IMPORT_ONNX_ONNXNODE_H
