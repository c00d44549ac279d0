// The rule catalogue against /work/shared/RULES.md, written out here by hand so that a change to
// either side is a visible test failure rather than a silent drift.
#include "server/rule_catalog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace closurelens::server {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

struct ExpectedRule {
  std::string_view code;
  std::string_view name;
  std::string_view severity;
  std::vector<std::string_view> aliases;
};

const std::vector<ExpectedRule>& expectedRules() {
  static const std::vector<ExpectedRule> rules = {
      {"CL101", "late-binding-closure", "warning", {"B023", "W0640", "cell-var-from-loop"}},
      {"CL102", "unbound-local-capture", "error", {"F823", "E0601"}},
      {"CL103", "nonlocal-without-binding", "error", {"PLE0117"}},
      {"CL104", "captured-exception-name", "warning", {}},
      {"CL105", "unsynchronized-closure-state", "information", {}},
      {"CL106", "unbounded-closure-state", "hint", {}},
      {"CL201", "missing-wraps", "warning", {}},
      {"CL202", "wrapper-discards-result", "warning", {}},
      {"CL203", "decorator-returns-none", "error", {}},
      {"CL204", "wrapper-drops-arguments", "warning", {}},
      {"CL205", "decorator-call-mismatch", "error", {}},
      {"CL206", "decorator-order", "warning", {"RUF074"}},
      {"CL207", "cached-method", "warning", {"B019", "W1518"}},
      {"CL208", "class-decorator-without-get", "warning", {}},
      {"CL209", "wraps-misuse", "error", {}},
  };
  return rules;
}

// Joins pieces without `"literal" + std::string`, which trips GCC 12's false -Wrestrict warning.
std::string concat(std::initializer_list<std::string_view> pieces) {
  std::string joined;
  for (std::string_view piece : pieces)
    joined.append(piece);
  return joined;
}

TEST(RuleCatalog, MatchesRulesMdInOrder) {
  const auto rules = allRules();
  ASSERT_EQ(rules.size(), expectedRules().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const ExpectedRule& expected = expectedRules()[i];
    SCOPED_TRACE(std::string(expected.code));
    EXPECT_EQ(rules[i].code, expected.code);
    EXPECT_EQ(rules[i].name, expected.name);
    EXPECT_EQ(rules[i].defaultSeverity, expected.severity);
    EXPECT_THAT(rules[i].aliases, ElementsAreArray(expected.aliases));
    EXPECT_FALSE(rules[i].summary.empty());
    EXPECT_EQ(rules[i].summary.find('\n'), std::string_view::npos) << "a summary is one line";
  }
}

TEST(RuleCatalog, CodesNamesAndAliasesAreUnique) {
  // findRule must never have to choose: every spelling names exactly one rule.
  std::set<std::string> seen;
  for (const RuleInfo& rule : allRules()) {
    std::vector<std::string_view> spellings = {rule.code, rule.name};
    spellings.insert(spellings.end(), rule.aliases.begin(), rule.aliases.end());
    for (std::string_view spelling : spellings) {
      std::string lowered(spelling);
      for (char& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_TRUE(seen.insert(lowered).second) << spelling << " is used twice";
    }
  }
}

TEST(RuleCatalog, FindsByCodeInAnyCase) {
  for (std::string_view spelling : {"CL201", "cl201", "Cl201"}) {
    const RuleInfo* rule = findRule(spelling);
    ASSERT_NE(rule, nullptr) << spelling;
    EXPECT_EQ(rule->code, "CL201");
  }
}

TEST(RuleCatalog, FindsByName) {
  const RuleInfo* rule = findRule("missing-wraps");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->code, "CL201");
  rule = findRule("Late-Binding-Closure");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->code, "CL101");
}

TEST(RuleCatalog, FindsByAlias) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"B023", "CL101"}, {"b023", "CL101"},  {"W0640", "CL101"},   {"cell-var-from-loop", "CL101"},
      {"F823", "CL102"}, {"E0601", "CL102"}, {"PLE0117", "CL103"}, {"RUF074", "CL206"},
      {"B019", "CL207"}, {"W1518", "CL207"},
  };
  for (const auto& [alias, code] : cases) {
    const RuleInfo* rule = findRule(alias);
    ASSERT_NE(rule, nullptr) << alias;
    EXPECT_EQ(rule->code, code) << alias;
  }
}

TEST(RuleCatalog, UnknownSpellingsFindNothing) {
  for (std::string_view spelling :
       {"", "CL999", "CL20", "CL2011", "missing_wraps", " CL201", "B0"}) {
    EXPECT_EQ(findRule(spelling), nullptr) << '"' << spelling << '"';
  }
}

TEST(RuleCatalog, DocumentationUrlUsesTheCanonicalCode) {
  EXPECT_EQ(ruleDocumentationUrl("CL201"), concat({kDocsBaseUrl, "CL201.md"}));
  EXPECT_EQ(ruleDocumentationUrl("cl201"), concat({kDocsBaseUrl, "CL201.md"}));
  EXPECT_EQ(ruleDocumentationUrl("B023"), concat({kDocsBaseUrl, "CL101.md"}));
  EXPECT_EQ(ruleDocumentationUrl("CL999"), "");
  EXPECT_TRUE(kDocsBaseUrl.ends_with('/'));
}

TEST(RuleCatalog, EveryRuleHasItsEmbeddedPage) {
  for (const RuleInfo& rule : allRules()) {
    SCOPED_TRACE(std::string(rule.code));
    const std::string title = concat({"# ", rule.code, " ", rule.name, "\n"});
    EXPECT_TRUE(rule.documentation.starts_with(title)) << "the page starts with `" << title << "`";
  }
}

TEST(RuleCatalog, EveryPageHasTheSectionsInOrder) {
  const std::vector<std::string_view> sections = {"## What it flags", "## Why it matters",
                                                  "## Example",       "## Fix",
                                                  "## Aliases",       "## Configuration"};
  for (const RuleInfo& rule : allRules()) {
    SCOPED_TRACE(std::string(rule.code));
    std::size_t previous = 0;
    for (std::string_view section : sections) {
      const std::size_t at = rule.documentation.find(concat({"\n", section, "\n"}));
      ASSERT_NE(at, std::string_view::npos) << "missing " << section;
      EXPECT_GT(at, previous) << section << " is out of order";
      previous = at;
    }
  }
}

TEST(RuleCatalog, EveryPageStatesSeverityAliasesAndSuppressions) {
  for (const RuleInfo& rule : allRules()) {
    SCOPED_TRACE(std::string(rule.code));
    const std::string_view page = rule.documentation;
    const std::string_view code = rule.code;
    EXPECT_THAT(page, HasSubstr(concat({"Default severity: **", rule.defaultSeverity, "**."})));
    EXPECT_THAT(page, HasSubstr(concat({"# noqa: ", code})));
    EXPECT_THAT(page, HasSubstr(concat({"# closurelens: ignore[", code, "]"})));
    EXPECT_THAT(page, HasSubstr(concat({"ignore = [\"", code, "\"]"})));
    EXPECT_THAT(page, HasSubstr(concat({"severity = { ", code, " = \"off\" }"})));
    const std::string_view aliases = page.substr(page.find("\n## Aliases\n"));
    for (std::string_view alias : rule.aliases) {
      EXPECT_THAT(aliases, HasSubstr(concat({"`", alias, "`"})));
    }
  }
}

TEST(RuleCatalog, EveryPageHasRunnableExampleAndFix) {
  // tests/cli/check_rule_examples.py runs these blocks; here only their presence is checked.
  for (const RuleInfo& rule : allRules()) {
    SCOPED_TRACE(std::string(rule.code));
    const std::string_view page = rule.documentation;
    const std::size_t example = page.find("\n## Example\n");
    const std::size_t fix = page.find("\n## Fix\n");
    const std::size_t aliases = page.find("\n## Aliases\n");
    ASSERT_LT(example, fix);
    ASSERT_LT(fix, aliases);
    EXPECT_THAT(page.substr(example, fix - example), HasSubstr("```python run\n"));
    EXPECT_THAT(page.substr(fix, aliases - fix), HasSubstr("```python run\n"));
  }
}

} // namespace
} // namespace closurelens::server
