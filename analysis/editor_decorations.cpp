#include "analysis/editor_decorations.hpp"

#include "analysis/closure_facts.hpp"

#include <algorithm>
#include <cstring>

namespace closurelens::analysis {
namespace {

// The byte just past the `:` that ends a def or lambda header.
std::optional<uint32_t> headerEnd(const AnalyzedDocument& doc, const Scope& scope) {
  TSNode node =
      ts_node_descendant_for_byte_range(doc.snapshot.root(), scope.range.start, scope.range.end);
  if (ts_node_is_null(node)) return std::nullopt;
  uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_child(node, i);
    if (!ts_node_is_named(child) && std::strcmp(ts_node_type(child), ":") == 0) {
      return ts_node_end_byte(child);
    }
  }
  return std::nullopt;
}

std::string shorten(const std::string& text, uint32_t maxLength) {
  if (maxLength < 2 || text.size() <= maxLength) return text;
  size_t cut = maxLength - 1;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut) + "…";
}

// A decorator head continued over lines (`@pkg\\` then `.deco` on the next) becomes one token
// per line, without the blanks and backslash around the break: LSP tokens do not span lines.
// Pieces starting outside `within` are left out, as a range request asks.
void addLinePieces(std::string_view source, ByteRange head, ByteRange within,
                   std::vector<SemanticToken>& out) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\\'; };
  uint32_t start = head.start;
  while (start < head.end && start < source.size()) {
    const size_t lineBreak = source.find_first_of("\r\n", start);
    const uint32_t end = lineBreak == std::string_view::npos || lineBreak >= head.end
                             ? head.end
                             : static_cast<uint32_t>(lineBreak);
    uint32_t pieceStart = start;
    uint32_t pieceEnd = end;
    while (pieceStart < pieceEnd && blank(source[pieceStart]))
      ++pieceStart;
    while (pieceEnd > pieceStart && blank(source[pieceEnd - 1]))
      --pieceEnd;
    if (pieceStart < pieceEnd && pieceStart >= within.start && pieceStart < within.end)
      out.push_back({{pieceStart, pieceEnd}, TokenType::Decorator, 0});
    start = end + 1;
  }
}

bool inRange(uint32_t at, ByteRange range) {
  return at >= range.start && at <= range.end;
}

void captureHints(const AnalyzedDocument& doc, const Scope& scope, ByteRange range,
                  const InlayHintOptions& options, std::vector<InlayHintInfo>& out) {
  if (scope.freevars.empty()) return;
  std::vector<CapturedVariable> captured = capturedVariables(doc, scope);
  if (options.captures) {
    auto at = headerEnd(doc, scope);
    if (at && inRange(*at, range)) {
      InlayHintInfo hint;
      hint.position = *at;
      hint.kind = InlayHintKind::Captures;
      hint.parts.push_back({"captures: ", std::nullopt});
      std::string tooltip = "`" + scope.qualname + "` reads these cells of its enclosing scopes:";
      for (size_t i = 0; i < captured.size(); ++i) {
        const CapturedVariable& v = captured[i];
        if (i) hint.parts.push_back({", ", std::nullopt});
        std::optional<ByteRange> target;
        if (!v.bindings.empty()) target = v.bindings.front().range;
        hint.parts.push_back({v.name, target});
        tooltip += "\n- `" + v.name + "`: `__closure__[" + std::to_string(v.cellIndex) + "]`";
        if (target) tooltip += ", bound at line " + std::to_string(doc.lineNumber(target->start));
      }
      hint.tooltip = std::move(tooltip);
      out.push_back(std::move(hint));
    }
  }
  if (!options.lateBound) return;
  for (const CapturedVariable& v : captured) {
    if (!v.lateBoundLoop) continue;
    const Symbol* symbol = scope.find(v.name);
    if (!symbol) continue;
    for (const Occurrence& occ : symbol->occurrences) {
      if (occ.kind != OccurrenceKind::Read || !inRange(occ.range.end, range)) continue;
      InlayHintInfo hint;
      hint.position = occ.range.end;
      hint.kind = InlayHintKind::LateBound;
      hint.parts.push_back({"late-bound", std::nullopt});
      hint.tooltip = "`" + v.name + "` is rebound by the loop at line " +
                     std::to_string(doc.lineNumber(v.lateBoundLoop->start)) +
                     ": a call made after the loop moved on sees its last value. Bind it at "
                     "definition (`" +
                     v.name + "=" + v.name + "`).";
      out.push_back(std::move(hint));
    }
  }
}

TokenType ownerType(const AnalyzedDocument& doc, uint32_t owner, const std::string& name) {
  if (owner == kNoScope) return TokenType::Variable;
  const Symbol* symbol = doc.scopes.scope(owner).find(name);
  if (!symbol) return TokenType::Variable;
  if (symbol->flags & symbol_flags::DefParam) return TokenType::Parameter;
  for (const Occurrence& occ : symbol->occurrences) {
    if (occ.kind == OccurrenceKind::Definition) return TokenType::Function;
  }
  return TokenType::Variable;
}

bool reboundThroughNonlocal(const Symbol& symbol) {
  bool declared = false;
  bool written = false;
  for (const Occurrence& occ : symbol.occurrences) {
    declared |= occ.kind == OccurrenceKind::NonlocalDecl;
    written |= occ.kind == OccurrenceKind::Write || occ.kind == OccurrenceKind::Delete;
  }
  return declared && written;
}

} // namespace

std::vector<InlayHintInfo> inlayHints(const AnalyzedDocument& doc, ByteRange range,
                                      const InlayHintOptions& options) {
  std::vector<InlayHintInfo> out;
  for (const Scope& scope : doc.scopes.scopes()) {
    if (scope.kind != ScopeKind::Function && scope.kind != ScopeKind::Lambda) continue;
    if (scope.annotationScope) continue; // its def, if any, has the hint
    if (scope.range.start > range.end || scope.range.end < range.start) continue;
    captureHints(doc, scope, range, options, out);
  }
  if (options.decoratorApplication) {
    for (const DecoratedDefinition& def : doc.decorators.decorated()) {
      if (def.layers.empty() || def.application.empty()) continue;
      uint32_t at = def.layers.front().decoratorRange.end;
      if (!inRange(at, range)) continue;
      InlayHintInfo hint;
      hint.position = at;
      hint.kind = InlayHintKind::DecoratorApplication;
      hint.parts.push_back({shorten(def.application, options.maxLength), std::nullopt});
      hint.tooltip = "```python\n" + def.application + "\n```";
      out.push_back(std::move(hint));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const InlayHintInfo& a, const InlayHintInfo& b) {
    return a.position < b.position;
  });
  return out;
}

std::vector<SemanticToken> semanticTokens(const AnalyzedDocument& doc, ByteRange range) {
  std::vector<SemanticToken> out;
  for (const Scope& scope : doc.scopes.scopes()) {
    for (const Symbol& symbol : scope.symbols) {
      if (symbol.scope != SymbolScope::Free && symbol.scope != SymbolScope::Cell) continue;
      uint32_t owner = symbol.scope == SymbolScope::Cell
                           ? scope.index
                           : cellOwner(doc.scopes, scope, symbol.name);
      TokenType type = ownerType(doc, owner, symbol.name);
      uint32_t modifiers = symbol.scope == SymbolScope::Free ? token_modifier::FreeVariable
                                                             : token_modifier::CellVariable;
      if (reboundThroughNonlocal(symbol)) modifiers |= token_modifier::Rebound;
      for (const Occurrence& occ : symbol.occurrences) {
        if (occ.kind == OccurrenceKind::GlobalDecl) continue;
        if (occ.range.start < range.start || occ.range.start >= range.end) continue;
        out.push_back({occ.range, type, modifiers});
      }
    }
  }
  for (const DecoratedDefinition& def : doc.decorators.decorated()) {
    for (const DecoratorLayer& layer : def.layers) {
      if (!layer.head.empty()) addLinePieces(doc.source(), layer.headRange, range, out);
    }
  }
  std::sort(out.begin(), out.end(), [](const SemanticToken& a, const SemanticToken& b) {
    return a.range.start < b.range.start;
  });
  // One token per position: a name can be both a scope's symbol and a decorator head.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const SemanticToken& a, const SemanticToken& b) {
                          return a.range.start == b.range.start;
                        }),
            out.end());
  return out;
}

} // namespace closurelens::analysis
