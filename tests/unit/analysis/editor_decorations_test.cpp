#include "analysis/cell_references.hpp"
#include "analysis/editor_decorations.hpp"

#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

std::string label(const InlayHintInfo& hint) {
  std::string out;
  for (const auto& part : hint.parts)
    out += part.value;
  return out;
}

// Inlay hints: each `^` marks where a hint must stand; `labels` lists them in order.
struct HintCase {
  const char* name;
  std::string source;
  std::vector<std::string> labels;
  InlayHintOptions options = {};
};

class InlayHintTest : public ::testing::TestWithParam<HintCase> {};

TEST_P(InlayHintTest, Shows) {
  const HintCase& c = GetParam();
  testing::Annotated a = testing::annotate(c.source);
  auto doc = testing::analyzeSource(a.code);
  auto hints = inlayHints(*doc, {0, static_cast<uint32_t>(a.code.size())}, c.options);
  ASSERT_EQ(hints.size(), c.labels.size());
  ASSERT_EQ(a.points.size(), c.labels.size());
  for (size_t i = 0; i < hints.size(); ++i) {
    EXPECT_EQ(label(hints[i]), c.labels[i]) << "hint " << i;
    EXPECT_EQ(hints[i].position, a.points[i]) << "hint " << i;
    EXPECT_FALSE(hints[i].tooltip.empty());
  }
}

InlayHintOptions only(bool captures, bool application, bool lateBound, uint32_t maxLength = 60) {
  InlayHintOptions o;
  o.captures = captures;
  o.decoratorApplication = application;
  o.lateBound = lateBound;
  o.maxLength = maxLength;
  return o;
}

INSTANTIATE_TEST_SUITE_P(
    Hints, InlayHintTest,
    ::testing::Values(HintCase{"CapturesAfterHeader",
                               "def throttle(limit):\n"
                               "    def decorate(fn):^\n"
                               "        seen = 0\n"
                               "        def gate(*args):^\n"
                               "            nonlocal seen\n"
                               "            seen += 1\n"
                               "            return fn(*args) if seen < limit else None\n"
                               "        return gate\n"
                               "    return decorate\n",
                               {"captures: limit", "captures: fn, limit, seen"}},
                      HintCase{"LambdaAndLateBound",
                               "def make(names):\n"
                               "    out = []\n"
                               "    for name in names:\n"
                               "        out.append(lambda:^ print(name^))\n"
                               "    return out\n",
                               {"captures: name", "late-bound"}},
                      HintCase{"DecoratorApplicationShortened",
                               "def log(f):\n"
                               "    return f\n"
                               "def retry(times):\n"
                               "    return log\n"
                               "@log^\n"
                               "@retry(times=3)\n"
                               "def ping():\n"
                               "    pass\n",
                               {"ping = log(retry(times=3)…"},
                               only(false, true, false, 26)},
                      HintCase{"KindsCanBeTurnedOff",
                               "def outer(n):\n"
                               "    def inner():\n"
                               "        return n\n"
                               "    return inner\n",
                               {},
                               only(false, false, false)},
                      HintCase{"NoHintForPlainFunctions", "def f(x):\n    return x\n", {}},
                      // The generic's type-parameter scope captures y too (passing it through):
                      // one hint, the function's.
                      HintCase{"GenericFunctionOneHint",
                               "def outer(y):\n"
                               "    def f[T: int](a: T) -> T:^\n"
                               "        return y\n"
                               "    type Alias = list[y]\n"
                               "    return f\n",
                               {"captures: y"}}),
    [](const auto& info) { return info.param.name; });

TEST(InlayHintTest, CapturePartsLinkToBindings) {
  testing::Annotated a = testing::annotate("def outer(⟦n⟧):\n"
                                           "    def inner():\n"
                                           "        return n\n"
                                           "    return inner\n");
  auto doc = testing::analyzeSource(a.code);
  auto hints = inlayHints(*doc, {0, static_cast<uint32_t>(a.code.size())}, {});
  ASSERT_EQ(hints.size(), 1u);
  ASSERT_EQ(hints[0].parts.size(), 2u);
  ASSERT_TRUE(hints[0].parts[1].target.has_value());
  EXPECT_EQ(*hints[0].parts[1].target, (ByteRange{a.range().first, a.range().second}));
}

// Semantic tokens: every ⟦ ⟧ is a token, in order, with the modifiers listed.
struct TokenCase {
  const char* name;
  std::string source;
  std::vector<std::pair<TokenType, uint32_t>> tokens;
};

class SemanticTokenTest : public ::testing::TestWithParam<TokenCase> {};

TEST_P(SemanticTokenTest, Marks) {
  const TokenCase& c = GetParam();
  testing::Annotated a = testing::annotate(c.source);
  auto doc = testing::analyzeSource(a.code);
  auto tokens = semanticTokens(*doc, {0, static_cast<uint32_t>(a.code.size())});
  ASSERT_EQ(tokens.size(), c.tokens.size());
  ASSERT_EQ(a.ranges.size(), c.tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].range, (ByteRange{a.ranges[i].first, a.ranges[i].second})) << i;
    EXPECT_EQ(tokens[i].type, c.tokens[i].first) << i;
    EXPECT_EQ(tokens[i].modifiers, c.tokens[i].second) << i;
  }
}

constexpr uint32_t kFree = token_modifier::FreeVariable;
constexpr uint32_t kCell = token_modifier::CellVariable;
constexpr uint32_t kRebound = token_modifier::Rebound;

INSTANTIATE_TEST_SUITE_P(
    Tokens, SemanticTokenTest,
    ::testing::Values(TokenCase{"ParameterCellAndFreeUse",
                                "def outer(⟦n⟧):\n"
                                "    def inner():\n"
                                "        return ⟦n⟧\n"
                                "    return inner\n",
                                {{TokenType::Parameter, kCell}, {TokenType::Parameter, kFree}}},
                      TokenCase{"ReboundThroughNonlocal",
                                "def counter():\n"
                                "    ⟦count⟧ = 0\n"
                                "    def bump():\n"
                                "        nonlocal ⟦count⟧\n"
                                "        ⟦count⟧ += 1\n"
                                "    return bump\n",
                                {{TokenType::Variable, kCell},
                                 {TokenType::Variable, kFree | kRebound},
                                 {TokenType::Variable, kFree | kRebound}}},
                      TokenCase{"CapturedFunction",
                                "def outer():\n"
                                "    def ⟦helper⟧():\n"
                                "        return 1\n"
                                "    return lambda: ⟦helper⟧()\n",
                                {{TokenType::Function, kCell}, {TokenType::Function, kFree}}},
                      TokenCase{"DecoratorHead",
                                "import functools\n"
                                "@⟦functools.cache⟧\n"
                                "def f():\n"
                                "    pass\n",
                                {{TokenType::Decorator, 0}}},
                      // LSP tokens stay on one line: a head continued with a backslash is
                      // one token per line, without the backslash and the indentation.
                      TokenCase{"DecoratorHeadContinuedOverLines",
                                "import functools\n"
                                "@⟦functools⟧ \\\n"
                                "  ⟦.cache⟧\n"
                                "def f():\n"
                                "    pass\n",
                                {{TokenType::Decorator, 0}, {TokenType::Decorator, 0}}}),
    [](const auto& info) { return info.param.name; });

TEST(CellReferencesTest, CoverOwnerAndEveryCapturingScope) {
  testing::Annotated a = testing::annotate("def counter():\n"
                                           "    ⟦count⟧ = 0\n"
                                           "    def bump():\n"
                                           "        nonlocal ⟦count⟧\n"
                                           "        ⟦count⟧ += 1\n"
                                           "        return ⟦co^unt⟧\n"
                                           "    def peek():\n"
                                           "        return ⟦count⟧\n"
                                           "    return bump, peek\n");
  auto doc = testing::analyzeSource(a.code);
  auto cell = cellAt(*doc, a.point());
  ASSERT_TRUE(cell.has_value());
  EXPECT_EQ(cell->name, "count");
  auto refs = cellReferences(*doc, *cell);
  ASSERT_EQ(refs.size(), a.ranges.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    EXPECT_EQ(refs[i].range, (ByteRange{a.ranges[i].first, a.ranges[i].second})) << i;
  }
  EXPECT_TRUE(refs[0].binding);
  EXPECT_TRUE(refs[0].write);
  EXPECT_FALSE(refs[1].write); // the nonlocal declaration names the cell, writes nothing
  EXPECT_TRUE(refs[2].write);
  EXPECT_FALSE(refs[2].binding); // a rebinding in an inner scope is not where the cell lives
  EXPECT_FALSE(refs[3].write);
}

TEST(CellReferencesTest, NothingForPlainLocals) {
  testing::Annotated a = testing::annotate("def f():\n    x = 1\n    return ^x\n");
  auto doc = testing::analyzeSource(a.code);
  EXPECT_FALSE(cellAt(*doc, a.point()).has_value());
}

} // namespace
} // namespace closurelens::analysis
