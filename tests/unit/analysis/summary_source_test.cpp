// The text the workspace index parses: bodies that cannot matter to a summary are blanked, lines
// stay where they were, and whatever could be a decorator (or a class's __init__/__call__/__get__)
// is left as written. Python's line structure decides what a body is: strings, brackets and
// backslashes can hide column-0 text. (tests/corpus checks summaries of whole standard-library
// files against those of their reduced text.)
#include "analysis/summary_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace closurelens::analysis {
namespace {

struct ReductionCase {
  const char* name;
  std::string source;
  std::string expected; // empty: nothing to blank
};

void PrintTo(const ReductionCase& c, std::ostream* os) {
  *os << c.name;
}

class SummarySourceTest : public ::testing::TestWithParam<ReductionCase> {};

TEST_P(SummarySourceTest, Reduces) {
  const ReductionCase& c = GetParam();
  std::string out = "untouched";
  bool reduced = reduceForSummary(c.source, out);
  if (c.expected.empty()) {
    EXPECT_FALSE(reduced);
    EXPECT_EQ(out, "untouched");
    return;
  }
  ASSERT_TRUE(reduced);
  EXPECT_EQ(out, c.expected);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'),
            std::count(c.source.begin(), c.source.end(), '\n'));
}

INSTANTIATE_TEST_SUITE_P(
    All, SummarySourceTest,
    ::testing::Values(
        ReductionCase{"plain_function_body",
                      "import os\n\ndef helper(path):\n    x = os.sep + path\n    return x\n\n"
                      "TIMEOUT = 3\n",
                      "import os\n\ndef helper(path):\n    pass\n\n\nTIMEOUT = 3\n"},
        ReductionCase{"decorators_are_kept",
                      "def timed(fn):\n    def wrapper(*a):\n        return fn(*a)\n"
                      "    return wrapper\n"
                      "def register(fn):\n    REGISTRY.append(fn)\n    return fn\n"
                      "def adapter(cb):\n    return lambda *a: cb(*a)\n",
                      ""},
        ReductionCase{
            "decorated_function_and_async",
            "@cache\nasync def load(key):\n    data = await fetch(key)\n    return data\n",
            "@cache\nasync def load(key):\n    pass\n\n"},
        ReductionCase{"methods_other_than_the_three",
                      "class Memo:\n    \"\"\"Doc.\"\"\"\n    def __init__(self, fn):\n"
                      "        self.fn = fn\n    def __call__(self, *a):\n"
                      "        return self.fn(*a)\n    def clear(self):\n        self.cache = {}\n"
                      "        return None\n    async def close(self):\n        await self.x\n",
                      "class Memo:\n    \"\"\"Doc.\"\"\"\n    def __init__(self, fn):\n"
                      "        self.fn = fn\n    def __call__(self, *a):\n"
                      "        return self.fn(*a)\n    def clear(self):\n        pass\n"
                      "\n    async def close(self):\n        pass\n"},
        ReductionCase{"column_zero_text_in_a_string",
                      "def usage():\n    text = \"\"\"\nNOT_CODE = 2\n\"\"\"\n    print(text)\n"
                      "VALUE = 1\n",
                      "def usage():\n    pass\n\n\n\nVALUE = 1\n"},
        ReductionCase{"brackets_and_backslashes",
                      "def total(a,\n          b):\n    values = [\n1, 2]\n    s = 1 + \\\n2\n"
                      "    return s\nEND = 0\n",
                      "def total(a,\n          b):\n    pass\n\n\n\n\nEND = 0\n"},
        ReductionCase{"comments_at_column_zero_inside_a_body",
                      "def f(x):\n    a = 1\n# a comment\n    return a\nB = 2\n",
                      "def f(x):\n    pass\n\n\nB = 2\n"},
        ReductionCase{
            "returns_a_header_name",
            "def maybe(fn, flag=False):\n    if flag:\n        return fn\n    return None\n", ""},
        ReductionCase{"crlf_line_endings", "def f():\r\n    return 1\r\nX = 1\r\n",
                      "def f():\r\n    pass\r\nX = 1\r\n"},
        ReductionCase{"one_line_definitions", "def f(): return 1\nclass C: pass\n", ""},
        ReductionCase{"nested_blocks_are_left_alone", "if True:\n    def f():\n        return 1\n",
                      ""}),
    [](const ::testing::TestParamInfo<ReductionCase>& info) { return info.param.name; });

} // namespace
} // namespace closurelens::analysis
