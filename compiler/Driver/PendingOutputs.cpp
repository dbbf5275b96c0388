//===- PendingOutputs.cpp - all-or-nothing output files -------------------===//
//
// Temporaries for files to be replaced live in the destination directory so
// the final rename is atomic; those for special destinations (devices,
// FIFOs, symbolic links) live in the system's temporary directory and are
// copied into the destination at commit time.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/PendingOutputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::densenet;
namespace fs = llvm::sys::fs;

/// Whether `path` exists and is something other than a regular file or a
/// directory, or is a symbolic link: renaming over it would replace the
/// device, pipe or link with a regular file.
static bool isSpecialDestination(llvm::StringRef path) {
  fs::file_status link;
  if (fs::status(path, link, /*follow=*/false))
    return false; // does not exist (or cannot be examined): a new file
  if (link.type() == fs::file_type::symlink_file)
    return true;
  return link.type() != fs::file_type::regular_file &&
         link.type() != fs::file_type::directory_file;
}

static llvm::Error writeError(llvm::StringRef path, std::error_code ec) {
  return llvm::createStringError(ec, "cannot write '" + path.str() +
                                         "': " + ec.message());
}

static llvm::Error directoryError(llvm::StringRef path) {
  return llvm::createStringError("cannot write '" + path.str() +
                                 "': it is a directory");
}

static llvm::Error cannotCreateBeside(llvm::StringRef finalPath,
                                      std::error_code ec) {
  return llvm::createStringError(ec, "cannot create an output file beside '" +
                                         finalPath.str() +
                                         "': " + ec.message());
}

/// Creates a new file `temp` beside `finalPath`, for renaming over it.
static std::error_code createTemporaryBeside(llvm::StringRef finalPath,
                                             llvm::SmallVectorImpl<char> &temp) {
  return fs::createUniqueFile(finalPath + ".tmp-%%%%%%", temp);
}

llvm::Error PendingOutputs::checkDestination(llvm::StringRef finalPath) {
  if (fs::is_directory(finalPath))
    return directoryError(finalPath);
  if (isSpecialDestination(finalPath))
    return llvm::Error::success();
  // Creating the temporary that reserve() would is the one sure test (file
  // permissions do not stop root; /proc and read-only mounts do).
  llvm::SmallString<256> probe;
  if (std::error_code ec = createTemporaryBeside(finalPath, probe))
    return cannotCreateBeside(finalPath, ec);
  fs::remove(probe);
  return llvm::Error::success();
}

PendingOutputs::~PendingOutputs() {
  for (const Pending &file : files)
    fs::remove(file.temp);
}

llvm::Expected<std::string> PendingOutputs::reserve(llvm::StringRef finalPath) {
  bool writeThrough = isSpecialDestination(finalPath);
  llvm::SmallString<256> temp;
  std::error_code ec =
      writeThrough ? fs::createTemporaryFile("densenetc-output", "tmp", temp)
                   : createTemporaryBeside(finalPath, temp);
  if (ec)
    return cannotCreateBeside(finalPath, ec);
  files.push_back({temp.str().str(), finalPath.str(), writeThrough});
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
    return writeError(finalPath, ec);
  return llvm::Error::success();
}

/// Copies the file at `temp` into the existing `final` (a device, a FIFO, or
/// what a symbolic link points to).
static llvm::Error copyInto(llvm::StringRef temp, llvm::StringRef final) {
  auto contents = llvm::MemoryBuffer::getFile(temp, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
  if (!contents)
    return writeError(final, contents.getError());
  std::error_code ec;
  llvm::raw_fd_ostream os(final, ec);
  if (!ec) {
    os << (*contents)->getBuffer();
    os.close();
    ec = os.error();
  }
  if (ec)
    return writeError(final, ec);
  return llvm::Error::success();
}

llvm::Error PendingOutputs::commit() {
  // Check every destination first, so that one that cannot be replaced
  // leaves all the others untouched.
  for (const Pending &file : files)
    if (fs::is_directory(file.final))
      return directoryError(file.final);
  for (const Pending &file : files)
    if (!file.writeThrough)
      if (std::error_code ec = fs::rename(file.temp, file.final))
        return writeError(file.final, ec);
  for (const Pending &file : files)
    if (file.writeThrough) {
      if (llvm::Error err = copyInto(file.temp, file.final))
        return err;
      fs::remove(file.temp);
    }
  files.clear();
  return llvm::Error::success();
}
