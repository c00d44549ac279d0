// The statements the scope walk records for the decorator model (statement_index.hpp): each
// block it holds lists exactly the block's named children other than comments, the module and
// every def and class body are held, each def and class has its name, parameters and body, and
// the model built from it equals the one that walks the tree itself.
#include "analysis/decorator_model.hpp"
#include "analysis/python_grammar_ids.hpp"
#include "analysis/scope_tree.hpp"
#include "analysis/statement_index.hpp"

#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace closurelens::analysis {
namespace {

struct IndexCase {
  const char* name;
  std::string source;
};

std::vector<TSNode> namedChildrenButComments(TSNode node) {
  std::vector<TSNode> out;
  const uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (std::string_view(ts_node_type(child)) != "comment") out.push_back(child);
  }
  return out;
}

template <class Visit> void forEachNode(TSNode node, Visit&& visit) {
  visit(node);
  const uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i)
    forEachNode(ts_node_child(node, i), visit);
}

void check(const IndexCase& c) {
  testing::ParsedSource parsed(c.source);
  StatementIndex index;
  ScopeTree withIndex = ScopeTree::build(parsed.root(), parsed.text, {}, index);
  EXPECT_TRUE(withIndex == ScopeTree::build(parsed.root(), parsed.text));

  size_t held = 0;
  forEachNode(parsed.root(), [&](TSNode node) {
    const std::string_view type = ts_node_type(node);
    std::vector<TSNode> listed;
    const bool found = index.forEachStatement(node, [&](TSNode s) { listed.push_back(s); });
    if (found) {
      ++held;
      const std::vector<TSNode> expected = namedChildrenButComments(node);
      ASSERT_EQ(listed.size(), expected.size()) << type << " at " << ts_node_start_byte(node);
      for (size_t i = 0; i < listed.size(); ++i)
        EXPECT_TRUE(ts_node_eq(listed[i], expected[i])) << type << " statement " << i;
    }
    TSNode parent = ts_node_parent(node);
    const std::string_view parentType = ts_node_is_null(parent) ? "" : ts_node_type(parent);
    const bool body = type == "block" && !ts_node_has_error(node) &&
                      (parentType == "function_definition" || parentType == "class_definition");
    if (type == "module" || body) {
      EXPECT_TRUE(found) << type << " at " << ts_node_start_byte(node);
    }
  });
  EXPECT_GT(held, 0U);

  // The outermost blocks of each compound statement and clause without errors are its block and
  // its clauses' blocks, the statement's own first: as the decorator model's walk finds them.
  const std::vector<std::string_view> clauses = {"elif_clause",    "else_clause",
                                                 "except_clause",  "except_group_clause",
                                                 "finally_clause", "case_clause"};
  const std::vector<std::string_view> compounds = {"if_statement",    "for_statement",
                                                   "while_statement", "try_statement",
                                                   "with_statement",  "match_statement"};
  auto isOneOf = [](std::string_view type, const std::vector<std::string_view>& types) {
    return std::find(types.begin(), types.end(), type) != types.end();
  };
  forEachNode(parsed.root(), [&](TSNode node) {
    const std::string_view type = ts_node_type(node);
    if (ts_node_has_error(node) || !(isOneOf(type, compounds) || isOneOf(type, clauses))) return;
    std::vector<std::pair<TSNode, bool>> expected;
    for (TSNode child : namedChildrenButComments(node)) {
      const std::string_view childType = ts_node_type(child);
      if (childType == "block") expected.emplace_back(child, true);
      if (!isOneOf(childType, clauses)) continue;
      for (TSNode part : namedChildrenButComments(child))
        if (std::string_view(ts_node_type(part)) == "block") expected.emplace_back(part, false);
    }
    std::vector<std::pair<TSNode, bool>> listed;
    ASSERT_TRUE(index.forEachOutermostBlock(
        node, [&](TSNode block, bool first) { listed.emplace_back(block, first); }))
        << type << " at " << ts_node_start_byte(node);
    ASSERT_EQ(listed.size(), expected.size()) << type << " at " << ts_node_start_byte(node);
    for (size_t i = 0; i < listed.size(); ++i) {
      EXPECT_TRUE(ts_node_eq(listed[i].first, expected[i].first)) << type << " block " << i;
      EXPECT_EQ(listed[i].second, expected[i].second) << type << " block " << i;
    }
  });

  // Every def and class the walk opened has its parts recorded as ts_node_child_by_field_id
  // finds them (the first child of each field).
  const PythonGrammarIds& ids = PythonGrammarIds::get();
  size_t definitions = 0;
  forEachNode(parsed.root(), [&](TSNode node) {
    const TSSymbol symbol = ts_node_symbol(node);
    if (symbol != ids.functionDefinition && symbol != ids.classDefinition) return;
    StatementIndex::DefinitionParts parts;
    ASSERT_TRUE(index.definitionParts(node, parts)) << "def at " << ts_node_start_byte(node);
    ++definitions;
    EXPECT_TRUE(ts_node_eq(parts.name, ts_node_child_by_field_id(node, ids.fieldName)));
    EXPECT_TRUE(ts_node_eq(parts.body, ts_node_child_by_field_id(node, ids.fieldBody)));
    EXPECT_TRUE(ts_node_eq(parts.parameters, ts_node_child_by_field_id(node, ids.fieldParameters)));
  });
  EXPECT_GT(definitions, 0U);

  DecoratorModel fromIndex = DecoratorModel::build(parsed.root(), parsed.text, nullptr, &index);
  DecoratorModel walked = DecoratorModel::build(parsed.root(), parsed.text);
  EXPECT_TRUE(fromIndex == walked);
  EXPECT_FALSE(walked.decorated().empty());
}

class StatementIndexTest : public ::testing::TestWithParam<IndexCase> {};

TEST_P(StatementIndexTest, ListsEachBlockAsTheTreeHasIt) {
  check(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Sources, StatementIndexTest,
    ::testing::Values(IndexCase{"DecoratorsInCompoundStatements", R"(import functools

def deco(fn):
    @functools.wraps(fn)
    def inner(*a):
        return fn(*a)
    return inner

if True:
    @deco
    def a():
        pass
else:
    try:
        @deco
        def b():
            pass
    except ValueError:
        for i in range(3):
            @deco
            def c():
                pass
        else:
            @deco
            class K:
                @property
                def p(self):
                    return 1
    finally:
        with open("f") as f:
            while False:
                @deco
                def d():
                    pass
)"},
                      IndexCase{"CommentsAndSemicolons", R"(# leading
def deco(fn):  # trailing
    # inside
    x = 1; y = 2  # two statements on a line
    return fn

@deco
# between the decorator and the def
def f():
    pass
)"},
                      IndexCase{"UnreachableStatements", R"(def deco(fn):
    return fn
    @deco
    def never():
        pass

@deco
def f():
    raise SystemExit
    x = 1
)"},
                      IndexCase{"MatchCases", R"(def deco(fn):
    return fn

match command:
    case "go":
        @deco
        def go():
            pass
    case _:
        pass
)"},
                      IndexCase{"BrokenCode", R"(def deco(fn):
    return fn

@deco
def before():
    y = [1,
    return y

@deco
def after():
    return 1 +

def twice(a)(b):
    pass

class def f(): pass
)"},
                      IndexCase{"GenericDefinitions", R"(def deco[T](fn: T) -> T:
    return fn

@deco
class Box[T]:
    @deco
    def get[U](self, default: U) -> T | U:
        return default
)"}),
    [](const ::testing::TestParamInfo<IndexCase>& info) { return info.param.name; });

} // namespace
} // namespace closurelens::analysis
