// Pass two of the scope analysis, a transcription of CPython 3.11's Python/symtable.c
// analyze_block / analyze_name / analyze_cells / drop_class_free / update_symbols. The sets CPython
// keeps as Python sets of names are sorted vectors of interned name ids here.
#include "analysis/scope_raw_facts.hpp"

#include <algorithm>

namespace closurelens::analysis::detail {
namespace {

namespace flags = symbol_flags;

class NameSet {
public:
  bool contains(uint32_t id) const { return std::binary_search(ids_.begin(), ids_.end(), id); }
  void insert(uint32_t id) {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) ids_.insert(it, id);
  }
  void erase(uint32_t id) {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it != ids_.end() && *it == id) ids_.erase(it);
  }
  void unite(const NameSet& other) {
    if (other.ids_.empty()) return;
    std::vector<uint32_t> merged;
    merged.reserve(ids_.size() + other.ids_.size());
    std::set_union(ids_.begin(), ids_.end(), other.ids_.begin(), other.ids_.end(),
                   std::back_inserter(merged));
    ids_.swap(merged);
  }
  const std::vector<uint32_t>& ids() const { return ids_; }

private:
  std::vector<uint32_t> ids_;
};

class Resolver {
public:
  explicit Resolver(RawScopeTree& tree) : tree_(tree) {}

  void run() {
    NameSet free;
    NameSet global;
    analyzeBlock(0, nullptr, free, global);
  }

private:
  // `bound` is null for the module; `free` receives the names free in this block and below it;
  // `global` and `bound` are this block's own copies, which analyzeName may change.
  void analyzeBlock(uint32_t scopeIndex, NameSet* bound, NameSet& free, NameSet& global) {
    NameSet local;
    NameSet newBound;
    NameSet newGlobal;
    NameSet newFree;
    const bool isClass = tree_.scopes[scopeIndex].kind == ScopeKind::Class;
    // Class bindings are invisible to nested scopes, so a class passes down what it received.
    if (isClass) {
      newGlobal.unite(global);
      if (bound != nullptr) newBound.unite(*bound);
    }
    for (RawSymbol& symbol : tree_.scopes[scopeIndex].symbols) {
      analyzeName(symbol, bound, local, free, global);
    }
    if (!isClass) {
      if (tree_.scopes[scopeIndex].isFunctionBlock()) newBound.unite(local);
      if (bound != nullptr) newBound.unite(*bound);
      newGlobal.unite(global);
    } else {
      newBound.insert(tree_.classCellId);
    }

    NameSet allFree;
    // Children are appended to tree_.scopes[...].children only in pass one, so indexing is stable.
    const size_t childCount = tree_.scopes[scopeIndex].children.size();
    for (size_t i = 0; i < childCount; ++i) {
      uint32_t child = tree_.scopes[scopeIndex].children[i];
      NameSet childBound = newBound;
      NameSet childFree = newFree;
      NameSet childGlobal = newGlobal;
      analyzeBlock(child, &childBound, childFree, childGlobal);
      allFree.unite(childFree);
    }
    newFree.unite(allFree);

    RawScope& scope = tree_.scopes[scopeIndex];
    if (scope.isFunctionBlock()) {
      analyzeCells(scope, newFree);
    } else if (isClass && newFree.contains(tree_.classCellId)) {
      newFree.erase(tree_.classCellId);
      scope.needsClassClosure = true;
    }
    updateSymbols(scope, bound, newFree, isClass);
    free.unite(newFree);
  }

  static void analyzeName(RawSymbol& symbol, NameSet* bound, NameSet& local, NameSet& free,
                          NameSet& global) {
    const uint32_t f = symbol.flags;
    const uint32_t id = symbol.nameId;
    if ((f & flags::DefGlobal) != 0) {
      symbol.scope = SymbolScope::GlobalExplicit;
      global.insert(id);
      if (bound != nullptr) bound->erase(id);
      return;
    }
    if ((f & flags::DefNonlocal) != 0) {
      // Without an enclosing binding CPython refuses to compile; Free is what the author meant.
      symbol.scope = SymbolScope::Free;
      free.insert(id);
      return;
    }
    if ((f & flags::DefBound) != 0) {
      symbol.scope = SymbolScope::Local;
      local.insert(id);
      global.erase(id);
      return;
    }
    if (bound != nullptr && bound->contains(id)) {
      symbol.scope = SymbolScope::Free;
      free.insert(id);
      return;
    }
    symbol.scope = SymbolScope::GlobalImplicit;
  }

  static void analyzeCells(RawScope& scope, NameSet& free) {
    for (RawSymbol& symbol : scope.symbols) {
      if (symbol.scope != SymbolScope::Local || !free.contains(symbol.nameId)) continue;
      symbol.scope = SymbolScope::Cell;
      free.erase(symbol.nameId);
    }
  }

  static void updateSymbols(RawScope& scope, const NameSet* bound, const NameSet& free,
                            bool isClass) {
    for (uint32_t id : free.ids()) {
      auto it = scope.symbolIndex.find(id);
      if (it != scope.symbolIndex.end()) {
        RawSymbol& symbol = scope.symbols[it->second];
        // A method's free name that the class body binds still resolves outside the class.
        if (isClass && (symbol.flags & (flags::DefBound | flags::DefGlobal)) != 0) {
          symbol.flags |= flags::DefFreeClass;
        }
        continue;
      }
      if (bound != nullptr && !bound->contains(id)) continue; // a global
      RawSymbol& passThrough = scope.symbol(id);
      passThrough.scope = SymbolScope::Free;
    }
  }

  RawScopeTree& tree_;
};

} // namespace

void resolveScopes(RawScopeTree& tree) {
  if (!tree.scopes.empty()) Resolver(tree).run();
}

} // namespace closurelens::analysis::detail
