//===- MemoryReport.cpp - the --memory-report JSON and SVG ----------------===//
//
// Reads the `densenet.*` attributes that densenet-plan-buffers leaves on the
// module; the JSON is written with llvm::json.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/MemoryReport.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Bytes [offset, offset + size) of a buffer, first used at `first`.
struct PlannedPiece {
  int64_t offset, size, first;
};

struct PlannedBuffer {
  std::string name;
  int64_t size, offset, first, last;
  /// Empty when the whole buffer is first used at `first`.
  std::vector<PlannedPiece> pieces;
};

struct Plan {
  int64_t arena, lowerBound, unplanned;
  std::vector<PlannedBuffer> buffers;
};

int64_t intAttr(DictionaryAttr dict, llvm::StringRef name) {
  return cast<IntegerAttr>(dict.get(name)).getInt();
}

llvm::Expected<Plan> readPlan(ModuleOp module) {
  auto get = [&](llvm::StringRef name) {
    return dyn_cast_or_null<IntegerAttr>(module->getAttr(name));
  };
  auto table = dyn_cast_or_null<ArrayAttr>(module->getAttr("densenet.buffers"));
  IntegerAttr arena = get("densenet.arena_bytes");
  IntegerAttr bound = get("densenet.lower_bound_bytes");
  IntegerAttr unplanned = get("densenet.unplanned_bytes");
  if (!table || !arena || !bound || !unplanned)
    return llvm::createStringError("the module has no buffer plan to report");
  Plan plan{arena.getInt(), bound.getInt(), unplanned.getInt(), {}};
  for (auto entry : table.getAsRange<DictionaryAttr>()) {
    PlannedBuffer buffer{cast<StringAttr>(entry.get("name")).str(),
                         intAttr(entry, "size"),
                         intAttr(entry, "offset"),
                         intAttr(entry, "first"),
                         intAttr(entry, "last"),
                         {}};
    if (auto pieces = dyn_cast_or_null<ArrayAttr>(entry.get("pieces")))
      for (auto piece : pieces.getAsRange<DictionaryAttr>())
        buffer.pieces.push_back({intAttr(piece, "offset"),
                                 intAttr(piece, "size"),
                                 intAttr(piece, "first")});
    plan.buffers.push_back(std::move(buffer));
  }
  return plan;
}

std::string renderJSON(const Plan &plan, const ModelInterface &interface) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("model", interface.name);
    json.attribute("weights_bytes", int64_t(interface.weightsBytes));
    json.attribute("arena_bytes", plan.arena);
    json.attribute("lower_bound_bytes", plan.lowerBound);
    json.attribute("unplanned_bytes", plan.unplanned);
    json.attribute("arena_over_lower_bound",
                   plan.lowerBound ? double(plan.arena) / plan.lowerBound : 1.0);
    json.attributeArray("buffers", [&] {
      for (const PlannedBuffer &b : plan.buffers)
        json.object([&] {
          json.attribute("name", b.name);
          json.attribute("size", b.size);
          json.attribute("offset", b.offset);
          json.attribute("first_use", b.first);
          json.attribute("last_use", b.last);
          if (!b.pieces.empty())
            json.attributeArray("pieces", [&] {
              for (const PlannedPiece &piece : b.pieces)
                json.object([&] {
                  json.attribute("offset", piece.offset);
                  json.attribute("size", piece.size);
                  json.attribute("first_use", piece.first);
                });
            });
        });
    });
  });
  os << "\n";
  return text;
}

/// Buffers as rectangles (one per piece for buffers first used piece by
/// piece): x = execution step, y = arena offset.
std::string renderSVG(const Plan &plan, const ModelInterface &interface) {
  constexpr double width = 1200, height = 600, margin = 40;
  int64_t steps = 1;
  for (const PlannedBuffer &b : plan.buffers)
    steps = std::max(steps, b.last + 1);
  double sx = (width - 2 * margin) / double(steps);
  double sy = (height - 2 * margin) / double(std::max<int64_t>(plan.arena, 1));
  std::string svg = llvm::formatv(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
      "height=\"{1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<text x=\"{2}\" y=\"20\">{3}: arena {4} bytes, lower bound {5} bytes, "
      "{6} buffers (x: execution step, y: arena offset)</text>\n"
      "<rect x=\"{2}\" y=\"{2}\" width=\"{7}\" height=\"{8}\" fill=\"none\" "
      "stroke=\"black\"/>\n",
      width, height, margin, interface.name, plan.arena, plan.lowerBound,
      plan.buffers.size(), width - 2 * margin, height - 2 * margin);
  for (auto [i, b] : llvm::enumerate(plan.buffers)) {
    std::vector<PlannedPiece> pieces = b.pieces;
    if (pieces.empty())
      pieces.push_back({0, b.size, b.first});
    for (const PlannedPiece &piece : pieces)
      svg += llvm::formatv(
          "<rect x=\"{0:f1}\" y=\"{1:f1}\" width=\"{2:f1}\" "
          "height=\"{3:f1}\" fill=\"hsl({4},60%,60%)\" stroke=\"black\" "
          "stroke-width=\"0.3\"><title>{5}: {6} bytes at offset {7}, steps "
          "{8}-{9}</title></rect>\n",
          margin + piece.first * sx,
          height - margin - (b.offset + piece.offset + piece.size) * sy,
          std::max(1.0, (b.last - piece.first + 1) * sx), piece.size * sy,
          (i * 47) % 360, b.name, piece.size, b.offset + piece.offset,
          piece.first, b.last);
  }
  return svg + "</svg>\n";
}

} // namespace

llvm::Error densenet::writeMemoryReport(ModuleOp module,
                                       const ModelInterface &interface,
                                       llvm::StringRef jsonPath,
                                       PendingOutputs &outputs) {
  auto plan = readPlan(module);
  if (!plan)
    return plan.takeError();
  llvm::SmallString<256> svgPath(jsonPath);
  llvm::sys::path::replace_extension(svgPath, "svg");
  if (auto err = outputs.write(jsonPath, renderJSON(*plan, interface)))
    return err;
  return outputs.write(svgPath, renderSVG(*plan, interface));
}
