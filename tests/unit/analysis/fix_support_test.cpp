#include "analysis/checks/fix_support.hpp"

#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::analysis {
namespace {

// Where `import functools` lands (or which existing import is reused) for a given file head.
struct ImportCase {
  const char* name;
  std::string before;
  std::string expression; // how the fix refers to functools.wraps
  std::string after;      // the file once the import edit, if any, is applied
};

class ImportedNameTest : public ::testing::TestWithParam<ImportCase> {};

TEST_P(ImportedNameTest, PlacesOrReusesTheImport) {
  const ImportCase& c = GetParam();
  auto analyzed = testing::analyzeSource(c.before);
  ImportedName name = importedName(*analyzed, "functools", "wraps");
  EXPECT_EQ(name.expression, c.expression);
  std::string text = c.before;
  if (name.edit) {
    ASSERT_TRUE(applyEdits(text, {*name.edit}));
  }
  EXPECT_EQ(text, c.after);
}

INSTANTIATE_TEST_SUITE_P(
    Heads, ImportedNameTest,
    ::testing::Values(
        ImportCase{"FromImportReused", "from functools import wraps\nx = 1\n", "wraps",
                   "from functools import wraps\nx = 1\n"},
        ImportCase{"AliasReused", "import functools as ft\nx = 1\n", "ft.wraps",
                   "import functools as ft\nx = 1\n"},
        ImportCase{"AfterOtherImports", "import os\nimport sys\n\nx = 1\n", "functools.wraps",
                   "import os\nimport sys\nimport functools\n\nx = 1\n"},
        ImportCase{"AfterDocstringAndFuture",
                   "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\ndef f(): pass\n",
                   "functools.wraps",
                   "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport functools\n"
                   "def f(): pass\n"},
        ImportCase{"BelowShebangAndCoding",
                   "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\ndef f(): pass\n",
                   "functools.wraps",
                   "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport functools\n\n"
                   "def f(): pass\n"},
        ImportCase{"EmptyLineKept", "\ndef f(): pass\n", "functools.wraps",
                   "import functools\n\ndef f(): pass\n"},
        ImportCase{"CrlfFile", "import os\r\nx = 1\r\n", "functools.wraps",
                   "import os\r\nimport functools\r\nx = 1\r\n"}),
    [](const auto& info) { return info.param.name; });

TEST(IndentationTest, FollowsTheFileStep) {
  EXPECT_EQ(indentInside("def f():\n  return 1\n", ""), "  ");
  EXPECT_EQ(indentInside("def f():\n\treturn 1\n", "\t"), "\t\t");
  EXPECT_EQ(indentInside("x = 1\n", "    "), "        ");
  EXPECT_EQ(indentationAt("a\n\t  b = 1\n", 5), "\t  ");
}

} // namespace
} // namespace closurelens::analysis
