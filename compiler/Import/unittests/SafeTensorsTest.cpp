//===- SafeTensorsTest.cpp - safetensors reader and its corruption errors -===//

#include "compiler/Import/SafeTensors.h"
#include "TestUtils.h"

#include "llvm/Support/FormatVariadic.h"

#include <cstring>

using namespace mlir::densenet;
using namespace mlir::densenet::test;

namespace {

/// The error of opening a file holding `image`, less the file's path.
std::string openError(llvm::StringRef image) {
  TempFile file("safetensors", image);
  std::string error = errorText(SafeTensorsFile::open(file.getPath()));
  llvm::StringRef message(error);
  EXPECT_TRUE(message.consume_front(file.getPath() + ": ")) << error;
  return message.str();
}

/// The error for a one-tensor header `entry` over `dataSize` bytes.
std::string entryError(llvm::StringRef entry, size_t dataSize) {
  std::string header = std::string(R"({"t": )") + entry.str() + "}";
  return openError(safetensorsImage(header, std::string(dataSize, '\0')));
}

TEST(SafeTensors, ReadsTensors) {
  std::vector<TensorSpec> specs = {
      {"b.weight", "F32", {2, 2}, f32Bytes({1, 2, 3, 4})},
      {"a.bias", "F16", {3}, std::string(6, '\x01')},
      {"scalar", "I64", {}, std::string(8, '\x02')}};
  TempFile file("safetensors", safetensorsImage(specs));
  SafeTensorsFile st = cantFail(SafeTensorsFile::open(file.getPath()));
  EXPECT_EQ(st.getPath(), file.getPath());
  ASSERT_EQ(st.getTensors().size(), 3u);
  EXPECT_EQ(st.getTensors()[0].name, "a.bias"); // sorted by name
  EXPECT_EQ(st.getTensors()[1].name, "b.weight");
  const SafeTensor *w = st.lookup("b.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dtype, "F32");
  EXPECT_EQ(w->shape, (std::vector<int64_t>{2, 2}));
  ASSERT_EQ(w->data.size(), 16u);
  float third;
  std::memcpy(&third, w->data.data() + 8, 4);
  EXPECT_EQ(third, 3.0f);
  EXPECT_EQ(st.lookup("scalar")->shape.size(), 0u);
  EXPECT_EQ(st.lookup("missing"), nullptr);
}

TEST(SafeTensors, UnalignedDataAndOffsets) {
  // Tensor t starts 2 bytes into the data section, after a 2-byte tensor;
  // nothing is aligned.
  std::string header = R"({"u":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)";
  header += R"("t":{"dtype":"BF16","shape":[3,1],"data_offsets":[2,8]}})";
  TempFile file("safetensors", safetensorsImage(header, "\x01\x02"
                                                        "abcdef"));
  SafeTensorsFile st = cantFail(SafeTensorsFile::open(file.getPath()));
  EXPECT_EQ(llvm::StringRef(st.lookup("t")->data.data(), 6), "abcdef");
}

TEST(SafeTensors, DataSectionWithoutGaps) {
  // Bytes no tensor holds, before, between or after the tensors (the format
  // forbids them: they could hide a second file's data).
  auto entry = [](const char *name, int begin, int end) {
    return llvm::formatv(R"("{0}":{{"dtype":"U8","shape":[{1}],)"
                         R"("data_offsets":[{2},{3}]})",
                         name, end - begin, begin, end)
        .str();
  };
  EXPECT_EQ(openError(safetensorsImage("{" + entry("a", 2, 4) + "}", "xxab")),
            "data section bytes [0, 2) before tensor 'a' belong to no tensor "
            "(the tensors of a safetensors file cover its data section "
            "without gaps)");
  EXPECT_EQ(openError(safetensorsImage(
                "{" + entry("a", 0, 2) + "," + entry("b", 3, 4) + "}", "aaxb")),
            "data section bytes [2, 3) before tensor 'b' belong to no tensor "
            "(the tensors of a safetensors file cover its data section "
            "without gaps)");
  EXPECT_EQ(openError(safetensorsImage("{" + entry("a", 0, 2) + "}", "aaxx")),
            "data section bytes [2, 4) after the last tensor, 'a', belong to "
            "no tensor (the tensors of a safetensors file cover its data "
            "section without gaps)");
  EXPECT_EQ(openError(safetensorsImage("{}", "x")),
            "data section bytes [0, 1) of a file without tensors belong to no "
            "tensor (the tensors of a safetensors file cover its data section "
            "without gaps)");
  // Tensors of no bytes hold no place and leave none.
  TempFile file("safetensors",
                safetensorsImage("{" + entry("e", 1, 1) + "," +
                                     entry("a", 0, 2) + "}",
                                 "aa"));
  EXPECT_EQ(cantFail(SafeTensorsFile::open(file.getPath())).getTensors().size(),
            2u);
}

TEST(SafeTensors, EmptyHeaderObject) {
  TempFile file("safetensors", safetensorsImage("{}", ""));
  EXPECT_TRUE(
      cantFail(SafeTensorsFile::open(file.getPath())).getTensors().empty());
}

TEST(SafeTensors, FileErrors) {
  EXPECT_EQ(openError("abc"), "file is 3 bytes, too short for the 8-byte "
                              "header length of a safetensors file");
  std::string image = safetensorsImage("{}", "");
  image[0] = 100;
  EXPECT_EQ(openError(image),
            "header length 100 exceeds the 2 bytes after the length prefix "
            "(truncated or not a safetensors file?)");
  EXPECT_EQ(openError(safetensorsImage("{\"a\": ", "")),
            "header is not valid JSON: [1:6, byte=6]: Unexpected EOF");
  EXPECT_EQ(openError(safetensorsImage("[1]", "")),
            "header must be a JSON object, got [1]");
  EXPECT_EQ(openError(safetensorsImage(R"({"__metadata__": {"a": 1}})", "")),
            R"("__metadata__" must map strings to strings, got {"a":1})");
  EXPECT_EQ(errorText(SafeTensorsFile::open("/nonexistent/w.safetensors")),
            "/nonexistent/w.safetensors: cannot read: No such file or "
            "directory");
}

TEST(SafeTensors, EntryErrors) {
  struct Case {
    const char *entry;
    size_t dataSize;
    const char *message;
  } cases[] = {
      {"3", 0, "entry must be an object, got 3"},
      {R"({"shape": [1], "data_offsets": [0, 4]})", 4, R"(missing "dtype")"},
      {R"({"dtype": "F32", "data_offsets": [0, 4]})", 4, R"(missing "shape")"},
      {R"({"dtype": "F32", "shape": [1]})", 4, R"(missing "data_offsets")"},
      {R"({"dtype": "Q7", "shape": [1], "data_offsets": [0, 4]})", 4,
       R"(unsupported dtype "Q7")"},
      {R"({"dtype": "F32", "shape": [1, -2], "data_offsets": [0, 4]})", 4,
       R"("shape" must be an array of non-negative integers, got [1,-2])"},
      {R"({"dtype": "F32", "shape": 4, "data_offsets": [0, 4]})", 4,
       R"("shape" must be an array of non-negative integers, got 4)"},
      {R"({"dtype": "F32", "shape": [1], "data_offsets": [4, 0]})", 4,
       R"("data_offsets" must be [begin, end] with 0 <= begin <= end, got )"
       R"([4,0])"},
      {R"({"dtype": "F32", "shape": [1], "data_offsets": [0]})", 4,
       R"("data_offsets" must be [begin, end] with 0 <= begin <= end, got )"
       R"([0])"},
      {R"({"dtype": "F32", "shape": [2], "data_offsets": [0, 8]})", 4,
       "data_offsets [0, 8] exceed the data section of 4 bytes"},
      {R"({"dtype": "F32", "shape": [3], "data_offsets": [0, 8]})", 8,
       "data_offsets span 8 bytes, but shape [3] of F32 needs 12"},
      {R"({"dtype": "F64", "shape": [4611686018427387904, 4],)"
       R"( "data_offsets": [0, 8]})",
       8, "shape [4611686018427387904, 4] is too large"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(entryError(c.entry, c.dataSize),
              std::string("tensor 't': ") + c.message);
}

TEST(SafeTensors, FormatShape) {
  EXPECT_EQ(formatShape({64, 3, 7, 7}), "[64, 3, 7, 7]");
  EXPECT_EQ(formatShape({}), "[]");
}

} // namespace
