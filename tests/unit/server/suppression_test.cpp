// Suppression comments: every accepted spelling, aliases through the catalogue, the file-level
// switch, and the places that look like a comment but are not one (strings, other lines).
#include "server/suppression.hpp"

#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

namespace closurelens::server {
namespace {

struct Case {
  std::string_view name;
  std::string_view source; // `^` marks where the finding starts
  std::string_view code;
  bool suppressed;
};

bool suppressedAt(const Case& c) {
  testing::Annotated annotated = testing::annotate(c.source);
  auto doc = testing::analyzeSource(annotated.code);
  analysis::Finding finding;
  finding.code = std::string(c.code);
  finding.range = {annotated.point(), annotated.point() + 1};
  return Suppressions(*doc).suppresses(finding);
}

TEST(Suppression, EverySpelling) {
  const Case cases[] = {
      {"no comment", "^x = 1\n", "CL201", false},
      {"bare noqa", "^x = 1  # noqa\n", "CL201", true},
      {"bare noqa, no space", "^x = 1  #noqa\n", "CL102", true},
      {"NOQA upper case", "^x = 1  # NOQA\n", "CL201", true},
      {"noqa with code", "^x = 1  # noqa: CL201\n", "CL201", true},
      {"noqa with another code", "^x = 1  # noqa: CL201\n", "CL101", false},
      {"noqa lower-case code", "^x = 1  # noqa: cl201\n", "CL201", true},
      {"noqa comma list", "^x = 1  # noqa: CL201,CL101\n", "CL101", true},
      {"noqa comma list, spaces", "^x = 1  # noqa: CL201, CL101\n", "CL101", true},
      {"noqa no space, space list", "^x = 1  # noqa:CL201 CL101\n", "CL101", true},
      {"noqa colon alone is bare", "^x = 1  # noqa:\n", "CL205", true},
      {"noqa code then prose", "^x = 1  # noqa: CL201 because reasons\n", "CL201", true},
      {"noqa prose is not a code", "^x = 1  # noqa: CL201 because reasons\n", "CL101", false},
      {"noqa prefix", "^x = 1  # noqa: CL2\n", "CL205", true},
      {"noqa prefix other family", "^x = 1  # noqa: CL2\n", "CL101", false},
      {"noqa rule name", "^x = 1  # noqa: missing-wraps\n", "CL201", true},
      {"noqa alias B023", "^x = 1  # noqa: B023\n", "CL101", true},
      {"noqa alias B023 not CL102", "^x = 1  # noqa: B023\n", "CL102", false},
      {"noqa alias F823", "^x = 1  # noqa: F823\n", "CL102", true},
      {"noqa alias B019", "^x = 1  # noqa: E501, B019\n", "CL207", true},
      {"noqa after another comment", "^x = 1  # type: ignore  # noqa: CL201\n", "CL201", true},
      {"noqa-like word", "^x = 1  # noqatest\n", "CL201", false},
      {"noqa mentioned in prose", "^x = 1  # we do not use noqa here\n", "CL201", false},
      {"pylint name", "^x = 1  # pylint: disable=cell-var-from-loop\n", "CL101", true},
      {"pylint code", "^x = 1  # pylint: disable=W0640\n", "CL101", true},
      {"pylint list", "^x = 1  # pylint: disable=unused-import, cell-var-from-loop\n", "CL101",
       true},
      {"pylint no spaces", "^x = 1  # pylint:disable=W0640\n", "CL101", true},
      {"pylint other message", "^x = 1  # pylint: disable=unused-import\n", "CL101", false},
      {"pylint all", "^x = 1  # pylint: disable=all\n", "CL203", true},
      {"pylint after text", "^x = 1  # type: ignore; pylint: disable=W0640\n", "CL101", true},
      {"pylint disable-next is another line", "^x = 1  # pylint: disable-next=W0640\n", "CL101",
       false},
      {"pylint alias E0601", "^x = 1  # pylint: disable=E0601\n", "CL102", true},
      {"closurelens ignore one", "^x = 1  # closurelens: ignore[CL201]\n", "CL201", true},
      {"closurelens ignore other", "^x = 1  # closurelens: ignore[CL201]\n", "CL202", false},
      {"closurelens ignore list", "^x = 1  # closurelens: ignore[CL201, CL101]\n", "CL101", true},
      {"closurelens ignore lower case", "^x = 1  # closurelens: ignore[cl101]\n", "CL101", true},
      {"closurelens ignore bare", "^x = 1  # closurelens: ignore\n", "CL101", true},
      {"closurelens ignore-file is not a line", "x = 1\n^y = 2  # closurelens: ignore-file\n",
       "CL101", false},
      {"comment on its own line above", "# noqa\n^x = 1\n", "CL201", false},
      {"comment on the next line", "^x = 1\n# noqa\n", "CL201", false},
      {"finding on the second line of a statement", "x = f(\n    ^a,  # noqa: CL101\n)\n", "CL101",
       true},
      {"comment on the statement's last line", "^x = f(\n    a,\n)  # noqa\n", "CL101", false},
      {"noqa inside a string", "^x = \"# noqa\"\n", "CL201", false},
      {"noqa inside a string, then a real one", "^x = \"# noqa: CL101\"  # noqa: CL201\n", "CL201",
       true},
      {"noqa inside a string, not the real one", "^x = \"# noqa: CL101\"  # noqa: CL201\n", "CL101",
       false},
      {"noqa inside a triple-quoted string", "^x = '''\n# noqa\n'''\n", "CL201", false},
      {"noqa inside the string's second line", "x = '''\n^# noqa\n'''\n", "CL201", false},
      {"noqa in an f-string", "^x = f\"{y} # noqa\"\n", "CL201", false},
      {"comment in broken code", "def f(:\n    ^x = 1  # noqa: CL102\n", "CL102", true},
      {"CRLF line", "^x = 1  # noqa: CL201\r\ny = 2\r\n", "CL201", true},
      {"last line without newline", "y = 1\n^x = 1  # noqa", "CL201", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(suppressedAt(c), c.suppressed) << c.name << ": " << c.source;
  }
}

TEST(Suppression, IgnoreFileAboveTheFirstStatement) {
  const Case cases[] = {
      {"first line", "# closurelens: ignore-file\nimport os\n^x = 1\n", "CL201", true},
      {"after a shebang", "#!/usr/bin/env python3\n# closurelens: ignore-file\n^x = 1\n", "CL101",
       true},
      {"after blank lines", "\n\n# closurelens: ignore-file\n\n^x = 1\n", "CL101", true},
      {"only comments", "# closurelens: ignore-file\n^# nothing else\n", "CL101", true},
      {"with codes", "# closurelens: ignore-file[CL201, CL105]\n^x = 1\n", "CL105", true},
      {"with codes, another code", "# closurelens: ignore-file[CL201]\n^x = 1\n", "CL101", false},
      {"after the docstring", "\"\"\"Doc.\"\"\"\n# closurelens: ignore-file\n^x = 1\n", "CL201",
       false},
      {"after a statement", "import os\n# closurelens: ignore-file\n^x = 1\n", "CL201", false},
      {"inside a string", "\"# closurelens: ignore-file\"\n^x = 1\n", "CL201", false},
      {"misspelt", "# closurelens: ignore-files\n^x = 1\n", "CL201", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(suppressedAt(c), c.suppressed) << c.name << ": " << c.source;
  }
}

TEST(Suppression, ParseCommentDirectly) {
  CommentSuppression noqa = parseSuppressionComment("# noqa: CL201, B023 CL1");
  EXPECT_FALSE(noqa.everything);
  EXPECT_EQ(noqa.codes, (std::vector<std::string>{"CL201", "CL101"}));
  EXPECT_EQ(noqa.prefixes, (std::vector<std::string>{"CL1"}));
  EXPECT_TRUE(parseSuppressionComment("# noqa").everything);
  EXPECT_TRUE(parseSuppressionComment("# unrelated").empty());
  EXPECT_TRUE(parseFileSuppressionComment("# closurelens: ignore-file").everything);
  EXPECT_TRUE(parseFileSuppressionComment("# closurelens: ignore[CL101]").empty());
  EXPECT_TRUE(parseFileSuppressionComment("# noqa").empty());
}

} // namespace
} // namespace closurelens::server
