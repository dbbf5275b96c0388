//===- OnnxGraph.cpp - an ONNX graph as func.func @forward ----------------===//
//
// Binds initializers and the image input, emits each node, returns the
// logits and removes dead ops.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxGraph.h"

#include "compiler/Import/Onnx/OnnxOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;

static Error bindInitializers(const onnx::GraphProto &graph,
                              TensorReader &tensors, ValueTable &values) {
  for (const onnx::TensorProto &init : graph.initializer()) {
    Expected<HostTensor> tensor = tensors.read(init, init.name());
    if (!tensor)
      return tensor.takeError();
    auto value =
        OnnxValue::constantOf(std::make_shared<HostTensor>(std::move(*tensor)));
    if (Error err = values.define(nullptr, init.name(), std::move(value)))
      return err;
  }
  return Error::success();
}

/// The graph output as NxK logits.
static Expected<Value> graphOutput(const onnx::GraphProto &graph,
                                   const ValueTable &values,
                                   int64_t modelBatch) {
  if (graph.output_size() != 1)
    return llvm::createStringError("the graph has " +
                                   llvm::Twine(graph.output_size()) +
                                   " outputs; expected one (the logits)");
  const std::string &name = graph.output(0).name();
  const OnnxValue *value = values.lookup(name);
  if (!value)
    return llvm::createStringError("graph output '" + name +
                                   "' is not produced by any node");
  if (value->kind != OnnxValue::Kind::Tensor || onnxShape(*value).size() != 2)
    return llvm::createStringError("graph output '" + name +
                                   "' is not an NxK matrix of logits");
  // The declared output has the model's batch, also when one image of it
  // is imported.
  SmallVector<int64_t> shape(densenet::shapeOf(value->value));
  shape[0] = modelBatch;
  if (Error err = checkOutput(graph.output(0), shape))
    return std::move(err);
  return value->value;
}

/// Emits every node after binding the initializers and the input; returns
/// the logits.
static Expected<Value> emitBody(OpBuilder &b, const onnx::GraphProto &graph,
                                const OnnxInput &input, Value argument,
                                TensorReader &tensors) {
  ValueTable values;
  if (Error err = bindInitializers(graph, tensors, values))
    return std::move(err);
  if (Error err =
          values.define(nullptr, input.name, OnnxValue::tensor(argument)))
    return std::move(err);
  OpEmitter emitter(b, values, tensors);
  for (auto [index, proto] : llvm::enumerate(graph.node()))
    if (Error err = emitter.emit(OnnxNode(proto, index)))
      return std::move(err);
  return graphOutput(graph, values, input.modelBatch);
}

/// Erases ops whose results nothing uses, last first.
static void eraseDeadOps(Block &body) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (isOpTriviallyDead(&op))
      op.erase();
}

Expected<func::FuncOp> mlir::densenet::onnx_import::emitForward(
    OpBuilder &b, const onnx::GraphProto &graph, const OnnxInput &input,
    TensorReader &tensors) {
  Location loc = NameLoc::get(b.getStringAttr("forward"));
  auto inputType = RankedTensorType::get(input.shape, b.getF32Type());
  auto forward =
      func::FuncOp::create(b, loc, "forward", b.getFunctionType(inputType, {}));
  OpBuilder::InsertionGuard guard(b);
  Block *body = forward.addEntryBlock();
  b.setInsertionPointToStart(body);
  Expected<Value> logits =
      emitBody(b, graph, input, forward.getArgument(0), tensors);
  if (!logits) {
    forward.erase();
    return logits.takeError();
  }
  func::ReturnOp::create(b, loc, *logits);
  forward.setFunctionType(b.getFunctionType(inputType, logits->getType()));
  eraseDeadOps(*body);
  return forward;
}
