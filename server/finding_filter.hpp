// From what the checks found to what is reported: select/ignore, per-file-ignores, severity
// overrides ("off" drops) and suppression comments, applied the same way by the language server
// and by `closurelens check`. Pure functions, no I/O; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"
#include "server/rule_settings.hpp"

#include <string_view>
#include <vector>

namespace closurelens::server {

struct ReportedFinding {
  analysis::Finding finding;
  Severity severity = Severity::Warning;
};

// Keeps, in their order, the findings the settings select for the file at `pathForGlobs` (relative
// to the folder the per-file-ignores patterns were written for) and no comment of `doc`
// suppresses, each with the severity it is reported with.
std::vector<ReportedFinding> selectFindings(std::vector<analysis::Finding> findings,
                                            const RuleSettings& settings,
                                            std::string_view pathForGlobs,
                                            const analysis::AnalyzedDocument& doc);

} // namespace closurelens::server
