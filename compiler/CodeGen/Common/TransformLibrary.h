//===- TransformLibrary.h - an embedded transform library ------*- C++ -*-===//
//
// A transform-dialect library that a schedule pass embeds as text: parsed
// once per pass manager, shared by the pass's clones, and applied entry by
// entry with the transform interpreter.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_TRANSFORMLIBRARY_H
#define DENSENET_CODEGEN_COMMON_TRANSFORMLIBRARY_H

#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>

namespace mlir::densenet {

class TransformLibrary {
public:
  /// Parses `text` (`fileName` in diagnostics) and checks that it defines
  /// each named sequence of `entries`; errors name `passName`.
  static FailureOr<TransformLibrary> parse(MLIRContext *context,
                                           StringRef text, StringRef fileName,
                                           ArrayRef<StringRef> entries,
                                           StringRef passName);

  /// Applies the named sequence `entry` with `bindings` for its arguments.
  LogicalResult apply(StringRef entry,
                      RaggedArray<transform::MappedValue> bindings) const;

private:
  std::shared_ptr<OwningOpRef<ModuleOp>> module;
};

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_COMMON_TRANSFORMLIBRARY_H
