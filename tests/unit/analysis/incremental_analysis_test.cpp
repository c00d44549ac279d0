// Incremental analysis: after an edit, AnalyzedDocument::analyze with the previous version must
// give exactly what a from-scratch analysis gives, while reusing what the edit did not touch.
// Each case marks the replaced text with ⟦ ⟧ (or the insertion point with ^).
#include "analysis/analyzed_document.hpp"
#include "support/annotated_source.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::analysis {
namespace {

struct IncrementalCase {
  const char* name;
  std::string before; // annotated
  std::string inserted;
  uint32_t analysed;    // statements analysed again (module statements, class headers, members)
  bool decoratorsMoved; // the decorator model was moved rather than rebuilt
};

void check(const IncrementalCase& c) {
  testing::Annotated a = testing::annotate(c.before);
  const auto [start, end] = a.ranges.empty() ? std::pair{a.point(), a.point()} : a.range();
  Document doc(a.code);
  auto previous =
      AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr, AnalysisPurpose::Editing);
  ASSERT_TRUE(doc.applyEdit(start, end, c.inserted));
  auto incremental = AnalyzedDocument::analyze(doc.snapshot(), {}, previous.get());
  auto fresh = AnalyzedDocument::analyze(doc.snapshot());

  EXPECT_TRUE(incremental->scopes == fresh->scopes) << doc.text();
  EXPECT_TRUE(incremental->decorators == fresh->decorators) << doc.text();
  EXPECT_TRUE(incremental->scopes == ScopeTree::build(doc.snapshot().root(), doc.text()));
  EXPECT_EQ(incremental->reuse.statementsAnalysed, c.analysed);
  EXPECT_EQ(incremental->reuse.decoratorsMoved, c.decoratorsMoved);
}

class IncrementalAnalysisTest : public ::testing::TestWithParam<IncrementalCase> {};

TEST_P(IncrementalAnalysisTest, EqualsFromScratchAndReusesTheRest) {
  check(GetParam());
}

const std::string kThrottle = R"(import functools

def throttle(limit):
    def decorate(fn):
        seen = 0
        @functools.wraps(fn)
        def gate(*args, **kwargs):
            nonlocal seen
            seen += 1
            return fn(*args, **kwargs)
        return gate
    return decorate

@throttle(limit=3)
def ping():
    return "pong"
)";

INSTANTIATE_TEST_SUITE_P(
    Edits, IncrementalAnalysisTest,
    ::testing::Values(
        IncrementalCase{"TypingInAMethodBody",
                        "class K:\n    def a(self):\n        return 1\n"
                        "    def b(self):\n        x = ^1\n        return x\n",
                        "4", 1, true},
        IncrementalCase{"BlankLineBetweenMethodsMovesLaterOnes",
                        "class K:\n    def a(self):\n        return super().a()\n^"
                        "    def b(self):\n        return lambda: self\n",
                        "\n", 0, true},
        IncrementalCase{"NewCaptureInAClosure",
                        "def outer():\n    n = 1\n    def inner():\n        return ^0\n"
                        "    return inner\n\ndef other():\n    return 2\n",
                        "n", 1, true},
        IncrementalCase{"RenamingAClassChangesQualnamesOfItsMethods",
                        "class ⟦K⟧:\n    def m(self):\n        def inner():\n            pass\n",
                        "Renamed", 2, false}, // the header and the method, in a new class
        IncrementalCase{"SuperInOneMethodGivesTheClassItsCell",
                        "class K:\n    def a(self):\n        return ^None\n"
                        "    def b(self):\n        return 2\n",
                        "super().a() or ", 1, true},
        IncrementalCase{"FutureAnnotationsChangeEveryLaterStatement",
                        "^\ndef f(x: (lambda: 1)) -> int:\n    pass\n\nclass K:\n    y: int = 1\n",
                        "from __future__ import annotations\n", 4, false},
        IncrementalCase{"DeadCodeAtModuleLevelTakesTheWholeBuild",
                        "def f():\n    pass\n^\ndef g():\n    pass\n", "raise SystemExit\n", 1,
                        true},
        IncrementalCase{"GlobalInAClassBody", "class K:\n    ^\n    def f(self):\n        pass\n",
                        "global f", 2, false},
        IncrementalCase{"TypingInsideTheWrapperRebuildsTheModel",
                        R"(import functools

def throttle(limit):
    def decorate(fn):
        @functools.wraps(fn)
        def gate(*args, **kwargs):
            return fn(*args, **kwargs)^
        return gate
    return decorate

@throttle(limit=3)
def ping():
    return "pong"
)",
                        " + 1", 1, false},
        IncrementalCase{"ImportChangesTheModuleBindingsTheModelLooksUp",
                        "import functools\n^\ndef deco(fn):\n    @functools.wraps(fn)\n"
                        "    def w(*a):\n        return fn(*a)\n    return w\n",
                        "from functools import wraps\n", 1, false},
        IncrementalCase{"BrokenSyntaxIsAnalysedAgain",
                        "def f():\n    return 1\n\ndef g():\n    return ^2\n", "(", 1, false},
        // Unparsable, the whole module is one ERROR whose `pass` is an identifier (a read);
        // commented out, the first line leaves a pass statement of the same text.
        IncrementalCase{"SameTextParsedAsAnotherNode", "^x:y[a@~b[c:\npass\n:z[w", "#", 2, false},
        // CPython compiles the value before the target, so the statement's scopes come out of
        // source order (the comprehension on the right first); the module's children are in
        // source order all the same.
        IncrementalCase{"ScopesOfAStatementOutOfSourceOrder",
                        "d = {}\n^d[[k for k in 'a'][0]] = [v for v in 'b']\n", "x = 1\n", 1,
                        false},
        IncrementalCase{"ClassScopesOutOfSourceOrder",
                        "class K:\n    d = {}\n    ^d[[k for k in 'a'][0]] = [v for v in 'b']\n",
                        "x = 1\n    ", 1, false},
        IncrementalCase{"DeletingAStatement", "x = 1\n⟦y = 2\n⟧def f():\n    return x\n", "", 0,
                        false}),
    [](const ::testing::TestParamInfo<IncrementalCase>& info) { return info.param.name; });

} // namespace
} // namespace closurelens::analysis
