// Applying every safe fix to a file's text, pass after pass, and describing the change as a
// unified diff: what `closurelens check --fix / --diff` do, and what source.fixAll can reuse.
// Pure functions of their arguments (no I/O); any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"
#include "server/finding_filter.hpp"
#include "server/rule_settings.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::server {

// The fix `check --fix` applies for a finding: its preferred safe fix, else its first safe fix;
// nullptr when it has no safe fix.
const analysis::Fix* safeFixOf(const analysis::Finding& finding);

struct FileAnalysis {
  std::shared_ptr<const analysis::AnalyzedDocument> doc;
  std::vector<ReportedFinding> findings; // after settings and suppression comments
};

// Analyses `text` and keeps what the settings and the file's comments let through.
FileAnalysis analyzeAndSelect(std::string text, const RuleSettings& settings,
                              std::string_view pathForGlobs);

struct FixAllResult {
  std::string text;       // the text with every applicable safe fix applied
  int fixed = 0;          // how many findings a fix was applied for
  FileAnalysis remaining; // the analysis of `text`: what is left
  // A pass was dropped because its fixes would have turned a file that parses into one that does
  // not (a fix bug); the text stays as the previous pass left it.
  bool stoppedOnSyntaxError = false;
};

// Applies the safe fixes of the selected findings. Fixes whose edits collide with an edit already
// taken in the same pass wait for the next pass (after re-analysis); identical edits (two fixes
// adding the same import) are applied once. Stops when a pass fixes nothing, or after `maxPasses`.
FixAllResult applySafeFixes(std::string text, const RuleSettings& settings,
                            std::string_view pathForGlobs, int maxPasses = 10);

// A unified diff (3 lines of context, `--- a/NAME` / `+++ b/NAME` headers) from `before` to
// `after`; empty when they are equal.
std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view name);

} // namespace closurelens::server
