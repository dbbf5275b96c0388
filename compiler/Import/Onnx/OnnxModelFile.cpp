//===- OnnxModelFile.cpp - read and validate an ONNX model file -----------===//
//
// Bounded protobuf parsing and the ONNX checker. Built with -fexceptions:
// every exception the ONNX library throws is caught here.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxModelFile.h"

#include "compiler/Import/Onnx/OnnxNode.h"
#include "compiler/Import/Onnx/OnnxTensor.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/checker.h>

#include <climits>
#include <exception>

using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// Default-domain opsets the importer supports: what exporters emit from
/// opset 11 on, up to the newest opset the ONNX library knows.
static constexpr int64_t kMinOpset = 11;
static constexpr int64_t kMaxOpset = 17;

/// The checker's multi-line messages on one line.
static std::string oneLine(StringRef text) {
  std::string out;
  for (char c : text.trim()) {
    bool space = llvm::isSpace(c);
    if (!space)
      out += c;
    else if (out.back() != ' ')
      out += ' ';
  }
  return out;
}

Expected<std::unique_ptr<onnx::ModelProto>>
mlir::densenet::onnx_import::readOnnxModel(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError("cannot read the file: " +
                                   buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.empty())
    return llvm::createStringError("the file is empty, not an ONNX model");
  if (bytes.size() > size_t(INT_MAX))
    return llvm::createStringError(
        "the file is larger than 2 GiB; store the weights as external data");
  auto model = std::make_unique<onnx::ModelProto>();
  bool parsed = false;
  try {
    parsed = model->ParseFromArray(bytes.data(), int(bytes.size()));
  } catch (...) {
    parsed = false;
  }
  if (!parsed)
    return llvm::createStringError(
        "not a valid ONNX model (the protobuf data is truncated or corrupt)");
  return std::move(model);
}

/// What onnx::checker::check_model(ModelProto) does, with the model's
/// directory set so that external data resolves next to the model.
static void runChecker(const onnx::ModelProto &model, StringRef modelDir) {
  if (model.ir_version() <= 0 || model.ir_version() > onnx::IR_VERSION)
    throw std::runtime_error("unsupported ir_version " +
                             std::to_string(model.ir_version()));
  std::unordered_map<std::string, int> opsets;
  for (const onnx::OperatorSetIdProto &opset : model.opset_import())
    opsets[opset.domain()] = int(opset.version());
  onnx::checker::CheckerContext ctx;
  ctx.set_ir_version(int(model.ir_version()));
  ctx.set_opset_imports(opsets);
  ctx.set_model_dir(modelDir.str());
  onnx::checker::LexicalScopeContext lexicalScope;
  onnx::checker::check_graph(model.graph(), ctx, lexicalScope);
  onnx::checker::check_model_local_functions(model, ctx, lexicalScope);
}

/// The default domain's opset, which must be in [kMinOpset, kMaxOpset].
static Error checkOpset(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
    if (opset.domain() != "" && opset.domain() != "ai.onnx")
      continue;
    if (opset.version() >= kMinOpset && opset.version() <= kMaxOpset)
      return Error::success();
    return llvm::createStringError(
        "opset " + llvm::Twine(opset.version()) +
        " is not supported (supported: " + llvm::Twine(kMinOpset) + " to " +
        llvm::Twine(kMaxOpset) + ")");
  }
  return llvm::createStringError("the model imports no default-domain opset");
}

/// Every node input must be a graph input, an initializer or an earlier
/// node's output. The checker finds this too, but its message reads as if
/// the graph were merely unsorted; a missing initializer is the usual cause,
/// a later node's output means a cycle (or an unsorted graph).
static Error checkInputsDefined(const onnx::GraphProto &graph) {
  llvm::StringSet<> defined;
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (const onnx::TensorProto &init : graph.initializer())
    defined.insert(init.name());
  llvm::StringMap<size_t> producer;
  for (auto [index, proto] : llvm::enumerate(graph.node()))
    for (const std::string &output : proto.output())
      producer.try_emplace(output, index);
  for (auto [index, proto] : llvm::enumerate(graph.node())) {
    for (const std::string &input : proto.input()) {
      if (input.empty() || defined.contains(input))
        continue;
      OnnxNode node(proto, index);
      auto later = producer.find(input);
      if (later == producer.end())
        return node.error("input '" + input +
                          "' is not a graph input, an initializer or the "
                          "output of an earlier node");
      OnnxNode source(graph.node(int(later->second)), later->second);
      return node.error("input '" + input + "' is the output of node '" +
                        source.name() + "' (" + source.opType() +
                        "), which does not come before it: the graph has a "
                        "cycle or is not in topological order");
    }
    for (const std::string &output : proto.output())
      defined.insert(output);
  }
  return Error::success();
}

Error mlir::densenet::onnx_import::checkOnnxModel(const onnx::ModelProto &model,
                                                  StringRef modelDir) {
  if (Error err = checkOpset(model))
    return err;
  if (Error err = checkInputsDefined(model.graph()))
    return err;
  // Before the checker, which would look for external data first and
  // count elements with overflow.
  for (const onnx::TensorProto &init : model.graph().initializer())
    if (Error err = checkTensorDeclaration(init))
      return err;
  try {
    runChecker(model, modelDir);
  } catch (const std::exception &e) {
    return llvm::createStringError("invalid ONNX model: " + oneLine(e.what()));
  } catch (...) {
    return llvm::createStringError(
        "invalid ONNX model: the ONNX checker failed");
  }
  return Error::success();
}
