//===- OnnxSignature.cpp - the model's image input and logits output ------===//
//
// Input selection, dynamic-dimension resolution and output checking.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxSignature.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::Twine;

static Error inputError(const std::string &name, const Twine &reason) {
  return llvm::createStringError("input '" + name + "' " + reason);
}

/// The graph inputs that are not initializers.
static llvm::SmallVector<const onnx::ValueInfoProto *>
imageInputs(const onnx::GraphProto &graph) {
  llvm::StringSet<> weights;
  for (const onnx::TensorProto &init : graph.initializer())
    weights.insert(init.name());
  llvm::SmallVector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!weights.contains(input.name()))
      inputs.push_back(&input);
  return inputs;
}

/// The f32 tensor type of a value, or an error naming `what`.
static Expected<const onnx::TypeProto_Tensor *>
floatTensorType(const onnx::ValueInfoProto &info, const Twine &what) {
  const onnx::TypeProto &type = info.type();
  if (!type.has_tensor_type() ||
      type.tensor_type().elem_type() != onnx::TensorProto::FLOAT)
    return llvm::createStringError(what + " '" + info.name() +
                                   "' must be a float32 tensor");
  return &type.tensor_type();
}

static std::string describeDim(const onnx::TensorShapeProto_Dimension &dim) {
  return dim.has_dim_param() ? " '" + dim.dim_param() + "'" : "";
}

/// Dimension `index` from the model, or `given` where the model's is
/// dynamic. `what` names it, `option` is the command-line flag.
static Expected<int64_t> resolveDim(const std::string &input,
                                    const onnx::TensorShapeProto &shape,
                                    int index, std::optional<int64_t> given,
                                    const char *what, const char *option) {
  const onnx::TensorShapeProto_Dimension &dim = shape.dim(index);
  if (!dim.has_dim_value()) {
    if (given)
      return *given;
    return inputError(input, Twine("has a dynamic ") + what + " dimension" +
                                 describeDim(dim) + "; give " + option);
  }
  if (dim.dim_value() <= 0)
    return inputError(input, Twine("has a non-positive ") + what +
                                 " dimension " + Twine(dim.dim_value()));
  if (given && *given != dim.dim_value())
    return inputError(input, Twine("has a static ") + what + " of " +
                                 Twine(dim.dim_value()) + ", which " + option +
                                 " (" + Twine(*given) +
                                 ") contradicts; export the model with a "
                                 "dynamic axis to change it");
  return dim.dim_value();
}

Expected<OnnxInput>
mlir::densenet::onnx_import::resolveInput(const onnx::GraphProto &graph,
                                          const OnnxShapeOptions &overrides) {
  auto inputs = imageInputs(graph);
  if (inputs.size() != 1)
    return llvm::createStringError(
        "the graph has " + Twine(inputs.size()) +
        " inputs besides its initializers; expected one image input");
  const onnx::ValueInfoProto &info = *inputs.front();
  auto type = floatTensorType(info, "input");
  if (!type)
    return type.takeError();
  if (!(*type)->has_shape() || (*type)->shape().dim_size() != 4)
    return inputError(info.name(), "must have a known NCHW (rank 4) shape");
  const onnx::TensorShapeProto &shape = (*type)->shape();
  std::optional<int64_t> h, w;
  if (overrides.imageHW)
    std::tie(h, w) = *overrides.imageHW;
  OnnxInput result{info.name(), {}};
  std::array<std::tuple<std::optional<int64_t>, const char *, const char *>, 4>
      dims = {{{overrides.batch, "batch", "--batch N"},
               {std::nullopt, "channel", "a static channel count"},
               {h, "height", "--image-size H[xW]"},
               {w, "width", "--image-size H[xW]"}}};
  for (auto [i, dim] : llvm::enumerate(dims)) {
    auto [given, what, option] = dim;
    Expected<int64_t> size =
        resolveDim(info.name(), shape, int(i), given, what, option);
    if (!size)
      return size.takeError();
    result.shape[i] = *size;
  }
  return result;
}

Error mlir::densenet::onnx_import::checkOutput(
    const onnx::ValueInfoProto &output, llvm::ArrayRef<int64_t> shape) {
  auto type = floatTensorType(output, "output");
  if (!type)
    return type.takeError();
  if (!(*type)->has_shape())
    return Error::success();
  const onnx::TensorShapeProto &declared = (*type)->shape();
  bool matches = declared.dim_size() == int(shape.size());
  for (int i = 0; matches && i < declared.dim_size(); ++i)
    matches = !declared.dim(i).has_dim_value() ||
              declared.dim(i).dim_value() == shape[i];
  if (matches)
    return Error::success();
  std::string computed;
  llvm::raw_string_ostream os(computed);
  llvm::interleave(shape, os, "x");
  return llvm::createStringError("output '" + output.name() +
                                 "' is declared with a shape that differs "
                                 "from the computed " + computed);
}
