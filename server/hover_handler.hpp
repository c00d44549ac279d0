// textDocument/hover: converts between LSP positions and the analysis' hover query.
// Runs on the document's strand.
#pragma once

#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/document_store.hpp"

#include <nlohmann/json.hpp>

namespace closurelens::server {

// The Hover result (or null) for `position` in `document`.
nlohmann::json hoverResult(OpenDocument& document, protocol::Position position,
                           protocol::PositionEncoding encoding, protocol::MarkupKind format);

} // namespace closurelens::server
