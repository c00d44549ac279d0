// How a Python file is imported: its dotted module name, found from the packages (folders holding
// an __init__.py) above it, the way mypy and pyright crawl up. Pure functions over paths; the
// file system is asked only through the caller's PackageTest. Any thread may call them.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace closurelens::server {

struct ModuleNaming {
  std::string module;               // "pkg.util"; "pkg" for pkg/__init__.py
  bool isPackage = false;           // the file is an __init__.py
  std::filesystem::path importRoot; // the folder above the top package: what sys.path would hold
  // The dotted path from the workspace folder when it differs from `module` (the file sits in a
  // folder without __init__.py, a namespace package), else empty.
  std::string folderModule;
};

// Whether `folder` holds an __init__.py.
using PackageTest = std::function<bool(const std::filesystem::path& folder)>;

// Whether `name` can be a module name part: a Python identifier (bytes above 0x7f are taken as
// identifier characters).
bool isModuleIdentifier(std::string_view name);

// The module `file` (a *.py path, absolute and normal) is imported as, seen from the workspace
// folder `folder`. The crawl may go above `folder` when `folder` is itself a package. Nullopt for
// names Python cannot import (`my-script.py`, `__init__.py` in `my-pkg/`).
std::optional<ModuleNaming> nameModule(const std::filesystem::path& file,
                                       const std::filesystem::path& folder,
                                       const PackageTest& isPackage);

} // namespace closurelens::server
