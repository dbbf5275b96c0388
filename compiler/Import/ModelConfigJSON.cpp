//===- ModelConfigJSON.cpp - DenseNet description from a JSON file -------===//
//
// Parses a model description:
//
//   {"name": "my-densenet",            (optional, default: the file's stem)
//    "growth_rate": 32, "block_config": [6, 12, 24, 16],
//    "num_init_features": 64,
//    "bn_size": 4,                     (0 = plain layers, no bottleneck)
//    "compression": 0.5,               (in (0, 1])
//    "stem": "imagenet" | "cifar", "num_classes": 1000,
//    "input_shape": [1, 3, 224, 224]}  (N, C, H, W)
//
// Every error names the file, the key, what was expected and what was found.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ModelConfig.h"
#include "compiler/Import/JSONIntegers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir::densenet;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
namespace json = llvm::json;

static constexpr StringRef kKeys[] = {
    "name",       "growth_rate", "block_config", "num_init_features",
    "bn_size",    "compression", "stem",         "num_classes",
    "input_shape"};

/// A JSON value as it appears in the file, shortened if long.
static std::string render(const json::Value &value) {
  std::string text = llvm::formatv("{0}", value).str();
  constexpr size_t kMaxLength = 60;
  if (text.size() > kMaxLength)
    text = text.substr(0, kMaxLength) + "...";
  return text;
}

namespace {

/// Reads typed fields of the top-level object of one file.
class ConfigReader {
public:
  ConfigReader(StringRef path, const json::Object &root)
      : path(path), root(root) {}

  Error checkKeys() const;
  Error readName(std::string &out) const;
  Error readInt(StringRef key, int64_t min, int64_t &out) const;
  Error readIntList(StringRef key, std::optional<size_t> length,
                    std::vector<int64_t> &out) const;
  Error readCompression(double &out) const;
  Error readStem(StemKind &out) const;

private:
  Error error(const llvm::Twine &msg) const {
    return createStringError(path + ": " + msg);
  }
  Error mismatch(const llvm::Twine &key, StringRef expected,
                 const json::Value &actual) const {
    return error("\"" + key + "\" must be " + expected + ", got " +
                 render(actual));
  }
  Expected<const json::Value &> get(StringRef key, StringRef expected) const;

  StringRef path;
  const json::Object &root;
};

} // namespace

static StringRef describeInt(int64_t min) {
  return min > 0 ? "a positive integer" : "a non-negative integer";
}

Error ConfigReader::checkKeys() const {
  std::vector<std::string> unknown;
  for (const auto &entry : root)
    if (!llvm::is_contained(kKeys, StringRef(entry.first)))
      unknown.push_back("\"" + entry.first.str() + "\"");
  if (unknown.empty())
    return Error::success();
  llvm::sort(unknown);
  return error(llvm::formatv(
      "unknown key{0} {1}; the keys are {2}", unknown.size() > 1 ? "s" : "",
      llvm::join(unknown, ", "), llvm::join(llvm::ArrayRef(kKeys), ", ")));
}

Expected<const json::Value &> ConfigReader::get(StringRef key,
                                                StringRef expected) const {
  if (const json::Value *value = root.get(key))
    return *value;
  return error("missing key \"" + key + "\" (" + expected + ")");
}

Error ConfigReader::readName(std::string &out) const {
  const json::Value *value = root.get("name");
  if (!value) {
    out = llvm::sys::path::stem(path).str();
    return Error::success();
  }
  std::optional<StringRef> name = value->getAsString();
  if (!name || name->empty())
    return mismatch("name", "a non-empty string", *value);
  out = name->str();
  return Error::success();
}

Error ConfigReader::readInt(StringRef key, int64_t min, int64_t &out) const {
  Expected<const json::Value &> value = get(key, describeInt(min));
  if (!value)
    return value.takeError();
  std::optional<int64_t> number = exactInteger(*value);
  if (!number || *number < min)
    return mismatch(key, describeInt(min), *value);
  out = *number;
  return Error::success();
}

Error ConfigReader::readIntList(StringRef key, std::optional<size_t> length,
                                std::vector<int64_t> &out) const {
  std::string expected =
      length ? llvm::formatv("an array of {0} positive integers", *length).str()
             : "a non-empty array of positive integers";
  Expected<const json::Value &> value = get(key, expected);
  if (!value)
    return value.takeError();
  const json::Array *array = value->getAsArray();
  if (!array || array->empty() || (length && array->size() != *length))
    return mismatch(key, expected, *value);
  out.clear();
  for (auto [i, element] : llvm::enumerate(*array)) {
    std::optional<int64_t> number = exactInteger(element);
    if (!number || *number < 1)
      return mismatch(llvm::formatv("{0}[{1}]", key, i).str(),
                      "a positive integer", element);
    out.push_back(*number);
  }
  return Error::success();
}

Error ConfigReader::readCompression(double &out) const {
  StringRef expected = "a number in (0, 1]";
  Expected<const json::Value &> value = get("compression", expected);
  if (!value)
    return value.takeError();
  std::optional<double> number = value->getAsNumber();
  if (!number || !(*number > 0 && *number <= 1))
    return mismatch("compression", expected, *value);
  out = *number;
  return Error::success();
}

Error ConfigReader::readStem(StemKind &out) const {
  StringRef expected = "\"imagenet\" or \"cifar\"";
  Expected<const json::Value &> value = get("stem", expected);
  if (!value)
    return value.takeError();
  std::optional<StringRef> text = value->getAsString();
  std::optional<StemKind> kind = text ? symbolizeStemKind(*text) : std::nullopt;
  if (!kind)
    return mismatch("stem", expected, *value);
  out = *kind;
  return Error::success();
}

/// Fills `cfg` from the fields, stopping at the first error.
static Error readConfig(const ConfigReader &reader, ModelConfig &cfg) {
  std::vector<int64_t> input;
  if (Error err = reader.checkKeys())
    return err;
  if (Error err = reader.readName(cfg.name))
    return err;
  if (Error err = reader.readInt("growth_rate", 1, cfg.growthRate))
    return err;
  if (Error err =
          reader.readIntList("block_config", std::nullopt, cfg.blockConfig))
    return err;
  if (Error err = reader.readInt("num_init_features", 1, cfg.numInitFeatures))
    return err;
  if (Error err = reader.readInt("bn_size", 0, cfg.bnSize))
    return err;
  if (Error err = reader.readCompression(cfg.compression))
    return err;
  if (Error err = reader.readStem(cfg.stem))
    return err;
  if (Error err = reader.readInt("num_classes", 1, cfg.numClasses))
    return err;
  if (Error err = reader.readIntList("input_shape", 4, input))
    return err;
  cfg.batch = input[0];
  cfg.channels = input[1];
  cfg.height = input[2];
  cfg.width = input[3];
  return Error::success();
}

Expected<ModelConfig> mlir::densenet::parseModelConfigJSON(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return createStringError(path +
                             ": cannot read: " + file.getError().message());
  Expected<json::Value> root = json::parse((*file)->getBuffer());
  if (!root)
    return createStringError(
        path + ": invalid JSON: " + llvm::toString(root.takeError()));
  const json::Object *object = root->getAsObject();
  if (!object)
    return createStringError(path + ": the top level must be an object, got " +
                             render(*root));
  ModelConfig cfg;
  if (Error err = readConfig(ConfigReader(path, *object), cfg))
    return std::move(err);
  return cfg;
}
