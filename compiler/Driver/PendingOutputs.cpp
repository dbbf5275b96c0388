//===- PendingOutputs.cpp - all-or-nothing output files -------------------===//
//
// Temporaries live in the destination directory so the final rename is
// atomic.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/PendingOutputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::densenet;

PendingOutputs::~PendingOutputs() {
  for (const auto &file : files)
    llvm::sys::fs::remove(file.first);
}

llvm::Expected<std::string> PendingOutputs::reserve(llvm::StringRef finalPath) {
  llvm::SmallString<256> temp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          finalPath + ".tmp-%%%%%%", temp))
    return llvm::createStringError(ec, "cannot create an output file beside '" +
                                           finalPath.str() +
                                           "': " + ec.message());
  files.emplace_back(temp.str().str(), finalPath.str());
  return temp.str().str();
}

llvm::Error PendingOutputs::write(llvm::StringRef finalPath,
                                  llvm::StringRef contents) {
  auto temp = reserve(finalPath);
  if (!temp)
    return temp.takeError();
  std::error_code ec;
  llvm::raw_fd_ostream os(*temp, ec);
  if (!ec) {
    os << contents;
    os.close();
    ec = os.error();
  }
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + finalPath.str() +
                                           "': " + ec.message());
  return llvm::Error::success();
}

llvm::Error PendingOutputs::commit() {
  // Check every destination first, so that one that cannot be replaced
  // leaves all the others untouched.
  for (const auto &file : files)
    if (llvm::sys::fs::is_directory(file.second))
      return llvm::createStringError("cannot write '" + file.second +
                                     "': it is a directory");
  for (const auto &[temp, final] : files)
    if (std::error_code ec = llvm::sys::fs::rename(temp, final))
      return llvm::createStringError(ec, "cannot write '" + final +
                                             "': " + ec.message());
  files.clear();
  return llvm::Error::success();
}
