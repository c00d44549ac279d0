// The closure rules CL101-CL106 on annotated sources: each ⟦ ⟧ marks where one finding must be
// reported (in source order), with its code and words its message must contain; a source without
// marks must produce no closure finding at all. The fix tests apply a fix and compare the text.
#include "analysis/checks.hpp"

#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

struct Expected {
  std::string code;
  std::vector<std::string> messageHas;
};

struct ClosureCase {
  const char* name;
  std::string source;             // annotated: one ⟦ ⟧ per expected finding
  std::vector<Expected> expected; // in source order
};

std::vector<Finding> closureFindings(const AnalyzedDocument& doc) {
  std::vector<Finding> out;
  checkLateBinding(doc, out);
  checkNameBinding(doc, out);
  checkClosureState(doc, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.range.start < b.range.start;
  });
  return out;
}

void check(const ClosureCase& c) {
  testing::Annotated a = testing::annotate(c.source);
  auto doc = testing::analyzeSource(a.code);
  std::vector<Finding> findings = closureFindings(*doc);
  auto ranges = a.ranges;
  std::sort(ranges.begin(), ranges.end());
  std::string reported;
  for (const Finding& f : findings) {
    reported += "\n  " + f.code + " [" + a.code.substr(f.range.start, f.range.end - f.range.start) +
                "] " + f.message;
  }
  ASSERT_EQ(ranges.size(), c.expected.size()) << c.name << ": one ⟦ ⟧ per expected finding";
  ASSERT_EQ(findings.size(), c.expected.size()) << c.name << " reported:" << reported;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    EXPECT_EQ(f.code, c.expected[i].code) << c.name << " #" << i << reported;
    EXPECT_EQ(a.code.substr(f.range.start, f.range.end - f.range.start),
              a.code.substr(ranges[i].first, ranges[i].second - ranges[i].first))
        << c.name << " #" << i << reported;
    for (const std::string& piece : c.expected[i].messageHas) {
      EXPECT_THAT(f.message, ::testing::HasSubstr(piece)) << c.name << " #" << i;
    }
    EXPECT_FALSE(f.related.empty()) << c.name << " #" << i << " has no related location";
  }
}

class ClosureCheckTest : public ::testing::TestWithParam<ClosureCase> {};

TEST_P(ClosureCheckTest, Findings) {
  check(GetParam());
}

Expected late(std::vector<std::string> has = {}) {
  return {"CL101", std::move(has)};
}

// ---- CL101: must flag ----------------------------------------------------------------------

const ClosureCase kCases[] = {
    {"AppendedLambdaAtModuleLevel",
     R"py(handlers = []
for name in ["a", "b"]:
    handlers.append(lambda: print(⟦name⟧))
)py",
     {late({"lambda created in the loop at line 2 captures `name`, which the loop rebinds: every "
            "call sees its last value"})}},
    {"AppendedLambdaInFunction",
     R"py(def make(r):
    fs = []
    for i in r:
        fs.append(lambda: ⟦i⟧ * 10)
    return fs
)py",
     {late({"line 3", "`i`"})}},
    {"StoredInDictItem",
     R"py(def make(keys):
    d = {}
    for k in keys:
        d[k] = lambda: ⟦k⟧
    return d
)py",
     {late({"`k`"})}},
    {"StoredInAttribute",
     R"py(class A:
    def setup(self, items):
        for it in items:
            self.cb = lambda: ⟦it⟧
)py",
     {late({"`it`"})}},
    {"AddedToSet",
     R"py(def make(r):
    s = set()
    for i in r:
        s.add(lambda: ⟦i⟧)
    return s
)py",
     {late()}},
    {"YieldedFromTheLoop",
     R"py(def gen(r):
    for x in r:
        yield lambda: ⟦x⟧
)py",
     {late({"`x`"})}},
    {"ThreadTarget",
     R"py(import threading
def start(r):
    for n in r:
        threading.Thread(target=lambda: print(⟦n⟧)).start()
)py",
     {late({"`n`"})}},
    {"RegistryByName",
     R"py(import codecs
def install(handlers):
    for name, result in handlers:
        codecs.register_error(name, lambda exc: (⟦result⟧, exc.end))
)py",
     {late({"`result`"})}},
    {"ThreadingTimerPositional",
     R"py(import threading
def start(r):
    for n in r:
        threading.Timer(1.0, lambda: print(⟦n⟧)).start()
)py",
     {late()}},
    {"ExecutorSubmit",
     R"py(def run(pool, jobs):
    futures = []
    for job in jobs:
        futures.append(pool.submit(lambda: ⟦job⟧.run()))
    return futures
)py",
     {late({"`job`"})}},
    {"EventLoopCallLater",
     R"py(def schedule(loop, names):
    for name in names:
        loop.call_later(1, lambda: print(⟦name⟧))
)py",
     {late()}},
    {"AtexitRegister",
     R"py(import atexit
for path in ["a", "b"]:
    atexit.register(lambda: print(⟦path⟧))
)py",
     {late()}},
    {"SignalConnect",
     R"py(def wire(buttons):
    for button in buttons:
        button.clicked.connect(lambda: print(⟦button⟧))
)py",
     {late()}},
    {"KeptLazyMap",
     R"py(def make(r):
    out = []
    for i in r:
        out.append(map(lambda x: x + ⟦i⟧, [1]))
    return out
)py",
     {late({"`i`"})}},
    {"WhileLoopWithCounter",
     R"py(def make():
    fs = []
    n = 0
    while n < 3:
        fs.append(lambda: ⟦n⟧)
        n += 1
    return fs
)py",
     {late({"`n`"})}},
    {"WalrusInWhileCondition",
     R"py(def make(queue):
    fs = []
    while (line := queue.pop()):
        fs.append(lambda: ⟦line⟧)
    return fs
)py",
     {late({"`line`"})}},
    {"NestedLoopsBothNames",
     R"py(def make(a, b):
    fs = []
    for i in a:
        for j in b:
            fs.append(lambda: ⟦i⟧ + j)
    return fs
)py",
     {late({"`i` and `j`"})}},
    {"ListComprehension",
     R"py(fs = [lambda: ⟦i⟧ for i in range(3)]
)py",
     {late({"comprehension at line 1", "`i`"})}},
    {"GeneratorExpression",
     R"py(def make():
    return list(lambda: ⟦i⟧ for i in range(3))
)py",
     {late()}},
    {"ComprehensionReturnedFromFunction",
     R"py(def make():
    return [lambda: ⟦i⟧ for i in range(3)]
)py",
     {late({"comprehension"})}},
    {"SetComprehensionOfDefaultlessLambdas",
     R"py(s = {lambda: ⟦i⟧ for i in range(3)}
)py",
     {late()}},
    {"DictComprehensionValue",
     R"py(d = {i: lambda: ⟦i⟧ for i in range(3)}
)py",
     {late()}},
    {"NestedDefAppended",
     R"py(def make(r):
    fs = []
    for i in r:
        def g(a):
            return ⟦i⟧ + a
        fs.append(g)
    return fs
)py",
     {late({"`g` created in the loop at line 3 captures `i`"})}},
    {"NestedDefStoredByName",
     R"py(def make(r, registry):
    for i in r:
        def g():
            return ⟦i⟧
        registry[i] = g
)py",
     {late()}},
    {"LambdaAssignedThenAppended",
     R"py(def make(r):
    fs = []
    for i in r:
        f = lambda: ⟦i⟧
        fs.append(f)
    return fs
)py",
     {late()}},
    {"ValueAssignedInLoopBody",
     R"py(def make(rows):
    fs = []
    for row in rows:
        total = sum(row)
        fs.append(lambda: ⟦total⟧)
    return fs
)py",
     {late({"`total`"})}},
    {"AsyncFor",
     R"py(async def make(stream):
    fs = []
    async for item in stream:
        fs.append(lambda: ⟦item⟧)
    return fs
)py",
     {late()}},
    {"AccumulatedWithPlusEquals",
     R"py(def make(r):
    fs = []
    for i in r:
        fs += [lambda: ⟦i⟧]
    return fs
)py",
     {late()}},

    {"DefaultdictFactory",
     R"py(import collections
def make(r):
    out = []
    for i in r:
        out.append(collections.defaultdict(lambda: ⟦i⟧))
    return out
)py",
     {late()}},
    {"DecoratorRegistersTheDef",
     R"py(import atexit
for path in ["a", "b"]:
    @atexit.register
    def cleanup():
        print(⟦path⟧)
)py",
     {late({"`cleanup`", "`path`"})}},
    {"RouteDecoratorRegistersTheDef",
     R"py(def install(app, pages):
    for page in pages:
        @app.route("/" + page)
        def show():
            return ⟦page⟧
)py",
     {late({"`show`", "`page`"})}},
    {"StoredInNonlocal",
     R"py(def outer(r):
    last = None
    def pick():
        nonlocal last
        for i in r:
            last = lambda: ⟦i⟧
    pick()
    return last
)py",
     {late()}},
    {"PassedThroughAnInnerLambda",
     R"py(def make(r):
    fs = []
    for i in r:
        fs.append(lambda: lambda: ⟦i⟧)
    return fs
)py",
     {late()}},
    // ---- CL101: must not flag --------------------------------------------------------------
    {"SortKeyInLoop",
     R"py(def sort_all(rows, columns):
    for column in columns:
        rows.sort(key=lambda row: row[column])
        print(sorted(rows, key=lambda row: row[column]))
        print(min(rows, key=lambda row: row[column]), max(rows, key=lambda row: row[column]))
)py",
     {}},
    {"HeapqAndGroupbyKeys",
     R"py(import heapq, itertools
def top(rows, columns):
    for column in columns:
        heapq.nsmallest(3, rows, key=lambda row: row[column])
        heapq.nlargest(3, rows, key=lambda row: row[column])
        for k, g in itertools.groupby(rows, key=lambda row: row[column]):
            print(k, list(g))
)py",
     {}},
    {"MapConsumedAtOnce",
     R"py(def total(r, xs):
    for i in r:
        print(list(map(lambda x: x + i, xs)))
        print(sum(map(lambda x: x * i, xs)), any(filter(lambda x: x > i, xs)))
        print("".join(map(lambda x: x + str(i), xs)))
        for y in map(lambda x: x - i, xs):
            print(y)
)py",
     {}},
    {"ImmediatelyCalledLambda",
     R"py(def run(r):
    for i in r:
        print((lambda: i)())
)py",
     {}},
    {"NestedDefCalledInSameIteration",
     R"py(def run(r):
    for i in r:
        def show():
            print(i)
        show()
)py",
     {}},
    {"LocalLambdaCalledInLoop",
     R"py(def run(r):
    for i in r:
        f = lambda: i * 2
        print(f())
)py",
     {}},
    {"DefaultBindsTheValue",
     R"py(def make(r):
    fs = []
    for i in r:
        fs.append(lambda i=i: i)
        fs.append(lambda x, *, i=i: x + i)
    return fs
)py",
     {}},
    {"FunctoolsPartial",
     R"py(import functools
def make(r):
    fs = []
    for i in r:
        fs.append(functools.partial(print, i))
    return fs
)py",
     {}},
    {"NameNotRebound",
     R"py(def make(r, scale):
    fs = []
    for i in r:
        fs.append(lambda x: x * scale)
    return fs
)py",
     {}},
    {"ReturnedFromTheLoopEndsIt",
     R"py(def first(r):
    for i in r:
        if i > 2:
            return lambda: i
)py",
     {}},
    {"LambdaInLoopElseAndIterable",
     R"py(def make(r, fs):
    for i in map(lambda x: x, r):
        pass
    else:
        fs.append(lambda: i)
)py",
     {}},
    {"LambdaOutsideTheLoop",
     R"py(def make(r):
    for i in r:
        pass
    return lambda: i
)py",
     {}},

    // ---- CL104 ------------------------------------------------------------------------------
    {"ReturnedLambdaCapturesExceptName",
     R"py(def risky():
    try:
        1 / 0
    except ZeroDivisionError as failure:
        return lambda: f"failed: {⟦failure⟧}"
)py",
     {{"CL104", {"`failure`", "line 4", "NameError"}}}},
    {"StoredDefCapturesExceptName",
     R"py(def risky(callbacks):
    try:
        1 / 0
    except ZeroDivisionError as exc:
        def report():
            print(⟦exc⟧)
        callbacks.append(report)
)py",
     {{"CL104", {"`exc`"}}}},
    {"ExceptNameClosureUsedAfterTheHandler",
     R"py(def risky():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        later = lambda: ⟦exc⟧
    return later
)py",
     {{"CL104", {"`exc`"}}}},
    {"ExceptNameInLoopIsCL104NotCL101",
     R"py(def collect(jobs):
    errors = []
    for job in jobs:
        try:
            job()
        except Exception as exc:
            errors.append(lambda: ⟦exc⟧)
    return errors
)py",
     {{"CL104", {"`exc`"}}}},
    {"ExceptNameAtModuleLevel",
     R"py(try:
    1 / 0
except ZeroDivisionError as e:
    handler = lambda: str(⟦e⟧)
handler()
)py",
     {{"CL104", {"`e`"}}}},
    {"ExceptNameCalledInsideHandlerIsFine",
     R"py(def risky(log):
    try:
        1 / 0
    except ZeroDivisionError as exc:
        (lambda: log(exc))()
        log(sorted([1], key=lambda x: str(exc)))
)py",
     {}},
    {"ExceptNameBoundByDefaultIsFine",
     R"py(def risky():
    try:
        1 / 0
    except ZeroDivisionError as failure:
        return lambda failure=failure: str(failure)
)py",
     {}},

    // ---- CL102 ------------------------------------------------------------------------------
    {"AugmentedAssignmentWithoutNonlocal",
     R"py(def make_counter():
    count = 0

    def increment():
        ⟦count⟧ += 1
        return count

    return increment
)py",
     {{"CL102",
       {"`count` is assigned in `increment` (line 5) but bound in `make_counter` (line 2): "
        "reading it first raises UnboundLocalError; add `nonlocal count`"}}}},
    {"ReadInRightHandSide",
     R"py(def outer():
    x = 1
    def inner():
        ⟦x⟧ = x + 1
        return x
    return inner
)py",
     {{"CL102", {"`x`", "`outer`"}}}},
    {"ReadOnAnEarlierLine",
     R"py(def outer():
    x = 1
    def inner():
        print(x)
        ⟦x⟧ = 2
    return inner
)py",
     {{"CL102", {"reading it first (line 4)"}}}},
    {"ForTargetAfterRead",
     R"py(def outer():
    item = None
    def inner(items):
        if item:
            pass
        for ⟦item⟧ in items:
            pass
    return inner
)py",
     {{"CL102", {"`item`"}}}},
    {"ModuleGlobalWithoutGlobal",
     R"py(total = 0
def add(n):
    ⟦total⟧ += n
)py",
     {{"CL102", {"module global (line 1)", "add `global total`"}}}},
    {"MethodThroughClassBody",
     R"py(def outer():
    hits = 0
    class K:
        def hit(self):
            ⟦hits⟧ += 1
    return K
)py",
     {{"CL102", {"`outer`", "nonlocal hits"}}}},
    {"WithTargetAfterRead",
     R"py(def outer(path):
    f = None
    def inner():
        if f:
            f.close()
        with open(path) as ⟦f⟧:
            return f.read()
    return inner
)py",
     {{"CL102", {"`f`"}}}},
    {"WalrusAfterRead",
     R"py(def outer(items):
    n = 0
    def inner():
        print(n)
        if (⟦n⟧ := len(items)) > 2:
            return n
    return inner
)py",
     {{"CL102", {"`n`"}}}},
    {"ImportAfterUseOfModuleGlobal",
     R"py(import os
def where():
    print(os.getcwd())
    import ⟦os⟧
)py",
     {{"CL102", {"`os`", "global os"}}}},
    {"AssignedBeforeReadIsALocal",
     R"py(def outer():
    count = 0
    def inner():
        count = 1
        print(count)
    return inner
)py",
     {}},
    {"NonlocalDeclared",
     R"py(def outer():
    count = 0
    def inner():
        nonlocal count
        count += 1
    return inner
)py",
     {}},
    {"OnlyReadsOrMutates",
     R"py(def outer():
    items = []
    def inner(x):
        items.append(x)
        print(len(items))
    return inner
)py",
     {}},
    {"NoEnclosingBinding",
     R"py(def f():
    x = x_default() if False else 1
    return x
)py",
     {}},

    // ---- CL103 ------------------------------------------------------------------------------
    {"NonlocalOfAModuleGlobal",
     R"py(calls = 0
def count_calls(func):
    def wrapper(*args, **kwargs):
        nonlocal ⟦calls⟧
        calls += 1
        return func(*args, **kwargs)
    return wrapper
)py",
     {{"CL103", {"`nonlocal calls`", "module global", "SyntaxError"}}}},
    {"NonlocalAtModuleLevel",
     R"py(nonlocal ⟦x⟧
)py",
     {{"CL103", {"module level"}}}},
    {"NonlocalInClassUnderModule",
     R"py(class K:
    nonlocal ⟦x⟧
)py",
     {{"CL103", {"no enclosing function binds `x`"}}}},
    {"NonlocalOfAParameter",
     R"py(def f(x):
    nonlocal ⟦x⟧
)py",
     {{"CL103", {"parameter"}}}},
    {"NonlocalAndGlobal",
     R"py(def f():
    global z
    nonlocal ⟦z⟧
)py",
     {{"CL103", {"both global and nonlocal"}}}},
    {"NonlocalWithoutAnyBinding",
     R"py(def outer():
    def inner():
        nonlocal ⟦q⟧
        q += 1
    return inner
)py",
     {{"CL103", {"`q`"}}}},
    {"NonlocalBoundLaterInEnclosing",
     R"py(def outer():
    def inner():
        nonlocal n
        n += 1
    n = 0
    return inner
)py",
     {}},
    {"NonlocalThroughClassBodyAndDunderClass",
     R"py(def outer():
    x = 1
    class K:
        nonlocal x
        def m(self):
            nonlocal x
            x = 2
        def n(self):
            nonlocal __class__
    return K
)py",
     {}},

    // ---- CL105 / CL106 ----------------------------------------------------------------------
    {"CounterRebindWithoutLock",
     R"py(import functools
def count_calls(func):
    calls = 0
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        ⟦calls += 1⟧
        return func(*args, **kwargs)
    return wrapper
)py",
     {{"CL105", {"`wrapper` changes `calls`", "`count_calls`"}}}},
    {"HistoryAppendIsCL105AndCL106",
     R"py(def remember_calls(func):
    history = []
    def wrapper(*args, **kwargs):
        ⟦⟦history.append(args)⟧⟧
        return func(*args, **kwargs)
    wrapper.history = history
    return wrapper
)py",
     {{"CL105", {"`history`"}}, {"CL106", {"`history`", "grows"}}}},
    {"CacheDictWithoutEviction",
     R"py(def memo(func):
    cache = {}
    def wrapper(x):
        if x not in cache:
            ⟦⟦cache[x]⟧⟧ = func(x)
        return cache[x]
    return wrapper
)py",
     {{"CL105", {"`cache`"}}, {"CL106", {"`cache`"}}}},
    {"UpdateUnderLockAndBoundedList",
     R"py(import threading
def locked(func):
    calls = 0
    seen = []
    lock = threading.Lock()
    def wrapper(x):
        nonlocal calls
        with lock:
            calls += 1
            seen.append(x)
            if len(seen) > 10:
                seen.pop(0)
        return func(x)
    return wrapper
)py",
     {}},
    {"BoundedButUnlocked",
     R"py(def bounded(func):
    seen = []
    def wrapper(x):
        ⟦seen.append(x)⟧
        if len(seen) > 10:
            seen.pop(0)
        return func(x)
    return wrapper
)py",
     {{"CL105", {"`seen`"}}}},
    {"FactoryStateAppended",
     R"py(def retry(times):
    attempts = []
    def deco(func):
        def wrapper(*args):
            ⟦⟦attempts.append(args)⟧⟧
            return func(*args)
        return wrapper
    return deco
)py",
     {{"CL105", {"`attempts`", "`retry`"}}, {"CL106", {"`attempts`"}}}},
    {"DequeWithMaxlenIsBounded",
     R"py(import collections
def deco(func):
    recent = collections.deque(maxlen=10)
    def wrapper(x):
        ⟦recent.append(x)⟧
        return func(x)
    return wrapper
)py",
     {{"CL105", {"`recent`"}}}},
    {"ReadOnlyStateAndPerCallState",
     R"py(def deco(func):
    config = {"a": 1}
    def wrapper(x):
        local = []
        local.append(x)
        return func(x, config["a"], local)
    return wrapper
)py",
     {}},
};

INSTANTIATE_TEST_SUITE_P(Closure, ClosureCheckTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- fixes -------------------------------------------------------------------------------------

// Applies the fix titled `title` (the preferred one when empty) of the only finding `code`.
std::string fixed(const std::string& source, const std::string& code,
                  const std::string& title = "") {
  auto doc = testing::analyzeSource(source);
  std::vector<Finding> findings = closureFindings(*doc);
  const Finding* finding = nullptr;
  for (const Finding& f : findings) {
    if (f.code == code) {
      EXPECT_EQ(finding, nullptr) << "more than one " << code;
      finding = &f;
    }
  }
  if (!finding) {
    ADD_FAILURE() << "no " << code;
    return {};
  }
  for (const Fix& fix : finding->fixes) {
    if (title.empty() ? fix.preferred : fix.title == title) {
      std::string text = source;
      EXPECT_TRUE(applyEdits(text, fix.edits));
      return text;
    }
  }
  ADD_FAILURE() << "no fix " << title;
  return {};
}

TEST(ClosureFixes, LambdaWithoutParametersGetsDefaults) {
  EXPECT_EQ(fixed("fs = []\nfor i in range(3):\n    for j in range(2):\n"
                  "        fs.append(lambda: i + j)\n",
                  "CL101"),
            "fs = []\nfor i in range(3):\n    for j in range(2):\n"
            "        fs.append(lambda i=i, j=j: i + j)\n");
}

TEST(ClosureFixes, LambdaWithParametersGetsKeywordOnlyDefaults) {
  EXPECT_EQ(fixed("fs = []\nfor i in range(3):\n    fs.append(lambda x, y=1: x + i)\n", "CL101"),
            "fs = []\nfor i in range(3):\n    fs.append(lambda x, y=1, *, i=i: x + i)\n");
  EXPECT_EQ(
      fixed("fs = []\nfor i in range(3):\n    fs.append(lambda *args: args + (i,))\n", "CL101"),
      "fs = []\nfor i in range(3):\n    fs.append(lambda *args, i=i: args + (i,))\n");
  EXPECT_EQ(fixed("fs = []\nfor i in range(3):\n    fs.append(lambda x, **kw: x + i)\n", "CL101"),
            "fs = []\nfor i in range(3):\n    fs.append(lambda x, *, i=i, **kw: x + i)\n");
}

TEST(ClosureFixes, DefGetsKeywordOnlyDefault) {
  EXPECT_EQ(fixed("def make(r):\n\tfs = []\n\tfor i in r:\n\t\tdef g(a, *args):\n"
                  "\t\t\treturn i + a\n\t\tfs.append(g)\n\treturn fs\n",
                  "CL101"),
            "def make(r):\n\tfs = []\n\tfor i in r:\n\t\tdef g(a, *args, i=i):\n"
            "\t\t\treturn i + a\n\t\tfs.append(g)\n\treturn fs\n");
  EXPECT_EQ(
      fixed("fs = []\nfor i in range(3):\n    def g():\n        return i\n    fs.append(g)\n",
            "CL101"),
      "fs = []\nfor i in range(3):\n    def g(*, i=i):\n        return i\n    fs.append(g)\n");
}

TEST(ClosureFixes, PartialAlternativeReusesTheImport) {
  EXPECT_EQ(fixed("import functools as ft\nfs = []\nfor i in range(3):\n"
                  "    fs.append(lambda: i)\n",
                  "CL101", "Bind `i` with `ft.partial`"),
            "import functools as ft\nfs = []\nfor i in range(3):\n"
            "    fs.append(ft.partial(lambda i: i, i))\n");
  EXPECT_EQ(fixed("from functools import partial\nfs = []\nfor i in range(3):\n"
                  "    def g(x):\n        return x + i\n    fs.append(g)\n",
                  "CL101", "Bind `i` with `partial`"),
            "from functools import partial\nfs = []\nfor i in range(3):\n"
            "    def g(x, *, i):\n        return x + i\n    g = partial(g, i=i)\n"
            "    fs.append(g)\n");
}

TEST(ClosureFixes, NonlocalGoesAfterTheDocstringAtBodyIndentation) {
  EXPECT_EQ(fixed("def outer():\r\n\tcount = 0\r\n\tdef inner():\r\n\t\t\"\"\"Doc.\"\"\"\r\n"
                  "\t\tcount += 1\r\n\treturn inner\r\n",
                  "CL102"),
            "def outer():\r\n\tcount = 0\r\n\tdef inner():\r\n\t\t\"\"\"Doc.\"\"\"\r\n"
            "\t\tnonlocal count\r\n\t\tcount += 1\r\n\treturn inner\r\n");
  EXPECT_EQ(fixed("def outer():\n    n = 0\n    def inc(): n += 1\n    return inc\n", "CL102"),
            "def outer():\n    n = 0\n    def inc(): nonlocal n; n += 1\n    return inc\n");
  EXPECT_EQ(fixed("total = 0\ndef add(x):\n    total += x\n", "CL102"),
            "total = 0\ndef add(x):\n    global total\n    total += x\n");
}

TEST(ClosureFixes, NonlocalWithoutBindingOffersGlobalAndCreation) {
  std::string source = "calls = 0\ndef deco(func):\n    def wrapper():\n"
                       "        nonlocal calls\n        calls += 1\n        return func()\n"
                       "    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL103"), "calls = 0\ndef deco(func):\n    def wrapper():\n"
                                    "        global calls\n        calls += 1\n"
                                    "        return func()\n    return wrapper\n");
  EXPECT_EQ(fixed(source, "CL103", "Create `calls = 0` in `deco`"),
            "calls = 0\ndef deco(func):\n    calls = 0\n    def wrapper():\n"
            "        nonlocal calls\n        calls += 1\n        return func()\n"
            "    return wrapper\n");
  EXPECT_EQ(fixed("def outer():\n    y = 1\n    def f(x):\n        nonlocal y, x\n"
                  "        return x\n",
                  "CL103"),
            "def outer():\n    y = 1\n    def f(x):\n        nonlocal y\n        return x\n");
}

TEST(ClosureFixes, ExceptNameBoundAtDefinition) {
  EXPECT_EQ(fixed("def f():\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n"
                  "        return lambda: str(e)\n",
                  "CL104"),
            "def f():\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n"
            "        return lambda e=e: str(e)\n");
}

TEST(ClosureFixes, LockWrapsTheUpdateAndIsCreatedBesideTheState) {
  EXPECT_EQ(fixed("from threading import Lock\n\ndef deco(func):\n    calls = 0\n\n"
                  "    def wrapper():\n        nonlocal calls\n        calls += 1\n"
                  "        return func()\n\n    return wrapper\n",
                  "CL105", "Guard the update with `with _lock:`"),
            "from threading import Lock\n\ndef deco(func):\n    calls = 0\n    _lock = Lock()\n\n"
            "    def wrapper():\n        nonlocal calls\n        with _lock:\n"
            "            calls += 1\n        return func()\n\n    return wrapper\n");
}

TEST(ClosureFixes, DequeReplacesTheList) {
  EXPECT_EQ(fixed("from collections import deque\n\ndef deco(func):\n    seen = []\n\n"
                  "    def wrapper(x):\n        seen.append(x)\n        return func(x)\n\n"
                  "    return wrapper\n",
                  "CL106", "Keep the last 1000 entries with `deque(maxlen=1000)`"),
            "from collections import deque\n\ndef deco(func):\n    seen = deque(maxlen=1000)\n\n"
            "    def wrapper(x):\n        seen.append(x)\n        return func(x)\n\n"
            "    return wrapper\n");
}

} // namespace
} // namespace closurelens::analysis
