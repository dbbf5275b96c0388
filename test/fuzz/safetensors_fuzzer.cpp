//===- safetensors_fuzzer.cpp - libFuzzer target: safetensors weights ----===//
//
// Any bytes as the --weights file of one small fixed architecture (the
// seeds are its valid weights and variants): SafeTensorsWeights::open, then
// buildDenseNet taking every tensor from it, must return an error or a
// module that verifies, with no crash or sanitizer report.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"
#include "fuzz_input_file.h"

#include "compiler/Import/BuildDenseNet.h"
#include "compiler/Import/ModelConfig.h"

using namespace mlir::densenet;

/// test/densenetc/Inputs/tiny.json: every kind of tensor (stem conv and
/// norm, bottleneck layers, a transition, the classifier) in 2 KiB.
static ModelConfig tinyConfig() {
  ModelConfig cfg;
  cfg.name = "tiny";
  cfg.growthRate = 4;
  cfg.blockConfig = {1, 1};
  cfg.numInitFeatures = 8;
  cfg.bnSize = 2;
  cfg.compression = 0.5;
  cfg.stem = StemKind::cifar;
  cfg.numClasses = 5;
  cfg.batch = 1;
  cfg.height = 8;
  cfg.width = 8;
  return cfg;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const ModelConfig config = tinyConfig();
  const char *path = dn_fuzz_write_input("weights.safetensors", data, size);
  auto weights = SafeTensorsWeights::open(path);
  if (!weights) {
    llvm::consumeError(weights.takeError());
    return 0;
  }
  auto ctx = fuzz::createContext();
  fuzz::checkImported(buildDenseNet(*ctx, config, **weights));
  return 0;
}
