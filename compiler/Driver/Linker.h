//===- Linker.h - package object code as executable or library --*- C++ -*-===//
//
// Links a model object with a target's runtime into an executable or a
// shared library through the system C compiler driver, or packs it into a
// static library.
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

/// Runs `cc -shared objects... runtimeArchives... systemLibraries... -o
/// output`, naming the library `soname` and exporting only `symbols` (a
/// version script hides every other symbol).
llvm::Error linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths,
                              llvm::ArrayRef<std::string> runtimeArchives,
                              llvm::ArrayRef<llvm::StringRef> systemLibraries,
                              llvm::ArrayRef<std::string> symbols,
                              llvm::StringRef soname,
                              llvm::StringRef outputPath);

/// Writes a static library holding the object files and every member of
/// the static libraries `archives`.
llvm::Error writeStaticLibrary(llvm::ArrayRef<std::string> objectPaths,
                               llvm::ArrayRef<std::string> archives,
                               llvm::StringRef outputPath);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_LINKER_H
