#include "analysis/analyzed_document.hpp"

namespace closurelens::analysis {

std::shared_ptr<const AnalyzedDocument>
AnalyzedDocument::analyze(Snapshot snapshot, const AnalysisOptions& options,
                          const ExternalDecorators* externals) {
  auto out = std::make_shared<AnalyzedDocument>();
  out->snapshot = std::move(snapshot);
  TSNode root = out->snapshot.root();
  out->scopes = ScopeTree::build(root, out->snapshot.source(), options);
  out->decorators = DecoratorModel::build(root, out->snapshot.source(), externals);
  return out;
}

} // namespace closurelens::analysis
