// Module summaries: the names a module binds at its top level as the last binding leaves them,
// the decorators among its definitions with strings of their own, relative imports made
// absolute, and a fingerprint that ignores what an edit moves but nothing a reader would see.
#include "analysis/module_summary.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

std::shared_ptr<const ModuleSummary> summarize(const std::string& source,
                                               const std::string& module = "pkg.sub.mod",
                                               bool isPackage = false) {
  Document doc(source);
  Snapshot snapshot = doc.snapshot();
  DecoratorModel model = DecoratorModel::build(snapshot.root(), snapshot.source());
  ModuleLocation where;
  where.path = "/w/" + module + ".py";
  where.displayPath = module + ".py";
  where.module = module;
  where.isPackage = isPackage;
  where.importRoot = "/w";
  return summarizeModule(where, snapshot.root(), snapshot.source(), model);
}

std::string describe(const ModuleName& n) {
  switch (n.kind) {
  case ModuleNameKind::Decorator:
    return n.name + ": decorator";
  case ModuleNameKind::Module:
    return n.name + ": module " + n.module;
  case ModuleNameKind::Imported:
    return n.name + ": from " + n.module + " import " + n.member;
  case ModuleNameKind::Alias:
    return n.name + ": alias " + n.target + (n.calls ? " called " + std::to_string(n.calls) : "");
  }
  return "?";
}

std::vector<std::string> names(const ModuleSummary& summary) {
  std::vector<std::string> out;
  for (const ModuleName& n : summary.names)
    out.push_back(describe(n));
  return out;
}

TEST(ModuleSummary, KeepsImportsAliasesAndDecoratorsOfTheModuleLevel) {
  auto summary = summarize(R"(import functools
import os.path
import collections.abc as cabc
from . import helpers
from .helpers import wrap as wrapped
from ..up import lifted
from pkg.other import *
from .star import *

def plain(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

def not_a_decorator(x):
    return x + 1

class Widget:
    pass

cache = functools.lru_cache
quick = make_timer(1)(2)
again = plain
CONSTANT = 3
SEP = os.sep

if True:
    def nested_in_if(fn):
        def inner(*a):
            return fn(*a)
        return inner

def later():
    def plain_in_function(fn):
        def w(*a):
            return fn(*a)
        return w
    return plain_in_function
)");
  EXPECT_EQ(names(*summary), (std::vector<std::string>{
                                 "SEP: alias os.sep",
                                 "again: alias plain",
                                 "cabc: module collections.abc",
                                 "cache: alias functools.lru_cache",
                                 "functools: module functools",
                                 "helpers: from pkg.sub import helpers",
                                 "later: decorator", // a factory without arguments: `@later()`
                                 "lifted: from pkg.up import lifted",
                                 "nested_in_if: decorator",
                                 "os: module os",
                                 "plain: decorator",
                                 "quick: alias make_timer called 2", // star imports may bind it
                                 "wrapped: from pkg.sub.helpers import wrap",
                             }));
  EXPECT_EQ(summary->starImports, (std::vector<std::string>{"pkg.other", "pkg.sub.star"}));
  ASSERT_EQ(summary->decorators.size(), 3u);
  const ModuleName* plain = summary->find("plain");
  ASSERT_NE(plain, nullptr);
  const ExternalDecorator& d = summary->decorators[static_cast<size_t>(plain->decorator)];
  EXPECT_EQ(d.definition.shape, DecoratorShape::Plain);
  EXPECT_EQ(d.definition.line, 9u);
  EXPECT_EQ(d.module, "pkg.sub.mod");
  EXPECT_EQ(d.file, "pkg.sub.mod.py");
  EXPECT_EQ(summary->find("Widget"), nullptr); // neither __call__ nor __get__
  EXPECT_EQ(summary->find("plain_in_function"), nullptr);
}

TEST(ModuleSummary, TheLastBindingOfANameWins) {
  auto summary = summarize(R"(def timed(fn):
    def wrapper(*a):
        return fn(*a)
    return wrapper

timed = 3

traced = timed

def traced(fn):
    def wrapper(*a):
        return fn(*a)
    return wrapper

from elsewhere import logged
for logged in range(3):
    pass
)");
  EXPECT_EQ(names(*summary), (std::vector<std::string>{"traced: decorator"}));
}

TEST(ModuleSummary, AliasesOfUnknownNamesAreDroppedWithoutStarImports) {
  auto summary = summarize("quick = make_timer(1)\nprop = property\nname = obj.attr\n");
  EXPECT_EQ(names(*summary), (std::vector<std::string>{"prop: alias property"}));
}

TEST(ModuleSummary, RelativeImportsOfAPackageStartFromThePackage) {
  auto summary = summarize("from .util import timed\nfrom .. import top\n", "pkg.sub", true);
  EXPECT_EQ(names(*summary), (std::vector<std::string>{"timed: from pkg.sub.util import timed",
                                                       "top: from pkg import top"}));
}

TEST(ModuleSummary, OwnsItsStringsAndKeepsTheWrapperFacts) {
  std::string source = R"(import functools

def logged(fn):
    """Log every call."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        result = fn(*args, **kwargs)
        return result
    return wrapper
)";
  auto summary = summarize(source);
  // The text the summary was made from is gone.
  std::fill(source.begin(), source.end(), '#');
  source.clear();
  source.shrink_to_fit();
  ASSERT_EQ(summary->decorators.size(), 1u);
  const DecoratorDefinition& d = summary->decorators[0].definition;
  EXPECT_EQ(d.name, "logged");
  ASSERT_TRUE(d.docstring.has_value());
  EXPECT_EQ(*d.docstring, "Log every call.");
  ASSERT_TRUE(d.decorator && d.decorator->wrapper);
  const Wrapper& w = *d.decorator->wrapper;
  EXPECT_EQ(w.name, "wrapper");
  EXPECT_EQ(w.wraps.form, WrapsForm::Decorator);
  EXPECT_EQ(w.wraps.argument, "fn");
  EXPECT_EQ(w.result, ResultFlow::StoredThenReturned);
  EXPECT_EQ(w.resultVariable, "result");
  ASSERT_EQ(w.signature.parameters.size(), 2u);
  EXPECT_EQ(w.signature.parameters[1].name, "kwargs");
}

TEST(ModuleSummary, NotesTheWordsDescriptorChecksLookFor) {
  auto summary = summarize(R"(def unwrapping(fn):
    def wrapper(*a):
        if hasattr(fn, "__func__"):
            return fn.__func__(*a)
        return fn(*a)
    return wrapper
)");
  ASSERT_EQ(summary->decorators.size(), 1u);
  EXPECT_EQ(summary->decorators[0].mentions, mentions::DunderFunc);
}

TEST(ModuleSummary, AnalysesDescriptorClassesTheModelHadNoReasonToKeep) {
  auto summary = summarize(R"(import functools

class cached:
    """Cache on first access."""
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func
    def __get__(self, instance, owner=None):
        return self.func(instance)
)");
  const ModuleName* cached = summary->find("cached");
  ASSERT_NE(cached, nullptr);
  const DecoratorDefinition& d =
      summary->decorators[static_cast<size_t>(cached->decorator)].definition;
  EXPECT_TRUE(d.isClass);
  ASSERT_TRUE(d.classDecorator.has_value());
  EXPECT_TRUE(d.classDecorator->hasGet);
  EXPECT_FALSE(d.classDecorator->hasCall);
  EXPECT_TRUE(d.classDecorator->hasInit);
}

constexpr const char* kFingerprinted = R"(def timed(fn):
    def wrapper(*a):
        value = 1
        return fn(*a)
    return wrapper
)";

TEST(ModuleSummary, FingerprintIgnoresEditsThatChangeNothingVisible) {
  uint64_t base = summarize(kFingerprinted)->fingerprint;
  EXPECT_EQ(summarize(kFingerprinted)->fingerprint, base);
  std::string longer = kFingerprinted;
  longer.replace(longer.find("value = 1"), 9, "value = 1000 + 2000  # a comment");
  EXPECT_EQ(summarize(longer)->fingerprint, base) << "byte offsets moved, nothing else";
  EXPECT_NE(summarize(std::string("\n") + kFingerprinted)->fingerprint, base) << "lines moved";
  std::string discarding = kFingerprinted;
  discarding.replace(discarding.find("return fn(*a)"), 13, "fn(*a)");
  EXPECT_NE(summarize(discarding)->fingerprint, base) << "the result is dropped now";
  EXPECT_NE(summarize(kFingerprinted, "pkg.other")->fingerprint, base);
}

struct AbsoluteCase {
  const char* written;
  const char* importer;
  bool isPackage;
  std::optional<std::string> expected;
};

class AbsoluteModuleTest : public ::testing::TestWithParam<AbsoluteCase> {};
TEST_P(AbsoluteModuleTest, Resolves) {
  const AbsoluteCase& c = GetParam();
  EXPECT_EQ(absoluteModule(c.written, c.importer, c.isPackage), c.expected)
      << c.written << " from " << c.importer;
}
INSTANTIATE_TEST_SUITE_P(
    All, AbsoluteModuleTest,
    ::testing::Values(AbsoluteCase{"util", "pkg.mod", false, "util"},
                      AbsoluteCase{".util", "pkg.mod", false, "pkg.util"},
                      AbsoluteCase{".util", "pkg", true, "pkg.util"},
                      AbsoluteCase{"..util", "pkg.sub.mod", false, "pkg.util"},
                      AbsoluteCase{"..", "pkg.sub.mod", false, "pkg"},
                      AbsoluteCase{".", "pkg.sub.mod", false, "pkg.sub"},
                      AbsoluteCase{"...util", "pkg.sub", true, "util"}, // beyond the top
                      AbsoluteCase{".util", "script", false, "util"},   // a folder of scripts
                      AbsoluteCase{".", "script", false, std::nullopt},
                      AbsoluteCase{"", "pkg", false, std::nullopt}));

} // namespace
} // namespace closurelens::analysis
