// Settings: [tool.closurelens] parsing (with the exact place of every problem), the LSP settings,
// the merge precedence, select/ignore specificity, severities and per-file-ignores globs, and the
// loader's search upward and its cache.
#include "server/rule_settings.hpp"

#include "support/test_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

namespace closurelens::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using SeverityMap = std::map<std::string, std::optional<Severity>>;

TEST(RuleSettings, NormalizeSelectors) {
  struct Case {
    std::string_view text;
    std::optional<std::string> expected;
  };
  const Case cases[] = {
      {"CL201", "CL201"},    {"cl201", "CL201"},
      {" CL201 ", "CL201"},  {"missing-wraps", "CL201"},
      {"B023", "CL101"},     {"cell-var-from-loop", "CL101"},
      {"CL2", "CL2"},        {"cl1", "CL1"},
      {"CL", "CL"},          {"CL20", "CL20"},
      {"ALL", ""},           {"all", ""},
      {"CL3", std::nullopt}, {"CL999", std::nullopt},
      {"XX1", std::nullopt}, {"", std::nullopt},
      {"CLx", std::nullopt},
  };
  for (const Case& c : cases)
    EXPECT_EQ(normalizeRuleSelector(c.text), c.expected) << c.text;
}

TEST(RuleSettings, PythonVersions) {
  EXPECT_EQ(parsePythonVersion("3.11"), (analysis::PythonVersion{3, 11}));
  EXPECT_EQ(parsePythonVersion("3.8"), (analysis::PythonVersion{3, 8}));
  EXPECT_EQ(parsePythonVersion("py312"), (analysis::PythonVersion{3, 12}));
  EXPECT_EQ(parsePythonVersion("2.7"), std::nullopt);
  EXPECT_EQ(parsePythonVersion("3."), std::nullopt);
  EXPECT_EQ(parsePythonVersion("3.x"), std::nullopt);
}

TEST(RuleSettings, ParsesAWellFormedSection) {
  PyprojectSettings parsed = parsePyproject(R"([project]
name = "demo"

[tool.closurelens]
select = ["CL1", "missing-wraps"]
ignore = ["CL106"]
severity = { CL105 = "off", CL201 = "error", "CL1" = "hint" }
per-file-ignores = { "tests/*" = ["CL101"], "__init__.py" = ["CL2"] }
python-version = "3.12"
)",
                                            "pyproject.toml");
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
  EXPECT_TRUE(parsed.hasToolSection);
  const RuleSettings& s = parsed.settings;
  EXPECT_EQ(s.select, (std::vector<std::string>{"CL1", "CL201"}));
  EXPECT_EQ(s.ignore, (std::vector<std::string>{"CL106"}));
  ASSERT_TRUE(s.severity);
  EXPECT_EQ(
      *s.severity,
      (SeverityMap{{"CL105", std::nullopt}, {"CL201", Severity::Error}, {"CL1", Severity::Hint}}));
  ASSERT_TRUE(s.perFileIgnores);
  ASSERT_EQ(s.perFileIgnores->size(), 2u);
  EXPECT_EQ(s.pythonVersion, (analysis::PythonVersion{3, 12}));
}

TEST(RuleSettings, NoSectionIsNotAProblem) {
  PyprojectSettings parsed = parsePyproject("[tool.ruff]\nselect = [\"E\"]\n", "p.toml");
  EXPECT_FALSE(parsed.hasToolSection);
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_FALSE(parsed.settings.select);
}

struct ProblemCase {
  std::string_view name;
  std::string_view toml;
  uint32_t line;
  uint32_t column;
  std::string_view messagePart;
};

TEST(RuleSettings, MalformedFilesReportTheExactPlace) {
  const ProblemCase cases[] = {
      {"syntax error", "[tool.closurelens]\nselect = [\"CL101\"\n", 2, 19, "not valid TOML"},
      {"unterminated string", "[tool.closurelens]\nignore = [\"CL1]\n", 2, 16, "not valid TOML"},
      {"select is a string", "[tool.closurelens]\nselect = \"CL101\"\n", 2, 10,
       "select: expected an array of strings, found string"},
      {"select element not a string", "[tool.closurelens]\nselect = [\"CL101\", 7]\n", 2, 20,
       "select[1]: expected a string, found integer"},
      {"unknown code", "[tool.closurelens]\nselect = [\"CL101\", \"CL999\"]\n", 2, 20,
       "select[1]: unknown rule 'CL999'"},
      {"unknown code in ignore", "[tool.closurelens]\n\nignore = [ \"XX1\" ]\n", 3, 12,
       "ignore[0]: unknown rule 'XX1'"},
      {"unknown severity", "[tool.closurelens]\nseverity = { CL105 = \"loud\" }\n", 2, 22,
       "severity.CL105: unknown severity 'loud'"},
      {"severity not a string", "[tool.closurelens]\nseverity = { CL105 = 3 }\n", 2, 22,
       "severity.CL105: expected a string"},
      {"severity of an unknown rule", "[tool.closurelens]\nseverity = { CL999 = \"off\" }\n", 2, 14,
       "severity.CL999: unknown rule 'CL999'"},
      {"severity not a table", "[tool.closurelens]\nseverity = \"off\"\n", 2, 12,
       "severity: expected a table"},
      {"per-file-ignores value", "[tool.closurelens]\nper-file-ignores = { \"t/*\" = \"CL101\" }\n",
       2, 30, "per-file-ignores.\"t/*\": expected an array of strings"},
      {"per-file-ignores unknown code",
       "[tool.closurelens.per-file-ignores]\n\"t/*\" = [\"CL101\", \"nope\"]\n", 2, 19,
       "per-file-ignores.\"t/*\"[1]: unknown rule 'nope'"},
      {"python-version number", "[tool.closurelens]\npython-version = 3.11\n", 2, 18,
       "python-version: expected a string such as \"3.11\", found floating-point"},
      {"python-version text", "[tool.closurelens]\npython-version = \"three\"\n", 2, 18,
       "python-version: expected a string such as \"3.11\", found 'three'"},
      {"unknown key", "[tool.closurelens]\nselec = [\"CL101\"]\n", 2, 1, "unknown key 'selec'"},
      {"section not a table", "[tool]\nclosurelens = 1\n", 2, 15, "expected a table"},
  };
  for (const ProblemCase& c : cases) {
    PyprojectSettings parsed = parsePyproject(c.toml, "dir/pyproject.toml");
    ASSERT_EQ(parsed.problems.size(), 1u) << c.name;
    const ConfigProblem& problem = parsed.problems.front();
    EXPECT_EQ(problem.file, "dir/pyproject.toml") << c.name;
    EXPECT_EQ(problem.line, c.line) << c.name << ": " << problem.message;
    EXPECT_EQ(problem.column, c.column) << c.name << ": " << problem.message;
    EXPECT_THAT(problem.message, HasSubstr(c.messagePart)) << c.name;
  }
}

TEST(RuleSettings, BadPartsFallBackToDefaultsGoodPartsStay) {
  PyprojectSettings parsed = parsePyproject(R"([tool.closurelens]
select = ["CL101", "CL999", "CL2"]
ignore = "CL105"
severity = { CL105 = "loud", CL201 = "hint" }
)",
                                            "pyproject.toml");
  EXPECT_EQ(parsed.problems.size(), 3u);
  EXPECT_EQ(parsed.settings.select, (std::vector<std::string>{"CL101", "CL2"}));
  EXPECT_FALSE(parsed.settings.ignore);
  EXPECT_EQ(parsed.settings.severity, (SeverityMap{{"CL201", Severity::Hint}}));
}

TEST(RuleSettings, LspSettings) {
  std::vector<std::string> problems;
  RuleSettings s = parseLspSettings(nlohmann::json::parse(R"({
    "select": ["CL1", "missing-wraps"],
    "ignore": null,
    "severity": {"CL105": "off", "CL201": "information"},
    "perFileIgnores": {"tests/**": ["CL101"]},
    "pythonVersion": "3.10"
  })"),
                                    &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(s.select, (std::vector<std::string>{"CL1", "CL201"}));
  EXPECT_FALSE(s.ignore);
  EXPECT_EQ(s.severity, (SeverityMap{{"CL105", std::nullopt}, {"CL201", Severity::Information}}));
  ASSERT_TRUE(s.perFileIgnores);
  EXPECT_EQ(s.perFileIgnores->front().pattern, "tests/**");
  EXPECT_EQ(s.pythonVersion, (analysis::PythonVersion{3, 10}));

  problems.clear();
  RuleSettings bad = parseLspSettings(nlohmann::json::parse(R"({
    "select": "CL1", "ignore": ["CL101", "XX1"], "severity": {"CL105": "loud"},
    "pythonVersion": 3.1
  })"),
                                      &problems);
  EXPECT_FALSE(bad.select);
  EXPECT_EQ(bad.ignore, (std::vector<std::string>{"CL101"}));
  EXPECT_EQ(bad.severity, SeverityMap{});
  EXPECT_FALSE(bad.pythonVersion);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("closurelens.select: expected an array"),
                                    HasSubstr("closurelens.ignore[1]: unknown rule 'XX1'"),
                                    HasSubstr("closurelens.severity.CL105: unknown severity"),
                                    HasSubstr("closurelens.pythonVersion: expected a string")));
  EXPECT_FALSE(parseLspSettings(nlohmann::json(), nullptr).select);
  EXPECT_FALSE(parseLspSettings(nlohmann::json(42), nullptr).select);
}

TEST(RuleSettings, MergePrecedence) {
  RuleSettings project;
  project.select = {"CL1"};
  project.ignore = {"CL105"};
  project.severity = SeverityMap{{"CL101", Severity::Error}, {"CL106", std::nullopt}};
  project.perFileIgnores = std::vector<PerFileIgnore>{{"tests/*", {"CL101"}}, {"a.py", {"CL1"}}};
  project.pythonVersion = analysis::PythonVersion{3, 9};

  RuleSettings client;
  client.ignore = std::vector<std::string>{};
  client.severity = SeverityMap{{"CL101", Severity::Hint}, {"CL201", Severity::Error}};
  client.perFileIgnores = std::vector<PerFileIgnore>{{"tests/*", {"CL102"}}};

  RuleSettings merged = mergeSettings(project, client);
  EXPECT_EQ(merged.select, project.select);             // unset in client: falls through
  EXPECT_EQ(merged.ignore, std::vector<std::string>{}); // set (even empty): replaces
  EXPECT_EQ(merged.severity,
            (SeverityMap{
                {"CL101", Severity::Hint}, {"CL106", std::nullopt}, {"CL201", Severity::Error}}));
  ASSERT_EQ(merged.perFileIgnores->size(), 2u);
  EXPECT_EQ(merged.perFileIgnores->at(0).selectors, std::vector<std::string>{"CL102"});
  EXPECT_EQ(merged.pythonVersion, (analysis::PythonVersion{3, 9}));

  RuleSettings empty;
  EXPECT_EQ(mergeSettings(empty, project).select, project.select);
  EXPECT_FALSE(mergeSettings(empty, empty).severity);
}

TEST(RuleSettings, SelectAndIgnoreSpecificity) {
  auto settings = [](std::optional<std::vector<std::string>> select,
                     std::optional<std::vector<std::string>> ignore) {
    RuleSettings s;
    s.select = std::move(select);
    s.ignore = std::move(ignore);
    return s;
  };
  struct Case {
    RuleSettings settings;
    std::string_view code;
    bool selected;
  };
  using V = std::vector<std::string>;
  const Case cases[] = {
      {settings(std::nullopt, std::nullopt), "CL201", true},
      {settings(V{"CL1"}, std::nullopt), "CL201", false},
      {settings(V{"CL1"}, std::nullopt), "CL101", true},
      {settings(V{""}, std::nullopt), "CL207", true},
      {settings(std::nullopt, V{"CL105"}), "CL105", false},
      {settings(std::nullopt, V{"CL105"}), "CL106", true},
      {settings(V{"CL"}, V{"CL1"}), "CL101", false},
      {settings(V{"CL"}, V{"CL1"}), "CL201", true},
      {settings(V{"CL101"}, V{"CL1"}), "CL101", true}, // more specific select wins
      {settings(V{"CL101"}, V{"CL1"}), "CL102", false},
      {settings(V{"CL101"}, V{"CL101"}), "CL101", false}, // a tie goes to ignore
      {settings(V{}, std::nullopt), "CL101", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ruleSelected(c.settings, c.code), c.selected) << c.code;
}

TEST(RuleSettings, Severities) {
  RuleSettings s;
  EXPECT_EQ(ruleSeverity(s, "CL102"), Severity::Error);
  EXPECT_EQ(ruleSeverity(s, "CL105"), Severity::Information);
  EXPECT_EQ(ruleSeverity(s, "CL106"), Severity::Hint);
  EXPECT_EQ(ruleSeverity(s, "CL201"), Severity::Warning);
  s.severity = SeverityMap{{"CL1", Severity::Hint}, {"CL105", std::nullopt}, {"", Severity::Error}};
  EXPECT_EQ(ruleSeverity(s, "CL101"), Severity::Hint);
  EXPECT_EQ(ruleSeverity(s, "CL105"), std::nullopt);
  EXPECT_EQ(ruleSeverity(s, "CL201"), Severity::Error);
  EXPECT_EQ(severityName(Severity::Information), "information");
}

TEST(RuleSettings, PerFileIgnoreGlobs) {
  struct Case {
    std::string_view pattern;
    std::string_view path;
    bool matches;
  };
  const Case cases[] = {
      {"tests/*", "tests/test_a.py", true},
      {"tests/*", "tests/unit/test_a.py", true}, // ruff's `*` crosses folders
      {"tests/*", "src/tests.py", false},
      {"tests/**/*.py", "tests/unit/a.py", true},
      {"./tests/*", "tests/a.py", true},
      {"tests/*", "./tests/a.py", true},
      {"__init__.py", "pkg/sub/__init__.py", true}, // no slash: the last component
      {"__init__.py", "pkg/__init__.pyc", false},
      {"test_*.py", "pkg/test_x.py", true},
      {"test_?.py", "test_a.py", true},
      {"test_?.py", "test_ab.py", false},
      {"[ab].py", "a.py", true},
      {"[!ab].py", "a.py", false},
      {"[a-c].py", "b.py", true},
      {"src/*.py", "other/src/a.py", false},
      {"*", "anything/at/all.py", true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(pathMatchesGlob(c.pattern, c.path), c.matches) << c.pattern << " vs " << c.path;

  RuleSettings s;
  s.perFileIgnores =
      std::vector<PerFileIgnore>{{"tests/*", {"CL101"}}, {"!src/*", {"CL2"}}, {"*.py", {}}};
  EXPECT_TRUE(ignoredForFile(s, "CL101", "tests/a.py"));
  EXPECT_FALSE(ignoredForFile(s, "CL102", "tests/a.py"));
  EXPECT_FALSE(ignoredForFile(s, "CL101", "src/a.py"));
  EXPECT_TRUE(ignoredForFile(s, "CL201", "tests/a.py")); // negated: not under src/
  EXPECT_FALSE(ignoredForFile(s, "CL201", "src/a.py"));
}

TEST(RuleSettings, PathForGlobs) {
  PyprojectSettings none;
  EXPECT_EQ(pathForGlobs("/work/p/src/a.py", none, "/work/p"), "src/a.py");
  EXPECT_EQ(pathForGlobs("/elsewhere/a.py", none, "/work/p"), "/elsewhere/a.py");
  PyprojectSettings config;
  config.file = "/work/p/sub/pyproject.toml";
  EXPECT_EQ(pathForGlobs("/work/p/sub/tests/../tests/t.py", config, "/"), "tests/t.py");
}

TEST(PyprojectLoader, NearestConfiguringFileUpward) {
  testing::TempFolder dir;
  dir.write("pyproject.toml", "[tool.closurelens]\nignore = [\"CL105\"]\n");
  dir.write("pkg/pyproject.toml", "[project]\nname = \"no section here\"\n");
  dir.write("pkg/sub/mod.py", "x = 1\n");
  dir.write("other/pyproject.toml", "[tool.closurelens]\nselect = [\"CL2\"]\n");
  dir.write("other/mod.py", "x = 1\n");
  dir.write("broken/pyproject.toml", "[tool.closurelens\n");
  dir.write("broken/mod.py", "x = 1\n");

  PyprojectLoader loader;
  auto pkg = loader.settingsFor(dir.path() / "pkg/sub/mod.py");
  EXPECT_EQ(pkg->file, dir.path() / "pyproject.toml"); // pkg/'s has no [tool.closurelens]
  EXPECT_EQ(pkg->settings.ignore, std::vector<std::string>{"CL105"});

  auto other = loader.settingsFor(dir.path() / "other/mod.py");
  EXPECT_EQ(other->file, dir.path() / "other/pyproject.toml");
  EXPECT_EQ(other->settings.select, std::vector<std::string>{"CL2"});

  auto broken = loader.settingsFor(dir.path() / "broken/mod.py");
  EXPECT_EQ(broken->file, dir.path() / "broken/pyproject.toml");
  ASSERT_EQ(broken->problems.size(), 1u);
  EXPECT_EQ(broken->problems.front().line, 1u);
  EXPECT_FALSE(broken->settings.select);
}

TEST(PyprojectLoader, CachesByModificationTimeAndSize) {
  testing::TempFolder dir;
  dir.write("pyproject.toml", "[tool.closurelens]\nignore = [\"CL105\"]\n");
  PyprojectLoader loader;
  auto first = loader.load(dir.path() / "pyproject.toml");
  auto again = loader.load(dir.path() / "pyproject.toml");
  EXPECT_EQ(first.get(), again.get()); // the cached parse

  dir.write("pyproject.toml", "[tool.closurelens]\nignore = [\"CL105\", \"CL106\"]\n");
  auto changed = loader.load(dir.path() / "pyproject.toml");
  EXPECT_NE(first.get(), changed.get());
  EXPECT_EQ(changed->settings.ignore, (std::vector<std::string>{"CL105", "CL106"}));
}

TEST(PyprojectLoader, NoneFound) {
  testing::TempFolder dir;
  dir.write("mod.py", "x = 1\n");
  PyprojectLoader loader;
  auto none = loader.settingsFor(dir.path() / "mod.py");
  // /tmp's ancestors have no pyproject.toml on a sane machine; the search ends at the root.
  if (none->file.empty()) {
    EXPECT_FALSE(none->settings.select);
    EXPECT_TRUE(none->problems.empty());
  }
}

TEST(PyprojectLookup, TheLoadersAnswersRememberedPerFolder) {
  testing::TempFolder dir;
  dir.write("pyproject.toml", "[tool.closurelens]\nignore = [\"CL105\"]\n");
  dir.write("pkg/pyproject.toml", "[project]\nname = \"no section here\"\n");
  dir.write("other/pyproject.toml", "[tool.closurelens]\nselect = [\"CL2\"]\n");
  dir.write("broken/pyproject.toml", "[tool.closurelens\n");
  const std::vector<std::string> files = {
      "pkg/sub/deep/a.py", "pkg/sub/b.py", "pkg/c.py", "other/x/y.py",
      "other/z.py",        "broken/m.py",  "top.py",   "pkg/sub/deep/d.py"};
  PyprojectLoader loader;
  // Asked from several threads at once, deep folders first and shallow ones first.
  PyprojectLookup lookup(loader);
  std::vector<std::shared_ptr<const PyprojectSettings>> forward(files.size());
  std::vector<std::shared_ptr<const PyprojectSettings>> backward(files.size());
  std::thread other([&] {
    for (size_t i = files.size(); i-- > 0;)
      backward[i] = lookup.settingsFor(dir.path() / files[i]);
  });
  for (size_t i = 0; i < files.size(); ++i)
    forward[i] = lookup.settingsFor(dir.path() / files[i]);
  other.join();
  for (size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE(files[i]);
    const auto expected = loader.settingsFor(dir.path() / files[i]);
    EXPECT_EQ(forward[i]->file, expected->file);
    EXPECT_EQ(backward[i]->file, expected->file);
    EXPECT_EQ(forward[i]->settings.select, expected->settings.select);
    EXPECT_EQ(forward[i]->settings.ignore, expected->settings.ignore);
    EXPECT_EQ(forward[i]->problems.size(), expected->problems.size());
  }
  EXPECT_EQ(forward[0]->file, dir.path() / "pyproject.toml");
  EXPECT_EQ(forward[3]->file, dir.path() / "other/pyproject.toml");

  // Remembered for the run: a configuration written since is not looked for again by this
  // lookup, but a new one (the next run) sees it.
  dir.write("pkg/sub/pyproject.toml", "[tool.closurelens]\nselect = [\"CL3\"]\n");
  EXPECT_EQ(lookup.settingsFor(dir.path() / "pkg/sub/b.py")->file, dir.path() / "pyproject.toml");
  PyprojectLookup nextRun(loader);
  EXPECT_EQ(nextRun.settingsFor(dir.path() / "pkg/sub/b.py")->file,
            dir.path() / "pkg/sub/pyproject.toml");
}

} // namespace
} // namespace closurelens::server
