//===- WeightSource.cpp - weights from a safetensors file -----------------===//
//
// SafeTensorsWeights: hands out F32 tensors of a safetensors file as
// DenseElementsAttrs after checking name, dtype and shape, and reports the
// tensors the model never asked for. RandomWeights is in RandomWeights.cpp.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/WeightSource.h"

#include "compiler/Import/FiniteWeights.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SwapByteOrder.h"

using namespace mlir;
using namespace mlir::densenet;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

// safetensors data is little-endian; DenseElementsAttr raw buffers are in
// host order.
static_assert(llvm::sys::IsLittleEndianHost,
              "SafeTensorsWeights copies little-endian data as is");

WeightSource::~WeightSource() = default;

Expected<std::unique_ptr<SafeTensorsWeights>>
SafeTensorsWeights::open(StringRef path) {
  Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
  if (!file)
    return file.takeError();
  return std::make_unique<SafeTensorsWeights>(std::move(*file));
}

Expected<DenseElementsAttr>
SafeTensorsWeights::take(StringRef name, llvm::ArrayRef<int64_t> expectedShape,
                         MLIRContext *ctx) {
  std::string prefix = file.getPath().str() + ": tensor '" + name.str() + "'";
  const SafeTensor *tensor = file.lookup(name);
  if (!tensor)
    return createStringError(prefix + " is missing (expected shape " +
                             formatShape(expectedShape) + ")");
  taken.insert(name);
  if (tensor->dtype != "F32")
    return createStringError(
        llvm::formatv("{0} has dtype {1} and shape {2}; expected F32 with "
                      "shape {3}",
                      prefix, tensor->dtype, formatShape(tensor->shape),
                      formatShape(expectedShape))
            .str());
  if (!llvm::equal(tensor->shape, expectedShape))
    return createStringError(prefix + " has shape " +
                             formatShape(tensor->shape) + "; expected " +
                             formatShape(expectedShape));
  std::string nonFinite = describeNonFinite(
      tensor->data.data(), tensor->data.size() / sizeof(float));
  if (!nonFinite.empty())
    return createStringError(prefix + ": " + nonFinite);
  auto type = RankedTensorType::get(expectedShape, Float32Type::get(ctx));
  return DenseElementsAttr::getFromRawBuffer(type, tensor->data);
}

Error SafeTensorsWeights::finish() {
  std::vector<std::string> unused;
  for (const SafeTensor &tensor : file.getTensors())
    if (!taken.contains(tensor.name) &&
        !StringRef(tensor.name).ends_with(".num_batches_tracked"))
      unused.push_back("'" + tensor.name + "' " + formatShape(tensor.shape));
  if (unused.empty())
    return Error::success();
  constexpr size_t kMaxListed = 10;
  size_t count = unused.size();
  if (count > kMaxListed) {
    unused.resize(kMaxListed);
    unused.push_back(llvm::formatv("and {0} more", count - kMaxListed).str());
  }
  return createStringError(
      llvm::formatv("{0}: {1} tensor{2} not used by the model: {3}",
                    file.getPath(), count, count == 1 ? " is" : "s are",
                    llvm::join(unused, ", "))
          .str());
}
