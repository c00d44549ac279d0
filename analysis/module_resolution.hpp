// Following an imported name through module summaries to the decorator it names: a definition,
// a re-export (`from .util import timed` in a package __init__), a star import, an alias
// (`timed = make_timer(1)`, `cache = functools.lru_cache`), or a knowledge-base entry, in at most
// kMaxImportHops steps (import cycles end there). Stateless: the modules come from a
// ModuleSource, and any thread may resolve as long as its ModuleSource allows.
#pragma once

#include "analysis/external_decorators.hpp"
#include "analysis/module_summary.hpp"

#include <memory>
#include <string_view>

namespace closurelens::analysis {

inline constexpr int kMaxImportHops = 16;

class ModuleSource {
public:
  virtual ~ModuleSource() = default;
  // The summary of the absolute module `name` as the file at `from` would import it, or null.
  virtual std::shared_ptr<const ModuleSummary> module(std::string_view name,
                                                      const ModuleLocation& from) const = 0;
};

// `member` of `module` as the file at `importer` wrote it ("util", ".util", "pkg.util").
ExternalResolution resolveImportedName(const ModuleSource& modules, const ModuleLocation& importer,
                                       std::string_view module, std::string_view member);

} // namespace closurelens::analysis
