//===- OnnxSignature.cpp - the model's image input and logits output ------===//
//
// Input selection, dynamic-dimension resolution and output checking.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxSignature.h"

#include "compiler/Import/Onnx/OnnxValues.h"

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

/// How the command line sets a dimension: the option, and how to use it.
struct DimOption {
  std::optional<int64_t> value;
  const char *what, *flag, *usage;
};

/// Dimension `index` from the model, or the option's value where the
/// model's is dynamic.
static Expected<int64_t> resolveDim(const std::string &input,
                                    const onnx::TensorShapeProto &shape,
                                    int index, const DimOption &option) {
  const onnx::TensorShapeProto_Dimension &dim = shape.dim(index);
  if (!dim.has_dim_value()) {
    if (!option.value)
      return inputError(input, Twine("has a dynamic ") + option.what +
                                   " dimension" + describeDim(dim) + "; give " +
                                   option.usage);
    if (*option.value > kMaxDim)
      return llvm::createStringError(Twine(option.flag) + " " +
                                     Twine(*option.value) + " is too large");
    return *option.value;
  }
  if (dim.dim_value() <= 0 || dim.dim_value() > kMaxDim)
    return inputError(input, Twine("has an invalid ") + option.what + " of " +
                                 Twine(dim.dim_value()));
  if (option.value && *option.value != dim.dim_value())
    return inputError(input, Twine("has a static ") + option.what + " of " +
                                 Twine(dim.dim_value()) + ", but " +
                                 option.flag + " asks for " +
                                 Twine(*option.value) +
                                 " (only dynamic dimensions can be set)");
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
  std::array<DimOption, 4> options = {{
      {overrides.batch, "batch", "--batch", "--batch N"},
      {std::nullopt, "channel", "", "a model with a static channel count"},
      {h, "height", "--image-size", "--image-size H[xW]"},
      {w, "width", "--image-size", "--image-size H[xW]"},
  }};
  OnnxInput result{info.name(), {}, 1};
  for (int i = 0; i < 4; ++i) {
    Expected<int64_t> size = resolveDim(info.name(), shape, i, options[i]);
    if (!size)
      return size.takeError();
    result.shape[i] = *size;
  }
  result.modelBatch = result.shape[0];
  if (overrides.oneImage)
    result.shape[0] = 1;
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
  return llvm::createStringError("output '" + output.name() +
                                 "' is declared with a shape that differs "
                                 "from the computed " +
                                 shapeString(shape));
}
