// The decorator model, checked fact by fact: each case is a Python source and the facts (one per
// line, rendered by describe()) that must hold for it. Metadata expectations (__name__, __doc__)
// were taken from running the same sources under CPython 3.11.7, not from this code.
#include "analysis/decorator_model.hpp"

#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

// Concatenates with append: GCC 12 at -O3 reports a false -Wrestrict on chains of operator+.
template <typename... Parts> std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

std::string value(const MetadataValue& v) {
  switch (v.state) {
  case MetadataValue::State::Text:
    return cat("'", v.text, "'");
  case MetadataValue::State::None:
    return "None";
  case MetadataValue::State::Absent:
    return "<absent>";
  case MetadataValue::State::Generated:
    return "<generated>";
  case MetadataValue::State::Unknown:
    return "<unknown>";
  }
  return "?";
}

std::string signature(const Signature& sig) {
  std::string out = "(";
  bool star = sig.varPositional() != nullptr;
  for (size_t i = 0; i < sig.parameters.size(); ++i) {
    const Parameter& p = sig.parameters[i];
    if (i > 0) out += ", ";
    if (p.kind == ParameterKind::KeywordOnly && !star) {
      out += "*, ";
      star = true;
    }
    if (p.kind == ParameterKind::VarPositional) out += "*";
    if (p.kind == ParameterKind::VarKeyword) out += "**";
    out += p.name;
    if (p.hasDefault) out += "=";
    bool lastPositionalOnly = p.kind == ParameterKind::PositionalOnly &&
                              (i + 1 == sig.parameters.size() ||
                               sig.parameters[i + 1].kind != ParameterKind::PositionalOnly);
    if (lastPositionalOnly) out += ", /";
  }
  out += ")";
  return out;
}

std::string resolution(const DecoratorModel& model, const DecoratorLayer& layer) {
  const LayerResolution& r = layer.resolution;
  std::string out(toString(r.kind));
  if (const DecoratorDefinition* d = model.definitionOf(layer);
      d && (r.kind == ResolutionKind::SameFileFunction || r.kind == ResolutionKind::SameFileClass))
    out += cat(" ", d->name);
  if (r.kind == ResolutionKind::Stdlib || r.kind == ResolutionKind::Import) {
    out += cat(" ", r.module);
    if (!r.member.empty()) out += cat(".", r.member);
    if (r.kind == ResolutionKind::Import && r.stdlibModule) out += " (stdlib module)";
  }
  return out;
}

std::string_view form(ExpressionForm f) {
  switch (f) {
  case ExpressionForm::Name:
    return "name";
  case ExpressionForm::Dotted:
    return "dotted";
  case ExpressionForm::Call:
    return "call";
  case ExpressionForm::Other:
    return "other";
  }
  return "?";
}

std::string_view misuse(WrapsMisuseKind kind) {
  switch (kind) {
  case WrapsMisuseKind::DiscardedCall:
    return "discarded-call";
  case WrapsMisuseKind::DecoratorWithoutArgument:
    return "decorator-without-argument";
  case WrapsMisuseKind::SwappedUpdateWrapper:
    return "swapped-update-wrapper";
  }
  return "?";
}

void describeWrapper(const std::string& prefix, const Wrapper& w, std::vector<std::string>& out) {
  std::string p = cat(prefix, " wrapper ", w.name, ": ");
  out.push_back(cat(p, "line ", std::to_string(w.line + 1)));
  out.push_back(cat(p, "signature ", signature(w.signature)));
  if (w.isAsync) out.push_back(cat(p, "async"));
  std::string wraps(toString(w.wraps.form));
  if (w.wraps.form != WrapsForm::None)
    wraps += cat("(", w.wraps.argument, ") param ", std::to_string(w.wraps.parameterIndex));
  out.push_back(cat(p, "wraps = ", wraps));
  for (const WrapsMisuse& m : w.wraps.misuses)
    out.push_back(cat(p, "misuse ", misuse(m.kind)));
  std::string result(toString(w.result));
  if (!w.resultVariable.empty()) result += cat(" via ", w.resultVariable);
  out.push_back(cat(p, "result = ", result));
  std::string forwards;
  if (w.forwardsVarPositional) forwards += " *args";
  if (w.forwardsVarKeyword) forwards += " **kwargs";
  out.push_back(cat(p, "forwards =", forwards.empty() ? std::string(" nothing") : forwards));
  out.push_back(cat(p, "doc = ", w.docstring ? cat("'", *w.docstring, "'") : std::string("None")));
}

void describeFunction(const std::string& prefix, const DecoratorFunction& f,
                      std::vector<std::string>& out) {
  std::string p = cat(prefix, ": ");
  if (f.wrappedParameter >= 0)
    out.push_back(
        cat(p, "receives ", f.signature.parameters[static_cast<size_t>(f.wrappedParameter)].name));
  if (f.passThrough) {
    out.push_back(cat(p, "returns the function on ", toString(f.returnsResult)));
    return;
  }
  if (f.wrapper) {
    out.push_back(cat(p, "returns wrapper ", f.wrapper->name, " on ", toString(f.returnsResult)));
    describeWrapper(prefix, *f.wrapper, out);
  }
}

// Renders the model as one fact per line; see the cases below for the vocabulary.
std::vector<std::string> describe(const DecoratorModel& model) {
  std::vector<std::string> out;
  std::map<std::string_view, int> counts;
  for (const DecoratedDefinition& d : model.decorated())
    ++counts[d.name];
  for (const DecoratedDefinition& d : model.decorated()) {
    // Names decorated more than once (property getter and setter) get the def's line.
    std::string key(d.name);
    if (counts[d.name] > 1) key += cat("@", std::to_string(d.line + 1));
    std::string p = cat(key, ": ");
    if (d.isClass) out.push_back(cat(p, "class"));
    if (d.isAsync) out.push_back(cat(p, "async"));
    if (!d.isClass) out.push_back(cat(p, "signature ", signature(d.signature)));
    if (!d.enclosingClass.empty()) out.push_back(cat(p, "in class ", d.enclosingClass));
    if (!d.enclosingFunction.empty()) out.push_back(cat(p, "in def ", d.enclosingFunction));
    out.push_back(cat(p, "application = ", d.application));
    std::string order;
    for (uint32_t i : d.applicationOrder)
      order += cat(order.empty() ? "" : " -> ", d.layers[i].expression);
    out.push_back(cat(p, "order = ", order));
    for (const DecoratorLayer& layer : d.layers) {
      std::string at = cat(p, "@", layer.expression);
      out.push_back(cat(at, " = ", toString(layer.role), ", ", resolution(model, layer),
                        layer.callMismatch ? ", call mismatch" : ""));
      out.push_back(cat(at, " form = ", form(layer.form), ", head = ", layer.head,
                        ", calls = ", std::to_string(layer.callDepth)));
      out.push_back(cat(at, " then __name__ = ", value(layer.after.name),
                        ", __doc__ = ", value(layer.after.doc)));
    }
    auto changed = [&](const MetadataValue& v) {
      if (v.changedBy < 0) return std::string();
      return cat(" (set by @", d.layers[static_cast<size_t>(v.changedBy)].expression, ")");
    };
    out.push_back(cat(p, "__name__ = ", value(d.result.name), changed(d.result.name)));
    out.push_back(cat(p, "__doc__ = ", value(d.result.doc), changed(d.result.doc)));
  }
  for (const DecoratorDefinition& d : model.definitions()) {
    std::string prefix = cat(d.isClass ? "class " : "def ", d.name);
    std::string p = cat(prefix, ": ");
    out.push_back(cat(p, toString(d.shape)));
    if (d.isAsync) out.push_back(cat(p, "async"));
    if (d.shape == DecoratorShape::Factory && d.decorator) {
      out.push_back(
          cat(p, "returns decorator ", d.decorator->name, " on ", toString(d.returnsDecorator)));
      out.push_back(cat(p, "factory signature ", signature(d.signature)));
    }
    if (d.decorator) describeFunction(prefix, *d.decorator, out);
    if (d.classDecorator && d.classDecorator->hasCall) {
      const ClassDecorator& c = *d.classDecorator;
      out.push_back(cat(p, "__get__ = ", c.hasGet ? "yes" : "no"));
      out.push_back(cat(p, "__call__", signature(c.callSignature)));
      if (c.hasInit && c.initWrappedParameter >= 0)
        out.push_back(
            cat(p, "__init__ receives ",
                c.initSignature.parameters[static_cast<size_t>(c.initWrappedParameter)].name,
                ", updates wrapper = ", c.initUpdatesWrapper ? "yes" : "no"));
      if (c.callAsWrapper) describeWrapper(cat(prefix, " __call__ as"), *c.callAsWrapper, out);
      if (c.callAsDecorator) describeFunction(cat(prefix, " __call__"), *c.callAsDecorator, out);
    }
  }
  return out;
}

struct Parsed : testing::ParsedSource {
  DecoratorModel model;
  explicit Parsed(std::string source)
      : ParsedSource(std::move(source)), model(DecoratorModel::build(root(), text)) {}
};

struct Case {
  const char* name;
  std::string source;
  // Each must appear as a line of describe(); a fact starting with '!' must not.
  std::vector<std::string> facts;
};

// The one helper: every expected fact must be among the model's facts.
void check(const Case& c) {
  Parsed parsed(c.source);
  std::vector<std::string> facts = describe(parsed.model);
  std::string all;
  for (const std::string& f : facts)
    all += cat("  ", f, "\n");
  for (const std::string& expected : c.facts) {
    if (expected.starts_with("!")) {
      std::string_view absent = std::string_view(expected).substr(1);
      EXPECT_TRUE(std::find(facts.begin(), facts.end(), absent) == facts.end())
          << "unexpected fact: " << absent << "\nall facts:\n"
          << all;
      continue;
    }
    EXPECT_TRUE(std::find(facts.begin(), facts.end(), expected) != facts.end())
        << "missing fact: " << expected << "\nall facts:\n"
        << all;
  }
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class DecoratorModelTest : public ::testing::TestWithParam<Case> {};

TEST_P(DecoratorModelTest, Facts) {
  check(GetParam());
}

const Case kCases[] = {
    {"StackWithFactory",
     R"py(import functools

def log_calls(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper

def throttle(limit):
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

@log_calls
@throttle(limit=3)
def ping():
    """Ping the server."""
    return "pong"

@throttle(limit=3)
def pong():
    """Pong."""
)py",
     {
         "ping: application = ping = log_calls(throttle(limit=3)(ping))",
         "ping: order = throttle(limit=3) -> log_calls",
         "ping: @log_calls = plain, same-file-function log_calls",
         "ping: @log_calls form = name, head = log_calls, calls = 0",
         "ping: @throttle(limit=3) = factory, same-file-function throttle",
         "ping: @throttle(limit=3) form = call, head = throttle, calls = 1",
         "ping: @throttle(limit=3) then __name__ = 'ping', __doc__ = 'Ping the server.'",
         "ping: @log_calls then __name__ = 'wrapper', __doc__ = None",
         "ping: __name__ = 'wrapper' (set by @log_calls)",
         "ping: __doc__ = None (set by @log_calls)",
         "pong: __name__ = 'pong'",
         "pong: __doc__ = 'Pong.'",
         "def log_calls: plain",
         "def log_calls: receives fn",
         "def log_calls: returns wrapper wrapper on all-paths",
         "def log_calls wrapper wrapper: line 4",
         "def log_calls wrapper wrapper: signature (*args, **kwargs)",
         "def log_calls wrapper wrapper: wraps = none",
         "def log_calls wrapper wrapper: result = returned-directly",
         "def log_calls wrapper wrapper: forwards = *args **kwargs",
         "def throttle: factory",
         "def throttle: returns decorator decorate on all-paths",
         "def throttle: factory signature (limit)",
         "def throttle: receives fn",
         "def throttle: returns wrapper gate on all-paths",
         "def throttle wrapper gate: line 13",
         "def throttle wrapper gate: wraps = decorator(fn) param 0",
         "def throttle wrapper gate: result = returned-directly",
         "def throttle wrapper gate: forwards = *args **kwargs",
         // The inner decorator is a decorator definition of its own.
         "def decorate: plain",
         // The wrapper itself is decorated, with a knowledge-base factory.
         "gate: in def decorate",
         "gate: @functools.wraps(fn) = stdlib, stdlib functools.wraps",
     }},
    {"WrapsForms",
     R"py(import functools
from functools import wraps as w, update_wrapper

def a(fn):
    @w(fn)
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner

def b(fn):
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return update_wrapper(inner, fn)

def c(fn):
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    inner = functools.wraps(fn)(inner)
    return inner

@a
def fa():
    "A."

@b
def fb():
    "B."

@c
def fc():
    "C."
)py",
     {
         "def a wrapper inner: wraps = decorator(fn) param 0",
         "def b wrapper inner: wraps = update-wrapper(fn) param 0",
         "def b: returns wrapper inner on all-paths",
         "def c wrapper inner: wraps = applied-call(fn) param 0",
         "fa: __name__ = 'fa'",
         "fa: __doc__ = 'A.'",
         "fb: __name__ = 'fb'",
         "fb: __doc__ = 'B.'",
         "fc: __name__ = 'fc'",
         "fc: __doc__ = 'C.'",
         "inner: @w(fn) = stdlib, stdlib functools.wraps",
     }},
    {"WrapsMisuse",
     R"py(import functools

def d(fn):
    def inner(*args, **kwargs):
        "Inner doc."
        functools.wraps(fn)
        return fn(*args, **kwargs)
    return inner

def e(fn):
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    functools.update_wrapper(fn, inner)
    return inner

def f(fn):
    @functools.wraps
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner

@d
def fd():
    "D."

@e
def fe():
    "E."

@f
def ff():
    "F."

def helper():
    "Helper."

def other(fn):
    @functools.wraps(helper)
    def inner(*args):
        return fn(*args)
    return inner

@other
def fo():
    "O."

def empty_call(fn):
    @functools.wraps()
    def inner(*args):
        return fn(*args)
    return inner

@empty_call
def fz():
    "Z."
)py",
     {
         "def d wrapper inner: wraps = none",
         "def d wrapper inner: misuse discarded-call",
         "def d wrapper inner: doc = 'Inner doc.'",
         "def e wrapper inner: wraps = none",
         "def e wrapper inner: misuse swapped-update-wrapper",
         "def f wrapper inner: misuse decorator-without-argument",
         "fd: __name__ = 'inner' (set by @d)",
         "fd: __doc__ = 'Inner doc.' (set by @d)",
         "fe: __name__ = 'inner' (set by @e)",
         "fe: __doc__ = None (set by @e)",
         // CPython binds the wrapper to a functools.partial: no __name__, partial's docstring.
         "ff: __name__ = <absent> (set by @f)",
         "ff: __doc__ = <generated> (set by @f)",
         // CPython copies helper's metadata; the model does not follow the argument.
         "def other wrapper inner: wraps = decorator(helper) param -1",
         "fo: __name__ = <unknown> (set by @other)",
         "def empty_call wrapper inner: misuse decorator-without-argument",
         // CPython: TypeError, wraps() missing 1 required positional argument.
         "fz: __name__ = <unknown> (set by @empty_call)",
         "inner@18: @functools.wraps = stdlib, stdlib functools.wraps, call mismatch",
     }},
    {"ResultFlows",
     R"py(def direct(fn):
    def w(*args, **kwargs):
        return fn(*args, **kwargs)
    return w

def stored(fn):
    def w(*args, **kwargs):
        result = fn(*args, **kwargs)
        print("done")
        return result
    return w

def bare(fn):
    def w(*args, **kwargs):
        fn(*args, **kwargs)
    return w

def lost(fn):
    def w(*args, **kwargs):
        result = fn(*args, **kwargs)
        print(result)
    return w

def partly(fn):
    def w(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError:
            print("failed")
    return w

def transformed(fn):
    async def w(*args, **kwargs):
        return 2 * await fn(*args, **kwargs)
    return w

def awaited(fn):
    async def w(*args, **kwargs):
        return await fn(*args, **kwargs)
    return w

def generator(fn):
    def w(*args, **kwargs):
        print("start")
        yield from fn(*args, **kwargs)
    return w

def raising(fn):
    def w(*args, **kwargs):
        if not args:
            raise TypeError("no args")
        elif len(args) > 3:
            return None
        else:
            return fn(*args, **kwargs)
    return w
)py",
     {
         "def direct wrapper w: result = returned-directly",
         "def stored wrapper w: result = stored-then-returned via result",
         "def bare wrapper w: result = discarded-call",
         "def lost wrapper w: result = stored-never-returned via result",
         "def partly wrapper w: result = some-paths-fall-off",
         "def transformed wrapper w: result = returned-transformed",
         "def transformed wrapper w: async",
         "def awaited wrapper w: result = returned-directly",
         "def raising wrapper w: result = returned-directly",
         "def generator wrapper w: result = returned-transformed",
     }},
    {"DecoratorReturns",
     R"py(def forgot(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

def sometimes(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    if fn.__doc__:
        return wrapper

def always(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    if fn.__doc__:
        return wrapper
    else:
        return wrapper

@forgot
def h():
    "H."
)py",
     {
         "def forgot: plain",
         "def forgot: returns wrapper wrapper on never",
         "def sometimes: returns wrapper wrapper on some-paths",
         "def always: returns wrapper wrapper on all-paths",
         // The name is bound to None.
         "h: __name__ = <absent> (set by @forgot)",
         "h: __doc__ = None (set by @forgot)",
     }},
    {"WrapperSignatures",
     R"py(def narrow(fn):
    def wrapper():
        return fn()
    return wrapper

def args_only(fn):
    def wrapper(*args, **kwargs):
        return fn(*args)
    return wrapper

def full(fn):
    def wrapper(a, /, b, c=1, *rest, d, e=2, **options):
        return fn(a, b, c, *rest, d=d, e=e, **options)
    return wrapper

def keyword_only(fn):
    def wrapper(x, *, key=None):
        return fn(x, key=key)
    return wrapper
)py",
     {
         "def narrow wrapper wrapper: signature ()",
         "def narrow wrapper wrapper: forwards = nothing",
         "def args_only wrapper wrapper: signature (*args, **kwargs)",
         "def args_only wrapper wrapper: forwards = *args",
         "def full wrapper wrapper: signature (a, /, b, c=, *rest, d, e=, **options)",
         "def full wrapper wrapper: forwards = *args **kwargs",
         "def keyword_only wrapper wrapper: signature (x, *, key=)",
     }},
    {"PassThroughAndRegistry",
     R"py(registry = []
ROUTES = {}

def register(fn):
    registry.append(fn)
    return fn

def route(path):
    def deco(fn):
        ROUTES[path] = fn
        return fn
    return deco

@register
def r1():
    "R1."

@route("/x")
def r2():
    "R2."
)py",
     {
         "def register: pass-through",
         "def register: receives fn",
         "def register: returns the function on all-paths",
         "def route: factory",
         "def route: returns decorator deco on all-paths",
         "r1: @register = pass-through, same-file-function register",
         "r1: __name__ = 'r1'",
         "r1: __doc__ = 'R1.'",
         "r2: @route(\"/x\") = factory, same-file-function route",
         "r2: __name__ = 'r2'",
         "r2: __doc__ = 'R2.'",
     }},
    {"ClassBased",
     R"py(import functools

class Counted:
    "Counts calls."
    def __init__(self, func):
        self.func = func
        self.calls = 0
    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)

class Traced:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func
    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)
    def __get__(self, obj, objtype=None):
        return functools.partial(self.__call__, obj)

class Retry:
    def __init__(self, times):
        self.times = times
    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper

@Counted
def c1():
    "C1."

@Traced
def c2():
    "C2."

@Retry(3)
def c3():
    "C3."
)py",
     {
         "class Counted: class-based",
         "class Counted: __get__ = no",
         "class Counted: __call__(self, *args, **kwargs)",
         "class Counted: __init__ receives func, updates wrapper = no",
         "class Counted __call__ as wrapper __call__: result = returned-directly",
         "class Counted __call__ as wrapper __call__: forwards = *args **kwargs",
         "class Traced: __get__ = yes",
         "class Traced: __init__ receives func, updates wrapper = yes",
         "class Retry: __call__(self, func)",
         "class Retry __call__: receives func",
         "class Retry __call__: returns wrapper wrapper on all-paths",
         "class Retry __call__ wrapper wrapper: wraps = decorator(func) param 1",
         "c1: @Counted = class-instance, same-file-class Counted",
         "c1: __name__ = <absent> (set by @Counted)",
         "c1: __doc__ = 'Counts calls.' (set by @Counted)",
         "c2: @Traced = class-instance, same-file-class Traced",
         "c2: __name__ = 'c2'",
         "c2: __doc__ = 'C2.'",
         "c3: @Retry(3) = class-factory, same-file-class Retry",
         "c3: __name__ = 'c3'",
         "c3: __doc__ = 'C3.'",
     }},
    {"DescriptorsOnMethods",
     R"py(import functools

def deco(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

class K:
    @property
    def x(self):
        "X doc."
        return 1

    @x.setter
    def x(self, value):
        "Setter doc."

    @classmethod
    def make(cls):
        "Make."

    @staticmethod
    def util():
        "Util."

    @functools.cached_property
    def cp(self):
        "Cp."

    @deco
    @classmethod
    def broken(cls):
        "Broken."
)py",
     {
         "x@10: in class K",
         "x@10: @property = descriptor, stdlib builtins.property",
         "x@10: __name__ = <absent> (set by @property)",
         "x@10: __doc__ = 'X doc.'",
         "x@15: @x.setter = descriptor, stdlib builtins.property.setter",
         // CPython: the property keeps the getter's docstring.
         "x@15: __doc__ = 'X doc.' (set by @x.setter)",
         "x@15: __name__ = <absent> (set by @x.setter)",
         "make: @classmethod = descriptor, stdlib builtins.classmethod",
         "make: __name__ = 'make'",
         "make: __doc__ = 'Make.'",
         "util: @staticmethod = descriptor, stdlib builtins.staticmethod",
         "util: __name__ = 'util'",
         "cp: @functools.cached_property = descriptor, stdlib functools.cached_property",
         "cp: __name__ = <absent> (set by @functools.cached_property)",
         "cp: __doc__ = 'Cp.'",
         "broken: order = classmethod -> deco",
         "broken: __name__ = 'wrapper' (set by @deco)",
         "broken: __doc__ = None (set by @deco)",
     }},
    {"StandardLibrary",
     R"py(import functools, contextlib, abc, dataclasses, typing, enum, atexit
import typing_extensions
from functools import lru_cache as lc, singledispatch

@functools.lru_cache
def s1():
    "S1."

@functools.lru_cache(maxsize=None)
def s2():
    "S2."

@lc
def s3():
    "S3."

@functools.cache
def s4():
    "S4."

@singledispatch
def s5(x):
    "S5."

@contextlib.contextmanager
def s6():
    "S6."
    yield

@abc.abstractmethod
def s7():
    "S7."

@dataclasses.dataclass(frozen=True)
class S8:
    "S8."
    x: int = 0

@dataclasses.dataclass
class S9:
    x: int = 0

@typing.overload
def s10(x: int) -> int: ...

@enum.unique
class S11(enum.Enum):
    A = 1

@atexit.register
def s12():
    "S12."

@functools.total_ordering
class S13:
    def __lt__(self, o): return False
    def __eq__(self, o): return True

@typing.final
def s14():
    "S14."

@typing_extensions.override
def s15():
    "S15."

@contextlib.contextmanager()
def s16():
    yield
)py",
     {
         "s1: @functools.lru_cache = stdlib, stdlib functools.lru_cache",
         "s1: __name__ = 's1'",
         "s1: __doc__ = 'S1.'",
         "s2: @functools.lru_cache(maxsize=None) = stdlib, stdlib functools.lru_cache",
         "s2: __name__ = 's2'",
         "s3: @lc = stdlib, stdlib functools.lru_cache",
         "s3: __name__ = 's3'",
         "s4: @functools.cache = stdlib, stdlib functools.cache",
         "s5: @singledispatch = stdlib, stdlib functools.singledispatch",
         "s5: __name__ = 's5'",
         "s6: @contextlib.contextmanager = stdlib, stdlib contextlib.contextmanager",
         "s6: __doc__ = 'S6.'",
         "s7: @abc.abstractmethod = stdlib, stdlib abc.abstractmethod",
         "S8: class",
         "S8: @dataclasses.dataclass(frozen=True) = stdlib, stdlib dataclasses.dataclass",
         "S8: __name__ = 'S8'",
         "S8: __doc__ = 'S8.'",
         // CPython 3.11: 'S9(x: int = 0)', made by dataclass from the fields.
         "S9: __doc__ = <generated> (set by @dataclasses.dataclass)",
         "s10: @typing.overload = stdlib, stdlib typing.overload",
         "s10: __name__ = '_overload_dummy' (set by @typing.overload)",
         "s10: __doc__ = 'Helper for @overload to raise when called.' (set by @typing.overload)",
         "S11: @enum.unique = stdlib, stdlib enum.unique",
         "S11: __name__ = 'S11'",
         "S11: __doc__ = None",
         "s12: @atexit.register = stdlib, stdlib atexit.register",
         "s12: __name__ = 's12'",
         "S13: @functools.total_ordering = stdlib, stdlib functools.total_ordering",
         "s14: @typing.final = stdlib, stdlib typing.final",
         "s14: __name__ = 's14'",
         "s15: @typing_extensions.override = stdlib, stdlib typing_extensions.override",
         "s16: @contextlib.contextmanager() = stdlib, stdlib contextlib.contextmanager, call "
         "mismatch",
         "s16: __name__ = <unknown> (set by @contextlib.contextmanager())",
     }},
    {"ImportsAndUnknowns",
     R"py(import util
import pkg.tools as tools
import unittest
from .helpers import traced as tr
from framework.web import app
from dataclasses import *

@dataclass
class D:
    x: int = 0

@util.timed
def i1(): pass

@tools.cached(ttl=3)
def i2(): pass

@tr
def i3(): pass

@unittest.skip("later")
def i4(): pass

@app.route("/")
def i5(): pass

@buttons[0].clicked.connect
def i6(): pass

@(lambda f: f)
def i7(): pass

@first or second
def i8(): pass

@undefined_name
def i9(): pass
)py",
     {
         "D: @dataclass = stdlib, stdlib dataclasses.dataclass",
         "i1: @util.timed = unknown, import util.timed",
         "i1: @util.timed form = dotted, head = util.timed, calls = 0",
         "i1: __name__ = <unknown> (set by @util.timed)",
         "i2: @tools.cached(ttl=3) = unknown, import pkg.tools.cached",
         "i3: @tr = unknown, import .helpers.traced",
         "i4: @unittest.skip(\"later\") = unknown, import unittest.skip (stdlib module)",
         "i5: @app.route(\"/\") = unknown, import framework.web.app.route",
         "i6: @buttons[0].clicked.connect = unknown, unknown",
         "i6: @buttons[0].clicked.connect form = other, head = , calls = 0",
         "i6: application = i6 = buttons[0].clicked.connect(i6)",
         "i7: application = i7 = (lambda f: f)(i7)",
         "i8: application = i8 = (first or second)(i8)",
         "i9: @undefined_name = unknown, unknown",
     }},
    {"NestedScopesAndParameters",
     R"py(def deco(fn):
    return fn

def outer():
    def deco(fn):
        def inner(*args, **kwargs):
            return fn(*args, **kwargs)
        return inner
    @deco
    def local():
        "Local."
    return local

def configure(hook):
    @hook
    def handler(): pass
    return handler

def shadowed():
    deco = make_decorator()
    @deco
    def target(): pass

@deco
def top(): pass

def setup():
    global deco
    @deco
    def handler2(x, *, y=1): pass
)py",
     {
         "local: in def outer",
         "local: @deco = plain, same-file-function deco",
         "local: __name__ = 'inner' (set by @deco)",
         "local: __doc__ = None (set by @deco)",
         "handler: @hook = unknown, parameter",
         "target: @deco = unknown, unknown",
         "top: @deco = pass-through, same-file-function deco",
         "handler2: @deco = pass-through, same-file-function deco",
         "handler2: signature (x, *, y=)",
         "top: __name__ = 'top'",
     }},
    {"AsyncAndLambdaWrappers",
     R"py(import functools

def lam(fn):
    return lambda *a, **k: fn(*a, **k)

def timed(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        return await fn(*args, **kwargs)
    return wrapper

@lam
def g():
    "G."

@timed
async def fetch():
    "Fetch."
)py",
     {
         "def lam: plain",
         "def lam: returns wrapper <lambda> on all-paths",
         "def lam wrapper <lambda>: result = returned-directly",
         "def lam wrapper <lambda>: forwards = *args **kwargs",
         "g: __name__ = '<lambda>' (set by @lam)",
         "g: __doc__ = None (set by @lam)",
         "def timed wrapper wrapper: async",
         "def timed wrapper wrapper: result = returned-directly",
         "fetch: async",
         "fetch: __name__ = 'fetch'",
         "fetch: __doc__ = 'Fetch.'",
     }},
    {"CallMismatchAndAliases",
     R"py(import functools

def throttle(limit):
    def decorate(fn):
        "Decorate doc."
        @functools.wraps(fn)
        def gate(*args, **kwargs):
            return fn(*args, **kwargs)
        return gate
    return decorate

def shout(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs).upper()
    return wrapper

def retry(times):
    def deco(fn):
        def again(*args, **kwargs):
            return fn(*args, **kwargs)
        return again
    return deco

retry3 = retry(times=3)
memo = functools.lru_cache

@throttle
def ping():
    "Ping."

@shout()
def hello(): pass

@retry3
def a1():
    "A1."

@memo
def a2():
    "A2."
)py",
     {
         "ping: @throttle = factory, same-file-function throttle, call mismatch",
         // The factory receives the function as `limit` and returns its inner decorator.
         "ping: __name__ = 'decorate' (set by @throttle)",
         "ping: __doc__ = 'Decorate doc.' (set by @throttle)",
         "hello: @shout() = plain, same-file-function shout, call mismatch",
         "hello: __name__ = <unknown> (set by @shout())",
         "def shout wrapper wrapper: result = returned-transformed",
         "a1: @retry3 = factory, same-file-function retry",
         "a1: @retry3 form = name, head = retry3, calls = 1",
         "a1: __name__ = 'again' (set by @retry3)",
         "a1: __doc__ = None (set by @retry3)",
         "a2: @memo = stdlib, stdlib functools.lru_cache",
         "a2: __name__ = 'a2'",
     }},
    {"DecoratedClasses",
     R"py(def register(cls):
    REGISTRY.append(cls)
    return cls

def subclassing(cls):
    class Sub(cls):
        pass
    return Sub

@register
class A:
    "A."

@subclassing
class B:
    "B."
)py",
     {
         "A: class",
         "A: @register = pass-through, same-file-function register",
         "A: __name__ = 'A'",
         "A: __doc__ = 'A.'",
         "B: @subclassing = unknown, same-file-function subclassing",
         "B: __name__ = <unknown> (set by @subclassing)",
     }},
    {"MethodsAndConditionalWrappers",
     R"py(import functools

def no_tracing(func):
    if not enabled():
        return func
    else:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper

def plain_sometimes(func):
    if not enabled():
        return func
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper

class Registry:
    def __init__(self):
        self.items = []
    def register(self, fn):
        self.items.append(fn)
        return fn
    def __enter__(self):
        print("enter")
        return self

def identity(x):
    return x

def find(name, default):
    if name:
        return name
    print(default)

@no_tracing
def t1():
    "T1."

@plain_sometimes
def t2():
    "T2."
)py",
     {
         "def no_tracing: returns wrapper wrapper on all-paths",
         "t1: __name__ = 't1'",
         "t1: __doc__ = 'T1.'",
         "def plain_sometimes: returns wrapper wrapper on all-paths",
         // 'T2.'/'t2' or 'wrapper'/None depending on enabled() at import time.
         "t2: __name__ = <unknown> (set by @plain_sometimes)",
         "def register: pass-through",
         "def register: receives fn",
         "!def __enter__: pass-through",
         "!def identity: pass-through",
         "!def find: pass-through",
     }},
    {"BrokenCode",
     R"py(def log_calls(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

@log_calls
def ok():
    pass

def broken(:
    @log_calls
    def inside(): pass

@log_calls(
def nope(): pass

@
def empty(): pass

@log_calls
)py",
     {
         "def log_calls: plain",
         "ok: @log_calls = plain, same-file-function log_calls",
         "ok: __name__ = 'wrapper' (set by @log_calls)",
         "inside: in def broken",
         "inside: @log_calls = plain, same-file-function log_calls",
     }},
};

INSTANTIATE_TEST_SUITE_P(DecoratorFacts, DecoratorModelTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The marked ranges, in the order they close.
std::vector<ByteRange> byteRanges(const testing::Annotated& a) {
  std::vector<ByteRange> out;
  for (const auto& [start, end] : a.ranges)
    out.push_back(ByteRange{start, end});
  return out;
}

TEST(DecoratorModelRanges, LayersWrapperAndDefinitionAreLocated) {
  testing::Annotated src = testing::annotate(R"py(import functools

def deco(fn):
    @functools.wraps(fn)
    def ⟦wrapper⟧(*args, **kwargs):
        return ⟦fn(*args, **kwargs)⟧
    return wrapper

@⟦deco⟧
@⟦functools.lru_cache⟦(maxsize=None)⟧⟧
def ⟦ping⟧(): pass
)py");
  Parsed parsed(src.code);
  std::vector<ByteRange> ranges = byteRanges(src);
  // Ranges in closing order: wrapper, call, deco, arguments, lru_cache(...), ping.
  ASSERT_EQ(ranges.size(), 6u);
  const ByteRange arguments = ranges[3];
  ranges.erase(ranges.begin() + 3);
  const DecoratorDefinition* deco = parsed.model.definitionNamed("deco");
  ASSERT_NE(deco, nullptr);
  ASSERT_TRUE(deco->decorator && deco->decorator->wrapper);
  EXPECT_EQ(deco->decorator->wrapper->nameRange, ranges[0]);
  EXPECT_EQ(deco->decorator->wrapper->wrappedCall, ranges[1]);

  const DecoratedDefinition* ping = parsed.model.at(ranges[4].start);
  ASSERT_NE(ping, nullptr);
  EXPECT_EQ(ping->name, "ping");
  EXPECT_EQ(ping->nameRange, ranges[4]);
  ASSERT_EQ(ping->layers.size(), 2u);
  EXPECT_EQ(ping->layers[0].range, ranges[2]);
  EXPECT_EQ(ping->layers[1].range, ranges[3]);
  EXPECT_EQ(ping->layers[1].arguments, arguments);
  EXPECT_EQ(ping->layers[0].arguments, ByteRange{});
  EXPECT_EQ(ping->layers[0].decoratorRange.start + 1, ranges[2].start); // the '@'
  EXPECT_EQ(ping->firstLine, 8u);
  EXPECT_EQ(ping->line, 10u);
  EXPECT_EQ(parsed.model.definitionOf(ping->layers[0]), deco);
  EXPECT_EQ(parsed.model.appliedDecorator(ping->layers[0]), &*deco->decorator);
  EXPECT_EQ(parsed.model.appliedDecorator(ping->layers[1]), nullptr);

  // The wrapper is itself decorated; at() picks the innermost decorated definition.
  const DecoratedDefinition* inner = parsed.model.at(ranges[0].start);
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->name, "wrapper");
  EXPECT_EQ(parsed.model.at(0), nullptr);
}

TEST(DecoratorModelRanges, ImportBindingSiteIsRecorded) {
  testing::Annotated src = testing::annotate("⟦from util import timed⟧\n\n@timed\ndef f(): pass\n");
  Parsed parsed(src.code);
  ASSERT_EQ(parsed.model.decorated().size(), 1u);
  const LayerResolution& r = parsed.model.decorated()[0].layers[0].resolution;
  EXPECT_EQ(r.kind, ResolutionKind::Import);
  EXPECT_EQ(r.module, "util");
  EXPECT_EQ(r.member, "timed");
  EXPECT_FALSE(r.stdlibModule);
  EXPECT_EQ(r.bindingSite, (ByteRange{src.range().first, src.range().second}));
}

TEST(DecoratorModelRobustness, NeverCrashesOnTruncatedSources) {
  // Every prefix of a file full of decorator forms parses to something; none may crash.
  const std::string source = cat(kCases[0].source, kCases[7].source, kCases[11].source);
  for (size_t n = 0; n <= source.size(); n += 7) {
    Parsed parsed(source.substr(0, n));
    for (const DecoratedDefinition& d : parsed.model.decorated()) {
      EXPECT_LE(d.range.end, n);
      EXPECT_EQ(d.applicationOrder.size(), d.layers.size());
    }
  }
}

TEST(DecoratorModelRobustness, DeeplyNestedExpressionsDoNotOverflow) {
  std::string deep =
      cat("@deco", std::string(20000, '('), std::string(20000, ')'), "\ndef f(): pass\n");
  Parsed parsed(deep);
  SUCCEED();
}

TEST(DecoratorStdlibTable, EntriesAreUniqueAndDescribed) {
  auto entries = stdlibDecorators();
  EXPECT_GE(entries.size(), 20u);
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_FALSE(entries[i].effect.empty()) << entries[i].name;
    for (size_t j = i + 1; j < entries.size(); ++j)
      EXPECT_FALSE(entries[i].module == entries[j].module && entries[i].name == entries[j].name);
  }
  EXPECT_NE(findStdlibDecorator("functools", "lru_cache"), nullptr);
  EXPECT_EQ(findStdlibDecorator("typing_extensions", "override"),
            findStdlibDecorator("typing", "override"));
  EXPECT_EQ(findStdlibDecorator("functools", "partial"), nullptr);
  EXPECT_TRUE(isStdlibModule("os.path"));
  EXPECT_TRUE(isStdlibModule("functools"));
  EXPECT_FALSE(isStdlibModule("numpy"));
  EXPECT_FALSE(isStdlibModule("typing_extensions"));
}

} // namespace
} // namespace closurelens::analysis
