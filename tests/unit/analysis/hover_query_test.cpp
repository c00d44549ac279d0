#include "analysis/hover_query.hpp"

#include "support/annotated_source.hpp"
#include "support/python_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace closurelens::analysis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct HoverCase {
  const char* name;
  std::string source;                // one ^ where the cursor is; ⟦ ⟧ around the hovered node
  std::vector<std::string> contains; // lines the markdown must hold, in this order
  std::vector<std::string> absent = {}; // text it must not hold
};

std::optional<HoverInfo> hoverOf(const testing::Annotated& a) {
  return hoverAt(*testing::analyzeSource(a.code), a.point());
}

void check(const HoverCase& c) {
  testing::Annotated a = testing::annotate(c.source);
  auto hover = hoverOf(a);
  ASSERT_TRUE(hover.has_value()) << "no hover";
  size_t from = 0;
  for (const std::string& piece : c.contains) {
    size_t at = hover->markdown.find(piece, from);
    ASSERT_NE(at, std::string::npos) << "missing, or out of order: " << piece << "\n--- hover:\n"
                                     << hover->markdown;
    from = at + piece.size();
  }
  for (const std::string& piece : c.absent)
    EXPECT_THAT(hover->markdown, Not(HasSubstr(piece)));
  if (!a.ranges.empty()) {
    EXPECT_EQ(hover->range, (ByteRange{a.range().first, a.range().second}));
  }
  EXPECT_THAT(hover->plaintext, Not(HasSubstr("`")));
}

class HoverTest : public ::testing::TestWithParam<HoverCase> {};
TEST_P(HoverTest, Shows) {
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
            if seen > limit:
                raise RuntimeError("over limit")
            return fn(*args, **kwargs)
        return gate
    return decorate
)";

std::string withCursor(std::string source, const std::string& before, const std::string& marked) {
  size_t at = source.find(before + marked);
  if (at == std::string::npos) throw std::logic_error("fixture text not found: " + before + marked);
  at += before.size();
  source.replace(at, marked.size(), "⟦^" + marked + "⟧");
  return source;
}

INSTANTIATE_TEST_SUITE_P(
    Closures, HoverTest,
    ::testing::Values(
        HoverCase{"NestedDefShowsCellsInClosureOrder",
                  withCursor(kThrottle, "        def ", "gate"),
                  {"**closure** `throttle.<locals>.decorate.<locals>.gate`",
                   "`gate.__code__.co_freevars == ('fn', 'limit', 'seen')`",
                   "| `__closure__[0]` | `fn` | `decorate`, line 4 (parameter) | read |",
                   "| `__closure__[1]` | `limit` | `throttle`, line 3 (parameter) | read |",
                   "| `__closure__[2]` | `seen` | `decorate`, line 5 (assignment) | rebound via "
                   "`nonlocal` at line 9 |"}},
        HoverCase{"PassThroughFunction",
                  withCursor(kThrottle, "    def ", "decorate"),
                  {"**closure** `throttle.<locals>.decorate`",
                   "`decorate.__code__.co_freevars == ('limit',)`",
                   "| `__closure__[0]` | `limit` | `throttle`, line 3 (parameter) | only passed "
                   "through to `gate` |",
                   "`decorate.__code__.co_cellvars == ('fn', 'seen')`", "| `fn` | `gate` |",
                   "| `seen` | `gate` |"}},
        HoverCase{
            "EnclosingFunctionIsNotAClosure",
            withCursor(kThrottle, "def ", "throttle"),
            {"**function** `throttle` is not a closure: `throttle.__code__.co_freevars == ()`",
             "`throttle.__code__.co_cellvars == ('limit',)`", "| `limit` | `gate` |"}},
        HoverCase{"CapturedNameUse",
                  withCursor(kThrottle, "if seen > ", "limit"),
                  {"**captured variable** `limit` of `throttle.<locals>.decorate.<locals>.gate`: "
                   "cell `__closure__[1]`",
                   "Bound in `throttle`, line 3 (parameter). Here: read."}},
        HoverCase{"CellVariableInOwner",
                  withCursor(kThrottle, "        ", "seen"),
                  {"**cell variable** `seen` of `throttle.<locals>.decorate`, captured by `gate`"}},
        HoverCase{"LambdaInLoopIsLateBound",
                  "def make(names):\n"
                  "    out = []\n"
                  "    for name in names:\n"
                  "        out.append(⟦^lambda⟧: print(name))\n"
                  "    return out\n",
                  {"**closure** `make.<locals>.<lambda>`", "`__code__.co_freevars == ('name',)`",
                   "| `__closure__[0]` | `name` | `make`, line 3 (assignment) | read; "
                   "**late-bound**: the loop at line 3 rebinds it"}},
        HoverCase{"LambdaWithDefaultIsNotAClosure",
                  "def make(names):\n"
                  "    return [⟦^lambda⟧ name=name: name for name in names]\n",
                  {"**lambda** `make.<locals>.<listcomp>.<lambda>` is not a closure"}},
        HoverCase{"MutatedInPlace",
                  "def registry():\n"
                  "    seen = []\n"
                  "    def ⟦^add⟧(x):\n"
                  "        seen.append(x)\n"
                  "    return add\n",
                  {"| `__closure__[0]` | `seen` | `registry`, line 2 (assignment) | mutated in "
                   "place |"}},
        HoverCase{"CommentOnTheDefLine",
                  "def counter(start):\n"
                  "    total = start\n"
                  "\n"
                  "    def ⟦^bump⟧(step):  # a comment\n"
                  "        nonlocal total\n"
                  "        total += step\n"
                  "        return total\n"
                  "\n"
                  "    return bump\n",
                  {"`bump.__code__.co_freevars == ('total',)`",
                   "| `__closure__[0]` | `total` | `counter`, line 2 (assignment) | "
                   "rebound via `nonlocal` at line 6 |"}},
        HoverCase{"CallOfNestedFunction",
                  "def outer(n):\n"
                  "    def inner():\n"
                  "        return n\n"
                  "    return ⟦^inner⟧()\n",
                  {"**closure** `outer.<locals>.inner`", "`inner.__code__.co_freevars == ('n',)`"}},
        HoverCase{
            "ImplicitClassCell",
            "class Base:\n"
            "    def ⟦^hello⟧(self):\n"
            "        return super().hello()\n",
            {"`hello.__code__.co_freevars == ('__class__',)`", "implicit cell of class `Base`"}},
        HoverCase{"NonAsciiIdentifiers",
                  "def äußere(größe):\n"
                  "    def ⟦^innen⟧():\n"
                  "        return größe\n"
                  "    return innen\n",
                  {"`innen.__code__.co_freevars == ('größe',)`",
                   "| `__closure__[0]` | `größe` | `äußere`, line 1 (parameter) | read |"}}),
    [](const auto& info) { return info.param.name; });

const std::string kStack = R"(import functools

def log_calls(func):
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        return func(*args, **kwargs)
    return wrapper

def throttle(limit):
    def decorate(fn):
        @functools.wraps(fn)
        def gate(*args, **kwargs):
            return fn(*args, **kwargs)
        return gate
    return decorate

@log_calls
@throttle(limit=3)
def ping():
    """Ping."""
)";

INSTANTIATE_TEST_SUITE_P(
    Decorators, HoverTest,
    ::testing::Values(
        HoverCase{
            "DecoratedFunctionShowsApplicationAndLayers",
            withCursor(kStack, "def ", "ping"),
            {"**decorated function** `ping`",
             "```python\nping = log_calls(throttle(limit=3)(ping))\n```",
             "At run time `@throttle(limit=3)` is applied first, and last `@log_calls`.",
             "| `@log_calls` | decorator returning wrapper `wrapper` | line 3 | **no** | yes |",
             "| `@throttle(limit=3)` | decorator factory returning wrapper `gate` | line 9 | "
             "yes | yes |",
             "`ping.__name__`: `'wrapper'` (set by `@log_calls`); `ping.__doc__`: `None`"}},
        HoverCase{
            "DecoratorExpression",
            withCursor(kStack, "@", "log_calls"),
            {"**decorator** `@log_calls`",
             "decorator returning wrapper `wrapper`; defined: "
             "line 3.",
             "does **not** use `functools.wraps`: the decorated function's `__name__` becomes "
             "`'wrapper'`"}},
        HoverCase{"StdlibDecorator",
                  "import functools\n"
                  "class K:\n"
                  "    @⟦functools.^cached_property⟧\n"
                  "    def size(self):\n"
                  "        return 1\n",
                  {"**decorator** `@functools.cached_property`",
                   "`functools.cached_property`: ", "defined: standard library."}}),
    [](const auto& info) { return info.param.name; });

TEST(HoverTest, NothingOnPlainNames) {
  testing::Annotated a = testing::annotate("x = 1\nprint(^x)\n");
  EXPECT_FALSE(hoverOf(a).has_value());
}

TEST(HoverTest, BrokenCodeStillAnswers) {
  testing::Annotated a = testing::annotate("def outer(n):\n    def ^inner(:\n        return n\n");
  EXPECT_NO_FATAL_FAILURE((void)hoverOf(a));
}

} // namespace
} // namespace closurelens::analysis
