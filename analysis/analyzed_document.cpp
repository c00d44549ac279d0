#include "analysis/analyzed_document.hpp"
#include "analysis/decorator_model_reuse.hpp"

namespace closurelens::analysis {

std::shared_ptr<const AnalyzedDocument>
AnalyzedDocument::analyze(Snapshot snapshot, const AnalysisOptions& options,
                          const AnalyzedDocument* previous) {
  auto out = std::make_shared<AnalyzedDocument>();
  out->snapshot = std::move(snapshot);
  TSNode root = out->snapshot.root();
  std::vector<detail::UnitNode> statements;
  out->scopes =
      ScopeTree::buildIncremental(root, out->snapshot.text, options,
                                  previous != nullptr ? &previous->scopes : nullptr, &statements);
  const detail::ScopeUnitCache* before = previous != nullptr ? previous->scopes.units() : nullptr;
  const detail::ScopeUnitCache* after = out->scopes.units();
  if (after != nullptr) {
    for (const detail::ScopeUnit& unit : after->units)
      ++(unit.previous >= 0 ? out->reuse.statementsReused : out->reuse.statementsAnalysed);
  }
  if (before != nullptr && after != nullptr) {
    if (auto moved = moveDecoratorModel(previous->decorators, *before, *after, root, statements)) {
      out->decorators = std::move(*moved);
      out->reuse.decoratorsMoved = true;
      return out;
    }
  }
  out->decorators = DecoratorModel::build(root, out->snapshot.source());
  return out;
}

} // namespace closurelens::analysis
