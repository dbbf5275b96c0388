//===- OnnxTensor.cpp - decode ONNX initializers and constants ------------===//
//
// TensorProto storage forms (raw, typed, external) to HostTensor.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/Onnx/OnnxTensor.h"

#include "compiler/Import/FiniteWeights.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Path.h"

using namespace mlir::densenet::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// Far above any real weight tensor; keeps count * 8 from overflowing.
static constexpr uint64_t kMaxElements = uint64_t(1) << 40;

std::string
mlir::densenet::onnx_import::shapeString(llvm::ArrayRef<int64_t> dims) {
  if (dims.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(dims, os, "x");
  return s;
}

static Error tensorError(StringRef name, const llvm::Twine &reason) {
  return llvm::createStringError("tensor '" + name + "': " + reason);
}

/// Decodes `count` little-endian elements of type T from `bytes`.
template <typename T>
static std::vector<T> decodeLittleEndian(StringRef bytes, uint64_t count) {
  std::vector<T> out(count);
  for (uint64_t i = 0; i < count; ++i)
    out[i] = llvm::support::endian::read<T, llvm::endianness::little>(
        bytes.data() + i * sizeof(T));
  return out;
}

/// The element count of `dims`, checked for negative sizes and overflow.
static Expected<uint64_t> elementCount(const onnx::TensorProto &proto,
                                       StringRef name) {
  uint64_t count = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return tensorError(name, "negative dimension " + llvm::Twine(d));
    if (d != 0 && count > kMaxElements / uint64_t(d))
      return tensorError(
          name, "shape " +
                    shapeString(llvm::SmallVector<int64_t>(
                        proto.dims().begin(), proto.dims().end())) +
                    " has more than 2^40 elements");
    count *= uint64_t(d);
  }
  return count;
}

/// A location must stay inside the model's directory.
static bool isContainedPath(StringRef location) {
  if (location.empty() || llvm::sys::path::is_absolute(location))
    return false;
  return llvm::none_of(llvm::make_range(llvm::sys::path::begin(location),
                                        llvm::sys::path::end(location)),
                       [](StringRef part) { return part == ".."; });
}

/// The "location" entry of `proto`'s external data ("" when it has none).
static std::string externalLocation(const onnx::TensorProto &proto) {
  for (const onnx::StringStringEntryProto &entry : proto.external_data())
    if (entry.key() == "location")
      return entry.value();
  return "";
}

Error mlir::densenet::onnx_import::checkTensorDeclaration(
    const onnx::TensorProto &proto) {
  if (Expected<uint64_t> count = elementCount(proto, proto.name()); !count)
    return count.takeError();
  if (proto.data_location() != onnx::TensorProto::EXTERNAL)
    return Error::success();
  std::string location = externalLocation(proto);
  if (isContainedPath(location))
    return Error::success();
  return tensorError(proto.name(), "external data location '" + location +
                                       "' must be a relative path inside the "
                                       "model's directory");
}

static Expected<uint64_t> parseOffset(StringRef text, StringRef key,
                                      StringRef name) {
  uint64_t value;
  if (text.getAsInteger(10, value))
    return tensorError(name, "external data " + key + " '" + text +
                                 "' is not a non-negative integer");
  return value;
}

Expected<const llvm::MemoryBuffer *> TensorReader::openFile(StringRef location,
                                                            StringRef name) {
  auto &slot = files[location];
  if (slot)
    return slot.get();
  llvm::SmallString<256> path(modelDir);
  llvm::sys::path::append(path, location);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return tensorError(name, "cannot read external data file '" + path +
                                 "': " + buffer.getError().message());
  slot = std::move(*buffer);
  return slot.get();
}

Expected<StringRef> TensorReader::externalData(const onnx::TensorProto &proto,
                                               StringRef name, uint64_t bytes) {
  if (Error err = checkTensorDeclaration(proto))
    return std::move(err);
  std::string location = externalLocation(proto);
  std::optional<uint64_t> offset, length;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    StringRef key = entry.key();
    if (key == "offset" || key == "length") {
      Expected<uint64_t> value = parseOffset(entry.value(), key, name);
      if (!value)
        return value.takeError();
      (key == "offset" ? offset : length) = *value;
    }
  }
  Expected<const llvm::MemoryBuffer *> file = openFile(location, name);
  if (!file)
    return file.takeError();
  uint64_t size = (*file)->getBufferSize();
  uint64_t start = offset.value_or(0);
  if (start > size || length.value_or(0) > size - start)
    return tensorError(name, "external data range [" + llvm::Twine(start) +
                                 ", +" + llvm::Twine(length.value_or(0)) +
                                 ") lies outside '" + location + "' (" +
                                 llvm::Twine(size) + " bytes)");
  uint64_t available = length.value_or(size - start);
  if (available != bytes)
    return tensorError(name, "external data holds " + llvm::Twine(available) +
                                 " bytes; its shape needs " +
                                 llvm::Twine(bytes));
  return (*file)->getBuffer().substr(start, bytes);
}

/// `tensor`, unless it holds a NaN or an infinity.
static Expected<HostTensor> finite(HostTensor tensor) {
  std::string nonFinite = mlir::densenet::describeNonFinite(
      reinterpret_cast<const char *>(tensor.floats.data()),
      tensor.floats.size());
  if (!nonFinite.empty())
    return tensorError(tensor.name, nonFinite);
  return std::move(tensor);
}

Expected<HostTensor> TensorReader::read(const onnx::TensorProto &proto,
                                        StringRef name) {
  int type = proto.data_type();
  if (type != onnx::TensorProto::FLOAT && type != onnx::TensorProto::INT64)
    return tensorError(name, "data type " +
                                 onnx::TensorProto::DataType_Name(
                                     onnx::TensorProto::DataType(type)) +
                                 " is not supported (only FLOAT and INT64)");
  if (proto.has_segment())
    return tensorError(name, "segmented tensors are not supported");
  Expected<uint64_t> count = elementCount(proto, name);
  if (!count)
    return count.takeError();

  HostTensor out;
  out.name = name.str();
  out.dims.assign(proto.dims().begin(), proto.dims().end());
  out.isFloat = type == onnx::TensorProto::FLOAT;
  uint64_t elemSize = out.isFloat ? sizeof(float) : sizeof(int64_t);

  std::optional<StringRef> bytes;
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    Expected<StringRef> data = externalData(proto, name, *count * elemSize);
    if (!data)
      return data.takeError();
    bytes = *data;
  } else if (proto.has_raw_data()) {
    bytes = StringRef(proto.raw_data());
  }
  if (bytes) {
    if (bytes->size() != *count * elemSize)
      return tensorError(name, "holds " + llvm::Twine(bytes->size()) +
                                   " bytes of data; shape " +
                                   shapeString(out.dims) + " needs " +
                                   llvm::Twine(*count * elemSize));
    if (out.isFloat)
      out.floats = decodeLittleEndian<float>(*bytes, *count);
    else
      out.ints = decodeLittleEndian<int64_t>(*bytes, *count);
    return finite(std::move(out));
  }
  uint64_t given =
      out.isFloat ? proto.float_data_size() : proto.int64_data_size();
  if (given != *count)
    return tensorError(name, "holds " + llvm::Twine(given) + " values; shape " +
                                 shapeString(out.dims) + " needs " +
                                 llvm::Twine(*count));
  if (out.isFloat)
    out.floats.assign(proto.float_data().begin(), proto.float_data().end());
  else
    out.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
  return finite(std::move(out));
}
