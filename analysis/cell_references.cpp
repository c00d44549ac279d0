#include "analysis/cell_references.hpp"

#include "analysis/closure_facts.hpp"

#include <algorithm>

namespace closurelens::analysis {
namespace {

bool writes(OccurrenceKind kind) {
  return kind == OccurrenceKind::Write || kind == OccurrenceKind::Delete ||
         kind == OccurrenceKind::Parameter || kind == OccurrenceKind::Import ||
         kind == OccurrenceKind::Definition;
}

} // namespace

std::optional<CellIdentity> cellAt(const AnalyzedDocument& doc, uint32_t byte) {
  TSNode node = ts_node_descendant_for_byte_range(doc.snapshot.root(), byte, byte);
  if (ts_node_is_null(node)) return std::nullopt;
  NameAt at = nameAt(doc.scopes, {ts_node_start_byte(node), ts_node_end_byte(node)});
  if (!at.symbol) return std::nullopt;
  if (at.symbol->scope == SymbolScope::Cell) return CellIdentity{at.scope->index, at.symbol->name};
  if (at.symbol->scope == SymbolScope::Free) {
    uint32_t owner = cellOwner(doc.scopes, *at.scope, at.symbol->name);
    if (owner != kNoScope) return CellIdentity{owner, at.symbol->name};
  }
  return std::nullopt;
}

std::vector<CellReference> cellReferences(const AnalyzedDocument& doc, const CellIdentity& cell) {
  std::vector<CellReference> out;
  const ScopeTree& scopes = doc.scopes;
  const Scope& owner = scopes.scope(cell.owner);
  auto collect = [&](const Scope& scope, bool isOwner) {
    const Symbol* symbol = scope.find(cell.name);
    if (!symbol) return;
    for (const Occurrence& occ : symbol->occurrences) {
      if (occ.kind == OccurrenceKind::GlobalDecl) continue;
      bool write = writes(occ.kind);
      out.push_back({occ.range, scope.index, write, isOwner && write});
    }
  };
  collect(owner, true);
  for (uint32_t i = owner.index + 1; i < scopes.scopes().size(); ++i) {
    const Scope& inner = scopes.scope(i);
    if (owner.kind != ScopeKind::Module && inner.range.start >= owner.range.end) break;
    const Symbol* symbol = inner.find(cell.name);
    if (symbol && symbol->scope == SymbolScope::Free &&
        cellOwner(scopes, inner, cell.name) == cell.owner) {
      collect(inner, false);
    }
  }
  std::sort(out.begin(), out.end(), [](const CellReference& a, const CellReference& b) {
    return a.range.start < b.range.start;
  });
  return out;
}

} // namespace closurelens::analysis
