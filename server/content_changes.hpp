// Applies LSP content changes (didChange) to an analysis::Document. Runs on the document's strand.
#pragma once

#include "analysis/document.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"

#include <string>
#include <vector>

namespace closurelens::server {

struct ChangeOutcome {
  bool ok = true;
  // When !ok: which change did not fit and why; the changes before it were applied.
  std::string error;
  // Byte ranges of the final text touched by the changes, for incremental re-analysis.
  std::vector<analysis::ByteRange> touched;
};

// Applies `changes` in order. A range change whose lines lie past the end of the document, or
// whose end precedes its start, does not fit: the document cannot be trusted to match the client
// any more. A character past the end of its line is clamped to the line's end, as LSP says.
ChangeOutcome
applyContentChanges(analysis::Document& document,
                    const std::vector<protocol::TextDocumentContentChangeEvent>& changes,
                    protocol::PositionEncoding encoding);

} // namespace closurelens::server
