//===- SafeTensors.cpp - safetensors file reader --------------------------===//
//
// Maps a .safetensors file and validates its header: the length prefix, the
// JSON, and each tensor's dtype, shape and data_offsets against the data
// section, which the tensors must cover without overlaps or gaps. Errors
// name the file and, where there is one, the tensor.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/SafeTensors.h"
#include "compiler/Import/JSONIntegers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir::densenet;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;
namespace json = llvm::json;

std::string mlir::densenet::formatShape(llvm::ArrayRef<int64_t> shape) {
  return "[" +
         llvm::join(llvm::map_range(
                        shape, [](int64_t d) { return std::to_string(d); }),
                    ", ") +
         "]";
}

/// Bytes per element of a safetensors dtype, or nullopt if unknown.
static std::optional<int64_t> dtypeSize(StringRef dtype) {
  return llvm::StringSwitch<std::optional<int64_t>>(dtype)
      .Cases({"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0"}, 1)
      .Cases({"I16", "U16", "F16", "BF16"}, 2)
      .Cases({"I32", "U32", "F32"}, 4)
      .Cases({"I64", "U64", "F64"}, 8)
      .Default(std::nullopt);
}

static std::string render(const json::Value &value) {
  return llvm::formatv("{0}", value).str();
}

namespace {

/// Parses one header entry against the data section.
class TensorParser {
public:
  TensorParser(StringRef path, StringRef name, StringRef data)
      : path(path), name(name), data(data) {}

  Expected<SafeTensor> parse(const json::Value &entry) const;

private:
  Error error(const Twine &msg) const {
    return createStringError(path + ": tensor '" + name + "': " + msg);
  }
  Error mismatch(StringRef key, StringRef expected,
                 const json::Value &actual) const;
  Expected<const json::Value &> get(const json::Object &entry,
                                    StringRef key) const;
  Expected<std::vector<int64_t>> parseIntArray(const json::Object &entry,
                                               StringRef key,
                                               StringRef expected) const;
  Error checkDataSize(const SafeTensor &tensor, int64_t elementSize) const;

  StringRef path, name, data;
};

} // namespace

Expected<const json::Value &> TensorParser::get(const json::Object &entry,
                                                StringRef key) const {
  if (const json::Value *value = entry.get(key))
    return *value;
  return error("missing \"" + key + "\"");
}

Error TensorParser::mismatch(StringRef key, StringRef expected,
                             const json::Value &actual) const {
  return error("\"" + key + "\" must be " + expected + ", got " +
               render(actual));
}

/// An array of non-negative integers.
Expected<std::vector<int64_t>>
TensorParser::parseIntArray(const json::Object &entry, StringRef key,
                            StringRef expected) const {
  Expected<const json::Value &> value = get(entry, key);
  if (!value)
    return value.takeError();
  const json::Array *array = value->getAsArray();
  if (!array)
    return mismatch(key, expected, *value);
  std::vector<int64_t> result;
  for (const json::Value &element : *array) {
    std::optional<int64_t> number = exactInteger(element);
    if (!number || *number < 0)
      return mismatch(key, expected, *value);
    result.push_back(*number);
  }
  return result;
}

/// The data_offsets span must hold exactly product(shape) elements.
Error TensorParser::checkDataSize(const SafeTensor &tensor,
                                  int64_t elementSize) const {
  std::optional<int64_t> bytes = elementSize;
  for (int64_t dim : tensor.shape)
    bytes = bytes ? llvm::checkedMul(*bytes, dim) : std::nullopt;
  if (!bytes)
    return error("shape " + formatShape(tensor.shape) + " is too large");
  if (*bytes == static_cast<int64_t>(tensor.data.size()))
    return Error::success();
  return error(llvm::formatv("data_offsets span {0} bytes, but shape {1} of "
                             "{2} needs {3}",
                             tensor.data.size(), formatShape(tensor.shape),
                             tensor.dtype, *bytes));
}

Expected<SafeTensor> TensorParser::parse(const json::Value &value) const {
  const json::Object *entry = value.getAsObject();
  if (!entry)
    return error("entry must be an object, got " + render(value));
  Expected<const json::Value &> dtypeValue = get(*entry, "dtype");
  if (!dtypeValue)
    return dtypeValue.takeError();
  std::optional<StringRef> dtype = dtypeValue->getAsString();
  std::optional<int64_t> elementSize = dtype ? dtypeSize(*dtype) : std::nullopt;
  if (!elementSize)
    return error("unsupported dtype " + render(*dtypeValue));
  Expected<std::vector<int64_t>> shape =
      parseIntArray(*entry, "shape", "an array of non-negative integers");
  if (!shape)
    return shape.takeError();
  StringRef offsetsExpected = "[begin, end] with 0 <= begin <= end";
  Expected<std::vector<int64_t>> offsets =
      parseIntArray(*entry, "data_offsets", offsetsExpected);
  if (!offsets)
    return offsets.takeError();
  if (offsets->size() != 2 || (*offsets)[0] > (*offsets)[1])
    return mismatch("data_offsets", offsetsExpected,
                    *entry->get("data_offsets"));
  auto [begin, end] = std::make_pair((*offsets)[0], (*offsets)[1]);
  if (static_cast<uint64_t>(end) > data.size())
    return error(llvm::formatv("data_offsets [{0}, {1}] exceed the data "
                               "section of {2} bytes",
                               begin, end, data.size()));
  SafeTensor tensor{name.str(), dtype->str(), std::move(*shape),
                    llvm::ArrayRef<char>(data.data() + begin, end - begin)};
  if (Error err = checkDataSize(tensor, *elementSize))
    return std::move(err);
  return tensor;
}

/// `__metadata__` is an optional string-to-string map; nothing reads it.
static Error checkMetadata(StringRef path, const json::Value &metadata) {
  const json::Object *object = metadata.getAsObject();
  if (object && llvm::all_of(*object, [](const auto &entry) {
        return entry.second.getAsString().has_value();
      }))
    return Error::success();
  return createStringError(path +
                           ": \"__metadata__\" must map strings to strings, "
                           "got " +
                           render(metadata));
}

/// Splits the file into the JSON header and the data section.
static Expected<std::pair<StringRef, StringRef>> splitFile(StringRef path,
                                                           StringRef bytes) {
  constexpr size_t kPrefix = 8;
  if (bytes.size() < kPrefix)
    return createStringError(
        llvm::formatv("{0}: file is {1} bytes, too short for the 8-byte "
                      "header length of a safetensors file",
                      path, bytes.size())
            .str());
  uint64_t headerSize = llvm::support::endian::read64le(bytes.data());
  if (headerSize > bytes.size() - kPrefix)
    return createStringError(
        llvm::formatv("{0}: header length {1} exceeds the {2} bytes after the "
                      "length prefix (truncated or not a safetensors file?)",
                      path, headerSize, bytes.size() - kPrefix)
            .str());
  return std::make_pair(bytes.substr(kPrefix, headerSize),
                        bytes.drop_front(kPrefix + headerSize));
}

/// Parses every header entry; tensors come back sorted by name.
static Expected<std::vector<SafeTensor>>
parseHeader(StringRef path, StringRef header, StringRef data) {
  Expected<json::Value> root = json::parse(header);
  if (!root)
    return createStringError(path + ": header is not valid JSON: " +
                             llvm::toString(root.takeError()));
  const json::Object *object = root->getAsObject();
  if (!object)
    return createStringError(path + ": header must be a JSON object, got " +
                             render(*root));
  std::vector<SafeTensor> tensors;
  for (const auto &[key, value] : *object) {
    if (key == "__metadata__") {
      if (Error err = checkMetadata(path, value))
        return std::move(err);
      continue;
    }
    Expected<SafeTensor> tensor = TensorParser(path, key, data).parse(value);
    if (!tensor)
      return tensor.takeError();
    tensors.push_back(std::move(*tensor));
  }
  llvm::sort(tensors, [](const SafeTensor &a, const SafeTensor &b) {
    return a.name < b.name;
  });
  return tensors;
}

/// The error for data section bytes [begin, end) that no tensor holds,
/// `where` telling which.
static Error holeError(StringRef path, size_t begin, size_t end,
                       const Twine &where) {
  return createStringError(
      path + ": data section bytes [" + Twine(begin) + ", " + Twine(end) +
      ") " + where +
      " belong to no tensor (the tensors of a safetensors file cover its "
      "data section without gaps)");
}

/// The tensors cover the data section `data` exactly, as the format
/// requires: no two share a byte, and no byte is left between them or after
/// the last (tensors of no bytes aside).
static Error checkDataLayout(StringRef path, StringRef data,
                             llvm::ArrayRef<SafeTensor> tensors) {
  std::vector<const SafeTensor *> byOffset;
  for (const SafeTensor &tensor : tensors)
    if (!tensor.data.empty())
      byOffset.push_back(&tensor);
  llvm::sort(byOffset, [](const SafeTensor *a, const SafeTensor *b) {
    return a->data.begin() < b->data.begin();
  });
  const SafeTensor *prev = nullptr;
  for (const SafeTensor *next : byOffset) {
    const char *covered = prev ? prev->data.end() : data.begin();
    if (prev && next->data.begin() < covered)
      return createStringError(
          path + ": tensor '" + next->name + "' overlaps tensor '" +
          prev->name + "' in the data section (their data_offsets share " +
          Twine(std::min(prev->data.end(), next->data.end()) -
                next->data.begin()) +
          " bytes)");
    if (next->data.begin() > covered)
      return holeError(path, covered - data.begin(),
                       next->data.begin() - data.begin(),
                       "before tensor '" + next->name + "'");
    prev = next;
  }
  size_t end = prev ? prev->data.end() - data.begin() : 0;
  if (end < data.size())
    return holeError(path, end, data.size(),
                     prev ? "after the last tensor, '" + prev->name + "',"
                          : std::string("of a file without tensors"));
  return Error::success();
}

Expected<SafeTensorsFile> SafeTensorsFile::open(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(path +
                             ": cannot read: " + buffer.getError().message());
  Expected<std::pair<StringRef, StringRef>> parts =
      splitFile(path, (*buffer)->getBuffer());
  if (!parts)
    return parts.takeError();
  Expected<std::vector<SafeTensor>> tensors =
      parseHeader(path, parts->first, parts->second);
  if (!tensors)
    return tensors.takeError();
  if (Error err = checkDataLayout(path, parts->second, *tensors))
    return std::move(err);
  return SafeTensorsFile(path.str(), std::move(*buffer), std::move(*tensors));
}

const SafeTensor *SafeTensorsFile::lookup(StringRef name) const {
  auto it = llvm::partition_point(
      tensors, [&](const SafeTensor &t) { return StringRef(t.name) < name; });
  return it != tensors.end() && it->name == name ? &*it : nullptr;
}
