//===- Linker.cpp - package object code as executable or library ----------===//
//
// The executable is linked by `cc` (or `clang`) as a subprocess (with the
// sanitizers' runtimes in a sanitizer build, see BuildConfig.h); the library
// is written with LLVM's archive writer, with the runtime archives' members
// it must carry copied in.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Linker.h"

#include "compiler/Driver/BuildConfig.h"

#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace mlir::densenet;

static llvm::Expected<std::string> findCompilerDriver() {
  for (llvm::StringRef name : {"cc", "clang", "gcc"})
    if (auto path = llvm::sys::findProgramByName(name))
      return *path;
  return llvm::createStringError(
      "no C compiler driver (cc, clang or gcc) on PATH to link with");
}

llvm::Error
densenet::linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                         llvm::StringRef runtimeLibrary,
                         llvm::ArrayRef<llvm::StringRef> systemLibraries,
                         llvm::StringRef outputPath) {
  if (!llvm::sys::fs::exists(runtimeLibrary))
    return llvm::createStringError("runtime library '" + runtimeLibrary.str() +
                                   "' not found");
  auto driver = findCompilerDriver();
  if (!driver)
    return driver.takeError();
  llvm::SmallString<128> log;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("densenetc-link", "log", log))
    return llvm::createStringError(ec, "cannot create a link log file");
  llvm::SmallVector<llvm::StringRef> args = {*driver};
  llvm::append_range(args, objectPaths);
  args.push_back(runtimeLibrary);
  llvm::append_range(args, systemLibraries);
  if (!kSanitizerLinkFlag.empty())
    args.push_back(kSanitizerLinkFlag);
  llvm::append_range(args, llvm::ArrayRef<llvm::StringRef>{"-o", outputPath});
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(),
                                                log.str()};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(*driver, args, std::nullopt, redirects,
                                         0, 0, &error);
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().str();
  llvm::sys::fs::remove(log);
  if (status != 0)
    return llvm::createStringError("linking with " + *driver + " failed" +
                                   (error.empty() ? "" : ": " + error) +
                                   (output.empty() ? "" : "\n" + output));
  return llvm::Error::success();
}

/// Appends the members of the static library read into `buffer` to
/// `members` (which refer to the buffer's bytes).
static llvm::Error
appendArchiveMembers(const llvm::MemoryBuffer &buffer,
                     std::vector<llvm::NewArchiveMember> &members) {
  auto archive = llvm::object::Archive::create(buffer.getMemBufferRef());
  if (!archive)
    return archive.takeError();
  llvm::Error err = llvm::Error::success();
  for (const llvm::object::Archive::Child &child : (*archive)->children(err)) {
    auto member = llvm::NewArchiveMember::getOldMember(child, true);
    if (!member)
      return member.takeError();
    members.push_back(std::move(*member));
  }
  return err;
}

llvm::Error
densenet::writeStaticLibrary(llvm::ArrayRef<std::string> objectPaths,
                             llvm::ArrayRef<std::string> archives,
                             llvm::StringRef outputPath) {
  // The model's members are named by position, not by their temporary
  // files' random names, so that the same model gives the same archive.
  std::vector<std::string> names;
  for (size_t i = 0; i < objectPaths.size(); ++i)
    names.push_back("model" + std::to_string(i) + ".o");
  std::vector<llvm::NewArchiveMember> members;
  for (size_t i = 0; i < objectPaths.size(); ++i) {
    auto member = llvm::NewArchiveMember::getFile(objectPaths[i], true);
    if (!member)
      return member.takeError();
    member->MemberName = names[i];
    members.push_back(std::move(*member));
  }
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  for (const std::string &path : archives) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return llvm::createStringError(
          "runtime library '" + path +
          "' cannot be read: " + buffer.getError().message());
    buffers.push_back(std::move(*buffer));
    if (auto err = appendArchiveMembers(*buffers.back(), members))
      return llvm::createStringError(
          "runtime library '" + path +
          "' is not a static library: " + llvm::toString(std::move(err)));
  }
  return llvm::writeArchive(outputPath, members,
                            llvm::SymtabWritingMode::NormalSymtab,
                            llvm::object::Archive::K_GNU,
                            /*Deterministic=*/true, /*Thin=*/false);
}
