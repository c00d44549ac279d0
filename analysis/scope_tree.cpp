#include "analysis/scope_tree.hpp"

#include <algorithm>

namespace closurelens::analysis {

const Symbol* Scope::find(std::string_view mangledName) const {
  auto it = std::lower_bound(symbols.begin(), symbols.end(), mangledName,
                             [](const Symbol& s, std::string_view name) { return s.name < name; });
  return it != symbols.end() && it->name == mangledName ? &*it : nullptr;
}

const Scope* ScopeTree::innermostAt(uint32_t byte) const {
  if (scopes_.empty()) return nullptr;
  // Scopes nest, so descend from the module through the child that contains the byte.
  const Scope* scope = &scopes_.front();
  for (;;) {
    const Scope* next = nullptr;
    auto it = std::upper_bound(
        scope->children.begin(), scope->children.end(), byte,
        [&](uint32_t b, uint32_t child) { return b < scopes_[child].range.start; });
    // A def's defaults and decorators hold scopes of the parent that start inside the def's
    // range, so the containing child is not always the last one starting before `byte`.
    while (it != scope->children.begin()) {
      --it;
      const Scope& candidate = scopes_[*it];
      if (byte >= candidate.range.start && byte < candidate.range.end) {
        next = &candidate;
        break;
      }
    }
    if (next == nullptr) return scope;
    scope = next;
  }
}

std::string_view scopeKindName(ScopeKind kind) {
  switch (kind) {
  case ScopeKind::Module:
    return "module";
  case ScopeKind::Class:
    return "class";
  case ScopeKind::Lambda:
    return "lambda";
  case ScopeKind::Comprehension:
    return "comprehension";
  case ScopeKind::Function:
    break;
  }
  return "function";
}

} // namespace closurelens::analysis
