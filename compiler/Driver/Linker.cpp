//===- Linker.cpp - package object code as executable or library ----------===//
//
// The executable and the shared library are linked by `cc` (or `clang`) as a
// subprocess (with the sanitizers' runtimes in a sanitizer build, see
// BuildConfig.h); the static library is written with LLVM's archive writer,
// with the runtime archives' members it must carry copied in.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Linker.h"

#include "compiler/Driver/BuildConfig.h"

#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
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

static llvm::Error checkRuntimeLibraries(llvm::ArrayRef<std::string> paths) {
  for (const std::string &path : paths)
    if (!llvm::sys::fs::exists(path))
      return llvm::createStringError("runtime library '" + path +
                                     "' not found");
  return llvm::Error::success();
}

/// Runs the C compiler driver with `args` (after its own name) and returns
/// its output in the error when it fails.
static llvm::Error runCompilerDriver(llvm::ArrayRef<llvm::StringRef> args) {
  auto driver = findCompilerDriver();
  if (!driver)
    return driver.takeError();
  llvm::SmallString<128> log;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("densenetc-link", "log", log))
    return llvm::createStringError(ec, "cannot create a link log file");
  llvm::SmallVector<llvm::StringRef> argv = {*driver};
  llvm::append_range(argv, args);
  if (!kSanitizerLinkFlag.empty())
    argv.push_back(kSanitizerLinkFlag);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(),
                                                log.str()};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(*driver, argv, std::nullopt,
                                         redirects, 0, 0, &error);
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

llvm::Error
densenet::linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                         llvm::StringRef runtimeLibrary,
                         llvm::ArrayRef<llvm::StringRef> systemLibraries,
                         llvm::StringRef outputPath) {
  if (auto err = checkRuntimeLibraries(runtimeLibrary.str()))
    return err;
  llvm::SmallVector<llvm::StringRef> args(objectPaths.begin(),
                                          objectPaths.end());
  args.push_back(runtimeLibrary);
  llvm::append_range(args, systemLibraries);
  llvm::append_range(args, llvm::ArrayRef<llvm::StringRef>{"-o", outputPath});
  return runCompilerDriver(args);
}

/// A linker version script that exports `symbols` and hides the rest.
static std::string versionScript(llvm::ArrayRef<std::string> symbols) {
  std::string script = "{\n  global:\n";
  for (const std::string &symbol : symbols)
    script += "    " + symbol + ";\n";
  return script + "  local: *;\n};\n";
}

llvm::Error densenet::linkSharedLibrary(
    llvm::ArrayRef<std::string> objectPaths,
    llvm::ArrayRef<std::string> runtimeArchives,
    llvm::ArrayRef<llvm::StringRef> systemLibraries,
    llvm::ArrayRef<std::string> symbols, llvm::StringRef soname,
    llvm::StringRef outputPath) {
  if (auto err = checkRuntimeLibraries(runtimeArchives))
    return err;
  llvm::SmallString<128> scriptPath;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "densenetc-exports", "map", fd, scriptPath))
    return llvm::createStringError(ec, "cannot create a version script");
  llvm::FileRemover removeScript(scriptPath);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << versionScript(symbols);
    if (os.has_error())
      return llvm::createStringError(os.error(),
                                     "cannot write " + scriptPath.str().str());
  }
  std::string scriptFlag = "-Wl,--version-script=" + scriptPath.str().str();
  std::string sonameFlag = "-Wl,-soname," + soname.str();
  // nodelete: the library's worker threads outlive a dlclose; --no-undefined:
  // a symbol the runtime lacks fails here, not when the library is loaded.
  llvm::SmallVector<llvm::StringRef> args = {"-shared", scriptFlag, sonameFlag,
                                             "-Wl,-z,nodelete",
                                             "-Wl,--no-undefined"};
  llvm::append_range(args, objectPaths);
  llvm::append_range(args, runtimeArchives);
  llvm::append_range(args, systemLibraries);
  llvm::append_range(args, llvm::ArrayRef<llvm::StringRef>{"-o", outputPath});
  return runCompilerDriver(args);
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
