//===- PendingOutputs.h - all-or-nothing output files -----------*- C++ -*-===//
//
// Collects a compilation's output files as temporaries beside their final
// paths and renames them into place only when everything succeeded, so a
// failed compile leaves nothing behind.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_PENDINGOUTPUTS_H
#define DENSENET_DRIVER_PENDINGOUTPUTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir::densenet {

class PendingOutputs {
public:
  PendingOutputs() = default;
  PendingOutputs(const PendingOutputs &) = delete;
  PendingOutputs &operator=(const PendingOutputs &) = delete;
  /// Removes every temporary that was not committed.
  ~PendingOutputs();

  /// Creates a temporary for `finalPath` and returns its path.
  llvm::Expected<std::string> reserve(llvm::StringRef finalPath);

  /// Writes `contents` to a temporary for `finalPath`.
  llvm::Error write(llvm::StringRef finalPath, llvm::StringRef contents);

  /// Renames every temporary to its final path, after checking that none of
  /// the final paths is a directory.
  llvm::Error commit();

private:
  std::vector<std::pair<std::string, std::string>> files; // temp, final
};

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_PENDINGOUTPUTS_H
