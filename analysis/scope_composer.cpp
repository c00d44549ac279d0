// ScopeTree::buildIncremental: the module's statements (and those of each top-level class body)
// are analysed one by one as fragments (scope_fragment.hpp), fragments of unchanged statements
// are taken from the previous version, and the fragments are composed into the tree
// ScopeTree::build would have built. Composing is exact because, in CPython's symbol table, a
// module-level statement's scopes only see the module through names that resolve the same way
// whatever the other statements bind (module names are never cells), and a top-level class passes
// nothing of its own to its methods but __class__. What does cross statements is redone here: the
// module's and each class's own names, __class__ cells, `from __future__ import annotations`.
// The rare shapes that break this (dead code at module or class level, `global` in a class body,
// `nonlocal` with nothing to bind, 3.12's inlined comprehensions) take the whole-module build.
#include "analysis/python_grammar_ids.hpp"
#include "analysis/scope_fragment.hpp"
#include "analysis/syntax_tree.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <unordered_map>

namespace closurelens::analysis {

namespace flags = symbol_flags;

namespace detail {

uint64_t ScopeUnitCache::keyOf(UnitKind kind, std::string_view text) {
  uint64_t head = 0;
  uint64_t tail = 0;
  const size_t n = std::min<size_t>(sizeof head, text.size());
  if (n > 0) {
    std::memcpy(&head, text.data(), n);
    std::memcpy(&tail, text.data() + text.size() - n, n);
  }
  constexpr uint64_t kMix = 0x9E3779B97F4A7C15ULL;
  uint64_t h = (text.size() * kMix) ^ static_cast<uint64_t>(kind);
  h ^= head + kMix + (h << 6) + (h >> 2);
  h ^= tail + kMix + (h << 6) + (h >> 2);
  return h;
}

int32_t ScopeUnitCache::find(const ScopeUnit& unit, std::string_view source,
                             std::vector<bool>& taken) const {
  const std::string_view wanted =
      source.substr(unit.range.start, unit.range.end - unit.range.start);
  const std::string_view oldSource = *text;
  const uint64_t key = keyOf(unit.kind, wanted);
  auto it = std::lower_bound(byKey.begin(), byKey.end(), std::pair<uint64_t, uint32_t>{key, 0});
  int32_t found = -1;
  for (; it != byKey.end() && it->first == key; ++it) {
    const auto index = static_cast<int32_t>(it->second);
    const ScopeUnit& old = units[it->second];
    if (taken[it->second] || old.hasError || old.kind != unit.kind || old.symbol != unit.symbol ||
        old.futureAnnotations != unit.futureAnnotations || old.className != unit.className) {
      continue;
    }
    if (oldSource.substr(old.range.start, old.range.end - old.range.start) != wanted) continue;
    // Of identical statements, the earliest keeps the order of the old ones.
    if (found < 0 || index < found) found = index;
  }
  if (found >= 0) taken[static_cast<size_t>(found)] = true;
  return found;
}

std::vector<UnitNode> scopeUnitsOf(TSNode root, std::string_view source) {
  const PythonGrammarIds& ids = PythonGrammarIds::get();
  std::vector<UnitNode> units;
  // Child iterators, not ts_node_named_child, whose cost grows with the index of the child.
  ChildIterator statements;
  ChildIterator members;
  auto forEachStatement = [&](ChildIterator& children, TSNode parent, auto&& f) {
    children.reset(parent);
    for (TSNode node; children.next(node);) {
      if (ts_node_is_named(node) && ts_node_symbol(node) != ids.comment) f(node);
    }
  };
  forEachStatement(statements, root, [&](TSNode stmt) {
    const ByteRange range{ts_node_start_byte(stmt), ts_node_end_byte(stmt)};
    TSNode klass = stmt;
    if (ts_node_symbol(stmt) == ids.decoratedDefinition)
      klass = ts_node_child_by_field_id(stmt, ids.fieldDefinition);
    TSNode name{};
    TSNode body{};
    // A generic class's scope lies inside its type parameters' scope: analysed whole.
    if (!ts_node_is_null(klass) && ts_node_symbol(klass) == ids.classDefinition &&
        ts_node_is_null(ts_node_child_by_field_id(klass, ids.fieldTypeParameters))) {
      name = ts_node_child_by_field_id(klass, ids.fieldName);
      body = ts_node_child_by_field_id(klass, ids.fieldBody);
    }
    if (ts_node_is_null(name) || ts_node_is_null(body) || ts_node_symbol(body) != ids.block ||
        ts_node_start_byte(name) == ts_node_end_byte(name)) {
      units.push_back({UnitKind::ModuleStatement, stmt, TSNode{}, {}, range});
      return;
    }
    const std::string_view className = nodeText(name, source);
    units.push_back({UnitKind::ClassHeader, stmt, klass, className,
                     ByteRange{range.start, ts_node_start_byte(body)}});
    forEachStatement(members, body, [&](TSNode member) {
      units.push_back({UnitKind::ClassMember, member, klass, className,
                       ByteRange{ts_node_start_byte(member), ts_node_end_byte(member)}});
    });
  });
  return units;
}

} // namespace detail

namespace {

using detail::ScopeFragment;
using detail::ScopeUnit;
using detail::ScopeUnitCache;
using detail::UnitKind;
using detail::UnitNode;

// A class header has an error when its decorators, name or bases do (not its body).
bool headerHasError(const UnitNode& unit) {
  const PythonGrammarIds& ids = PythonGrammarIds::get();
  bool error = false;
  const uint32_t count = ts_node_child_count(unit.node);
  for (uint32_t i = 0; i < count && !error; ++i) {
    TSNode child = ts_node_child(unit.node, i);
    if (ts_node_eq(child, unit.classNode)) continue;
    error = ts_node_has_error(child) || ts_node_is_missing(child);
  }
  const uint32_t parts = ts_node_child_count(unit.classNode);
  for (uint32_t i = 0; i < parts && !error; ++i) {
    TSNode child = ts_node_child(unit.classNode, i);
    if (ts_node_symbol(child) == ids.block) continue;
    error = ts_node_has_error(child) || ts_node_is_missing(child);
  }
  return error;
}

// Moves positions of a fragment built from another version of the text to where its statement
// is now.
struct Shift {
  int64_t bytes = 0;
  int64_t rows = 0;

  uint32_t byte(uint32_t at) const { return static_cast<uint32_t>(at + bytes); }
  ByteRange range(ByteRange r) const { return {byte(r.start), byte(r.end)}; }
  // `scope` is a copy of a fragment's; its occurrences move into `storage`, which has room.
  void apply(Scope& scope, std::vector<Occurrence>& storage) const {
    scope.range = range(scope.range);
    if (scope.nameRange.end != 0) scope.nameRange = range(scope.nameRange);
    scope.firstLine = static_cast<uint32_t>(scope.firstLine + rows);
    for (Symbol& symbol : scope.symbols) {
      const size_t first = storage.size();
      for (const Occurrence& occurrence : symbol.occurrences)
        storage.push_back({range(occurrence.range), occurrence.kind});
      symbol.occurrences = std::span(storage).subspan(first);
    }
  }
};

// The names of the module or of one class, gathered from the fragments of its statements: one
// entry per occurrence (or per symbol without any), sorted by name when taken, so that merging
// allocates one array however many names there are.
class NameMerger {
public:
  void add(const std::vector<Symbol>& symbols, const Shift& shift) {
    for (const Symbol& symbol : symbols) {
      if (symbol.occurrences.empty()) {
        entries_.push_back({symbol.name, symbol.flags, {}, false});
        continue;
      }
      for (const Occurrence& occurrence : symbol.occurrences) {
        entries_.push_back(
            {symbol.name, symbol.flags, {shift.range(occurrence.range), occurrence.kind}, true});
      }
    }
  }

  // CPython's analyze_name for a block that no enclosing function binds into. The occurrences
  // move into `storage`, which has room.
  std::vector<Symbol> take(std::vector<Occurrence>& storage) {
    // Stable: each name's occurrences stay in the order of the statements that hold them.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.name < b.name; });
    std::vector<Symbol> out;
    for (size_t i = 0; i < entries_.size();) {
      Symbol& symbol = out.emplace_back();
      symbol.name = entries_[i].name;
      const size_t first = storage.size();
      for (; i < entries_.size() && entries_[i].name == symbol.name; ++i) {
        symbol.flags |= entries_[i].flags;
        if (entries_[i].hasOccurrence) storage.push_back(entries_[i].occurrence);
      }
      symbol.occurrences = std::span(storage).subspan(first);
      if ((symbol.flags & flags::DefGlobal) != 0) {
        symbol.scope = SymbolScope::GlobalExplicit;
      } else if ((symbol.flags & flags::DefNonlocal) != 0) {
        symbol.scope = SymbolScope::Free;
      } else if ((symbol.flags & flags::DefBound) != 0) {
        symbol.scope = SymbolScope::Local;
      } else {
        symbol.scope = SymbolScope::GlobalImplicit;
      }
    }
    entries_.clear();
    return out;
  }

private:
  struct Entry {
    std::string_view name; // a view of a fragment's symbol
    uint32_t flags = 0;
    Occurrence occurrence;
    bool hasOccurrence = false;
  };
  std::vector<Entry> entries_;
};

// A symbol of a statement's own module or class level that only the whole-module build gets
// right: names declared global in a class, nonlocal without a binding, free names passing
// through.
bool crossesStatements(const Symbol& symbol, bool classLevel) {
  if (symbol.scope == SymbolScope::Free || (symbol.flags & flags::DefFreeClass) != 0) return true;
  return classLevel && symbol.scope == SymbolScope::GlobalExplicit;
}

} // namespace

class ScopeComposer {
public:
  ScopeComposer(TSNode root, std::shared_ptr<const std::string> source,
                const AnalysisOptions& options)
      : root_(root), source_(std::move(source)), options_(options) {}

  ScopeTree run(const ScopeTree* previous, std::vector<UnitNode>* statements, ScopeTree* takeFrom) {
    const ScopeUnitCache* old = previous != nullptr ? previous->units() : nullptr;
    if (old != nullptr && !(old->options == options_)) old = nullptr;
    // Scopes are taken from the previous tree only where it was composed from these units.
    if (old != nullptr && old->composed && takeFrom == previous) {
      old_ = old;
      takeFrom_ = takeFrom;
    }
    auto cache = std::make_shared<ScopeUnitCache>();
    cache->text = source_;
    cache->options = options_;
    const std::string_view source = *source_;
    units_ = detail::scopeUnitsOf(root_, source);
    std::vector<bool> taken(old != nullptr ? old->units.size() : 0, false);
    bool future = false;
    cache->units.reserve(units_.size());
    for (const UnitNode& node : units_) {
      ScopeUnit& unit = cache->units.emplace_back();
      unit.kind = node.kind;
      unit.symbol = ts_node_symbol(node.node);
      unit.futureAnnotations = future;
      unit.className = std::string(node.className);
      unit.range = node.range;
      unit.row = ts_node_start_point(node.node).row;
      unit.hasError =
          node.kind == UnitKind::ClassHeader ? headerHasError(node) : ts_node_has_error(node.node);
      if (old != nullptr && !unit.hasError) {
        unit.previous = old->find(unit, source, taken);
        if (unit.previous >= 0) unit.fragment = old->units[unit.previous].fragment;
      }
      if (!unit.fragment) {
        detail::FragmentContext context;
        context.futureAnnotations = future;
        if (node.kind == UnitKind::ClassMember) context.className = node.className;
        context.classHeader = node.kind == UnitKind::ClassHeader;
        unit.fragment = std::make_shared<const ScopeFragment>(
            detail::buildFragment(node.node, source, options_, context));
      }
      if (unit.fragment->setsFutureAnnotations) future = true;
    }
    cache->byKey.reserve(cache->units.size());
    for (uint32_t i = 0; i < cache->units.size(); ++i) {
      const ScopeUnit& unit = cache->units[i];
      cache->byKey.emplace_back(
          ScopeUnitCache::keyOf(unit.kind,
                                source.substr(unit.range.start, unit.range.end - unit.range.start)),
          i);
    }
    std::sort(cache->byKey.begin(), cache->byKey.end());

    ScopeTree tree = compose(*cache, future);
    cache->composed = composable_;
    if (!composable_) tree = ScopeTree::build(root_, source, options_);
    tree.units_ = std::move(cache);
    if (statements != nullptr) *statements = std::move(units_);
    return tree;
  }

private:
  ScopeTree compose(ScopeUnitCache& cache, bool future) {
    ScopeTree tree;
    tree.futureAnnotations_ = future;
    size_t total = 1;
    size_t occurrences = 0;
    for (const ScopeUnit& unit : cache.units) {
      total += unit.fragment->tree.scopes().size();
      occurrences += unit.fragment->tree.occurrences_.size();
    }
    tree.scopes_.reserve(total);
    // Every occurrence of a fragment lands once in the tree, so this never reallocates.
    tree.occurrences_.reserve(occurrences);
    Scope& module = tree.scopes_.emplace_back();
    module.kind = ScopeKind::Module;
    module.name = "<module>";
    module.qualname = "<module>";
    module.range = {ts_node_start_byte(root_), ts_node_end_byte(root_)};
    for (size_t i = 0; i < cache.units.size() && composable_; ++i) {
      ScopeUnit& unit = cache.units[i];
      const ScopeFragment& fragment = *unit.fragment;
      const Shift shift{static_cast<int64_t>(unit.range.start) - fragment.range.start,
                        static_cast<int64_t>(unit.row) - fragment.row};
      tree.truncated_ = tree.truncated_ || fragment.tree.truncated();
      const bool member = unit.kind == UnitKind::ClassMember;
      const bool nextInSameBody =
          i + 1 < cache.units.size() && (member ? cache.units[i + 1].kind == UnitKind::ClassMember
                                                : cache.units[i + 1].kind != UnitKind::ClassMember);
      if (!fragment.standalone || (fragment.terminates && nextInSameBody)) {
        composable_ = false;
        break;
      }
      if (!member) finishClass(tree);
      std::span<const Scope> scopes = fragment.tree.scopes();
      const uint32_t own = member ? 2 : 1; // the stand-ins come first
      if (member) {
        if (!scopes[0].symbols.empty() || classIndex_ == kNoScope) {
          composable_ = false;
          break;
        }
        if (!addNames(classNames_, scopes[1].symbols, shift, true)) break;
        classNeedsClosure_ = classNeedsClosure_ || scopes[1].needsClassClosure;
        classNeedsDict_ = classNeedsDict_ || scopes[1].needsClassDict;
      } else if (!addNames(moduleNames_, scopes[0].symbols, shift, false)) {
        break;
      }
      const auto base = static_cast<uint32_t>(tree.scopes_.size());
      unit.firstScope = base;
      unit.scopeCount = static_cast<uint32_t>(scopes.size()) - own;
      // A class's own scope is not taken: its children and names are gathered anew.
      if (takeFrom_ != nullptr && unit.previous >= 0 && unit.kind != UnitKind::ClassHeader) {
        takeScopes(tree, unit, old_->units[static_cast<size_t>(unit.previous)], member);
        continue;
      }
      auto renumber = [&](uint32_t index) { return base + index - own; };
      for (uint32_t k = own; k < scopes.size(); ++k) {
        Scope& scope = tree.scopes_.emplace_back(scopes[k]);
        shift.apply(scope, tree.occurrences_);
        scope.index = renumber(k);
        for (uint32_t& child : scope.children)
          child = renumber(child);
        if (scope.parent >= own) {
          scope.parent = renumber(scope.parent);
          continue;
        }
        attach(tree, scope, member);
        if (unit.kind == UnitKind::ClassHeader && scope.kind == ScopeKind::Class) {
          classIndex_ = scope.index;
          TSNode klass = units_[i].classNode;
          scope.range = {ts_node_start_byte(klass), ts_node_end_byte(klass)};
        }
      }
    }
    if (!composable_) return tree;
    finishClass(tree);
    tree.scopes_[0].symbols = moduleNames_.take(tree.occurrences_);
    sortChildren(tree, 0);
    return tree;
  }

  // By where they start, as ScopeTree::build leaves them: a statement's outermost scopes come in
  // the order CPython compiles them (`[a for a in x] = (b for b in y)`: the value first).
  static void sortChildren(ScopeTree& tree, uint32_t index) {
    std::vector<uint32_t>& children = tree.scopes_[index].children;
    auto byStart = [&](uint32_t a, uint32_t b) {
      return tree.scopes_[a].range.start < tree.scopes_[b].range.start;
    };
    if (!std::is_sorted(children.begin(), children.end(), byStart))
      std::stable_sort(children.begin(), children.end(), byStart);
  }

  // A statement's outermost scopes belong to the module, or to the class whose body holds it.
  void attach(ScopeTree& tree, Scope& scope, bool member) {
    scope.parent = member ? classIndex_ : 0;
    tree.scopes_[scope.parent].children.push_back(scope.index);
  }

  // Moves the scopes `before` contributed to the previous tree (the same fragment, then placed
  // where `before` was) to where `unit` is: the same work as copying them from the fragment,
  // without allocating anything but their occurrences.
  void takeScopes(ScopeTree& tree, const ScopeUnit& unit, const ScopeUnit& before, bool member) {
    const Shift shift{static_cast<int64_t>(unit.range.start) - before.range.start,
                      static_cast<int64_t>(unit.row) - before.row};
    const uint32_t from = before.firstScope;
    const uint32_t base = unit.firstScope;
    auto renumber = [&](uint32_t index) { return base + index - from; };
    for (uint32_t k = 0; k < unit.scopeCount; ++k) {
      Scope& scope = tree.scopes_.emplace_back(std::move(takeFrom_->scopes_[from + k]));
      shift.apply(scope, tree.occurrences_);
      scope.index = renumber(from + k);
      for (uint32_t& child : scope.children)
        child = renumber(child);
      if (scope.parent >= from && scope.parent < from + unit.scopeCount) {
        scope.parent = renumber(scope.parent);
      } else {
        attach(tree, scope, member);
      }
    }
  }

  bool addNames(NameMerger& into, const std::vector<Symbol>& symbols, const Shift& shift,
                bool classLevel) {
    for (const Symbol& symbol : symbols) {
      if (crossesStatements(symbol, classLevel)) {
        composable_ = false;
        return false;
      }
    }
    into.add(symbols, shift);
    return true;
  }

  void finishClass(ScopeTree& tree) {
    if (classIndex_ == kNoScope) return;
    Scope& klass = tree.scopes_[classIndex_];
    klass.symbols = classNames_.take(tree.occurrences_);
    klass.needsClassClosure = classNeedsClosure_;
    klass.needsClassDict = classNeedsDict_;
    if (classNeedsClosure_) klass.cellvars.emplace_back("__class__");
    if (classNeedsDict_) klass.cellvars.emplace_back("__classdict__");
    sortChildren(tree, classIndex_);
    classIndex_ = kNoScope;
    classNeedsClosure_ = false;
    classNeedsDict_ = false;
  }

  TSNode root_;
  std::shared_ptr<const std::string> source_;
  AnalysisOptions options_;
  std::vector<UnitNode> units_;
  const ScopeUnitCache* old_ = nullptr; // the previous units, when scopes are taken from takeFrom_
  ScopeTree* takeFrom_ = nullptr;
  bool composable_ = true;
  NameMerger moduleNames_;
  NameMerger classNames_;
  uint32_t classIndex_ = kNoScope;
  bool classNeedsClosure_ = false;
  bool classNeedsDict_ = false;
};

ScopeTree ScopeTree::buildIncremental(TSNode root, std::shared_ptr<const std::string> source,
                                      const AnalysisOptions& options, const ScopeTree* previous,
                                      std::vector<UnitNode>* statements, ScopeTree* takeFrom) {
  // 3.12's inlined comprehensions give class bodies cells of their own: not composed.
  if (options.version >= PythonVersion{3, 12} || !source) {
    return build(root, source ? std::string_view(*source) : std::string_view{}, options);
  }
  try {
    return ScopeComposer(root, std::move(source), options).run(previous, statements, takeFrom);
  } catch (const std::bad_alloc&) {
    return outOfMemory();
  }
}

} // namespace closurelens::analysis
