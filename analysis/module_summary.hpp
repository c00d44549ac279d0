// What the workspace index keeps of one Python file once its tree and text are gone: where the
// file is and its module name, the module-level definitions usable as decorators (analysed, with
// owned strings), and the module-level names bound by imports and aliases, through which other
// files reach them (`from .util import timed` in a package __init__). Built by one thread with
// summarizeModule, then immutable: any thread may read it.
#pragma once

#include "analysis/decorator_model.hpp"
#include "analysis/external_decorators.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

struct ModuleLocation {
  std::string path;        // absolute
  std::string displayPath; // relative to the workspace folder, as messages show it
  std::string module;      // dotted: "pkg.util"; "pkg" for pkg/__init__.py
  bool isPackage = false;  // an __init__.py: its relative imports start from the module itself
  std::string importRoot;  // the folder `module` is relative to
  // The dotted path from the workspace folder when it differs from `module` (a folder without
  // __init__.py, a namespace package, above the module): another name it may be imported by.
  std::string folderModule;
  friend bool operator==(const ModuleLocation&, const ModuleLocation&) = default;
};

enum class ModuleNameKind : uint8_t {
  Decorator, // a def or class usable as a decorator: ModuleSummary::decorators[decorator]
  Module,    // `import a.b` (binds `a`, module "a") / `import a.b as c` (module "a.b")
  Imported,  // `from m import x [as y]`
  Alias,     // `name = dotted.path`, or called: `timed = make_timer(1)`
};

// A module-level name, as its last binding in the file leaves it.
struct ModuleName {
  std::string name;
  ModuleNameKind kind = ModuleNameKind::Decorator;
  int decorator = -1; // Decorator
  std::string module; // Module: the module bound; Imported: where from, made absolute
  std::string member; // Imported: the name there
  std::string target; // Alias: the dotted path it is bound to
  uint32_t calls = 0; // Alias: calls applied to `target`
};

class ModuleSummary {
public:
  ModuleLocation location;
  std::vector<ModuleName> names;        // sorted by name
  std::vector<std::string> starImports; // `from m import *`, made absolute, in file order
  // Their string_views point into this summary (see ExternalDecorator).
  std::vector<ExternalDecorator> decorators;
  // Equal for two summaries that resolve and describe every name alike (byte offsets are left
  // out: they move with every edit above a definition, lines do not).
  uint64_t fingerprint = 0;

  const ModuleName* find(std::string_view name) const;
  // Heap bytes held, roughly: for the index's statistics.
  size_t heapBytes() const;

private:
  friend std::shared_ptr<const ModuleSummary> summarizeModule(ModuleLocation location, TSNode root,
                                                              std::string_view source,
                                                              const DecoratorModel& model);
  std::unique_ptr<char[]> strings_;
  size_t stringBytes_ = 0;
};

// The summary of the file `source` parsed into `root`, whose decorator model (built without
// external decorators) is `model`.
std::shared_ptr<const ModuleSummary> summarizeModule(ModuleLocation location, TSNode root,
                                                     std::string_view source,
                                                     const DecoratorModel& model);

// The absolute module a relative one names (".util" from "pkg.mod" is "pkg.util"; from the
// package "pkg" itself, an __init__.py, too). Absolute names come back unchanged. Dots beyond the
// top package are dropped rather than refused, so that modules named only from a folder without
// __init__.py still find their siblings. Nullopt when nothing is left to name.
std::optional<std::string> absoluteModule(std::string_view written, std::string_view importer,
                                          bool importerIsPackage);

} // namespace closurelens::analysis
