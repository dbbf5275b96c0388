//===- PendingOutputs.h - all-or-nothing output files -----------*- C++ -*-===//
//
// Collects a compilation's output files as temporaries and puts them in
// place only when everything succeeded, so a failed compile leaves nothing
// behind. A regular file (or a new path) is replaced by renaming; a device,
// FIFO or symbolic link already at the path is written through instead, so
// `-o /dev/null` or a named pipe keep their file type.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_PENDINGOUTPUTS_H
#define DENSENET_DRIVER_PENDINGOUTPUTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::densenet {

class PendingOutputs {
public:
  PendingOutputs() = default;
  PendingOutputs(const PendingOutputs &) = delete;
  PendingOutputs &operator=(const PendingOutputs &) = delete;
  /// Removes every temporary that was not committed.
  ~PendingOutputs();

  /// Checks, before any work, that a file can be put at `finalPath`: it is
  /// not a directory, and it is a special destination or a temporary can be
  /// created beside it (which is removed again).
  static llvm::Error checkDestination(llvm::StringRef finalPath);

  /// Creates a temporary for `finalPath` and returns its path.
  llvm::Expected<std::string> reserve(llvm::StringRef finalPath);

  /// Writes `contents` to a temporary for `finalPath`.
  llvm::Error write(llvm::StringRef finalPath, llvm::StringRef contents);

  /// Puts every temporary in place, after checking that none of the final
  /// paths is a directory: renames those for new or regular files, then
  /// copies the others into their (special) destinations.
  llvm::Error commit();

private:
  struct Pending {
    std::string temp;
    std::string final;
    /// The destination is a device, FIFO, socket or symbolic link: write
    /// into it instead of replacing it.
    bool writeThrough;
  };
  std::vector<Pending> files;
};

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_PENDINGOUTPUTS_H
