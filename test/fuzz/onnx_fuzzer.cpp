//===- onnx_fuzzer.cpp - libFuzzer target: ONNX import --------------------===//
//
// Any bytes as a .onnx file: importOnnxModel (protobuf parse, ONNX checker,
// graph import, densenet-raise) must return an error or a module that
// verifies, with no crash or sanitizer report.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"
#include "fuzz_input_file.h"

#include "compiler/Import/Onnx/OnnxImporter.h"

using namespace mlir::densenet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = dn_fuzz_write_input("model.onnx", data, size);
  auto ctx = fuzz::createContext();
  fuzz::checkImported(importOnnxModel(*ctx, path, OnnxShapeOptions{}));
  return 0;
}
