//===- TransformLibrary.cpp - an embedded transform library ---------------===//
//
// Parses an embedded transform library and applies its named sequences.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/TransformLibrary.h"

#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;
using namespace mlir::densenet;

FailureOr<TransformLibrary>
TransformLibrary::parse(MLIRContext *context, StringRef text,
                        StringRef fileName, ArrayRef<StringRef> entries,
                        StringRef passName) {
  Location loc = UnknownLoc::get(context);
  OwningOpRef<ModuleOp> parsed =
      parseSourceString<ModuleOp>(text, ParserConfig(context), fileName);
  if (!parsed)
    return emitError(loc) << passName << ": cannot parse the embedded "
                          << "transform library " << fileName;
  for (StringRef entry : entries) {
    auto sequence = parsed->lookupSymbol<transform::NamedSequenceOp>(entry);
    if (!sequence || sequence.isExternal())
      return emitError(loc) << passName << ": the transform library "
                            << fileName << " defines no @" << entry;
  }
  TransformLibrary library;
  library.module = std::make_shared<OwningOpRef<ModuleOp>>(std::move(parsed));
  return library;
}

LogicalResult
TransformLibrary::apply(StringRef entry,
                        RaggedArray<transform::MappedValue> bindings) const {
  auto sequence = (*module)->lookupSymbol<transform::NamedSequenceOp>(entry);
  return transform::applyTransformNamedSequence(
      std::move(bindings),
      cast<transform::TransformOpInterface>(sequence.getOperation()),
      module->get(), transform::TransformOptions().enableExpensiveChecks(false));
}
