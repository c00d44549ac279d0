// Decorators imported from other modules of a small fake workspace, resolved through module
// summaries and classified like same-file ones: every import form, package re-exports, star
// imports, aliases, relative levels, cycles. Each case is an importing file with `^` on the
// decorator expression it checks, and what that layer must turn out to be.
#include "analysis/analyzed_document.hpp"
#include "analysis/checks.hpp"
#include "analysis/decorator_model.hpp"
#include "analysis/hover_query.hpp"
#include "analysis/module_resolution.hpp"
#include "analysis/module_summary.hpp"
#include "support/annotated_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

struct FakeFile {
  const char* module;
  bool isPackage;
  const char* source;
};

const std::vector<FakeFile> kWorkspace = {
    {"app", true, R"(from .util import timed
from .factories import retry as retrying
from .registry import *
from . import util as utilities
)"},
    {"app.util", false, R"(import functools

def timed(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

def make_timer(unit):
    def decorate(fn):
        def timer(*args):
            return fn(*args)
        return timer
    return decorate

cache = functools.lru_cache
quick = make_timer(1)
also_timed = timed

def unwrapping(fn):
    def wrapper(*args):
        if hasattr(fn, "__func__"):
            return fn.__func__(*args)
        return fn(*args)
    return wrapper
)"},
    {"app.factories", false, R"(import functools

def retry(times):
    def decorate(fn):
        @functools.wraps(fn)
        def attempt(*args, **kwargs):
            return fn(*args, **kwargs)
        return attempt
    return decorate

class Memo:
    def __init__(self, fn):
        self.fn = fn
    def __call__(self, *args):
        return self.fn(*args)

class cached:
    """Computed once."""
    def __init__(self, func):
        self.func = func
    def __get__(self, instance, owner=None):
        return self.func(instance)
)"},
    {"app.registry", false, R"(HANDLERS = []

def register(fn):
    HANDLERS.append(fn)
    return fn
)"},
    {"app.sub", true, ""},
    {"app.sub.deep", false, "from ..util import timed as deep_timed\n"},
    {"util", false, R"(import functools

def timed(fn):
    @functools.wraps(fn)
    def top_level_wrapper(*args):
        return fn(*args)
    return top_level_wrapper
)"},
    {"cycle_a", false, "from cycle_b import loop\n"},
    {"cycle_b", false, "from cycle_a import loop\n"},
};

class FakeModules final : public ModuleSource {
public:
  FakeModules() {
    for (const FakeFile& file : kWorkspace) {
      Document doc(file.source);
      Snapshot snapshot = doc.snapshot();
      DecoratorModel model = DecoratorModel::build(snapshot.root(), snapshot.source());
      ModuleLocation where;
      where.module = file.module;
      where.isPackage = file.isPackage;
      std::string path = where.module;
      std::replace(path.begin(), path.end(), '.', '/');
      where.displayPath = path + (file.isPackage ? "/__init__.py" : ".py");
      where.path = "/w/" + where.displayPath;
      where.importRoot = "/w";
      modules_[file.module] = summarizeModule(where, snapshot.root(), snapshot.source(), model);
    }
  }
  std::shared_ptr<const ModuleSummary> module(std::string_view name,
                                              const ModuleLocation&) const override {
    auto it = modules_.find(std::string(name));
    return it == modules_.end() ? nullptr : it->second;
  }

private:
  std::map<std::string, std::shared_ptr<const ModuleSummary>> modules_;
};

class FakeExternals final : public ExternalDecorators {
public:
  FakeExternals(const FakeModules& modules, ModuleLocation importer)
      : modules_(modules), importer_(std::move(importer)) {}
  ExternalResolution find(std::string_view module, std::string_view member) const override {
    return resolveImportedName(modules_, importer_, module, member);
  }
  uint64_t generation() const override { return 1; }

private:
  const FakeModules& modules_;
  ModuleLocation importer_;
};

struct ResolutionCase {
  const char* name;
  std::string source; // `^` at the start of the decorator expression checked
  LayerRole role;
  std::string definedIn;   // the module of the definition, "" when none was found
  std::string stdlib = {}; // "functools.lru_cache" when it names a knowledge-base entry
  bool callMismatch = false;
  std::string resultName = {}; // __name__ of the decorated function, when checked
  const char* importer = "app.views";
  bool importerIsPackage = false;
};

void PrintTo(const ResolutionCase& c, std::ostream* os) {
  *os << c.name;
}

class ImportedDecoratorTest : public ::testing::TestWithParam<ResolutionCase> {};

TEST_P(ImportedDecoratorTest, ResolvesAndClassifies) {
  static const FakeModules modules;
  const ResolutionCase& c = GetParam();
  testing::Annotated a = testing::annotate(c.source);
  ModuleLocation importer;
  importer.module = c.importer;
  importer.isPackage = c.importerIsPackage;
  importer.importRoot = "/w";
  FakeExternals externals(modules, importer);
  Document doc(a.code);
  Snapshot snapshot = doc.snapshot();
  DecoratorModel model = DecoratorModel::build(snapshot.root(), snapshot.source(), &externals);

  const DecoratorLayer* layer = nullptr;
  const DecoratedDefinition* decorated = nullptr;
  for (const DecoratedDefinition& d : model.decorated())
    for (const DecoratorLayer& l : d.layers)
      if (l.range.start == a.point()) layer = &l, decorated = &d;
  ASSERT_NE(layer, nullptr) << "no layer starts at ^";
  EXPECT_EQ(toString(layer->role), toString(c.role));
  const ExternalDecorator* external = model.externalOf(*layer);
  EXPECT_EQ(external ? std::string(external->module) : std::string(), c.definedIn);
  std::string stdlib;
  if (layer->resolution.kind == ResolutionKind::Stdlib && layer->resolution.stdlib) {
    stdlib = std::string(layer->resolution.stdlib->module) + "." +
             std::string(layer->resolution.stdlib->name);
  }
  EXPECT_EQ(stdlib, c.stdlib);
  EXPECT_EQ(layer->callMismatch, c.callMismatch);
  if (!c.resultName.empty()) {
    const MetadataValue& name = decorated->result.name;
    std::string shown = name.state == MetadataValue::State::Text      ? name.text
                        : name.state == MetadataValue::State::Unknown ? "<unknown>"
                                                                      : "<other>";
    EXPECT_EQ(shown, c.resultName);
  }
  if (external) {
    // The layer's definition is the summary's, and the applied function is found through it.
    EXPECT_EQ(model.layerDefinition(*layer), &external->definition);
    EXPECT_EQ(model.definitionOf(*layer), nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ImportedDecoratorTest,
    ::testing::Values(
        ResolutionCase{"relative_from_import", "from .util import timed\n@^timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util", "", false, "wrapper"},
        ResolutionCase{"absolute_from_import",
                       "from app.util import timed\n@^timed\ndef f(): pass\n", LayerRole::Plain,
                       "app.util"},
        ResolutionCase{"import_module_attribute", "import util\n@^util.timed\ndef f(): pass\n",
                       LayerRole::Plain, "util", "", false, "f"},
        ResolutionCase{"import_as", "import app.util as u\n@^u.timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"import_dotted", "import app.util\n@^app.util.timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"from_import_as", "from util import timed as t\n@^t\ndef f(): pass\n",
                       LayerRole::Plain, "util"},
        ResolutionCase{"from_dot_import_module",
                       "from . import util\n@^util.timed\ndef f(): pass\n", LayerRole::Plain,
                       "app.util"},
        ResolutionCase{"package_reexport", "from app import timed\n@^timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"package_reexport_renamed_factory",
                       "from app import retrying\n@^retrying(3)\ndef f(): pass\n",
                       LayerRole::Factory, "app.factories", "", false, "f"},
        ResolutionCase{"package_module_alias",
                       "from app import utilities\n@^utilities.timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"package_star_reexport",
                       "from app import register\n@^register\ndef f(): pass\n",
                       LayerRole::PassThrough, "app.registry", "", false, "f"},
        ResolutionCase{"two_levels_up_reexport",
                       "from .sub.deep import deep_timed\n@^deep_timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"from_package_itself",
                       "from .util import timed\n@^timed\ndef f(): pass\n",
                       LayerRole::Plain,
                       "app.util",
                       "",
                       false,
                       {},
                       "app",
                       true},
        ResolutionCase{"alias_of_a_decorator",
                       "from app.util import also_timed\n@^also_timed\ndef f(): pass\n",
                       LayerRole::Plain, "app.util"},
        ResolutionCase{"alias_of_a_configured_factory",
                       "from app.util import quick\n@^quick\ndef f(): pass\n", LayerRole::Factory,
                       "app.util", "", false, "timer"},
        ResolutionCase{"alias_of_a_stdlib_decorator",
                       "from app.util import cache\n@^cache\ndef f(): pass\n", LayerRole::Stdlib,
                       "", "functools.lru_cache", false, "f"},
        ResolutionCase{"plain_decorator_called",
                       "from app.util import timed\n@^timed()\ndef f(): pass\n", LayerRole::Plain,
                       "app.util", "", true},
        ResolutionCase{"factory_used_bare",
                       "from app.util import make_timer\n@^make_timer\ndef f(): pass\n",
                       LayerRole::Factory, "app.util", "", true, "decorate"},
        ResolutionCase{"class_based", "from app.factories import Memo\n@^Memo\ndef f(): pass\n",
                       LayerRole::ClassInstance, "app.factories", "", false, "<other>"},
        ResolutionCase{"descriptor_class",
                       "from app.factories import cached\n@^cached\ndef f(): pass\n",
                       LayerRole::ClassInstance, "app.factories"},
        ResolutionCase{"wraps_keeps_the_name",
                       "from app.util import logged\n@^logged\ndef f(): pass\n", LayerRole::Plain,
                       "app.util", "", false, "f"},
        ResolutionCase{"unknown_member", "from app.util import missing\n@^missing\ndef f(): pass\n",
                       LayerRole::Unknown, "", "", false, "<unknown>"},
        ResolutionCase{"unknown_module", "from nowhere import timed\n@^timed\ndef f(): pass\n",
                       LayerRole::Unknown, ""},
        ResolutionCase{"import_cycle", "from cycle_a import loop\n@^loop\ndef f(): pass\n",
                       LayerRole::Unknown, ""},
        ResolutionCase{"a_module_is_not_a_decorator",
                       "import app.util\n@^app.util\ndef f(): pass\n", LayerRole::Unknown, ""},
        ResolutionCase{"stdlib_still_first",
                       "from functools import cache\n@^cache\ndef f(): pass\n", LayerRole::Stdlib,
                       "", "functools.cache"}),
    [](const ::testing::TestParamInfo<ResolutionCase>& info) { return info.param.name; });

// The checks that depend on a layer's shape, and hover, on imported decorators: a definition in
// another file is named by its file and line; related locations and fixes stay in this file.
class ImportedDecoratorUse : public ::testing::Test {
protected:
  std::shared_ptr<const AnalyzedDocument> analyze(const std::string& code) {
    ModuleLocation importer;
    importer.module = "app.views";
    importer.importRoot = "/w";
    FakeExternals externals(modules_, importer);
    Document doc(code);
    return AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, &externals);
  }
  std::vector<Finding> findings(const std::string& code, const char* rule) {
    std::vector<Finding> out;
    for (Finding& f : runAllChecks(*analyze(code)))
      if (f.code == rule) out.push_back(std::move(f));
    return out;
  }
  FakeModules modules_;
};

TEST_F(ImportedDecoratorUse, CL205NamesTheDefiningFile) {
  auto called = findings("from app.util import timed\n\n@timed()\ndef f():\n    pass\n", "CL205");
  ASSERT_EQ(called.size(), 1u);
  EXPECT_NE(called[0].message.find("calls decorator `timed` (`app/util.py` line 3)"),
            std::string::npos)
      << called[0].message;
  ASSERT_EQ(called[0].related.size(), 1u); // `f` is decorated here; the definition is elsewhere
  ASSERT_FALSE(called[0].fixes.empty());
  EXPECT_EQ(called[0].fixes[0].title, "Remove the parentheses: `@timed`");

  auto bare =
      findings("from app.util import make_timer\n\n@make_timer\ndef f():\n    pass\n", "CL205");
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_NE(bare[0].message.find("uses factory `make_timer` (`app/util.py` line 14) without "
                                 "calling it"),
            std::string::npos)
      << bare[0].message;
  EXPECT_TRUE(
      findings("from app.util import quick\n\n@quick\ndef f():\n    pass\n", "CL205").empty());
}

TEST_F(ImportedDecoratorUse, CL206ReadsTheWordsOfTheImportedDecorator) {
  const std::string method =
      "class K:\n    @DECO\n    @classmethod\n    def m(cls):\n        pass\n";
  auto with = [&](const char* name) {
    std::string code = std::string("from app.util import ") + name + "\n\n" + method;
    code.replace(code.find("DECO"), 4, name);
    return findings(code, "CL206");
  };
  EXPECT_EQ(with("timed").size(), 1u);
  EXPECT_TRUE(with("unwrapping").empty()); // it looks for __func__ itself
}

TEST_F(ImportedDecoratorUse, CL208WithoutAFixInAnotherFile) {
  auto found = findings(
      "from app.factories import Memo\n\nclass K:\n    @Memo\n    def m(self):\n        pass\n",
      "CL208");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("class `Memo` (`app/factories.py` line 11)"), std::string::npos)
      << found[0].message;
  EXPECT_TRUE(found[0].fixes.empty());
}

TEST_F(ImportedDecoratorUse, HoverShowsTheShapeAndTheDefinitionSite) {
  testing::Annotated a =
      testing::annotate("from .util import timed\n\n@^timed\ndef f():\n    pass\n");
  auto hover = hoverAt(*analyze(a.code), a.point());
  ASSERT_TRUE(hover.has_value());
  EXPECT_NE(hover->markdown.find("decorator returning wrapper `wrapper`; defined: `app/util.py` "
                                 "line 3 (module `app.util`)"),
            std::string::npos)
      << hover->markdown;
}

} // namespace
} // namespace closurelens::analysis
