// Pass two of the scope analysis, a transcription of CPython 3.11's Python/symtable.c
// analyze_block / analyze_name / analyze_cells / drop_class_free / update_symbols, plus 3.12's
// inline_comprehension for PEP 709. The sets CPython keeps as Python sets of names are sorted
// vectors of interned name ids here.
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
    analyzeBlock(0, nullptr, free, global, kNoScope);
  }

private:
  // `bound` is null for the module; `free` receives the names free in this block and below it;
  // `global` and `bound` are this block's own copies, which analyzeName may change.
  // `classEntry` is the class whose names a PEP 695 annotation scope sees (kNoScope if none).
  void analyzeBlock(uint32_t scopeIndex, NameSet* bound, NameSet& free, NameSet& global,
                    uint32_t classEntry) {
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
    const RawScope* seenClass = classEntry != kNoScope ? &tree_.scopes[classEntry] : nullptr;
    // The implicit `__classdict__` cell exists from 3.12 on; before, it is an ordinary name.
    const bool offersClassDict = isClass && tree_.classDictCell;
    for (RawSymbol& symbol : tree_.scopes[scopeIndex].symbols) {
      analyzeName(symbol, bound, local, free, global, seenClass);
    }
    if (!isClass) {
      if (tree_.scopes[scopeIndex].isFunctionBlock()) newBound.unite(local);
      if (bound != nullptr) newBound.unite(*bound);
      newGlobal.unite(global);
    } else {
      newBound.insert(tree_.classCellId);
      if (offersClassDict) newBound.insert(tree_.classDictId);
    }

    NameSet allFree;
    NameSet inlinedCells;
    // Children are appended to tree_.scopes[...].children only in pass one, so indexing is stable.
    const size_t childCount = tree_.scopes[scopeIndex].children.size();
    for (size_t i = 0; i < childCount; ++i) {
      uint32_t child = tree_.scopes[scopeIndex].children[i];
      NameSet childBound = newBound;
      NameSet childFree = newFree;
      NameSet childGlobal = newGlobal;
      uint32_t childClassEntry = kNoScope;
      if (tree_.scopes[child].seesClassScope) childClassEntry = isClass ? scopeIndex : classEntry;
      analyzeBlock(child, &childBound, childFree, childGlobal, childClassEntry);
      if (tree_.scopes[child].inlined)
        inlineComprehension(scopeIndex, child, childFree, inlinedCells);
      allFree.unite(childFree);
    }
    newFree.unite(allFree);

    RawScope& scope = tree_.scopes[scopeIndex];
    if (scope.isFunctionBlock()) {
      analyzeCells(scope, newFree, inlinedCells);
    } else if (isClass) {
      if (newFree.contains(tree_.classCellId)) {
        newFree.erase(tree_.classCellId);
        scope.needsClassClosure = true;
      }
      if (offersClassDict && newFree.contains(tree_.classDictId)) {
        newFree.erase(tree_.classDictId);
        scope.needsClassDict = true;
      }
    }
    // The compiler makes these cells whatever their scope here, free or a class's own (3.12's
    // update_symbols marks them DEF_COMP_CELL).
    for (uint32_t id : inlinedCells.ids())
      if (RawSymbol* symbol = scope.findSymbol(id)) symbol->flags |= flags::DefCompCell;
    updateSymbols(scope, bound, newFree, isClass);
    free.unite(newFree);
  }

  static void analyzeName(RawSymbol& symbol, NameSet* bound, NameSet& local, NameSet& free,
                          NameSet& global, const RawScope* seenClass) {
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
    // An annotation scope in a class reads the class's own names first (3.12): those are not
    // free even when an enclosing function binds them too.
    if (seenClass != nullptr) {
      if (const RawSymbol* inClass = seenClass->findSymbol(id)) {
        if ((inClass->flags & flags::DefGlobal) != 0) {
          symbol.scope = SymbolScope::GlobalExplicit;
          return;
        }
        if ((inClass->flags & flags::DefBound) != 0 && (inClass->flags & flags::DefNonlocal) == 0) {
          symbol.scope = SymbolScope::GlobalImplicit;
          return;
        }
      }
    }
    if (bound != nullptr && bound->contains(id)) {
      symbol.scope = SymbolScope::Free;
      free.insert(id);
      return;
    }
    symbol.scope = SymbolScope::GlobalImplicit;
  }

  static void analyzeCells(RawScope& scope, NameSet& free, const NameSet& inlinedCells) {
    for (RawSymbol& symbol : scope.symbols) {
      if (symbol.scope != SymbolScope::Local) continue;
      if (!free.contains(symbol.nameId) && !inlinedCells.contains(symbol.nameId)) continue;
      symbol.scope = SymbolScope::Cell;
      free.erase(symbol.nameId);
    }
  }

  static void updateSymbols(RawScope& scope, const NameSet* bound, const NameSet& free,
                            bool isClass) {
    for (uint32_t id : free.ids()) {
      if (RawSymbol* symbol = scope.findSymbol(id)) {
        // A method's free name that the class body binds still resolves outside the class.
        if (isClass && (symbol->flags & (flags::DefBound | flags::DefGlobal)) != 0) {
          symbol->flags |= flags::DefFreeClass;
        }
        continue;
      }
      if (bound != nullptr && !bound->contains(id)) continue; // a global
      RawSymbol& passThrough = scope.symbol(id);
      passThrough.scope = SymbolScope::Free;
    }
  }

  // The scopes whose symbols a child's analysis may look at: inlined comprehensions hand their
  // own children to their parent (CPython splices them into the parent's children list).
  void effectiveChildren(uint32_t scopeIndex, std::vector<uint32_t>& out) const {
    for (uint32_t child : tree_.scopes[scopeIndex].children) {
      if (tree_.scopes[child].inlined) {
        effectiveChildren(child, out);
      } else {
        out.push_back(child);
      }
    }
  }

  bool isFreeInAnyChild(uint32_t comp, uint32_t id) const {
    std::vector<uint32_t> children;
    effectiveChildren(comp, children);
    for (uint32_t child : children) {
      const RawSymbol* symbol = tree_.scopes[child].findSymbol(id);
      if (symbol != nullptr && symbol->scope == SymbolScope::Free) return true;
    }
    return false;
  }

  // CPython 3.12's inline_comprehension: the comprehension's names become the parent's.
  void inlineComprehension(uint32_t parentIndex, uint32_t compIndex, NameSet& compFree,
                           NameSet& inlinedCells) {
    const bool parentIsClass = tree_.scopes[parentIndex].kind == ScopeKind::Class;
    const size_t count = tree_.scopes[compIndex].symbols.size();
    // The compiler adds the comprehension's locals to co_varnames in symbol-table order: its
    // iteration targets first (in clause order), then what nested inlined comprehensions added.
    std::vector<std::pair<uint32_t, uint32_t>> ownLocals; // (first write, name)
    for (size_t i = 0; i < count; ++i) {
      const RawSymbol& symbol = tree_.scopes[compIndex].symbols[i];
      const bool local =
          (symbol.flags & flags::DefLocal) != 0 && (symbol.flags & flags::DefNonlocal) == 0;
      if (!local) continue;
      ownLocals.emplace_back(symbol.firstWrite, symbol.nameId);
    }
    std::stable_sort(ownLocals.begin(), ownLocals.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<uint32_t> order;
    order.reserve(ownLocals.size() + tree_.scopes[compIndex].inlinedLocals.size());
    for (const auto& local : ownLocals)
      order.push_back(local.second);
    for (uint32_t id : tree_.scopes[compIndex].inlinedLocals)
      order.push_back(id);
    for (uint32_t id : order) {
      std::vector<uint32_t>& into = tree_.scopes[parentIndex].inlinedLocals;
      if (std::find(into.begin(), into.end(), id) == into.end()) into.push_back(id);
    }

    bool removeDunderClass = false;
    for (size_t i = 0; i < count; ++i) {
      RawSymbol symbol = tree_.scopes[compIndex].symbols[i]; // copied: the parent may grow
      if ((symbol.flags & flags::DefParam) != 0) continue;
      SymbolScope scope = symbol.scope;
      if (scope == SymbolScope::Cell) inlinedCells.insert(symbol.nameId);
      const RawSymbol* existing = tree_.scopes[parentIndex].findSymbol(symbol.nameId);
      if (scope == SymbolScope::Free && parentIsClass && symbol.nameId == tree_.classCellId) {
        scope = SymbolScope::GlobalImplicit;
        compFree.erase(symbol.nameId);
        removeDunderClass = true;
      }
      if (existing == nullptr) {
        RawSymbol& added = tree_.scopes[parentIndex].symbol(symbol.nameId);
        added.flags = symbol.flags;
        added.scope = scope;
      } else if ((existing->flags & flags::DefBound) != 0 && !parentIsClass &&
                 !isFreeInAnyChild(compIndex, symbol.nameId)) {
        // The comprehension's free name is the parent's own local now.
        compFree.erase(symbol.nameId);
      }
    }
    if (removeDunderClass) {
      RawSymbol* dunder = nullptr;
      for (RawSymbol& s : tree_.scopes[compIndex].symbols) {
        if (s.nameId == tree_.classCellId) dunder = &s;
      }
      if (dunder != nullptr) dunder->scope = SymbolScope::GlobalImplicit;
    }
  }

  RawScopeTree& tree_;
};

} // namespace

void resolveScopes(RawScopeTree& tree) {
  if (!tree.scopes.empty()) Resolver(tree).run();
}

} // namespace closurelens::analysis::detail
