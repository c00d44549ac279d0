// Decorators defined in other files of the workspace, for the decorator model to classify imported
// layers (`from .util import timed`) like same-file ones. An ExternalDecorator is immutable and
// owned, through shared_ptr, by the module summary it belongs to (module_summary.hpp). An
// ExternalDecorators is asked by the thread building a model; implementations answer from an
// immutable snapshot, so several threads may ask at once.
#pragma once

#include "analysis/decorator_model.hpp"
#include "analysis/stdlib_decorators.hpp"

#include <cstdint>
#include <memory>
#include <string_view>

namespace closurelens::analysis {

// Words a decorator's text holds, for checks that read it (CL206: a decorator written for
// descriptors unwraps or binds them itself).
namespace mentions {
inline constexpr uint32_t DunderFunc = 1U << 0; // __func__
inline constexpr uint32_t DunderGet = 1U << 1;  // __get__
inline constexpr uint32_t Fget = 1U << 2;
inline constexpr uint32_t Classmethod = 1U << 3;
inline constexpr uint32_t Staticmethod = 1U << 4;
inline constexpr uint32_t Property = 1U << 5;
// The bits of the words in `text`.
uint32_t inText(std::string_view text);
// The bit of a descriptor kind ("classmethod", "staticmethod", "property"), or 0.
uint32_t ofKind(std::string_view kind);
} // namespace mentions

struct ExternalDecorator {
  // Its strings belong to the summary holding it; its ranges and lines are of `file`, never of
  // the file where it is applied (only `line` is meant to be shown).
  DecoratorDefinition definition;
  std::string_view module; // "pkg.util"
  std::string_view file;   // as shown to the user, relative to its workspace folder
  uint32_t mentions = 0;   // mentions:: bits of its text
};

// What an imported name turned out to be.
struct ExternalResolution {
  std::shared_ptr<const ExternalDecorator> decorator; // a definition in the workspace
  const StdlibDecorator* stdlib = nullptr;            // a knowledge-base entry it re-exports
  uint32_t extraCalls = 0; // calls made where it is bound: `timed = make_timer(1)` in util.py
};

class ExternalDecorators {
public:
  virtual ~ExternalDecorators() = default;
  // `member` of `module`, the module spelled as the importing file wrote it ("util", "pkg.util",
  // ".util", ".."). Both empty fields of the result when it is not known as a decorator.
  virtual ExternalResolution find(std::string_view module, std::string_view member) const = 0;
  // Changes whenever find() may answer differently; models built before are then stale.
  virtual uint64_t generation() const = 0;
};

} // namespace closurelens::analysis
