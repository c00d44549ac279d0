// The rule catalogue: every diagnostic code closurelens reports, its default severity, the codes
// other tools use for it, and its documentation page (docs/rules/CODE.md, embedded at build time).
// Immutable after first use; any thread may call these functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::server {

// Where the rule pages are published; the single place to change when the docs move.
inline constexpr std::string_view kDocsBaseUrl =
    "https://github.com/closurelens/closurelens/blob/main/docs/rules/";

struct RuleInfo {
  std::string_view code;            // "CL201"
  std::string_view name;            // "missing-wraps"
  std::string_view defaultSeverity; // "error" | "warning" | "information" | "hint"
  std::string_view summary;         // one line, as in docs/rules/README.md
  // Codes and names other tools use for the same finding ("B023", "cell-var-from-loop"); a
  // suppression comment naming one of them also suppresses this rule.
  std::vector<std::string_view> aliases;
  std::string_view documentation; // the Markdown page, docs/rules/CODE.md
};

// Every rule, ordered by code.
std::span<const RuleInfo> allRules();

// The rule named by a code ("CL201", "cl201"), a name ("missing-wraps") or an alias ("B023",
// "cell-var-from-loop"), compared case-insensitively; nullptr when nothing matches.
const RuleInfo* findRule(std::string_view codeOrNameOrAlias);

// The URL of a rule's page (for codeDescription.href); accepts what findRule accepts. Empty when
// the rule is unknown, so that no diagnostic links to a page that does not exist.
std::string ruleDocumentationUrl(std::string_view code);

} // namespace closurelens::server
