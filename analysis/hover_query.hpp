// Hover contents for a byte offset of an analysed document: closure cells, cell variables,
// captured names, decorator stacks and decorator expressions, written for the reader of that line.
// A pure function of an AnalyzedDocument; any thread may call it.
#pragma once

#include "analysis/analyzed_document.hpp"

#include <optional>
#include <string>

namespace closurelens::analysis {

struct HoverInfo {
  std::string markdown;
  std::string plaintext;
  ByteRange range; // what the hover is about, for the client to highlight
};

std::optional<HoverInfo> hoverAt(const AnalyzedDocument& doc, uint32_t byte);

} // namespace closurelens::analysis
