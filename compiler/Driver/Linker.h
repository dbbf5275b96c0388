//===- Linker.h - package object code as executable or library --*- C++ -*-===//
//
// Links a model object with a target's runtime into an executable through
// the system C compiler driver, or packs it into a static library.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_LINKER_H
#define DENSENET_DRIVER_LINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::densenet {

/// Runs `cc objects... runtimeLibrary systemLibraries... -o output` (the
/// first of cc, clang, gcc on PATH; plus kSanitizerLinkFlag in a sanitizer
/// build), after checking that `runtimeLibrary` exists.
llvm::Error linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                           llvm::StringRef runtimeLibrary,
                           llvm::ArrayRef<llvm::StringRef> systemLibraries,
                           llvm::StringRef outputPath);

/// Writes a static library holding the object files and every member of
/// the static libraries `archives`.
llvm::Error writeStaticLibrary(llvm::ArrayRef<std::string> objectPaths,
                               llvm::ArrayRef<std::string> archives,
                               llvm::StringRef outputPath);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_LINKER_H
