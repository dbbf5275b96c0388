//===- json_fuzzer.cpp - libFuzzer target: JSON architecture import -------===//
//
// Any bytes as a JSON architecture file: parseModelConfigJSON, then, for a
// configuration it accepts, buildDenseNet (which validates it against the
// size limits) must return an error or a module that verifies, with no
// crash or sanitizer report. The weights are splat constants, so that a
// large (valid) architecture costs the builder's time only, not megabytes
// of random numbers per input.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"
#include "fuzz_input_file.h"

#include "compiler/Import/BuildDenseNet.h"
#include "compiler/Import/ModelConfig.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Every tensor the builder asks for, as a splat of 0.5 (a valid batch norm
/// variance, too).
class SplatWeights : public WeightSource {
public:
  llvm::Expected<DenseElementsAttr> take(llvm::StringRef,
                                         llvm::ArrayRef<int64_t> shape,
                                         MLIRContext *ctx) override {
    auto type = RankedTensorType::get(shape, Float32Type::get(ctx));
    return DenseElementsAttr::get(type, 0.5f);
  }
  llvm::Error finish() override { return llvm::Error::success(); }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = dn_fuzz_write_input("model.json", data, size);
  llvm::Expected<ModelConfig> config = parseModelConfigJSON(path);
  if (!config) {
    llvm::consumeError(config.takeError());
    return 0;
  }
  auto ctx = fuzz::createContext();
  SplatWeights weights;
  fuzz::checkImported(buildDenseNet(*ctx, *config, weights));
  return 0;
}
