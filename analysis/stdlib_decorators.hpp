// The knowledge base of standard-library decorators: a constant table, so any thread may read it;
// it owns nothing and every string_view points at static storage.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace closurelens::analysis {

// What a standard-library decorator does to `__name__` / `__doc__` as seen through the decorated
// name (attribute access on the class for methods), checked against CPython 3.11.
enum class StdlibMetadata {
  Kept, // both equal the function's (returns it, or a wrapper made with update_wrapper)
  NameAbsentDocKept,         // the result has no `__name__` (property, cached_property); doc is the
                             // getter's
  ReplacedByOverloadDummy,   // typing.overload returns typing._overload_dummy
  CopiedFromArgument,        // functools.wraps(x): copied from x, which only the call site knows
  KeptDocGeneratedIfMissing, // dataclass: name kept; a missing class docstring becomes the
                             // signature
  CopiedFromProperty,        // x.setter/getter/deleter: name absent, doc is the existing property's
};

struct StdlibDecorator {
  std::string_view module; // "functools", "builtins", "typing", ...
  std::string_view name;   // "lru_cache", "property", "property.setter"
  bool returnsWrapper;     // the decorated name is bound to a new object, not the function
  bool descriptor;         // the result is a descriptor (property, classmethod, ...)
  bool bareAllowed;        // `@name` works
  bool calledAllowed;      // `@name(...)` works (a factory form)
  bool updateWrapperCall;  // a plain function (update_wrapper), never a decorator by itself
  StdlibMetadata metadata;
  std::string_view effect; // one line for hover
};

// All entries, module then name order.
std::span<const StdlibDecorator> stdlibDecorators();

// The entry for `module.name`; typing_extensions entries are the typing ones.
const StdlibDecorator* findStdlibDecorator(std::string_view module, std::string_view name);

// Whether the top-level package of `module` ("os.path" -> "os") is in CPython 3.11's standard
// library (sys.stdlib_module_names, private modules excluded), so a workspace index need not look.
bool isStdlibModule(std::string_view module);

} // namespace closurelens::analysis
