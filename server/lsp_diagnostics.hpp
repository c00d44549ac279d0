// Turns findings into LSP diagnostics and code actions for one document. Runs on the document's
// strand (it reads the document's cached analysis).
#pragma once

#include "analysis/finding.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/document_store.hpp"
#include "server/rule_settings.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace closurelens::server {

// The settings that decide what one document reports: its pyproject.toml merged with the
// client's settings, and its path as per-file-ignores patterns see it.
struct DocumentSettings {
  RuleSettings rules;
  std::string pathForGlobs;
};

protocol::Diagnostic toLspDiagnostic(const analysis::Finding& finding, Severity severity,
                                     const std::string& uri, const protocol::LineIndex& lines,
                                     protocol::PositionEncoding encoding);

// The diagnostics of the document's current text, in document order. The findings are cached on
// the document until its text changes or the server drops them because settings changed.
std::vector<protocol::Diagnostic> documentDiagnostics(OpenDocument& document,
                                                      const DocumentSettings& settings,
                                                      protocol::PositionEncoding encoding);

// textDocument/codeAction: the fixes of the findings that touch `range`, and, when the client
// asks for source actions, `source.fixAll.closurelens` applying every safe fix at once.
nlohmann::json codeActions(OpenDocument& document, const DocumentSettings& settings,
                           const protocol::Range& range, const std::vector<std::string>& only,
                           protocol::PositionEncoding encoding);

} // namespace closurelens::server
