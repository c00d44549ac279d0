// Runs every fixture of tests/data/fixes/: the file is analysed, the finding it names must be
// reported, its preferred fix is applied, the result must compile, and python3 run on the file
// before and after the fix must print what the fixture says. A fixture's header:
//
//   # expect: CL101 line 7            the finding (code and 1-based line) whose fix is applied
//   # fix: Bind `i` at definition     optional: the title of the fix to apply (default: preferred)
//   # before: [2, 2, 2]               optional: the last line python3 prints before the fix
//   # after: [0, 1, 2]                optional: the last line it prints after the fix
//   # after-contains: import functools  optional, repeatable: text the fixed file must contain
//
// Without before/after the fixture is only compiled (for code that cannot run on its own).
#include "analysis/checks.hpp"

#include "support/python_source.hpp"
#include "support/test_files.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  fs::path path;
  std::string code;
  uint32_t line = 0;
  std::string fixTitle;
  std::string before, after;
  std::vector<std::string> afterContains;
};

Fixture parseFixture(const fs::path& path) {
  Fixture f;
  f.path = path;
  std::istringstream in(testing::readFile(path));
  std::string line;
  auto value = [&](std::string_view key) -> std::optional<std::string> {
    std::string prefix = "# " + std::string(key) + ": ";
    if (line.rfind(prefix, 0) != 0) return std::nullopt;
    return line.substr(prefix.size());
  };
  while (std::getline(in, line)) {
    // CRLF fixtures: the header values end at the line, not at its carriage return.
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (auto v = value("expect")) {
      std::istringstream parts(*v);
      std::string word;
      parts >> f.code >> word >> f.line;
    } else if (auto v = value("fix")) {
      f.fixTitle = *v;
    } else if (auto v = value("before")) {
      f.before = *v;
    } else if (auto v = value("after")) {
      f.after = *v;
    } else if (auto v = value("after-contains")) {
      f.afterContains.push_back(*v);
    }
  }
  return f;
}

struct RunResult {
  int status = -1;
  std::string output;
};

RunResult run(const std::string& command) {
  RunResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe))
    result.output += buffer.data();
  result.status = pclose(pipe);
  return result;
}

std::string lastLine(const std::string& output) {
  std::string text = output;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  size_t nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> out;
  fs::path dir = fs::path(CLOSURELENS_TEST_DATA) / "fixes";
  if (fs::exists(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".py") out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class FixFixtureTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(FixFixtureTest, FixIsCorrectWhenRun) {
  Fixture f = parseFixture(GetParam());
  ASSERT_FALSE(f.code.empty()) << GetParam() << " has no `# expect:` line";
  std::string source = testing::readFile(f.path);
  auto analyzed = testing::analyzeSource(source);
  std::vector<Finding> findings = runAllChecks(*analyzed);
  const Finding* finding = nullptr;
  for (const Finding& candidate : findings) {
    if (candidate.code == f.code && analyzed->lineNumber(candidate.range.start) == f.line) {
      finding = &candidate;
    }
  }
  std::string reported;
  for (const Finding& c : findings) {
    reported += "\n  " + c.code + " line " + std::to_string(analyzed->lineNumber(c.range.start)) +
                ": " + c.message;
  }
  ASSERT_NE(finding, nullptr) << f.code << " not reported at line " << f.line
                              << "; reported:" << reported;
  const Fix* fix = nullptr;
  for (const Fix& candidate : finding->fixes) {
    if (f.fixTitle.empty() ? candidate.preferred : candidate.title == f.fixTitle) fix = &candidate;
  }
  ASSERT_NE(fix, nullptr) << "no " << (f.fixTitle.empty() ? "preferred fix" : f.fixTitle);
  std::string fixed = source;
  ASSERT_TRUE(applyEdits(fixed, fix->edits)) << "the fix's edits overlap";
  for (const std::string& piece : f.afterContains) {
    EXPECT_NE(fixed.find(piece), std::string::npos) << "fixed file lacks: " << piece << "\n"
                                                    << fixed;
  }

  testing::TempFolder dir("closurelens-fix");
  fs::path before = dir.write("before_" + f.path.filename().string(), source);
  fs::path after = dir.write("after_" + f.path.filename().string(), fixed);

  RunResult compiled =
      run("python3 -c \"import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "
          "'exec')\" " +
          quoted(after));
  EXPECT_EQ(compiled.status, 0) << "the fixed file does not compile:\n"
                                << compiled.output << "\n"
                                << fixed;
  if (!f.before.empty()) {
    RunResult ran = run("python3 -I " + quoted(before));
    EXPECT_EQ(lastLine(ran.output), f.before) << "before the fix:\n" << ran.output;
  }
  if (!f.after.empty()) {
    RunResult ran = run("python3 -I " + quoted(after));
    EXPECT_EQ(lastLine(ran.output), f.after) << "after the fix:\n" << ran.output << "\n" << fixed;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixFixtureTest, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) {
                           std::string name = info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FixFixtureTest);

} // namespace
} // namespace closurelens::analysis
