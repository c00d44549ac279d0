#include "analysis/checks/decorator_fixes.hpp"

#include "analysis/checks/fix_support.hpp"
#include "analysis/decorator_syntax.hpp"

namespace closurelens::analysis::decorator_fixes {

using namespace decorator_syntax;

std::vector<std::vector<DecoratorUse>> usesByDefinition(const AnalyzedDocument& doc) {
  const DecoratorModel& model = doc.decorators;
  std::vector<std::vector<DecoratorUse>> uses(model.definitions().size());
  for (const DecoratedDefinition& decorated : model.decorated()) {
    for (size_t i = 0; i < decorated.layers.size(); ++i) {
      int index = decorated.layers[i].resolution.definition;
      if (index >= 0 && static_cast<size_t>(index) < uses.size())
        uses[static_cast<size_t>(index)].push_back({&decorated, i});
    }
  }
  return uses;
}

size_t indexOf(const AnalyzedDocument& doc, const DecoratorDefinition& definition) {
  return static_cast<size_t>(&definition - doc.decorators.definitions().data());
}

std::string_view textOf(std::string_view source, ByteRange range) {
  if (range.start > range.end || range.end > source.size()) return {};
  return source.substr(range.start, range.end - range.start);
}

ByteRange trimmed(std::string_view source, ByteRange range) {
  while (range.end > range.start && range.end <= source.size()) {
    char c = source[range.end - 1];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    --range.end;
  }
  return range;
}

TSNode nodeAt(const AnalyzedDocument& doc, ByteRange range) {
  return ts_node_descendant_for_byte_range(doc.snapshot.root(), range.start, range.end);
}

std::vector<TSNode> pathTo(TSNode from, ByteRange range) {
  std::vector<TSNode> path;
  if (ts_node_is_null(from)) return path;
  path.push_back(from);
  TreeCursor cursor(from);
  TSTreeCursor* c = cursor.get();
  while (ts_tree_cursor_goto_first_child_for_byte(c, range.start) >= 0) {
    TSNode node = ts_tree_cursor_current_node(c);
    if (ts_node_start_byte(node) > range.start || ts_node_end_byte(node) < range.end) break;
    path.push_back(node);
  }
  return path;
}

const ImportedName& ImportedNames::get(std::string_view module, std::string_view name) {
  std::string key = std::string(module) + "." + std::string(name);
  for (const auto& [k, value] : cache_)
    if (k == key) return value;
  cache_.emplace_back(key, importedName(doc_, module, name));
  return cache_.back().second;
}

TSNode definitionOf(TSNode node) {
  const Symbols& sym = symbols();
  if (isNamed(node, sym.decoratedDefinition)) {
    TSNode def = ts_node_child_by_field_id(node, sym.fieldDefinition);
    if (!ts_node_is_null(def)) return def;
  }
  return node;
}

TSNode bodyOf(TSNode node) {
  TSNode def = definitionOf(node);
  if (ts_node_is_null(def)) return def;
  return ts_node_child_by_field_id(def, symbols().fieldBody);
}

std::vector<TSNode> statementsOf(TSNode block) {
  std::vector<TSNode> out;
  if (!ts_node_is_null(block))
    forEachNamedChild(block, [&](TSNode child) { out.push_back(child); });
  return out;
}

namespace {

// Visits the nodes of `def`'s body that run in its own frame.
template <typename Visit> void walkOwnFrame(TSNode def, Visit&& visit) {
  const Symbols& sym = symbols();
  walkNamed(bodyOf(def), [&](TSNode node) {
    TSSymbol type = ts_node_symbol(node);
    if (type == sym.functionDefinition || type == sym.classDefinition || type == sym.lambda)
      return false;
    visit(node);
    return true;
  });
}

} // namespace

std::vector<TSNode> ownReturns(TSNode def) {
  std::vector<TSNode> out;
  walkOwnFrame(def, [&](TSNode node) {
    if (ts_node_symbol(node) == symbols().returnStatement) out.push_back(node);
  });
  return out;
}

bool ownFrameYields(TSNode def) {
  bool yields = false;
  walkOwnFrame(def, [&](TSNode node) {
    if (ts_node_symbol(node) == symbols().yield) yields = true;
  });
  return yields;
}

TSNode returnedValue(TSNode returnStatement) {
  TSNode value{};
  forEachNamedChild(returnStatement, [&](TSNode child) {
    if (ts_node_is_null(value)) value = child;
  });
  return unparenthesize(value);
}

bool mentions(TSNode node, std::string_view source, std::string_view name, ByteRange except) {
  bool found = false;
  walkNamed(node, [&](TSNode n) {
    if (found) return false;
    if (ts_node_symbol(n) == symbols().identifier && nodeText(n, source) == name &&
        !(ts_node_start_byte(n) >= except.start && ts_node_end_byte(n) <= except.end &&
          except.end > except.start))
      found = true;
    return !found;
  });
  return found;
}

uint32_t nextLineStart(std::string_view source, uint32_t byte) {
  size_t nl = source.find('\n', byte);
  return nl == std::string_view::npos ? static_cast<uint32_t>(source.size())
                                      : static_cast<uint32_t>(nl + 1);
}

std::optional<TextEdit> appendToBlock(const AnalyzedDocument& doc, TSNode block,
                                      std::string_view statement) {
  std::vector<TSNode> statements = statementsOf(block);
  if (statements.empty()) return std::nullopt;
  std::string_view source = doc.source();
  uint32_t first = ts_node_start_byte(statements.front());
  std::string_view indent = indentationAt(source, first);
  // The block starts on its header's line: nothing to align with.
  if (lineStartAt(source, first) + indent.size() != first) return std::nullopt;
  uint32_t end = ts_node_end_byte(statements.back());
  uint32_t at = nextLineStart(source, end);
  std::string_view eol = lineEnding(source);
  std::string text;
  if (at == source.size() && (source.empty() || source.back() != '\n')) text += eol;
  text += indent;
  text += statement;
  text += eol;
  return TextEdit{{at, at}, std::move(text)};
}

TextEdit insertLineAbove(const AnalyzedDocument& doc, uint32_t byte, std::string_view line) {
  std::string_view source = doc.source();
  uint32_t at = lineStartAt(source, byte);
  std::string text(indentationAt(source, byte));
  text += line;
  text += lineEnding(source);
  return TextEdit{{at, at}, std::move(text)};
}

std::optional<TextEdit> deleteLines(std::string_view source, ByteRange range) {
  uint32_t start = lineStartAt(source, range.start);
  for (uint32_t i = start; i < range.start; ++i)
    if (source[i] != ' ' && source[i] != '\t') return std::nullopt;
  uint32_t end = nextLineStart(source, range.end == 0 ? 0 : range.end - 1);
  for (uint32_t i = range.end; i < end; ++i) {
    char c = source[i];
    if (c == '#') break;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return std::nullopt;
  }
  return TextEdit{{start, end}, {}};
}

std::string nameAndLine(const AnalyzedDocument& doc, std::string_view name, uint32_t byte) {
  std::string out = "`";
  out += name;
  out += "` (line ";
  out += std::to_string(doc.lineNumber(byte));
  out += ")";
  return out;
}

} // namespace closurelens::analysis::decorator_fixes
