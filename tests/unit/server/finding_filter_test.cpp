// From findings to reported findings: settings, per-file-ignores, severities and comments
// together, in the order the language server and `check` apply them.
#include "server/finding_filter.hpp"

#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace closurelens::server {
namespace {

using SeverityMap = std::map<std::string, std::optional<Severity>>;

// A document with four lines and a finding of `codes[i]` on line i + 1.
constexpr std::string_view kSource = "a = 1\nb = 2  # noqa: CL201\nc = 3  # noqa: B023\nd = 4\n";

std::vector<analysis::Finding> findingsOn(const std::vector<std::string>& codes) {
  std::vector<analysis::Finding> out;
  uint32_t lineStart = 0;
  for (const std::string& code : codes) {
    analysis::Finding finding;
    finding.code = code;
    finding.range = {lineStart, lineStart + 1};
    finding.message = code + " here";
    out.push_back(finding);
    lineStart = static_cast<uint32_t>(kSource.find('\n', lineStart) + 1);
  }
  return out;
}

struct Case {
  std::string_view name;
  RuleSettings settings;
  std::string_view path;
  std::vector<std::string> codes; // one finding per line
  std::vector<std::pair<std::string, Severity>> expected;
};

RuleSettings with(auto setter) {
  RuleSettings s;
  setter(s);
  return s;
}

TEST(FindingFilter, Table) {
  auto doc = testing::analyzeSource(std::string(kSource));
  const Case cases[] = {
      {"defaults; comments suppress lines 2 and 3",
       {},
       "a.py",
       {"CL102", "CL201", "CL101", "CL105"},
       {{"CL102", Severity::Error}, {"CL105", Severity::Information}}},
      {"a comment for another code does not suppress",
       {},
       "a.py",
       {"CL102", "CL202", "CL102", "CL201"},
       {{"CL102", Severity::Error},
        {"CL202", Severity::Warning},
        {"CL102", Severity::Error},
        {"CL201", Severity::Warning}}},
      {"select a family",
       with([](RuleSettings& s) { s.select = std::vector<std::string>{"CL2"}; }),
       "a.py",
       {"CL102", "CL202", "CL102", "CL201"},
       {{"CL202", Severity::Warning}, {"CL201", Severity::Warning}}},
      {"ignore one",
       with([](RuleSettings& s) { s.ignore = std::vector<std::string>{"CL102"}; }),
       "a.py",
       {"CL102", "CL202", "CL102", "CL201"},
       {{"CL202", Severity::Warning}, {"CL201", Severity::Warning}}},
      {"severity override and off",
       with([](RuleSettings& s) {
         s.severity = SeverityMap{{"CL102", Severity::Hint}, {"CL201", std::nullopt}};
       }),
       "a.py",
       {"CL102", "CL202", "CL102", "CL201"},
       {{"CL102", Severity::Hint}, {"CL202", Severity::Warning}, {"CL102", Severity::Hint}}},
      {"per-file-ignores match",
       with([](RuleSettings& s) {
         s.perFileIgnores = std::vector<PerFileIgnore>{{"tests/*", {"CL1"}}};
       }),
       "tests/test_a.py",
       {"CL102", "CL202", "CL102", "CL201"},
       {{"CL202", Severity::Warning}, {"CL201", Severity::Warning}}},
      {"per-file-ignores elsewhere",
       with([](RuleSettings& s) {
         s.perFileIgnores = std::vector<PerFileIgnore>{{"tests/*", {"CL1"}}};
       }),
       "src/a.py",
       {"CL102"},
       {{"CL102", Severity::Error}}},
  };
  for (const Case& c : cases) {
    std::vector<ReportedFinding> reported =
        selectFindings(findingsOn(c.codes), c.settings, c.path, *doc);
    std::vector<std::pair<std::string, Severity>> got;
    for (const ReportedFinding& r : reported)
      got.emplace_back(r.finding.code, r.severity);
    EXPECT_EQ(got, c.expected) << c.name;
  }
}

TEST(FindingFilter, IgnoreFileDropsEverything) {
  auto doc = testing::analyzeSource("# closurelens: ignore-file\nx = 1\n");
  analysis::Finding finding;
  finding.code = "CL102";
  finding.range = {27, 28};
  EXPECT_TRUE(selectFindings({finding}, {}, "a.py", *doc).empty());
}

TEST(FindingFilter, KeepsTheFindingWhole) {
  auto doc = testing::analyzeSource(std::string(kSource));
  std::vector<analysis::Finding> findings = findingsOn({"CL102"});
  findings[0].related.push_back({{6, 7}, "there"});
  findings[0].fixes.push_back({"Fix it", analysis::FixKind::QuickFix, true, true, {}});
  std::vector<ReportedFinding> reported = selectFindings(findings, {}, "a.py", *doc);
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].finding.message, "CL102 here");
  EXPECT_EQ(reported[0].finding.related.size(), 1u);
  EXPECT_EQ(reported[0].finding.fixes.size(), 1u);
}

} // namespace
} // namespace closurelens::server
