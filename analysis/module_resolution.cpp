#include "analysis/module_resolution.hpp"

#include <string>

namespace closurelens::analysis {

namespace {

class Resolver {
public:
  explicit Resolver(const ModuleSource& modules) : modules_(modules) {}

  // `name` of the absolute `module`, imported by the file at `from`.
  ExternalResolution member(std::string_view module, std::string_view name,
                            const ModuleLocation& from, int hops, uint32_t calls) const;

private:
  // `name` as the module `summary` binds it (or one of its star imports does).
  ExternalResolution named(const std::shared_ptr<const ModuleSummary>& summary,
                           std::string_view name, int hops, uint32_t calls) const;
  // A dotted path (`functools.lru_cache`, `_impl.timed`) evaluated in the module `summary`.
  ExternalResolution path(const std::shared_ptr<const ModuleSummary>& summary,
                          std::string_view path, int hops, uint32_t calls) const;

  const ModuleSource& modules_;
};

ExternalResolution Resolver::member(std::string_view module, std::string_view name,
                                    const ModuleLocation& from, int hops, uint32_t calls) const {
  if (hops > kMaxImportHops || module.empty() || name.empty()) return {};
  // The knowledge base first, as the decorator model does for names imported in its own file.
  if (const StdlibDecorator* entry = findStdlibDecorator(module, name))
    return {nullptr, entry, calls};
  if (std::shared_ptr<const ModuleSummary> summary = modules_.module(module, from))
    return named(summary, name, hops, calls);
  // `from pkg import util` then `@util.timed` asks for "pkg.util"; when no such module exists,
  // `util` may be a name the package binds itself (`from . import _util as util`).
  size_t dot = module.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::shared_ptr<const ModuleSummary> parent = modules_.module(module.substr(0, dot), from);
  if (!parent) return {};
  std::string attribute(module.substr(dot + 1));
  attribute += '.';
  attribute += name;
  return path(parent, attribute, hops + 1, calls);
}

ExternalResolution Resolver::named(const std::shared_ptr<const ModuleSummary>& summary,
                                   std::string_view name, int hops, uint32_t calls) const {
  if (hops > kMaxImportHops) return {};
  const ModuleName* bound = summary->find(name);
  if (!bound) {
    for (const std::string& star : summary->starImports) {
      ExternalResolution found = member(star, name, summary->location, hops + 1, calls);
      if (found.decorator || found.stdlib) return found;
    }
    return {};
  }
  switch (bound->kind) {
  case ModuleNameKind::Decorator:
    if (bound->decorator < 0 || static_cast<size_t>(bound->decorator) >= summary->decorators.size())
      return {};
    // Shares ownership of the summary, which holds the decorator's strings.
    return {std::shared_ptr<const ExternalDecorator>(
                summary, &summary->decorators[static_cast<size_t>(bound->decorator)]),
            nullptr, calls};
  case ModuleNameKind::Module:
    return {};
  case ModuleNameKind::Imported:
    return member(bound->module, bound->member, summary->location, hops + 1, calls);
  case ModuleNameKind::Alias:
    return path(summary, bound->target, hops + 1, calls + bound->calls);
  }
  return {};
}

ExternalResolution Resolver::path(const std::shared_ptr<const ModuleSummary>& summary,
                                  std::string_view dotted, int hops, uint32_t calls) const {
  if (hops > kMaxImportHops) return {};
  size_t dot = dotted.find('.');
  std::string_view head = dotted.substr(0, dot);
  if (dot == std::string_view::npos) {
    if (!summary->find(head)) {
      if (const StdlibDecorator* entry = findStdlibDecorator("builtins", head))
        return {nullptr, entry, calls};
    }
    return named(summary, head, hops, calls);
  }
  std::string_view rest = dotted.substr(dot + 1);
  const ModuleName* bound = summary->find(head);
  if (!bound) return {};
  std::string module;
  if (bound->kind == ModuleNameKind::Module) {
    module = bound->module;
  } else if (bound->kind == ModuleNameKind::Imported) {
    module = bound->module;
    module += '.';
    module += bound->member;
  } else {
    return {};
  }
  size_t last = rest.rfind('.');
  if (last != std::string_view::npos) {
    module += '.';
    module += rest.substr(0, last);
    rest = rest.substr(last + 1);
  }
  return member(module, rest, summary->location, hops + 1, calls);
}

} // namespace

ExternalResolution resolveImportedName(const ModuleSource& modules, const ModuleLocation& importer,
                                       std::string_view module, std::string_view member) {
  std::optional<std::string> absolute = absoluteModule(module, importer.module, importer.isPackage);
  if (!absolute) return {};
  return Resolver(modules).member(*absolute, member, importer, 0, 0);
}

} // namespace closurelens::analysis
