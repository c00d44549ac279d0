// Everything known about one version of a document: its snapshot (text, tree, lines), its scopes
// and its decorators. Built once per version, then immutable: any thread may read it, and the
// shared_ptr keeps the text alive for the string_views the decorator model holds.
#pragma once

#include "analysis/decorator_model.hpp"
#include "analysis/document.hpp"
#include "analysis/scope_tree.hpp"

#include <memory>

namespace closurelens::analysis {

// What an analysis took over from the previous version of its document.
struct AnalysisReuse {
  uint32_t statementsReused = 0;   // statements whose scopes were moved, not analysed
  uint32_t statementsAnalysed = 0; // statements analysed again
  bool decoratorsMoved = false;    // the decorator model was moved, not rebuilt
};

// Whether the document will be edited: an analysis for editing keeps per-statement results for
// the next version to reuse (ScopeTree::buildIncremental), a one-shot analysis (`check`, `facts`)
// does not and is faster.
enum class AnalysisPurpose : uint8_t { OneShot, Editing };

struct AnalyzedDocument {
  Snapshot snapshot;
  ScopeTree scopes;
  DecoratorModel decorators;
  AnalysisReuse reuse;
  uint64_t externalsGeneration = 0; // ExternalDecorators::generation() of the model's externals

  std::string_view source() const { return snapshot.source(); }
  const LineTable& lines() const { return *snapshot.lines; }
  // 1-based line of a byte offset, as Python reports lines.
  uint32_t lineNumber(uint32_t byte) const { return lines().lineOf(byte) + 1; }

  // `previous`, an analysis of an earlier version of the same document, lets the statements
  // that did not change keep their results (see ScopeTree::buildIncremental); the result is the
  // same as without it. `externals`: decorators of other files (external_decorators.hpp), used
  // during the call only. With a `previous`, the purpose is Editing whatever is passed.
  static std::shared_ptr<const AnalyzedDocument>
  analyze(Snapshot snapshot, const AnalysisOptions& options = {},
          const AnalyzedDocument* previous = nullptr, const ExternalDecorators* externals = nullptr,
          AnalysisPurpose purpose = AnalysisPurpose::OneShot);

  // The same for editing, taking `previous` over: when nothing else holds it, what the unchanged
  // statements keep is moved out of it instead of copied, so that there is less to build and
  // less to free. The result is the same as analyze()'s.
  static std::shared_ptr<const AnalyzedDocument>
  analyzeAfter(Snapshot snapshot, std::shared_ptr<const AnalyzedDocument> previous,
               const AnalysisOptions& options = {}, const ExternalDecorators* externals = nullptr);

private:
  static std::shared_ptr<const AnalyzedDocument>
  build(Snapshot snapshot, const AnalysisOptions& options, const AnalyzedDocument* previous,
        AnalyzedDocument* takeFrom, const ExternalDecorators* externals, AnalysisPurpose purpose);
};

} // namespace closurelens::analysis
