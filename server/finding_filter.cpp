#include "server/finding_filter.hpp"

#include "server/suppression.hpp"

namespace closurelens::server {

std::vector<ReportedFinding> selectFindings(std::vector<analysis::Finding> findings,
                                            const RuleSettings& settings,
                                            std::string_view pathForGlobs,
                                            const analysis::AnalyzedDocument& doc) {
  std::vector<ReportedFinding> out;
  if (findings.empty()) return out;
  Suppressions suppressions(doc);
  out.reserve(findings.size());
  for (analysis::Finding& finding : findings) {
    if (!ruleSelected(settings, finding.code)) continue;
    if (ignoredForFile(settings, finding.code, pathForGlobs)) continue;
    std::optional<Severity> severity = ruleSeverity(settings, finding.code);
    if (!severity) continue;
    if (suppressions.suppresses(finding)) continue;
    out.push_back({std::move(finding), *severity});
  }
  return out;
}

} // namespace closurelens::server
