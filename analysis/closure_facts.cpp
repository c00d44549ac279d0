#include "analysis/closure_facts.hpp"
#include "analysis/syntax_tree.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace closurelens::analysis {
namespace {

bool isBinding(OccurrenceKind kind) {
  return kind == OccurrenceKind::Write || kind == OccurrenceKind::Parameter ||
         kind == OccurrenceKind::Import || kind == OccurrenceKind::Definition;
}

// The nodes from the root down to the innermost one spanning `range`, found in one descent:
// ts_node_parent walks down from the root at each call, which made the facts of a closure with
// many uses quadratic.
std::vector<TSNode> pathTo(const AnalyzedDocument& doc, ByteRange range) {
  std::vector<TSNode> path{doc.snapshot.root()};
  TreeCursor cursor(path.front());
  while (ts_tree_cursor_goto_first_child_for_byte(cursor.get(), range.start) >= 0) {
    TSNode child = ts_tree_cursor_current_node(cursor.get());
    if (ts_node_start_byte(child) > range.start || ts_node_end_byte(child) < range.end) break;
    path.push_back(child);
  }
  return path;
}

// Whether the identifier at `range` is the object of an in-place change: a mutating method call,
// an item or attribute assignment, or a `del` of an item.
bool mutatesInPlace(const AnalyzedDocument& doc, ByteRange range) {
  static constexpr std::array<std::string_view, 15> kMutators = {
      "append", "extend",  "insert", "add",        "update",     "pop",        "popitem", "clear",
      "remove", "discard", "sort",   "setdefault", "appendleft", "extendleft", "reverse"};
  const std::vector<TSNode> path = pathTo(doc, range);
  if (path.size() < 2) return false;
  TSNode id = path.back();
  TSNode parent = path[path.size() - 2];
  TSNode grand = path.size() >= 3 ? path[path.size() - 3] : TSNode{};
  if (typeIs(parent, "attribute") &&
      sameNode(ts_node_child_by_field_name(parent, "object", 6), id)) {
    if (ts_node_is_null(grand)) return false;
    if (typeIs(grand, "call") &&
        sameNode(ts_node_child_by_field_name(grand, "function", 8), parent)) {
      std::string_view method =
          nodeText(ts_node_child_by_field_name(parent, "attribute", 9), doc.source());
      return std::find(kMutators.begin(), kMutators.end(), method) != kMutators.end();
    }
    return (typeIs(grand, "assignment") || typeIs(grand, "augmented_assignment")) &&
           sameNode(ts_node_child_by_field_name(grand, "left", 4), parent);
  }
  if (typeIs(parent, "subscript") &&
      sameNode(ts_node_child_by_field_name(parent, "value", 5), id)) {
    if (ts_node_is_null(grand)) return false;
    if (typeIs(grand, "delete_statement")) return true;
    return (typeIs(grand, "assignment") || typeIs(grand, "augmented_assignment")) &&
           sameNode(ts_node_child_by_field_name(grand, "left", 4), parent);
  }
  return false;
}

std::optional<ByteRange> lateBoundLoop(const AnalyzedDocument& doc, const Scope& closure,
                                       const Scope& owner, const Symbol& ownerSymbol) {
  if (owner.kind == ScopeKind::Comprehension && (ownerSymbol.flags & symbol_flags::DefCompIter)) {
    return owner.range;
  }
  const std::vector<TSNode> path = pathTo(doc, closure.range);
  for (size_t i = path.size() - 1; i-- > 0;) {
    TSNode up = path[i];
    uint32_t start = ts_node_start_byte(up);
    uint32_t end = ts_node_end_byte(up);
    if (start < owner.range.start || (owner.kind != ScopeKind::Module && end > owner.range.end)) {
      break;
    }
    if (!typeIs(up, "for_statement") && !typeIs(up, "while_statement")) continue;
    for (const Occurrence& occ : ownerSymbol.occurrences) {
      if (occ.kind == OccurrenceKind::Write && occ.range.start >= start && occ.range.end <= end) {
        return ByteRange{start, end};
      }
    }
  }
  return std::nullopt;
}

bool usesDirectly(const Symbol& symbol) {
  return std::any_of(symbol.occurrences.begin(), symbol.occurrences.end(),
                     [](const Occurrence& o) { return o.kind != OccurrenceKind::NonlocalDecl; });
}

} // namespace

uint32_t cellOwner(const ScopeTree& scopes, const Scope& scope, std::string_view name) {
  for (uint32_t p = scope.parent; p != kNoScope; p = scopes.scope(p).parent) {
    const Scope& candidate = scopes.scope(p);
    if (candidate.kind == ScopeKind::Class) {
      if (name == "__class__" && candidate.needsClassClosure) return p;
      continue;
    }
    const Symbol* symbol = candidate.find(name);
    if (symbol && symbol->scope == SymbolScope::Cell) return p;
  }
  return kNoScope;
}

std::vector<CapturedVariable> capturedVariables(const AnalyzedDocument& doc, const Scope& scope,
                                                std::string_view only) {
  std::vector<CapturedVariable> out;
  const ScopeTree& scopes = doc.scopes;
  for (uint32_t i = 0; i < scope.freevars.size(); ++i) {
    if (!only.empty() && scope.freevars[i] != only) continue;
    CapturedVariable v;
    v.name = scope.freevars[i];
    v.cellIndex = i;
    v.owner = cellOwner(scopes, scope, v.name);
    if (v.owner != kNoScope) {
      const Scope& owner = scopes.scope(v.owner);
      if (const Symbol* ownerSymbol = owner.find(v.name)) {
        for (const Occurrence& occ : ownerSymbol->occurrences) {
          if (isBinding(occ.kind)) v.bindings.push_back(occ);
        }
        v.lateBoundLoop = lateBoundLoop(doc, scope, owner, *ownerSymbol);
      }
    }
    const Symbol* symbol = scope.find(v.name);
    bool declaredNonlocal = false;
    if (symbol) {
      for (const Occurrence& occ : symbol->occurrences) {
        switch (occ.kind) {
        case OccurrenceKind::NonlocalDecl:
          declaredNonlocal = true;
          break;
        case OccurrenceKind::Read:
          v.read = true;
          if (!v.mutatedInPlace && mutatesInPlace(doc, occ.range)) v.mutatedInPlace = true;
          break;
        case OccurrenceKind::Write:
        case OccurrenceKind::Delete:
          if (!v.rebound) v.rebound = occ.range;
          break;
        default:
          break;
        }
      }
    }
    if (!declaredNonlocal) v.rebound.reset();
    if (!symbol || !usesDirectly(*symbol)) {
      for (uint32_t child : scope.children) {
        const Symbol* inner = scopes.scope(child).find(v.name);
        if (inner && inner->scope == SymbolScope::Free) v.passedThroughTo.push_back(child);
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<CellCapture> cellCaptures(const AnalyzedDocument& doc, const Scope& scope) {
  std::vector<CellCapture> out;
  const ScopeTree& scopes = doc.scopes;
  for (const std::string& name : scope.cellvars) {
    CellCapture capture{name, {}};
    // Scopes nested in `scope` follow it in pre-order until the first one outside its range.
    for (uint32_t i = scope.index + 1; i < scopes.scopes().size(); ++i) {
      const Scope& inner = scopes.scope(i);
      if (inner.range.start >= scope.range.end && scope.kind != ScopeKind::Module) break;
      const Symbol* symbol = inner.find(name);
      if (symbol && symbol->scope == SymbolScope::Free && usesDirectly(*symbol) &&
          cellOwner(scopes, inner, name) == scope.index) {
        capture.capturedBy.push_back(i);
      }
    }
    out.push_back(std::move(capture));
  }
  return out;
}

NameAt nameAt(const ScopeTree& scopes, ByteRange range) {
  for (const Scope* scope = scopes.innermostAt(range.start); scope;
       scope = scope->parent == kNoScope ? nullptr : &scopes.scope(scope->parent)) {
    for (const Symbol& symbol : scope->symbols) {
      for (const Occurrence& occ : symbol.occurrences) {
        if (occ.range == range) return {scope, &symbol, &occ};
      }
    }
  }
  return {};
}

} // namespace closurelens::analysis
