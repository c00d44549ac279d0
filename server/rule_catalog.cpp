#include "server/rule_catalog.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace closurelens::server {

namespace embedded {
// Defined in the source that cmake/embed_rule_docs.cmake generates from docs/rules/*.md:
// (code, page) pairs ordered by code.
std::span<const std::pair<std::string_view, std::string_view>> ruleDocs();
} // namespace embedded

namespace {

char lowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lowerAscii(x) == lowerAscii(y);
         });
}

std::string_view pageFor(std::string_view code) {
  for (const auto& [pageCode, page] : embedded::ruleDocs()) {
    if (pageCode == code) return page;
  }
  return {};
}

// The table mirrors /work/shared/RULES.md (codes, names, severities, aliases) and the one-line
// summaries of docs/rules/README.md; the pages themselves come from the embedded docs.
std::array<RuleInfo, 15> makeRules() {
  std::array<RuleInfo, 15> rules{{
      {"CL101",
       "late-binding-closure",
       "warning",
       "A function created in a loop and kept after it reads the loop variable's last value.",
       {"B023", "W0640", "cell-var-from-loop"},
       {}},
      {"CL102",
       "unbound-local-capture",
       "error",
       "A nested function assigns an enclosing variable without `nonlocal`: `UnboundLocalError` "
       "when called.",
       {"F823", "E0601"},
       {}},
      {"CL103",
       "nonlocal-without-binding",
       "error",
       "`nonlocal` names a variable no enclosing function has: the file raises `SyntaxError`.",
       {"PLE0117"},
       {}},
      {"CL104",
       "captured-exception-name",
       "warning",
       "A closure captures an `except ... as` name, which is deleted when the handler ends.",
       {},
       {}},
      {"CL105",
       "unsynchronized-closure-state",
       "information",
       "A decorator's wrapper updates state shared by all calls without holding a lock.",
       {},
       {}},
      {"CL106",
       "unbounded-closure-state",
       "hint",
       "A decorator's wrapper adds to a captured list or dict on every call and never removes "
       "anything.",
       {},
       {}},
      {"CL201",
       "missing-wraps",
       "warning",
       "A wrapper without `functools.wraps`: the function's name, docstring and signature are "
       "lost.",
       {},
       {}},
      {"CL202",
       "wrapper-discards-result",
       "warning",
       "A wrapper calls the function but does not return its result: every call returns `None`.",
       {},
       {}},
      {"CL203",
       "decorator-returns-none",
       "error",
       "A decorator does not return its wrapper: the decorated name becomes `None`.",
       {},
       {}},
      {"CL204",
       "wrapper-drops-arguments",
       "warning",
       "A wrapper cannot accept, or does not forward, the decorated function's arguments.",
       {},
       {}},
      {"CL205",
       "decorator-call-mismatch",
       "error",
       "A decorator factory used without parentheses, or a plain decorator called with them.",
       {},
       {}},
      {"CL206",
       "decorator-order",
       "warning",
       "A decorator above `@classmethod`, `@staticmethod` or `@property` receives a descriptor, "
       "not a function.",
       {"RUF074"},
       {}},
      {"CL207",
       "cached-method",
       "warning",
       "`lru_cache`/`cache` on an instance method keeps every instance alive through the cache.",
       {"B019", "W1518"},
       {}},
      {"CL208",
       "class-decorator-without-get",
       "warning",
       "A class-based decorator without `__get__` on a method: `self` is never passed.",
       {},
       {}},
      {"CL209",
       "wraps-misuse",
       "error",
       "`functools.wraps` as a statement or without its argument, or `update_wrapper` arguments "
       "swapped.",
       {},
       {}},
  }};
  for (RuleInfo& rule : rules)
    rule.documentation = pageFor(rule.code);
  return rules;
}

} // namespace

std::span<const RuleInfo> allRules() {
  // Built on first use; a function-local static is initialised once even under concurrent calls.
  static const std::array<RuleInfo, 15> rules = makeRules();
  return rules;
}

const RuleInfo* findRule(std::string_view codeOrNameOrAlias) {
  if (codeOrNameOrAlias.empty()) return nullptr;
  for (const RuleInfo& rule : allRules()) {
    if (equalsIgnoringCase(rule.code, codeOrNameOrAlias) ||
        equalsIgnoringCase(rule.name, codeOrNameOrAlias))
      return &rule;
  }
  // Aliases last, so that our own codes and names win should another tool ever reuse one.
  for (const RuleInfo& rule : allRules()) {
    for (std::string_view alias : rule.aliases) {
      if (equalsIgnoringCase(alias, codeOrNameOrAlias)) return &rule;
    }
  }
  return nullptr;
}

std::string ruleDocumentationUrl(std::string_view code) {
  const RuleInfo* rule = findRule(code);
  if (rule == nullptr) return {};
  std::string url(kDocsBaseUrl);
  url.append(rule->code).append(".md");
  return url;
}

} // namespace closurelens::server
