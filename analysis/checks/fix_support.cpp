#include "analysis/checks/fix_support.hpp"

#include <cstring>
#include <vector>

namespace closurelens::analysis {
namespace {

bool isDocstring(TSNode statement) {
  if (!typeIs(statement, "expression_statement") || ts_node_named_child_count(statement) != 1) {
    return false;
  }
  return typeIs(ts_node_named_child(statement, 0), "string");
}

bool isFutureImport(TSNode statement) {
  return typeIs(statement, "future_import_statement");
}

bool isImport(TSNode statement) {
  return typeIs(statement, "import_statement") || typeIs(statement, "import_from_statement");
}

// `import module` / `import module as alias` at module level: the name it binds, if any.
std::optional<std::string> moduleAlias(TSNode statement, std::string_view source,
                                       std::string_view module) {
  if (!typeIs(statement, "import_statement")) return std::nullopt;
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode item = ts_node_named_child(statement, i);
    if (typeIs(item, "dotted_name") && nodeText(item, source) == module) return std::string(module);
    if (typeIs(item, "aliased_import")) {
      TSNode name = ts_node_child_by_field_name(item, "name", 4);
      TSNode alias = ts_node_child_by_field_name(item, "alias", 5);
      if (nodeText(name, source) == module && !ts_node_is_null(alias)) {
        return std::string(nodeText(alias, source));
      }
    }
  }
  return std::nullopt;
}

// `from module import name [as alias]`: the name it binds, if any.
std::optional<std::string> memberAlias(TSNode statement, std::string_view source,
                                       std::string_view module, std::string_view member) {
  if (!typeIs(statement, "import_from_statement")) return std::nullopt;
  TSNode from = ts_node_child_by_field_name(statement, "module_name", 11);
  if (nodeText(from, source) != module) return std::nullopt;
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode item = ts_node_named_child(statement, i);
    if (ts_node_eq(item, from)) continue;
    if (typeIs(item, "dotted_name") && nodeText(item, source) == member) {
      return std::string(member);
    }
    if (typeIs(item, "aliased_import")) {
      TSNode name = ts_node_child_by_field_name(item, "name", 4);
      TSNode alias = ts_node_child_by_field_name(item, "alias", 5);
      if (nodeText(name, source) == member && !ts_node_is_null(alias)) {
        return std::string(nodeText(alias, source));
      }
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view indentationAt(std::string_view source, uint32_t byte) {
  uint32_t start = lineStartAt(source, byte);
  uint32_t end = start;
  while (end < source.size() && (source[end] == ' ' || source[end] == '\t'))
    ++end;
  return source.substr(start, end - start);
}

uint32_t lineStartAt(std::string_view source, uint32_t byte) {
  if (byte > source.size()) byte = static_cast<uint32_t>(source.size());
  size_t nl = byte == 0 ? std::string_view::npos : source.rfind('\n', byte - 1);
  return nl == std::string_view::npos ? 0 : static_cast<uint32_t>(nl + 1);
}

std::string_view lineEnding(std::string_view source) {
  size_t nl = source.find('\n');
  return nl != std::string_view::npos && nl > 0 && source[nl - 1] == '\r' ? "\r\n" : "\n";
}

std::string indentInside(std::string_view source, std::string_view indent) {
  if (!indent.empty() && indent.front() == '\t') return std::string(indent) + "\t";
  // The file's step: the indentation of the first indented line.
  size_t at = 0;
  while (at < source.size()) {
    size_t end = source.find('\n', at);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(at, end - at);
    size_t width = line.find_first_not_of(" \t");
    if (width != std::string_view::npos && width > 0 && line[width] != '#') {
      if (line.front() == '\t') return std::string(indent) + "\t";
      return std::string(indent) + std::string(width, ' ');
    }
    at = end + 1;
  }
  return std::string(indent) + "    ";
}

ImportedName importedName(const AnalyzedDocument& doc, std::string_view module,
                          std::string_view name) {
  std::string_view source = doc.source();
  // The module's statements, collected with a cursor: ts_node_named_child(root, i) walks from the
  // first child each time in tree-sitter 0.20, which made this quadratic on long modules.
  std::vector<TSNode> statements;
  {
    TreeCursor cursor(doc.snapshot.root());
    if (ts_tree_cursor_goto_first_child(cursor.get())) {
      do {
        TSNode node = ts_tree_cursor_current_node(cursor.get());
        if (ts_node_is_named(node)) statements.push_back(node);
      } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
    }
  }
  for (TSNode statement : statements) {
    if (auto alias = memberAlias(statement, source, module, name)) return {*alias, std::nullopt};
  }
  for (TSNode statement : statements) {
    if (auto alias = moduleAlias(statement, source, module)) {
      return {*alias + "." + std::string(name), std::nullopt};
    }
  }

  // Where the new import goes: after the docstring, the __future__ imports and the imports that
  // open the file; before the first other statement.
  uint32_t insertAt = 0;
  bool afterHeader = false; // the insertion follows a docstring or __future__ import only
  bool foundBlock = false;  // the file opens with a docstring or imports
  bool first = true;        // comments above the docstring do not stop it being the docstring
  for (TSNode statement : statements) {
    if (typeIs(statement, "comment")) continue;
    bool header = (first && isDocstring(statement)) || isFutureImport(statement);
    first = false;
    if (!header && !isImport(statement)) break;
    uint32_t end = ts_node_end_byte(statement);
    size_t nl = source.find('\n', end);
    insertAt = nl == std::string_view::npos ? static_cast<uint32_t>(source.size())
                                            : static_cast<uint32_t>(nl + 1);
    afterHeader = header;
    foundBlock = true;
  }
  std::string_view eol = lineEnding(source);
  std::string text = "import " + std::string(module) + std::string(eol);
  if (!foundBlock) {
    // No import block: the import goes below the comments that open the file (`#!`, the coding
    // line, a licence), which must stay first, and a blank line keeps it apart from the code.
    while (insertAt < source.size() && source[insertAt] == '#') {
      size_t nl = source.find('\n', insertAt);
      insertAt = nl == std::string_view::npos ? static_cast<uint32_t>(source.size())
                                              : static_cast<uint32_t>(nl + 1);
    }
    if (insertAt < source.size() && source[insertAt] != '\n' && source[insertAt] != '\r') {
      text += eol;
    }
  }
  if (insertAt == source.size() && !source.empty() && source.back() != '\n') {
    text = std::string(eol) + text;
  }
  if (afterHeader) text = std::string(eol) + text;
  return {std::string(module) + "." + std::string(name), TextEdit{{insertAt, insertAt}, text}};
}

} // namespace closurelens::analysis
