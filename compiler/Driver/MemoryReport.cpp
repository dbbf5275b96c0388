//===- MemoryReport.cpp - the --memory-report JSON and SVG ----------------===//
//
// Renders the `densenet.buffer_plan` that densenet-plan-buffers leaves on the
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

std::string renderJSON(BufferPlanAttr plan, const ModelInterface &interface) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("model", interface.name);
    json.attribute("weights_bytes", int64_t(interface.weightsBytes));
    json.attribute("arena_bytes", plan.getArenaBytes());
    json.attribute("lower_bound_bytes", plan.getLowerBoundBytes());
    json.attribute("unplanned_bytes", plan.getUnplannedBytes());
    json.attribute("thread_scratch_bytes", plan.getThreadScratchBytes());
    json.attribute("arena_over_lower_bound",
                   plan.getLowerBoundBytes()
                       ? double(plan.getArenaBytes()) / plan.getLowerBoundBytes()
                       : 1.0);
    json.attributeArray("buffers", [&] {
      for (PlannedBufferAttr b : plan.getBuffers())
        json.object([&] {
          json.attribute("name", b.getName());
          json.attribute("size", b.getSize());
          json.attribute("offset", b.getOffset());
          json.attribute("first_use", b.getFirst());
          json.attribute("last_use", b.getLast());
          if (!b.getPieces().empty())
            json.attributeArray("pieces", [&] {
              for (BufferPieceAttr piece : b.getPieces())
                json.object([&] {
                  json.attribute("offset", piece.getOffset());
                  json.attribute("size", piece.getSize());
                  json.attribute("first_use", piece.getFirst());
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
std::string renderSVG(BufferPlanAttr plan, const ModelInterface &interface) {
  constexpr double width = 1200, height = 600, margin = 40;
  int64_t steps = 1;
  for (PlannedBufferAttr b : plan.getBuffers())
    steps = std::max(steps, b.getLast() + 1);
  double sx = (width - 2 * margin) / double(steps);
  double sy = (height - 2 * margin) / double(std::max<int64_t>(plan.getArenaBytes(), 1));
  std::string svg = llvm::formatv(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
      "height=\"{1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<text x=\"{2}\" y=\"20\">{3}: arena {4} bytes, lower bound {5} bytes, "
      "{6} buffers (x: execution step, y: arena offset)</text>\n"
      "<rect x=\"{2}\" y=\"{2}\" width=\"{7}\" height=\"{8}\" fill=\"none\" "
      "stroke=\"black\"/>\n",
      width, height, margin, interface.name, plan.getArenaBytes(),
      plan.getLowerBoundBytes(), plan.getBuffers().size(), width - 2 * margin, height - 2 * margin);
  MLIRContext *ctx = plan.getContext();
  for (auto [i, b] : llvm::enumerate(plan.getBuffers())) {
    SmallVector<BufferPieceAttr> pieces(b.getPieces());
    if (pieces.empty())
      pieces.push_back(BufferPieceAttr::get(ctx, 0, b.getSize(), b.getFirst()));
    for (BufferPieceAttr piece : pieces)
      svg += llvm::formatv(
          "<rect x=\"{0:f1}\" y=\"{1:f1}\" width=\"{2:f1}\" "
          "height=\"{3:f1}\" fill=\"hsl({4},60%,60%)\" stroke=\"black\" "
          "stroke-width=\"0.3\"><title>{5}: {6} bytes at offset {7}, steps "
          "{8}-{9}</title></rect>\n",
          margin + piece.getFirst() * sx,
          height - margin -
              (b.getOffset() + piece.getOffset() + piece.getSize()) * sy,
          std::max(1.0, (b.getLast() - piece.getFirst() + 1) * sx),
          piece.getSize() * sy, (i * 47) % 360, b.getName(), piece.getSize(),
          b.getOffset() + piece.getOffset(), piece.getFirst(), b.getLast());
  }
  return svg + "</svg>\n";
}

} // namespace

llvm::Error densenet::writeMemoryReport(BufferPlanAttr plan,
                                       const ModelInterface &interface,
                                       llvm::StringRef jsonPath,
                                       PendingOutputs &outputs) {
  llvm::SmallString<256> svgPath(jsonPath);
  llvm::sys::path::replace_extension(svgPath, "svg");
  if (auto err = outputs.write(jsonPath, renderJSON(plan, interface)))
    return err;
  return outputs.write(svgPath, renderSVG(plan, interface));
}
