//===- TestUtils.h - helpers for the DenseNetImport unit tests --*- C++ -*-===//
//
// Temporary files, safetensors images built in memory, and error text.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_UNITTESTS_TESTUTILS_H
#define DENSENET_IMPORT_UNITTESTS_TESTUTILS_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

namespace mlir::densenet::test {

/// A temporary file holding `contents`, removed on destruction.
class TempFile {
public:
  TempFile(llvm::StringRef suffix, llvm::StringRef contents) {
    int fd;
    std::error_code ec = llvm::sys::fs::createTemporaryFile(
        "densenet-import-test", suffix, fd, path);
    EXPECT_FALSE(ec) << ec.message();
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
  }
  ~TempFile() { llvm::sys::fs::remove(path); }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  std::string getPath() const { return path.str().str(); }

private:
  llvm::SmallString<128> path;
};

/// The message of an error, or "<no error>".
inline std::string errorText(llvm::Error err) {
  if (!err)
    return "<no error>";
  return llvm::toString(std::move(err));
}

template <typename T> std::string errorText(llvm::Expected<T> value) {
  if (value)
    return "<no error>";
  return llvm::toString(value.takeError());
}

/// One tensor of a safetensors image: raw little-endian bytes.
struct TensorSpec {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

inline std::string f32Bytes(llvm::ArrayRef<float> values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  for (auto [i, v] : llvm::enumerate(values))
    llvm::support::endian::write32le(&bytes[4 * i],
                                     llvm::bit_cast<uint32_t>(v));
  return bytes;
}

/// The 8-byte little-endian length of `header`, `header`, then `data`.
inline std::string safetensorsImage(llvm::StringRef header,
                                    llvm::StringRef data) {
  std::string image(8, '\0');
  llvm::support::endian::write64le(&image[0], header.size());
  return image + header.str() + data.str();
}

/// A well-formed image of `tensors`, laid out in order.
inline std::string safetensorsImage(llvm::ArrayRef<TensorSpec> tensors) {
  llvm::json::Object header{
      {"__metadata__", llvm::json::Object{{"format", "pt"}}}};
  std::string data;
  for (const TensorSpec &t : tensors) {
    int64_t begin = data.size();
    data += t.bytes;
    header[t.name] = llvm::json::Object{
        {"dtype", t.dtype},
        {"shape", llvm::json::Array(t.shape)},
        {"data_offsets", llvm::json::Array{begin, int64_t(data.size())}}};
  }
  std::string text;
  llvm::raw_string_ostream(text) << llvm::json::Value(std::move(header));
  return safetensorsImage(text, data);
}

} // namespace mlir::densenet::test

#endif // DENSENET_IMPORT_UNITTESTS_TESTUTILS_H
