// The analysis's own step over a node's children (ChildIterator, analysis/syntax_tree.hpp) against
// tree-sitter's cursor on every node of sources chosen for the grammar's hidden nodes (blocks,
// repetitions, supertypes), fields reached through them, aliases, comments (extras), and broken
// code (ERROR and MISSING nodes). Each case also names children the iterator must report with
// their field, so that a walk that compared nothing cannot pass.
#include "analysis/syntax_tree.hpp"

#include "support/child_walk_comparison.hpp"
#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace closurelens::analysis {
namespace {

struct ChildCase {
  const char* name;
  std::string source;
  // "type:field" of children the iterator must report somewhere in the tree ("type:" for none).
  std::vector<std::string> reported;
};

void PrintTo(const ChildCase& c, std::ostream* os) {
  *os << c.name;
}

std::set<std::string> reportedChildren(TSNode root) {
  std::set<std::string> out;
  ChildIterator iterator;
  std::vector<TSNode> pending{root};
  while (!pending.empty()) {
    TSNode node = pending.back();
    pending.pop_back();
    iterator.reset(node);
    TSNode child;
    TSFieldId field = 0;
    while (iterator.next(child, field)) {
      const char* name = field ? ts_language_field_name_for_id(pythonLanguage(), field) : "";
      out.insert(std::string(ts_node_type(child)) + ":" + name);
      pending.push_back(child);
    }
  }
  return out;
}

void check(const ChildCase& c) {
  testing::ParsedSource parsed(c.source);
  testing::ChildWalkComparison result = testing::compareChildWalks(parsed.root(), parsed.text);
  EXPECT_EQ(result.mismatch, "");
  EXPECT_GT(result.nodes, 0u);
  const std::set<std::string> reported = reportedChildren(parsed.root());
  for (const std::string& expected : c.reported)
    EXPECT_TRUE(reported.count(expected)) << expected << " not reported; reported: " << [&] {
      std::string all;
      for (const std::string& r : reported)
        all += r + " ";
      return all;
    }();
}

std::string manyStatements(int count) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out += "x" + std::to_string(i) + " = f(" + std::to_string(i) + ")  # note\n";
  return out;
}

std::string deepNesting(int depth) {
  return "x = " + std::string(depth, '[') + "1" + std::string(depth, ']') + "\n";
}

class ChildIteratorTest : public ::testing::TestWithParam<ChildCase> {};

TEST_P(ChildIteratorTest, StepsAsTheCursorDoes) {
  check(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Sources, ChildIteratorTest,
    ::testing::Values(
        ChildCase{"Empty", "", {}},
        ChildCase{"Parameters",
                  "def f(a, b: int = 1, /, *c, d, e=2, **g) -> int:\n    return a\n",
                  {"identifier:name", "parameters:parameters", "block:body", "type:return_type",
                   "typed_default_parameter:", "default_parameter:"}},
        ChildCase{"CommentsBetweenFields",
                  "def f(  # a\n    a,  # b\n):  # c\n    # d\n    return a  # e\n",
                  {"comment:", "block:body", "return_statement:"}},
        ChildCase{"SimpleStatementsAsBlock",
                  "if x: a = 1; b = 2\nelif y: pass\nelse: c = 3\n",
                  {"block:consequence", "elif_clause:alternative", "else_clause:alternative",
                   "expression_statement:"}},
        ChildCase{"LoopsAndHandlers",
                  "for i, *j in k:\n    continue\nelse:\n    pass\n"
                  "while x:\n    break\ntry:\n    pass\nexcept (A, B) as e:\n    pass\n"
                  "except* C:\n    pass\nfinally:\n    pass\n",
                  {"pattern_list:left", "identifier:right", "else_clause:alternative",
                   "finally_clause:", "except_clause:", "as_pattern_target:alias",
                   "list_splat_pattern:"}},
        ChildCase{"ImportsAndAliases",
                  "import a.b as c, d\nfrom .e import (f as g, h)\nfrom i import *\n",
                  {"aliased_import:name", "dotted_name:module_name", "identifier:alias",
                   "wildcard_import:"}},
        ChildCase{"MatchPatterns",
                  "match p:\n    case [1, *rest] | (2, _) as q if q:\n        pass\n"
                  "    case {'k': v, **kw}:\n        pass\n    case Point(x=0, y=yy):\n"
                  "        pass\n    case type:\n        pass\n",
                  {"identifier:subject", "case_clause:alternative", "case_pattern:value",
                   "splat_pattern:", "keyword_pattern:", "if_clause:guard", "block:consequence"}},
        ChildCase{"ComprehensionsAndLambdas",
                  "a = [x for x in y if x if not x in z for w in x]\n"
                  "b = {k: v for k, v in d.items()}\nc = (lambda q, *r: q)(1)\n"
                  "d = [lambda: i for i in range(3) if (lambda: i)]\n",
                  {"for_in_clause:", "if_clause:", "parenthesized_expression:function",
                   "lambda_parameters:parameters", "not_operator:", "comparison_operator:argument",
                   "in:operators"}},
        ChildCase{"StringsAndInterpolation",
                  "s = f'{a!r:>{w}} {b=}' 'x' rb'\\n'\nt = \"\"\"doc\n\"\"\"\n",
                  {"interpolation:", "format_specifier:format_specifier",
                   "type_conversion:type_conversion", "concatenated_string:right"}},
        ChildCase{"DecoratorsClassesAndTypes",
                  "@a.b(c)\n@d\nclass K(B, metaclass=M):\n    x: int = 1\n"
                  "    def m(self): return super().m()\n"
                  "type T[U: int, *V, **W] = list[U]\n",
                  {"decorator:", "decorated_definition:", "class_definition:definition",
                   "argument_list:superclasses", "keyword_argument:", "type_alias_statement:"}},
        ChildCase{"OperatorsAndContinuations",
                  "x = a if b else \\\n    c or not d and e is not f\ny = -a ** ~b // c @ d\n"
                  "with (open(p) as f, g):\n    del f[0], g.h\n    global q\n",
                  {"conditional_expression:right", "is not:operators",
                   "line_continuation:", "~:operator", "with_item:", "delete_statement:"}},
        ChildCase{"BrokenCode",
                  "def f(:\n    return (1,\nclass K\n    x = [1, 2\ndef g(): return (2",
                  {"ERROR:"}},
        ChildCase{"MissingTokens", "x = (1 +\nif y\n    pass\n", {"ERROR:"}},
        ChildCase{"UnicodeAndTabs",
                  "def é(ß):\n\treturn '→' + ß  # ✓\n",
                  {"identifier:name", "string:left", "comment:"}},
        ChildCase{"ManyStatements", manyStatements(3000), {"expression_statement:", "comment:"}},
        ChildCase{"DeepNesting", deepNesting(300), {"list:", "integer:"}}),
    [](const ::testing::TestParamInfo<ChildCase>& info) { return std::string(info.param.name); });

} // namespace
} // namespace closurelens::analysis
