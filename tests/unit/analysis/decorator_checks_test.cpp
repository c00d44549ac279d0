// The decorator rules (CL201-CL209), case by case: each case is an annotated Python source whose
// `⟦ ⟧` ranges are exactly the ranges the rule must report (none: the rule stays quiet), plus a
// piece of the message. Fixes are checked on the text they produce; the fixtures in
// tests/data/fixes run the fixed code under python3.
#include "analysis/checks.hpp"
#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

struct Case {
  std::string name;
  std::string rule;
  std::string source;       // annotated
  std::string message = {}; // a piece of the first finding's message, when given
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.rule << " " << c.name;
}

std::vector<Finding> findings(const AnalyzedDocument& doc, std::string_view rule) {
  std::vector<Finding> all;
  checkWrappers(doc, all);
  checkDecoratorUse(doc, all);
  std::vector<Finding> out;
  for (Finding& f : all)
    if (f.code == rule) out.push_back(std::move(f));
  std::sort(out.begin(), out.end(),
            [](const Finding& a, const Finding& b) { return a.range.start < b.range.start; });
  return out;
}

void check(const Case& c) {
  testing::Annotated a = testing::annotate(c.source);
  auto analyzed = testing::analyzeSource(a.code);
  std::vector<Finding> found = findings(*analyzed, c.rule);
  std::vector<std::pair<uint32_t, uint32_t>> expected = a.ranges;
  std::sort(expected.begin(), expected.end());
  std::vector<std::pair<uint32_t, uint32_t>> actual;
  std::string described;
  for (const Finding& f : found) {
    actual.emplace_back(f.range.start, f.range.end);
    described +=
        "\n  [" + a.code.substr(f.range.start, f.range.end - f.range.start) + "] " + f.message;
  }
  EXPECT_EQ(actual, expected) << c.name << ": " << c.rule << " reported:" << described;
  if (!c.message.empty() && !found.empty()) {
    EXPECT_NE(found.front().message.find(c.message), std::string::npos)
        << c.name << ": message lacks \"" << c.message << "\":\n  " << found.front().message;
  }
  for (const Finding& f : found) {
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.related.empty()) << c.name << ": no related locations";
  }
}

// The source after the fix titled `title` (the preferred one when empty) of the only `rule`
// finding.
std::string fixed(std::string_view source, std::string_view rule, std::string_view title = {}) {
  auto analyzed = testing::analyzeSource(std::string(source));
  std::vector<Finding> found = findings(*analyzed, rule);
  if (found.size() != 1) return "<" + std::to_string(found.size()) + " findings>";
  for (const Fix& fix : found.front().fixes) {
    if (title.empty() ? fix.preferred : fix.title == title) {
      std::string text(source);
      if (!applyEdits(text, fix.edits)) return "<overlapping edits>";
      return text;
    }
  }
  return "<no such fix>";
}

const char* const kLogCalls = R"(import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
)";

class DecoratorChecks : public ::testing::TestWithParam<Case> {};

TEST_P(DecoratorChecks, ReportsExactlyTheMarkedRanges) {
  check(GetParam());
}

const Case kCases[] = {
    // ---- CL201 missing-wraps
    {"PlainWrapperWithoutWraps", "CL201", R"(
def timed(func):
    def ⟦wrapper⟧(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper

@timed
def fetch(url):
    return url
)",
     "`wrapper` (line 3), returned by decorator `timed`, is not decorated with "
     "`functools.wraps(func)`: `fetch.__name__` will be 'wrapper'"},
    {"FactoryWrapperWithoutWraps", "CL201", R"(
def retry(times):
    def decorate(fn):
        def ⟦attempt⟧(*args, **kwargs):
            return fn(*args, **kwargs)
        return attempt
    return decorate

@retry(3)
def ping():
    pass
)",
     "decorator `decorate` of factory `retry`"},
    {"UnusedDecoratorShapedLikeOne", "CL201", R"(
def traced(func):
    def ⟦inner⟧(*args, **kwargs):
        return func(*args, **kwargs)
    return inner
)",
     "every function it decorates"},
    {"LambdaWrapper", "CL201", R"(
def traced(func):
    return ⟦lambda *args, **kwargs: func(*args, **kwargs)⟧

@traced
def f():
    pass
)",
     "`<lambda>` (line 3), returned by decorator `traced`, is not wrapped in "
     "`functools.wraps(func)`"},
    {"UnusedLambdaAdapterKeepsQuiet", "CL201", R"(
class Lazy:
    @classmethod
    def factory(cls, loader):
        return lambda *args, **kwargs: cls(loader(*args, **kwargs))
)"},
    {"WrapsDecoratorKeepsQuiet", "CL201", R"(
import functools
def traced(func):
    @functools.wraps(func)
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    return inner
)"},
    {"FromImportWrapsKeepsQuiet", "CL201", R"(
from functools import wraps as w
def traced(func):
    @w(func)
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    return inner
)"},
    {"AppliedCallKeepsQuiet", "CL201", R"(
import functools
def traced(func):
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    inner = functools.wraps(func)(inner)
    return inner
)"},
    {"UpdateWrapperKeepsQuiet", "CL201", R"(
import functools
def traced(func):
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    return functools.update_wrapper(inner, func)
)"},
    {"ManualMetadataCopyKeepsQuiet", "CL201", R"(
def traced(func):
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    inner.__name__ = func.__name__
    inner.__doc__ = func.__doc__
    return inner
)"},
    {"PassThroughRegistryKeepsQuiet", "CL201", R"(
handlers = []
def register(func):
    handlers.append(func)
    return func

@register
def on_start():
    pass
)"},
    {"PropertyKeepsQuiet", "CL201", R"(
class Box:
    @property
    def size(self):
        return 1
)"},
    {"CallbackAdapterIsNotADecorator", "CL201", R"(
def make_handler(callback, prefix):
    def handler(event):
        callback(prefix + event)
    return handler
)"},
    {"ClassBasedDecoratorIsCL208s", "CL201", R"(
class Counted:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args):
        return self.func(*args)

@Counted
def f():
    pass
)"},

    // ---- CL202 wrapper-discards-result
    {"BareCallDiscardsTheResult", "CL202", R"(
import functools
def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling")
        ⟦func(*args, **kwargs)⟧
    return wrapper

@log_calls
def add(a, b):
    return a + b
)",
     "`wrapper` (line 5) calls `func(*args, **kwargs)` (line 7) but discards its result"},
    {"StoredResultNeverReturned", "CL202", R"(
import functools
def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ⟦result = func(*args, **kwargs)⟧
        print("done")
    return wrapper

@timed
def add(a, b):
    return a + b
)",
     "in `result` but never returns it"},
    {"SomePathsFallOff", "CL202", R"(
import functools
def guarded(func):
    @functools.wraps(func)
    def ⟦wrapper⟧(*args, **kwargs):
        if args:
            return func(*args, **kwargs)
    return wrapper

@guarded
def add(a, b):
    return a + b
)",
     "on some paths"},
    {"ReturnedDirectlyKeepsQuiet", "CL202", std::string(kLogCalls) + R"(
@log_calls
def add(a, b):
    return a + b
)"},
    {"StoredThenReturnedKeepsQuiet", "CL202", R"(
import functools
def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        print("done")
        return result
    return wrapper

@timed
def add(a, b):
    return a + b
)"},
    {"AwaitedResultReturnedKeepsQuiet", "CL202", R"(
import functools
def log_calls(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        return await func(*args, **kwargs)
    return wrapper

@log_calls
async def fetch():
    return 1
)"},
    {"DerivedResultKeepsQuiet", "CL202", R"(
import functools
def shout(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        return result.upper()
    return wrapper

@shout
def greet():
    return "hi"
)"},
    {"DecoratedFunctionsReturnNothing", "CL202", R"(
import functools
def in_tmpdir(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        test(*args, **kwargs)
    return wrapper

@in_tmpdir
def test_files():
    assert True
)"},
    {"WrapperReturningItsOwnValueKeepsQuiet", "CL202", R"(
import functools
def raises(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            func(*args, **kwargs)
        except ValueError:
            return True
        return False
    return wrapper

@raises
def parse(text):
    return int(text)
)"},
    {"StoredResultUsedLaterKeepsQuiet", "CL202", R"(
import functools
def to_json(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        response = func(*args, **kwargs)
        headers = {"length": len(response)}
        return headers, response.encode()
    return wrapper

@to_json
def body():
    return "x"
)"},
    {"GeneratorWrapperKeepsQuiet", "CL202", R"(
import functools
def logged(gen):
    @functools.wraps(gen)
    def wrapper(*args, **kwargs):
        yield from gen(*args, **kwargs)
    return wrapper

@logged
def numbers():
    yield 1
)"},
    {"ResultPassedOnKeepsQuiet", "CL202", R"(
import functools
def apply_lines(format_line):
    @functools.wraps(format_line)
    def apply(*args):
        lines = list(args)
        lines[0] = format_line(lines[0])
        return "break"
    return apply

@apply_lines
def upper(line):
    return line.upper()
)"},

    // ---- CL203 decorator-returns-none
    {"WrapperNeverReturned", "CL203", R"(
import functools
def ⟦log_calls⟧(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

@log_calls
def add(a, b):
    return a + b
)",
     "decorator `log_calls` (line 3) defines `wrapper` (line 5) but never returns it: "
     "`@log_calls` binds `add` (line 9) to None"},
    {"WrapperReturnedOnSomePaths", "CL203", R"(
import functools
ENABLED = True
def ⟦log_calls⟧(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    if ENABLED:
        return wrapper

@log_calls
def add(a, b):
    return a + b
)",
     "but not on every path"},
    {"FactoryInnerDecoratorNeverReturnsTheWrapper", "CL203", R"(
import functools
def retry(times):
    def ⟦decorate⟧(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
    return decorate

@retry(3)
def ping():
    pass
)",
     "decorator `decorate` (line 4) defines `wrapper` (line 6) but never returns it"},
    {"ReturnedWrapperKeepsQuiet", "CL203", std::string(kLogCalls)},
    {"LambdaWrapperKeepsQuiet", "CL203", R"(
def traced(func):
    return lambda *args, **kwargs: func(*args, **kwargs)

@traced
def f():
    pass
)"},
    {"ReturnsTheFunctionOnOtherPathsKeepsQuiet", "CL203", R"(
import functools
DEBUG = False
def traced(func):
    if not DEBUG:
        return func
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
)"},
    {"DualUseWithOptionalFunctionKeepsQuiet", "CL203", R"(
import functools
def remove_handler(method=None):
    if method is not None:
        @functools.wraps(method)
        def inner(*args, **kwargs):
            return method(*args, **kwargs)
        return inner
    print("removed")
)"},
    {"HelperWithItsOwnContractKeepsQuiet", "CL203", R"(
def special_cache(method, cache_wrapper):
    if method.__name__ not in ("__getattr__", "__getitem__"):
        return
    def proxy(self, *args, **kwargs):
        return cache_wrapper(method)(self, *args, **kwargs)
    return proxy
)"},
    {"RegistrationHelperKeepsQuiet", "CL203", R"(
def subscribe(callback, bus):
    def handler(event):
        callback(event)
    bus.append(handler)
)"},

    // ---- CL204 wrapper-drops-arguments
    {"WrapperTakesNothing", "CL204", R"(
import functools
def log_calls(func):
    @functools.wraps(func)
    def wrapper⟦()⟧:
        return func()
    return wrapper

@log_calls
def add(a, b):
    return a + b
)",
     "`wrapper` (line 5) takes no positional arguments, but `add` (line 10), which `log_calls` "
     "decorates, requires 2"},
    {"KeywordsNotForwarded", "CL204", R"(
import functools
def log_calls(func):
    @functools.wraps(func)
    def wrapper⟦(*args, **kwargs)⟧:
        return func(*args)
    return wrapper

@log_calls
def add(a, b):
    return a + b
)",
     "accepts `**kwargs` but does not pass it on to `func`"},
    {"ForwardsBothKeepsQuiet", "CL204", std::string(kLogCalls) + R"(
@log_calls
def add(a, b):
    return a + b
)"},
    {"InjectedArgumentsKeepQuiet", "CL204", R"(
import functools
def with_connection(func):
    @functools.wraps(func)
    def wrapper(sql):
        return func("conn", sql)
    return wrapper

@with_connection
def query(conn, sql):
    return conn, sql
)"},
    {"ArgumentsRebuiltByAHelperKeepQuiet", "CL204", R"(
import functools
def patched(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        new_args, new_kwargs = rebuild(args, kwargs)
        return func(*new_args, **new_kwargs)
    return wrapper
)"},

    // ---- CL205 decorator-call-mismatch
    {"FactoryUsedBare", "CL205", R"(
import functools
def repeat(times):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper
    return decorator

@⟦repeat⟧
def hello():
    pass
)",
     "`@repeat` (line 11) uses factory `repeat` (line 3) without calling it: `hello` is passed as "
     "`times`"},
    {"PlainDecoratorCalled", "CL205", std::string(kLogCalls) + R"(
@⟦log_calls()⟧
def add(a, b):
    return a + b
)",
     "calls decorator `log_calls`"},
    {"StdlibTakesTheFunctionItself", "CL205", R"(
import functools
@⟦functools.cache()⟧
def f():
    pass
)",
     "calls `functools.cache`"},
    {"DualUseFactoryKeepsQuiet", "CL205", R"(
import functools
def retry(func=None, *, times=3):
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            return f(*args, **kwargs)
        return wrapper
    if func is None:
        return decorate
    return decorate(func)

@retry
def a():
    pass

@retry(times=5)
def b():
    pass
)"},
    {"CorrectFormsKeepQuiet", "CL205", std::string(kLogCalls) + R"(
import functools
@log_calls
@functools.lru_cache(maxsize=None)
@functools.lru_cache
def add(a, b):
    return a + b
)"},
    {"PassThroughReturningADecoratorKeepsQuiet", "CL205", R"(
def null(x):
    print("seen", x)
    return x

@null(null)
def f():
    pass
)"},

    // ---- CL206 decorator-order
    {"ClosureAboveClassmethod", "CL206", std::string(kLogCalls) + R"(
class Config:
    ⟦@log_calls⟧
    @classmethod
    def load(cls):
        return cls()
)",
     "`@log_calls` (line 12) is above `@classmethod` (line 13) on `load`"},
    {"CacheAboveProperty", "CL206", R"(
import functools
class Report:
    ⟦@functools.cache⟧
    @property
    def total(self):
        return 1
)",
     "the first argument must be callable"},
    {"AbstractmethodAboveProperty", "CL206", R"(
from abc import ABC, abstractmethod
class Shape(ABC):
    ⟦@abstractmethod⟧
    @property
    def area(self):
        ...
)",
     "'__isabstractmethod__' of 'property'"},
    {"ContextmanagerAboveClassmethod", "CL206", R"(
import contextlib
class Pool:
    ⟦@contextlib.contextmanager⟧
    @classmethod
    def borrow(cls):
        yield cls()
)"},
    {"DescriptorOnTopKeepsQuiet", "CL206", std::string(kLogCalls) + R"(
import functools
from abc import abstractmethod
class Config:
    @classmethod
    @log_calls
    def load(cls):
        return cls()

    @property
    @abstractmethod
    def name(self):
        ...

    @staticmethod
    @functools.cache
    def build():
        return 1
)"},
    {"DescriptorAwareDecoratorKeepsQuiet", "CL206", R"(
import functools
def traced(func):
    target = func.__func__ if isinstance(func, classmethod) else func
    @functools.wraps(target)
    def wrapper(*args, **kwargs):
        return target(*args, **kwargs)
    return wrapper

class Config:
    @traced
    @classmethod
    def load(cls):
        return cls()
)"},

    // ---- CL207 cached-method
    {"LruCacheOnMethod", "CL207", R"(
import functools
class Catalog:
    ⟦@functools.lru_cache(maxsize=128)⟧
    def lookup(self, key):
        return key
)",
     "on method `lookup` of `Catalog`: the cache is shared by the class and keeps `self` in "
     "every key"},
    {"FromImportCacheUnderProperty", "CL207", R"(
from functools import cache as memo
class Address:
    @property
    ⟦@memo⟧
    def is_private(self):
        return False
)"},
    {"StaticAndClassMethodsKeepQuiet", "CL207", R"(
import functools
class Catalog:
    @staticmethod
    @functools.cache
    def parse(text):
        return text

    @classmethod
    @functools.lru_cache
    def default(cls):
        return cls()
)"},
    {"ModuleFunctionKeepsQuiet", "CL207", R"(
import functools
@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
)"},
    {"EnumMethodKeepsQuiet", "CL207", R"(
import enum
import functools
class Color(enum.Enum):
    RED = 1

    @functools.cache
    def describe(self):
        return self.name
)"},

    // ---- CL208 class-decorator-without-get
    {"ClassDecoratorOnMethod", "CL208", R"(
class CountCalls:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

class Greeter:
    ⟦@CountCalls⟧
    def greet(self):
        return "hi"
)",
     "class `CountCalls` (line 2) defines `__call__` but not `__get__`"},
    {"ClassDecoratorWithGetKeepsQuiet", "CL208", R"(
import types
class CountCalls:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)
    def __get__(self, instance, owner=None):
        return self if instance is None else types.MethodType(self, instance)

class Greeter:
    @CountCalls
    def greet(self):
        return "hi"
)"},
    {"ClassDecoratorAtModuleLevelKeepsQuiet", "CL208", R"(
class CountCalls:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

@CountCalls
def greet():
    return "hi"
)"},
    {"StaticmethodAboveKeepsQuiet", "CL208", R"(
class CountCalls:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

class Greeter:
    @staticmethod
    @CountCalls
    def greet():
        return "hi"
)"},

    {"MethodWithoutParametersKeepsQuiet", "CL208", R"(
class CountCalls:
    def __init__(self, func):
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

class Tools:
    @CountCalls
    def helper():
        return "hi"
)"},

    // ---- CL209 wraps-misuse
    {"WrapsAsAStatement", "CL209", R"(
import functools
def log_calls(func):
    ⟦functools.wraps(func)⟧
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
)",
     "`functools.wraps(func)` (line 4) is a statement: the decorator it returns is thrown away"},
    {"WrapsWithoutArgument", "CL209", R"(
from functools import wraps
def log_calls(func):
    ⟦@wraps⟧
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
)",
     "has no argument"},
    {"SwappedUpdateWrapper", "CL209", R"(
import functools
def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    ⟦functools.update_wrapper(func, wrapper)⟧
    return wrapper
)",
     "has its arguments swapped"},
    {"CorrectUpdateWrapperKeepsQuiet", "CL209", R"(
import functools
def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    functools.update_wrapper(wrapper, func)
    return wrapper
)"},
};

INSTANTIATE_TEST_SUITE_P(Rules, DecoratorChecks, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.rule + "_" + info.param.name; });

// ---- Fixes, on the text they produce ------------------------------------------------------------

const char* const kUnwrapped = R"(def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
)";

TEST(DecoratorFixes, WrapsAddsTheImportAfterDocstringAndFuture) {
  std::string source =
      std::string("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\n") + kUnwrapped;
  EXPECT_EQ(fixed(source, "CL201"), "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\n"
                                    "import functools\n\n"
                                    "def log_calls(func):\n"
                                    "    @functools.wraps(func)\n"
                                    "    def wrapper(*args, **kwargs):\n"
                                    "        return func(*args, **kwargs)\n"
                                    "    return wrapper\n");
}

TEST(DecoratorFixes, WrapsReusesFromImport) {
  std::string source = std::string("from functools import wraps\n") + kUnwrapped;
  std::string out = fixed(source, "CL201");
  EXPECT_NE(out.find("    @wraps(func)\n    def wrapper"), std::string::npos) << out;
  EXPECT_EQ(out.find("import functools"), std::string::npos) << out;
}

TEST(DecoratorFixes, WrapsReusesModuleAlias) {
  std::string source = std::string("import functools as ft\n") + kUnwrapped;
  std::string out = fixed(source, "CL201");
  EXPECT_NE(out.find("    @ft.wraps(func)\n    def wrapper"), std::string::npos) << out;
  EXPECT_EQ(out.find("import functools\n"), std::string::npos) << out;
}

TEST(DecoratorFixes, WrapsGoesAboveTheWrappersOwnDecoratorsWithTabs) {
  std::string source = "import functools\nimport contextlib\n\ndef traced(fn):\n"
                       "\t@contextlib.contextmanager\n\tdef inner(*args):\n\t\tyield fn(*args)\n"
                       "\treturn inner\n";
  EXPECT_EQ(fixed(source, "CL201"),
            "import functools\nimport contextlib\n\ndef traced(fn):\n\t@functools.wraps(fn)\n"
            "\t@contextlib.contextmanager\n\tdef inner(*args):\n\t\tyield fn(*args)\n"
            "\treturn inner\n");
}

TEST(DecoratorFixes, WrapsKeepsCrlf) {
  std::string source =
      "import os\r\n\r\ndef log_calls(func):\r\n    def wrapper(*args, **kwargs):\r\n"
      "        return func(*args, **kwargs)\r\n    return wrapper\r\n";
  EXPECT_EQ(fixed(source, "CL201"),
            "import os\r\nimport functools\r\n\r\ndef log_calls(func):\r\n"
            "    @functools.wraps(func)\r\n    def wrapper(*args, **kwargs):\r\n"
            "        return func(*args, **kwargs)\r\n    return wrapper\r\n");
}

TEST(DecoratorFixes, LambdaWrapperIsWrapped) {
  std::string source = "from functools import wraps\ndef traced(func):\n"
                       "    return lambda *a: func(*a)\n@traced\ndef f():\n    pass\n";
  EXPECT_EQ(fixed(source, "CL201"), "from functools import wraps\ndef traced(func):\n"
                                    "    return wraps(func)(lambda *a: func(*a))\n@traced\n"
                                    "def f():\n    pass\n");
}

TEST(DecoratorFixes, DiscardedCallInTailIsReturned) {
  std::string source = "import functools\ndef log(func):\n    @functools.wraps(func)\n"
                       "    def wrapper(*a, **k):\n        with lock:\n            func(*a, **k)\n"
                       "    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL202"),
            "import functools\ndef log(func):\n    @functools.wraps(func)\n"
            "    def wrapper(*a, **k):\n        with lock:\n            return func(*a, **k)\n"
            "    return wrapper\n");
}

TEST(DecoratorFixes, DiscardedCallFollowedByStatementsKeepsTheResult) {
  std::string source = "import functools\ndef log(func):\n    @functools.wraps(func)\n"
                       "    def wrapper(*a):\n        func(*a)\n        print('done')\n"
                       "    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL202"),
            "import functools\ndef log(func):\n    @functools.wraps(func)\n"
            "    def wrapper(*a):\n        result = func(*a)\n        print('done')\n"
            "        return result\n    return wrapper\n");
}

TEST(DecoratorFixes, ReturnWrapperGoesAtTheEndOfTheDecorator) {
  std::string source = "import functools\ndef log(func):\n    @functools.wraps(func)\n"
                       "    def wrapper(*a):\n        return func(*a)\n    # done\n";
  EXPECT_EQ(fixed(source, "CL203"),
            "import functools\ndef log(func):\n    @functools.wraps(func)\n"
            "    def wrapper(*a):\n        return func(*a)\n    return wrapper\n    # done\n");
}

TEST(DecoratorFixes, WrapperParametersBecomeStarArgs) {
  std::string source = "import functools\ndef log(func):\n    @functools.wraps(func)\n"
                       "    def wrapper():\n        return func()\n    return wrapper\n"
                       "@log\ndef add(a, b):\n    return a + b\n";
  EXPECT_EQ(fixed(source, "CL204"),
            "import functools\ndef log(func):\n    @functools.wraps(func)\n"
            "    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
            "    return wrapper\n@log\ndef add(a, b):\n    return a + b\n");
}

TEST(DecoratorFixes, UsedWrapperParametersGetNoFix) {
  std::string source = "import functools\ndef log(func):\n    @functools.wraps(func)\n"
                       "    def wrapper(x):\n        print(x)\n        return func()\n"
                       "    return wrapper\n@log\ndef add(a, b):\n    return a + b\n";
  EXPECT_EQ(fixed(source, "CL204"), "<no such fix>");
}

TEST(DecoratorFixes, FactoryGetsPlaceholderArguments) {
  std::string source = "def tag(label, /, color, *, size, bold=False):\n"
                       "    def deco(func):\n        def wrapper(*a):\n"
                       "            return func(*a)\n        return wrapper\n    return deco\n"
                       "@tag\ndef f():\n    pass\n";
  std::string out = fixed(source, "CL205");
  EXPECT_NE(out.find("@tag(..., color=..., size=...)\ndef f"), std::string::npos) << out;
}

TEST(DecoratorFixes, CalledPlainDecoratorLosesItsParentheses) {
  std::string source = std::string(kLogCalls) + "@log_calls( )\ndef f():\n    pass\n";
  EXPECT_EQ(fixed(source, "CL205"), std::string(kLogCalls) + "@log_calls\ndef f():\n    pass\n");
}

TEST(DecoratorFixes, DescriptorMovesToTheTopKeepingComments) {
  std::string source = std::string(kLogCalls) +
                       "class C:\n    @log_calls  # traced\n    # note\n    @classmethod\n"
                       "    def load(cls):\n        return cls()\n";
  EXPECT_EQ(fixed(source, "CL206"), std::string(kLogCalls) +
                                        "class C:\n    @classmethod\n    @log_calls  # traced\n"
                                        "    # note\n    def load(cls):\n        return cls()\n");
}

TEST(DecoratorFixes, PerInstanceCacheIsCreatedInInit) {
  std::string source = "import functools\nclass C:\n    def __init__(self, n):\n"
                       "        self.n = n\n\n    @functools.lru_cache(maxsize=8)\n"
                       "    def get(self, key):\n        return key\n";
  EXPECT_EQ(fixed(source, "CL207"),
            "import functools\nclass C:\n    def __init__(self, n):\n        self.n = n\n"
            "        self.get = functools.lru_cache(maxsize=8)(self._get)\n\n"
            "    def _get(self, key):\n        return key\n");
}

TEST(DecoratorFixes, PerInstanceCacheGoesFirstWhenInitReturnsEarly) {
  std::string source = "import functools\nclass C:\n    def __init__(self, n):\n"
                       "        \"\"\"Doc.\"\"\"\n        if n:\n            return\n"
                       "        self.n = n\n\n    @functools.cache\n"
                       "    def get(self, key):\n        return key\n";
  EXPECT_EQ(fixed(source, "CL207"),
            "import functools\nclass C:\n    def __init__(self, n):\n"
            "        \"\"\"Doc.\"\"\"\n        self.get = functools.cache(self._get)\n"
            "        if n:\n            return\n        self.n = n\n\n"
            "    def _get(self, key):\n        return key\n");
}

TEST(DecoratorFixes, CachedPropertyOnlyForZeroArgumentMethodsAndNotPreferred) {
  std::string source = "import functools\nclass C:\n    @functools.cache\n"
                       "    def total(self):\n        return 1\n";
  auto analyzed = testing::analyzeSource(std::string(source));
  std::vector<Finding> found = findings(*analyzed, "CL207");
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found.front().fixes.size(), 1u); // no __init__: no per-instance cache
  const Fix& fix = found.front().fixes.front();
  EXPECT_FALSE(fix.preferred);
  EXPECT_EQ(fix.kind, FixKind::RefactorRewrite);
  EXPECT_NE(fix.title.find("call sites change"), std::string::npos);
  std::string text = source;
  ASSERT_TRUE(applyEdits(text, fix.edits));
  EXPECT_EQ(text, "import functools\nclass C:\n    @functools.cached_property\n"
                  "    def total(self):\n        return 1\n");
}

TEST(DecoratorFixes, GetIsAddedToTheDecoratorClass) {
  std::string source = "class Counted:\n    def __init__(self, func):\n        self.func = func\n\n"
                       "    def __call__(self, *args):\n        return self.func(*args)\n\n"
                       "class C:\n    @Counted\n    def m(self):\n        pass\n";
  EXPECT_EQ(
      fixed(source, "CL208"),
      "import types\n\nclass Counted:\n    def __init__(self, func):\n        self.func = func\n\n"
      "    def __call__(self, *args):\n        return self.func(*args)\n\n"
      "    def __get__(self, instance, owner=None):\n        if instance is None:\n"
      "            return self\n        return types.MethodType(self, instance)\n\n"
      "class C:\n    @Counted\n    def m(self):\n        pass\n");
}

TEST(DecoratorFixes, WrapsStatementBecomesTheDecorator) {
  std::string source = "import functools\ndef log(func):\n    functools.wraps(func)\n"
                       "    def wrapper(*a):\n        return func(*a)\n    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL209"), "import functools\ndef log(func):\n"
                                    "    @functools.wraps(func)\n    def wrapper(*a):\n"
                                    "        return func(*a)\n    return wrapper\n");
}

TEST(DecoratorFixes, WrapsGetsItsArgument) {
  std::string source = "from functools import wraps\ndef log(fn):\n    @wraps()\n"
                       "    def wrapper(*a):\n        return fn(*a)\n    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL209"), "from functools import wraps\ndef log(fn):\n    @wraps(fn)\n"
                                    "    def wrapper(*a):\n        return fn(*a)\n"
                                    "    return wrapper\n");
}

TEST(DecoratorFixes, UpdateWrapperArgumentsAreSwapped) {
  std::string source = "import functools\ndef log(fn):\n    def wrapper(*a):\n"
                       "        return fn(*a)\n    functools.update_wrapper(fn, wrapper)\n"
                       "    return wrapper\n";
  EXPECT_EQ(fixed(source, "CL209"), "import functools\ndef log(fn):\n    def wrapper(*a):\n"
                                    "        return fn(*a)\n"
                                    "    functools.update_wrapper(wrapper, fn)\n"
                                    "    return wrapper\n");
}

} // namespace
} // namespace closurelens::analysis
