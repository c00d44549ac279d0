// Turns findings into LSP diagnostics and code actions for one document. Runs on the document's
// strand (it reads the document's cached analysis).
#pragma once

#include "analysis/finding.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/document_store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace closurelens::server {

protocol::Diagnostic toLspDiagnostic(const analysis::Finding& finding,
                                     protocol::DiagnosticSeverity severity, const std::string& uri,
                                     const protocol::LineIndex& lines,
                                     protocol::PositionEncoding encoding);

// The diagnostics of the document's current text, in document order.
std::vector<protocol::Diagnostic> documentDiagnostics(OpenDocument& document,
                                                      protocol::PositionEncoding encoding);

// textDocument/codeAction: the fixes of the findings that touch `range`, and, when the client
// asks for source actions, `source.fixAll.closurelens` applying every safe fix at once.
nlohmann::json codeActions(OpenDocument& document, const protocol::Range& range,
                           const std::vector<std::string>& only,
                           protocol::PositionEncoding encoding);

} // namespace closurelens::server
