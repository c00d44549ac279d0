#include "analysis/analyzed_document.hpp"
#include "analysis/decorator_model_reuse.hpp"
#include "analysis/external_decorators.hpp"
#include "analysis/statement_index.hpp"

namespace closurelens::analysis {

std::shared_ptr<const AnalyzedDocument>
AnalyzedDocument::analyze(Snapshot snapshot, const AnalysisOptions& options,
                          const AnalyzedDocument* previous, const ExternalDecorators* externals,
                          AnalysisPurpose purpose) {
  return build(std::move(snapshot), options, previous, nullptr, externals, purpose);
}

// `previous` by value: holding the caller's reference is what lets use_count() tell that nothing
// else does.
std::shared_ptr<const AnalyzedDocument> AnalyzedDocument::analyzeAfter(
    Snapshot snapshot,
    std::shared_ptr<const AnalyzedDocument> previous, // NOLINT(performance-unnecessary-value-param)
    const AnalysisOptions& options, const ExternalDecorators* externals) {
  // Every AnalyzedDocument is made non-const by build(), so the sole owner may change it.
  AnalyzedDocument* takeFrom =
      previous.use_count() == 1 ? const_cast<AnalyzedDocument*>(previous.get()) : nullptr;
  return build(std::move(snapshot), options, previous.get(), takeFrom, externals,
               AnalysisPurpose::Editing);
}

std::shared_ptr<const AnalyzedDocument>
AnalyzedDocument::build(Snapshot snapshot, const AnalysisOptions& options,
                        const AnalyzedDocument* previous, AnalyzedDocument* takeFrom,
                        const ExternalDecorators* externals, AnalysisPurpose purpose) {
  auto out = std::make_shared<AnalyzedDocument>();
  out->snapshot = std::move(snapshot);
  out->externalsGeneration = externals != nullptr ? externals->generation() : 0;
  TSNode root = out->snapshot.root();
  if (previous == nullptr && purpose == AnalysisPurpose::OneShot) {
    StatementIndex statements;
    out->scopes = ScopeTree::build(root, out->snapshot.source(), options, statements);
    out->decorators = DecoratorModel::build(root, out->snapshot.source(), externals, &statements);
    return out;
  }
  std::vector<detail::UnitNode> statements;
  out->scopes = ScopeTree::buildIncremental(
      root, out->snapshot.text, options, previous != nullptr ? &previous->scopes : nullptr,
      &statements, takeFrom != nullptr ? &takeFrom->scopes : nullptr);
  const detail::ScopeUnitCache* before = previous != nullptr ? previous->scopes.units() : nullptr;
  const detail::ScopeUnitCache* after = out->scopes.units();
  if (after != nullptr) {
    for (const detail::ScopeUnit& unit : after->units)
      ++(unit.previous >= 0 ? out->reuse.statementsReused : out->reuse.statementsAnalysed);
  }
  // A model built with other answers about imported decorators cannot be moved.
  if (before != nullptr && after != nullptr &&
      previous->externalsGeneration == out->externalsGeneration &&
      decoratorModelMovable(*before, *after, root, statements, externals)) {
    auto moved = takeFrom != nullptr
                     ? moveDecoratorModel(std::move(takeFrom->decorators), *before, *after)
                     : moveDecoratorModel(previous->decorators, *before, *after);
    if (moved) {
      out->decorators = std::move(*moved);
      out->reuse.decoratorsMoved = true;
      return out;
    }
  }
  out->decorators = DecoratorModel::build(root, out->snapshot.source(), externals);
  return out;
}

} // namespace closurelens::analysis
