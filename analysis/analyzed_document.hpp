// Everything known about one version of a document: its snapshot (text, tree, lines), its scopes
// and its decorators. Built once per version, then immutable: any thread may read it, and the
// shared_ptr keeps the text alive for the string_views the decorator model holds.
#pragma once

#include "analysis/decorator_model.hpp"
#include "analysis/document.hpp"
#include "analysis/scope_tree.hpp"

#include <memory>

namespace closurelens::analysis {

struct AnalyzedDocument {
  Snapshot snapshot;
  ScopeTree scopes;
  DecoratorModel decorators;

  std::string_view source() const { return snapshot.source(); }
  const LineTable& lines() const { return *snapshot.lines; }
  // 1-based line of a byte offset, as Python reports lines.
  uint32_t lineNumber(uint32_t byte) const { return lines().lineOf(byte) + 1; }

  // `externals`: decorators of other files (external_decorators.hpp), used during the call only.
  static std::shared_ptr<const AnalyzedDocument>
  analyze(Snapshot snapshot, const AnalysisOptions& options = {},
          const ExternalDecorators* externals = nullptr);
};

} // namespace closurelens::analysis
