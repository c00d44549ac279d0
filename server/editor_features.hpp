// Inlay hints, semantic tokens and cell navigation (definition, references, highlights):
// conversions between LSP and the analysis queries. Runs on the document's strand.
#pragma once

#include "analysis/editor_decorations.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/document_store.hpp"

#include <nlohmann/json.hpp>

namespace closurelens::server {

// The legend announced in initialize; the token types and modifiers below index into it.
nlohmann::json semanticTokensLegend();

nlohmann::json inlayHintsResult(OpenDocument& document, const protocol::Range& range,
                                const analysis::InlayHintOptions& options,
                                protocol::PositionEncoding encoding);
// inlayHint/resolve: the same hint with its tooltip, found again by position and kind.
nlohmann::json resolveInlayHint(OpenDocument& document, const nlohmann::json& hint,
                                const analysis::InlayHintOptions& options);

nlohmann::json semanticTokensResult(OpenDocument& document,
                                    const std::optional<protocol::Range>& range,
                                    protocol::PositionEncoding encoding);

nlohmann::json definitionResult(OpenDocument& document, protocol::Position position,
                                protocol::PositionEncoding encoding);
nlohmann::json referencesResult(OpenDocument& document, protocol::Position position,
                                bool includeDeclaration, protocol::PositionEncoding encoding);
nlohmann::json documentHighlightResult(OpenDocument& document, protocol::Position position,
                                       protocol::PositionEncoding encoding);

} // namespace closurelens::server
