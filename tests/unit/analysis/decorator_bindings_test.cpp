// NameBindings, the decorator model's name resolution, on its own: it is the piece meant to be
// swapped for the ScopeTree, so its contract is pinned here.
#include "analysis/module_bindings.hpp"

#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::analysis {
namespace {

struct Fixture : testing::ParsedSource {
  NameBindings bindings;
  explicit Fixture(std::string source) : ParsedSource(std::move(source)) {}
  // Records the statements of `block` in `scope` (no nested blocks).
  void record(BindingScopeId scope, TSNode block) {
    uint32_t n = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < n; ++i)
      bindings.recordStatement(scope, ts_node_named_child(block, i), text);
  }
};

TEST(DecoratorBindings, ImportsAndAssignments) {
  Fixture f("import functools as ft\n"
            "import os.path\n"
            "from .pkg.mod import deco as d, other\n"
            "x = 1\n"
            "use1 = x\n"
            "x = ft.wraps\n"
            "use2 = x\n");
  f.record(0, f.root());
  const Binding* ft = f.bindings.resolve(0, "ft", f.offsetOf("use1"));
  ASSERT_NE(ft, nullptr);
  EXPECT_EQ(ft->kind, BindingKind::Import);
  EXPECT_EQ(ft->module, "functools");

  const Binding* os = f.bindings.resolve(0, "os", f.offsetOf("use1"));
  ASSERT_NE(os, nullptr);
  EXPECT_EQ(os->module, "os"); // `import os.path` binds the top-level package

  const Binding* d = f.bindings.resolve(0, "d", f.offsetOf("use1"));
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, BindingKind::ImportFrom);
  EXPECT_EQ(d->module, ".pkg.mod");
  EXPECT_EQ(d->member, "deco");
  ASSERT_NE(f.bindings.resolve(0, "other", f.offsetOf("use1")), nullptr);

  // The last binding that has run before the use wins.
  const Binding* x1 = f.bindings.resolve(0, "x", f.offsetOf("use1"));
  const Binding* x2 = f.bindings.resolve(0, "x", f.offsetOf("use2"));
  ASSERT_TRUE(x1 && x2);
  EXPECT_EQ(x1->kind, BindingKind::Assignment);
  EXPECT_EQ(nodeText(x1->node, f.text), "1");
  EXPECT_EQ(nodeText(x2->node, f.text), "ft.wraps");
  // Before any binding has run, the first one is the best guess.
  EXPECT_EQ(f.bindings.resolve(0, "x", 0), x1);
  EXPECT_EQ(f.bindings.resolve(0, "missing", 0), nullptr);
}

TEST(DecoratorBindings, FunctionScopesParametersGlobalAndClassBodies) {
  Fixture f("deco = 1\n"
            "def outer(p, *args, q=2, **kw):\n"
            "    global deco\n"
            "    local = 3\n"
            "class K:\n"
            "    attr = 4\n");
  f.record(0, f.root());
  TSNode outer = ts_node_named_child(f.root(), 1);
  BindingScopeId fn = f.bindings.openScope(BindingScopeKind::Function, 0);
  uint32_t n = ts_node_named_child_count(outer);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode child = ts_node_named_child(outer, i);
    std::string_view type = ts_node_type(child);
    if (type == "parameters") f.bindings.recordParameters(fn, child, f.text);
    if (type == "block") f.record(fn, child);
  }
  uint32_t end = static_cast<uint32_t>(f.text.size());
  for (std::string_view param : {"p", "args", "q", "kw"}) {
    const Binding* b = f.bindings.resolve(fn, param, end);
    ASSERT_NE(b, nullptr) << param;
    EXPECT_EQ(b->kind, BindingKind::Parameter) << param;
  }
  const Binding* deco = f.bindings.resolve(fn, "deco", end);
  ASSERT_NE(deco, nullptr);
  EXPECT_EQ(deco->kind, BindingKind::Assignment); // `global deco` redirects to the module
  ASSERT_NE(f.bindings.resolve(fn, "local", end), nullptr);
  EXPECT_EQ(f.bindings.resolve(0, "local", end), nullptr);
  const Binding* outerBinding = f.bindings.resolve(0, "outer", end);
  ASSERT_NE(outerBinding, nullptr);
  EXPECT_EQ(outerBinding->kind, BindingKind::Function);

  // A class body is visible to code directly in it, not to functions nested in it.
  TSNode klass = ts_node_named_child(f.root(), 2);
  BindingScopeId cls = f.bindings.openScope(BindingScopeKind::Class, 0);
  for (uint32_t i = 0; i < ts_node_named_child_count(klass); ++i) {
    TSNode child = ts_node_named_child(klass, i);
    if (std::string_view(ts_node_type(child)) == "block") f.record(cls, child);
  }
  BindingScopeId method = f.bindings.openScope(BindingScopeKind::Function, cls);
  EXPECT_NE(f.bindings.resolve(cls, "attr", end), nullptr);
  EXPECT_EQ(f.bindings.resolve(method, "attr", end), nullptr);
  EXPECT_NE(f.bindings.resolve(method, "deco", end), nullptr);
}

} // namespace
} // namespace closurelens::analysis
