// The scope analysis against CPython 3.11: each case is a module and, for every function, lambda
// and class code object CPython builds from it, co_freevars and co_cellvars. The expectations were
// produced by python3.11's own compiler (tests/corpus/cpython_closure_oracle.py --facts), never by
// closurelens; comprehensions are left out as the oracle leaves them out.
#include "analysis/scope_tree.hpp"

#include "analysis/syntax_tree.hpp"
#include "support/python_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

using ::testing::ElementsAre;
using Names = std::vector<std::string>;

struct ExpectedScope {
  std::string qualname;
  Names freevars;
  Names cellvars;
};

struct ScopeCase {
  const char* name;
  std::string source;
  std::vector<ExpectedScope> expected; // every code object CPython builds, comprehensions aside
  AnalysisOptions options{};           // the CPython whose compiler gave `expected`
};

// A parsed module and its scopes.
struct Analysed : testing::ParsedSource {
  ScopeTree scopes;
  explicit Analysed(std::string source, const AnalysisOptions& options = {})
      : ParsedSource(std::move(source)), scopes(ScopeTree::build(root(), text, options)) {}
};

Analysed analyse(std::string source, const AnalysisOptions& options = {}) {
  return Analysed(std::move(source), options);
}

const Scope* findScope(const ScopeTree& tree, std::string_view qualname) {
  for (const Scope& scope : tree.scopes()) {
    if (scope.qualname == qualname) return &scope;
  }
  return nullptr;
}

void check(const ScopeCase& c) {
  Analysed a = analyse(c.source, c.options);
  std::vector<const Scope*> produced;
  for (const Scope& scope : a.scopes.scopes()) {
    if (scope.kind == ScopeKind::Module || scope.kind == ScopeKind::Comprehension) continue;
    if (scope.hasCode) produced.push_back(&scope);
  }
  for (const ExpectedScope& expected : c.expected) {
    auto it = std::find_if(produced.begin(), produced.end(),
                           [&](const Scope* s) { return s->qualname == expected.qualname; });
    if (it == produced.end()) {
      ADD_FAILURE() << "no code object " << expected.qualname;
      continue;
    }
    EXPECT_EQ((*it)->freevars, expected.freevars) << expected.qualname << " freevars";
    EXPECT_EQ((*it)->cellvars, expected.cellvars) << expected.qualname << " cellvars";
    produced.erase(it);
  }
  for (const Scope* extra : produced) {
    ADD_FAILURE() << "CPython builds no code object " << extra->qualname;
  }
}

class ScopeTreeCaseTest : public ::testing::TestWithParam<ScopeCase> {};

TEST_P(ScopeTreeCaseTest, FreeAndCellVariablesEqualCPython) {
  check(GetParam());
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    CPython311, ScopeTreeCaseTest,
    ::testing::Values(
    ScopeCase{"Throttle",
     R"py(def throttle(limit):
    def decorate(fn):
        seen = 0
        @functools.wraps(fn)
        def gate(*args, **kwargs):
            nonlocal seen
            seen += 1
            if seen > limit:
                raise RuntimeError("over limit")
            return fn(*args, **kwargs)
        return gate
    return decorate
)py",
     {
         {"throttle", {}, {"limit"}},
         {"throttle.<locals>.decorate", {"limit"}, {"fn", "seen"}},
         {"throttle.<locals>.decorate.<locals>.gate", {"fn", "limit", "seen"}, {}},
     }},
    ScopeCase{"PassThrough",
     R"py(def outer(a):
    def middle():
        def inner():
            return a
        return inner
    return middle
)py",
     {
         {"outer", {}, {"a"}},
         {"outer.<locals>.middle", {"a"}, {}},
         {"outer.<locals>.middle.<locals>.inner", {"a"}, {}},
     }},
    ScopeCase{"CellParametersFirstInVarnamesOrder",
     R"py(def f(b, a, *, z):
    q = 1
    def g():
        return a, b, q, z
)py",
     {
         {"f", {}, {"b", "a", "z", "q"}},
         {"f.<locals>.g", {"a", "b", "q", "z"}, {}},
     }},
    ScopeCase{"AllParameterKinds",
     R"py(def f(p, /, r, *args, k, d=1, **kw):
    late = 0
    def g():
        return kw, d, k, args, r, p, late
)py",
     {
         {"f", {}, {"p", "r", "k", "d", "args", "kw", "late"}},
         {"f.<locals>.g", {"args", "d", "k", "kw", "late", "p", "r"}, {}},
     }},
    ScopeCase{"ImplicitClassCellFromSuper",
     R"py(class K(Base):
    def m(self):
        return super().m()
    def plain(self):
        return 1
)py",
     {
         {"K", {}, {"__class__"}},
         {"K.m", {"__class__"}, {}},
         {"K.plain", {}, {}},
     }},
    ScopeCase{"ImplicitClassCellFromDunderClass",
     R"py(class K:
    def m(self):
        return __class__
)py",
     {
         {"K", {}, {"__class__"}},
         {"K.m", {"__class__"}, {}},
     }},
    ScopeCase{"SuperInNestedFunctionOfMethod",
     R"py(class K:
    def m(self):
        def inner():
            return super()
        return inner
)py",
     {
         {"K", {}, {"__class__"}},
         {"K.m", {"__class__"}, {}},
         {"K.m.<locals>.inner", {"__class__"}, {}},
     }},
    ScopeCase{"SuperInLambdaAndComprehension",
     R"py(class K:
    def m(self):
        return lambda: super()
    def n(self):
        return [super() for _ in ()]
)py",
     {
         {"K", {}, {"__class__"}},
         {"K.m", {"__class__"}, {}},
         {"K.m.<locals>.<lambda>", {"__class__"}, {}},
         {"K.n", {"__class__"}, {}},
     }},
    ScopeCase{"SuperOutsideClass",
     R"py(def f():
    return super()
)py",
     {
         {"f", {}, {}},
     }},
    ScopeCase{"ClassBodyInvisibleToMethods",
     R"py(def f():
    x = 1
    class K:
        y = 2
        def m(self):
            return x, y
    return K
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.K", {"x"}, {}},
         {"f.<locals>.K.m", {"x"}, {}},
     }},
    ScopeCase{"DefFreeClass",
     R"py(def f(x):
    class K:
        x = 1
        def m(self):
            return x
    return K
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.K", {"x"}, {}},
         {"f.<locals>.K.m", {"x"}, {}},
     }},
    ScopeCase{"ClassReadsFunctionLocal",
     R"py(def f():
    v = 1
    class K:
        w = v
    return K
)py",
     {
         {"f", {}, {"v"}},
         {"f.<locals>.K", {"v"}, {}},
     }},
    ScopeCase{"NameMangling",
     R"py(class K:
    def __m(self, __p):
        __x = 1
        return lambda: (__x, __p, __dunder__)
)py",
     {
         {"K", {}, {}},
         {"K.__m", {}, {"_K__p", "_K__x"}},
         {"K.__m.<locals>.<lambda>", {"_K__p", "_K__x"}, {}},
     }},
    ScopeCase{"MangledImportAndLeadingUnderscores",
     R"py(class _K:
    def m(self):
        import __mod.sub as __alias
        return lambda: __alias
)py",
     {
         {"_K", {}, {}},
         {"_K.m", {}, {"_K__alias"}},
         {"_K.m.<locals>.<lambda>", {"_K__alias"}, {}},
     }},
    ScopeCase{"ClassNameOnlyUnderscoresDoesNotMangle",
     R"py(class __:
    def m(self, __p):
        return lambda: __p
)py",
     {
         {"__", {}, {}},
         {"__.m", {}, {"__p"}},
         {"__.m.<locals>.<lambda>", {"__p"}, {}},
     }},
    ScopeCase{"MangledNestedClassName",
     R"py(class A:
    class __B:
        def m(self):
            return 1
)py",
     {
         {"A", {}, {}},
         {"A.__B", {}, {}},
         {"A.__B.m", {}, {}},
     }},
    ScopeCase{"Nonlocal",
     R"py(def f():
    x = 0
    def g():
        nonlocal x
        x = 1
    return g
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.g", {"x"}, {}},
     }},
    ScopeCase{"NonlocalThroughSeveralLevels",
     R"py(def f():
    x = 0
    def g():
        def h():
            nonlocal x
            x += 1
        return h
    return g
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.g", {"x"}, {}},
         {"f.<locals>.g.<locals>.h", {"x"}, {}},
     }},
    ScopeCase{"NameOnlyInNonlocalDeclaration",
     R"py(def f():
    x = 0
    def g():
        nonlocal x
    return g
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.g", {"x"}, {}},
     }},
    ScopeCase{"GlobalInNestedFunction",
     R"py(def f():
    g = 1
    def h():
        global g
        def i():
            return g
        return i
    return h
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.h", {}, {}},
         {"f.<locals>.h.<locals>.i", {}, {}},
     }},
    ScopeCase{"GlobalDeclaredFunctionQualname",
     R"py(def f():
    global h
    def h():
        pass
    class K:
        global q
        def q(self):
            pass
)py",
     {
         {"f", {}, {}},
         {"h", {}, {}},
         {"f.<locals>.K", {}, {}},
         {"q", {}, {}},
     }},
    ScopeCase{"WalrusInComprehensionBindsInFunction",
     R"py(def f(items):
    [last := i for i in items]
    return lambda: last
)py",
     {
         {"f", {}, {"last"}},
         {"f.<locals>.<lambda>", {"last"}, {}},
     }},
    ScopeCase{"WalrusThroughNestedComprehensions",
     R"py(def f(rows):
    [[deep := j for j in row] for row in rows]
    return lambda: deep
)py",
     {
         {"f", {}, {"deep"}},
         {"f.<locals>.<lambda>", {"deep"}, {}},
     }},
    ScopeCase{"WalrusInComprehensionWithGlobal",
     R"py(def f(items):
    global found
    [found := i for i in items]
)py",
     {
         {"f", {}, {}},
     }},
    ScopeCase{"ComprehensionScopes",
     R"py(def f(items, limit):
    a = [x for x in items if x < limit]
    b = {k: v for k, v in items}
    c = {y for y in items}
    d = (z for z in limit)
    return lambda: (a, b, c, d)
)py",
     {
         {"f", {}, {"limit", "a", "b", "c", "d"}},
         {"f.<locals>.<lambda>", {"a", "b", "c", "d"}, {}},
     }},
    ScopeCase{"ComprehensionFirstIterableInEnclosingScope",
     R"py(def f():
    xs = [1]
    class K:
        ys = [x for x in xs]
        zs = [(a, b) for a in xs for b in xs]
    return K
)py",
     {
         {"f", {}, {"xs"}},
         {"f.<locals>.K", {"xs"}, {}},
     }},
    ScopeCase{"ComprehensionIterationVariableIsLocal",
     R"py(def f():
    x = 1
    g = [lambda: x for x in range(3)]
    return g
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.<listcomp>.<lambda>", {"x"}, {}},
     }},
    ScopeCase{"LambdaDefaultsEvaluatedOutside",
     R"py(def f(factor):
    def g(scale=lambda v: v * factor, n=factor):
        return scale
    return g
)py",
     {
         {"f", {}, {"factor"}},
         {"f.<locals>.<lambda>", {"factor"}, {}},
         {"f.<locals>.g", {}, {}},
     }},
    ScopeCase{"DecoratorsAndBasesEvaluatedOutside",
     R"py(def f(dec, base, meta, arg):
    @dec(arg)
    def g():
        pass
    class K(base, metaclass=meta, flag=arg):
        pass
    return g, K
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.g", {}, {}},
         {"f.<locals>.K", {}, {}},
     }},
    ScopeCase{"AnnotationsEvaluatedInEnclosingScope",
     R"py(def f(kind, ret, local_kind):
    def g(a: kind, *args: kind, b: kind = 1, **kw: kind) -> ret:
        c: local_kind = 1
        return c
    return g
)py",
     {
         {"f", {}, {"local_kind"}},
         {"f.<locals>.g", {"local_kind"}, {}},
     }},
    ScopeCase{"FutureAnnotationsNotEvaluated",
     R"py(from __future__ import annotations
def f(kind, ret):
    local = 1
    def g(a: kind, b: local = 1) -> ret:
        c: local = 2
    class K:
        attribute: local
    return g, K
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.g", {}, {}},
         {"f.<locals>.K", {}, {}},
     }},
    ScopeCase{"AnnotatedNameWithoutValueIsLocal",
     R"py(def f():
    x = 1
    def g():
        x: int
        return x
    return g
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.g", {}, {}},
     }},
    ScopeCase{"AssignmentTargets",
     R"py(def f(src):
    a, (b, [c, *d]) = src
    e = g = 1
    h += 1
    k[0] = 1
    m.attr = 2
    for n, *o in src:
        pass
    with src as p, src as (q, r):
        pass
    return lambda: (a, b, c, d, e, g, h, k, m, n, o, p, q, r)
)py",
     {
         {"f", {}, {"a", "b", "c", "d", "e", "g", "h", "n", "o", "p", "q", "r"}},
         {"f.<locals>.<lambda>", {"a", "b", "c", "d", "e", "g", "h", "n", "o", "p", "q", "r"}, {}},
     }},
    ScopeCase{"ExceptAndImportBindings",
     R"py(def f():
    try:
        pass
    except ValueError as err:
        pass
    import os.path
    import collections.abc as abc_alias
    from functools import partial as part, reduce
    return lambda: (err, os, abc_alias, part, reduce)
)py",
     {
         {"f", {}, {"abc_alias", "err", "os", "part", "reduce"}},
         {"f.<locals>.<lambda>", {"abc_alias", "err", "os", "part", "reduce"}, {}},
     }},
    ScopeCase{"DelBindsAndCellsSurviveDel",
     R"py(def f():
    x = 1
    def g():
        return x
    del x
    return g
)py",
     {
         {"f", {}, {"x"}},
         {"f.<locals>.g", {"x"}, {}},
     }},
    ScopeCase{"MatchCaptures",
     R"py(def f(subject, Point, Color):
    match subject:
        case [first, *rest]:
            pass
        case {"key": value, **others}:
            pass
        case Point(x=px, y=0) as point:
            pass
        case Color.RED:
            pass
        case _:
            pass
    return lambda: (first, rest, value, others, px, point)
)py",
     {
         {"f", {}, {"first", "others", "point", "px", "rest", "value"}},
         {"f.<locals>.<lambda>", {"first", "others", "point", "px", "rest", "value"}, {}},
     }},
    ScopeCase{"FunctionAndClassNamesBindInEnclosingScope",
     R"py(def f():
    def g():
        return K
    class K:
        pass
    return g
)py",
     {
         {"f", {}, {"K"}},
         {"f.<locals>.g", {"K"}, {}},
         {"f.<locals>.K", {}, {}},
     }},
    ScopeCase{"GeneratorExpressionAndLambdaQualnames",
     R"py(def f(items):
    return [lambda: i for i in items], (j for j in items)
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.<listcomp>.<lambda>", {"i"}, {}},
     }},
    ScopeCase{"NestedClassInFunctionQualname",
     R"py(def f():
    class K:
        def m(self):
            def n():
                pass
            return n
    return K
)py",
     {
         {"f", {}, {}},
         {"f.<locals>.K", {}, {}},
         {"f.<locals>.K.m", {}, {}},
         {"f.<locals>.K.m.<locals>.n", {}, {}},
     }},
    ScopeCase{"DeadCodeAfterReturnHasNoCodeObject",
     R"py(def f():
    x = 1
    return
    def g():
        return x
)py",
     {
         {"f", {}, {"x"}},
     }},
    ScopeCase{"FStringExpressionsAreReads",
     R"py(def f(width, value):
    return lambda: f"{value!r:>{width}}"
)py",
     {
         {"f", {}, {"width", "value"}},
         {"f.<locals>.<lambda>", {"value", "width"}, {}},
     }}
    ),
    [](const ::testing::TestParamInfo<ScopeCase>& info) { return std::string(info.param.name); });
// clang-format on

TEST(ScopeTreeTest, SymbolsKeepBindingAndUseSites) {
  Analysed a = analyse("def f():\n"
                       "    seen = 0\n"
                       "    def g():\n"
                       "        nonlocal seen\n"
                       "        seen += 1\n"
                       "        return seen\n"
                       "    return g\n");
  const Scope* g = findScope(a.scopes, "f.<locals>.g");
  ASSERT_NE(g, nullptr);
  const Symbol* seen = g->find("seen");
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen->scope, SymbolScope::Free);
  std::vector<OccurrenceKind> kinds;
  for (const Occurrence& o : seen->occurrences) {
    kinds.push_back(o.kind);
    EXPECT_EQ(a.text.substr(o.range.start, o.range.end - o.range.start), "seen");
  }
  EXPECT_THAT(kinds, ElementsAre(OccurrenceKind::NonlocalDecl, OccurrenceKind::Write,
                                 OccurrenceKind::Read));
  const Symbol* outer = findScope(a.scopes, "f")->find("seen");
  ASSERT_NE(outer, nullptr);
  EXPECT_EQ(outer->scope, SymbolScope::Cell);
  ASSERT_EQ(outer->occurrences.size(), 1U);
  EXPECT_EQ(outer->occurrences[0].kind, OccurrenceKind::Write);
}

TEST(ScopeTreeTest, PassThroughSymbolHasNoOccurrences) {
  Analysed a = analyse("def f(a):\n    def m():\n        def i():\n            return a\n");
  const Symbol* a_in_m = findScope(a.scopes, "f.<locals>.m")->find("a");
  ASSERT_NE(a_in_m, nullptr);
  EXPECT_EQ(a_in_m->scope, SymbolScope::Free);
  EXPECT_TRUE(a_in_m->occurrences.empty());
}

TEST(ScopeTreeTest, SymbolScopes) {
  Analysed a = analyse("x = 1\n"
                       "def f(p):\n"
                       "    global x\n"
                       "    loc = len(p)\n"
                       "    return x, loc\n");
  const Scope* f = findScope(a.scopes, "f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->find("x")->scope, SymbolScope::GlobalExplicit);
  EXPECT_EQ(f->find("len")->scope, SymbolScope::GlobalImplicit);
  EXPECT_EQ(f->find("loc")->scope, SymbolScope::Local);
  EXPECT_EQ(f->find("p")->scope, SymbolScope::Local);
  EXPECT_NE(f->find("p")->flags & symbol_flags::DefParam, 0U);
  EXPECT_THAT(f->parameters, ElementsAre("p"));
}

TEST(ScopeTreeTest, ScopeMetadata) {
  Analysed a = analyse("import functools\n"
                       "@functools.cache\n"
                       "@other\n"
                       "def f(a, /, b, *args, c, **kw):\n"
                       "    return (lambda:\n"
                       "            a)\n"
                       "class K:\n"
                       "    def m(self):\n"
                       "        return [x for x in self]\n");
  const Scope* f = findScope(a.scopes, "f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, ScopeKind::Function);
  EXPECT_EQ(f->firstLine, 2U); // the first decorator's line, as co_firstlineno
  EXPECT_EQ(a.text.substr(f->nameRange.start, f->nameRange.end - f->nameRange.start), "f");
  EXPECT_EQ(a.text.substr(f->range.start, 3), "def");
  EXPECT_THAT(f->parameters, ElementsAre("a", "b", "c", "args", "kw"));
  const Scope* lambda = findScope(a.scopes, "f.<locals>.<lambda>");
  ASSERT_NE(lambda, nullptr);
  EXPECT_EQ(lambda->kind, ScopeKind::Lambda);
  EXPECT_EQ(lambda->firstLine, 5U);
  const Scope* comp = findScope(a.scopes, "K.m.<locals>.<listcomp>");
  ASSERT_NE(comp, nullptr);
  EXPECT_EQ(comp->kind, ScopeKind::Comprehension);
  EXPECT_EQ(a.scopes.scope(comp->parent).qualname, "K.m");
  EXPECT_EQ(a.scopes.module().kind, ScopeKind::Module);
  // Source order, parents before children.
  for (const Scope& scope : a.scopes.scopes()) {
    if (scope.parent == kNoScope) continue;
    EXPECT_LT(scope.parent, scope.index);
    EXPECT_LE(a.scopes.scope(scope.index - 1).range.start, scope.range.start);
  }
}

// PEP 695 under CPython 3.12: the expectations are python3.12's (the same oracle, run there).
constexpr AnalysisOptions kPython312{PythonVersion{3, 12}};
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    CPython312, ScopeTreeCaseTest,
    ::testing::Values(
    ScopeCase{"GenericFunctionCapturedTypeParameter",
     R"py(def gen[T: int](a: T = None):
    def inner() -> T:
        return T
    return inner
)py",
     {
         {"<generic parameters of gen>", {}, {"T"}},
         {"T", {}, {}},
         {"gen", {"T"}, {}},
         {"gen.<locals>.inner", {"T"}, {}},
     }, kPython312},
    ScopeCase{"GenericClassReadsItsTypeParameters",
     R"py(def outer():
    y = 1
    class C[U](list[y]):
        def m(self) -> U:
            return super().m()
    return C
)py",
     {
         {"outer", {}, {"y"}},
         {"outer.<locals>.<generic parameters of C>", {"y"}, {".type_params", "U"}},
         {"outer.<locals>.C", {".type_params", "U"}, {"__class__"}},
         {"outer.<locals>.C.m", {"__class__"}, {}},
     }, kPython312},
    ScopeCase{"AnnotationScopesInAClassSeeItsNames",
     R"py(def outer():
    x = 1
    z = 2
    class K:
        x = 2
        type Sees = x
        type Free[A] = (z, A)
    return K
)py",
     {
         {"outer", {}, {"z"}},
         {"outer.<locals>.K", {"z"}, {"__classdict__"}},
         {"outer.<locals>.K.Sees", {"__classdict__"}, {}},
         {"outer.<locals>.K.<generic parameters of Free>", {"__classdict__", "z"}, {"A"}},
         {"outer.<locals>.K.Free", {"A", "__classdict__", "z"}, {}},
     }, kPython312},
    ScopeCase{"TypeOfAnAttributeIsAnAssignmentNotAnAlias",
     R"py(def f(m, p):
    type(m).foo = p
    return lambda: p
)py",
     {
         {"f", {}, {"p"}},
         {"f.<locals>.<lambda>", {"p"}, {}},
     }, kPython312}
    ),
    [](const ::testing::TestParamInfo<ScopeCase>& info) { return std::string(info.param.name); });
// clang-format on

TEST(ScopeTreeTest, InnermostAt) {
  Analysed a = analyse("def f(x=lambda: 1):\n"
                       "    y = 2\n"
                       "    return y\n"
                       "z = 3\n");
  auto at = [&](std::string_view needle) {
    return a.scopes.innermostAt(static_cast<uint32_t>(a.text.find(needle)))->qualname;
  };
  EXPECT_EQ(at("1)"), "<lambda>"); // defaults belong to the enclosing scope's children
  EXPECT_EQ(at("y = 2"), "f");     // the lambda precedes it among the module's children
  EXPECT_EQ(at("z = 3"), "<module>");

  // A generic def: its type scope spans the def, the function the body.
  Analysed generic = analyse("def g[T: int](a: T) -> T:\n"
                             "    b = 2\n"
                             "    return b\n");
  auto atGeneric = [&](std::string_view needle) {
    return generic.scopes.innermostAt(static_cast<uint32_t>(generic.text.find(needle)))->qualname;
  };
  EXPECT_EQ(atGeneric("b = 2"), "g");
  EXPECT_EQ(atGeneric("int"), "T");
}

TEST(ScopeTreeTest, ClassClosureFlag) {
  Analysed a = analyse("class K:\n    def m(self):\n        return super().m()\n"
                       "class J:\n    def m(self):\n        return 1\n");
  EXPECT_TRUE(findScope(a.scopes, "K")->needsClassClosure);
  EXPECT_FALSE(findScope(a.scopes, "J")->needsClassClosure);
  EXPECT_EQ(findScope(a.scopes, "K")->privateName, "K");
  EXPECT_EQ(findScope(a.scopes, "K.m")->privateName, "K");
}

TEST(ScopeTreeTest, MangleName) {
  EXPECT_EQ(mangleName("K", "__x"), "_K__x");
  EXPECT_EQ(mangleName("_K", "__x"), "_K__x");
  EXPECT_EQ(mangleName("__K", "__x"), "_K__x");
  EXPECT_EQ(mangleName("K", "__x__"), "__x__");
  EXPECT_EQ(mangleName("K", "_x"), "_x");
  EXPECT_EQ(mangleName("K", "__"), "__");
  EXPECT_EQ(mangleName("___", "__x"), "__x");
  EXPECT_EQ(mangleName("", "__x"), "__x");
}

TEST(ScopeTreeTest, BrokenCodeIsAnalysedAroundTheError) {
  Analysed a = analyse("def broken(:\n"
                       "    pass\n"
                       "\n"
                       "def ok(a):\n"
                       "    return lambda: a\n"
                       "x = (\n");
  ASSERT_TRUE(ts_node_has_error(a.root()));
  const Scope* ok = findScope(a.scopes, "ok");
  ASSERT_NE(ok, nullptr);
  EXPECT_THAT(ok->cellvars, ElementsAre("a"));
  EXPECT_THAT(findScope(a.scopes, "ok.<locals>.<lambda>")->freevars, ElementsAre("a"));
}

TEST(ScopeTreeTest, GarbageNeverCrashes) {
  for (const char* source : {"def", ")))(((", "class (: lambda: nonlocal x", "\xff\xfe",
                             "def f(*, **): [x := y for x in]", "match x:\n case {**_}: pass",
                             "lambda *, **k: (yield)", "del (a, [b.c, *d[0]])"}) {
    Analysed a = analyse(source);
    EXPECT_EQ(a.scopes.module().kind, ScopeKind::Module) << source;
  }
}

TEST(ScopeTreeTest, DeepNestingIsTruncatedNotFatal) {
  std::string source = "x = " + std::string(5000, '[') + "y" + std::string(5000, ']') + "\n";
  Analysed a = analyse(source);
  EXPECT_TRUE(a.scopes.truncated());
  EXPECT_EQ(a.scopes.scopes().size(), 1U);
}

TEST(ScopeTreeTest, UnreachableDefsKeepTheirScopeButNoCode) {
  Analysed a = analyse("def f():\n    x = 1\n    return\n    def g():\n        return x\n");
  const Scope* g = findScope(a.scopes, "f.<locals>.g");
  ASSERT_NE(g, nullptr);
  EXPECT_FALSE(g->hasCode);
  // CPython's symbol table still sees g, so x is a cell of f.
  EXPECT_THAT(findScope(a.scopes, "f")->cellvars, ElementsAre("x"));
}

} // namespace
} // namespace closurelens::analysis

namespace closurelens::analysis {
namespace {

// PEP 709: with 3.12 rules list/set/dict comprehensions are inlined. Expectations are
// python3.12's (3.12.1) co_freevars / co_cellvars.
TEST(ScopeTreeTest, Python312InlinesComprehensions) {
  Analysed a = analyse("def f(a, b):\n"
                       "    c = [lambda: (a, q) for q in b]\n"
                       "    d = 5\n"
                       "    def h(): return d\n"
                       "    return (g for g in b)\n",
                       AnalysisOptions{PythonVersion{3, 12}});
  const Scope* f = findScope(a.scopes, "f");
  ASSERT_NE(f, nullptr);
  // The comprehension's cell joins f's cells, in co_varnames order, before the sorted rest.
  EXPECT_THAT(f->cellvars, ElementsAre("a", "q", "d"));
  const Scope* lambda = findScope(a.scopes, "f.<locals>.<lambda>");
  ASSERT_NE(lambda, nullptr);
  EXPECT_THAT(lambda->freevars, ElementsAre("a", "q"));
  const Scope* list = findScope(a.scopes, "f.<locals>.<listcomp>");
  ASSERT_NE(list, nullptr);
  EXPECT_FALSE(list->hasCode);
  const Scope* generator = findScope(a.scopes, "f.<locals>.<genexpr>");
  ASSERT_NE(generator, nullptr);
  EXPECT_TRUE(generator->hasCode); // generator expressions keep their own code object
}

TEST(ScopeTreeTest, ConstantFalseBranchesAreDeadCode) {
  // Both versions compile the branch, then remove it as unreachable; 3.12 drops its code objects,
  // 3.11 only those no later constant keeps in co_consts (checked against CPython 3.11.7).
  const char* trailing = "def f():\n    x = 1\n    if False:\n        def g(): return x\n";
  const char* followed =
      "def f():\n    x = 1\n    if False:\n        def g(): return x\n    return 'later'\n";
  Analysed a = analyse(trailing, AnalysisOptions{PythonVersion{3, 12}});
  EXPECT_FALSE(findScope(a.scopes, "f.<locals>.g")->hasCode);
  EXPECT_THAT(findScope(a.scopes, "f")->cellvars, ElementsAre("x"));
  EXPECT_FALSE(findScope(analyse(trailing).scopes, "f.<locals>.g")->hasCode);
  EXPECT_TRUE(findScope(analyse(followed).scopes, "f.<locals>.g")->hasCode);
  EXPECT_FALSE(
      findScope(analyse(followed, AnalysisOptions{PythonVersion{3, 12}}).scopes, "f.<locals>.g")
          ->hasCode);
}

} // namespace
} // namespace closurelens::analysis

namespace closurelens::analysis {
namespace {

TEST(ScopeTreeTest, OccurrencesAreInSourceOrder) {
  Analysed a = analyse("def f(n):\n    x = x + n\n    (y := y)\n    return x\n");
  const Scope* f = findScope(a.scopes, "f");
  ASSERT_NE(f, nullptr);
  for (const Symbol& symbol : f->symbols) {
    for (size_t i = 1; i < symbol.occurrences.size(); ++i) {
      EXPECT_LT(symbol.occurrences[i - 1].range.start, symbol.occurrences[i].range.start)
          << symbol.name;
    }
  }
  std::vector<OccurrenceKind> kinds;
  for (const Occurrence& o : f->find("x")->occurrences)
    kinds.push_back(o.kind);
  EXPECT_THAT(kinds,
              ElementsAre(OccurrenceKind::Write, OccurrenceKind::Read, OccurrenceKind::Read));
}

} // namespace
} // namespace closurelens::analysis
