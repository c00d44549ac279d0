// Internal to the decorator model: grammar symbol ids and small tree helpers shared by
// module_bindings.cpp, decorator_definition.cpp and decorator_stack.cpp. Owns nothing; the symbol
// table is built once and is read-only afterwards, so any thread may call these.
#pragma once

#include "analysis/document.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace closurelens::analysis::decorator_syntax {

// Symbol ids of the node types the decorator model looks at, resolved once so that the walks
// compare integers instead of strcmp-ing ts_node_type.
struct Symbols {
  TSSymbol module, block, comment, error;
  TSSymbol decoratedDefinition, decorator, functionDefinition, classDefinition;
  TSSymbol identifier, attribute, call, subscript, parenthesizedExpression, argumentList;
  TSSymbol keywordArgument, listSplat, dictionarySplat, await, lambda;
  TSSymbol parameters, lambdaParameters, typedParameter, defaultParameter, typedDefaultParameter;
  TSSymbol listSplatPattern, dictionarySplatPattern, keywordSeparator, positionalSeparator;
  TSSymbol expressionStatement, assignment, augmentedAssignment, returnStatement, raiseStatement;
  TSSymbol passStatement, string, stringContent;
  TSSymbol importStatement, importFromStatement, futureImportStatement, aliasedImport, dottedName;
  TSSymbol relativeImport, wildcardImport;
  TSSymbol ifStatement, elifClause, elseClause, forStatement, whileStatement, tryStatement;
  TSSymbol exceptClause, exceptGroupClause, finallyClause, withStatement, matchStatement;
  TSSymbol caseClause, trueLiteral, breakStatement, nonlocalStatement, globalStatement;
  TSSymbol asyncKeyword, none, yield;
  TSFieldId fieldName, fieldBody, fieldParameters, fieldDefinition, fieldFunction, fieldArguments;
  TSFieldId fieldObject, fieldAttribute, fieldLeft, fieldRight, fieldValue, fieldAlias;
  TSFieldId fieldModuleName, fieldCondition, fieldConsequence, fieldAlternative;
};

const Symbols& symbols();

inline ByteRange rangeOf(TSNode node) {
  return ByteRange{ts_node_start_byte(node), ts_node_end_byte(node)};
}

inline bool isNamed(TSNode node, TSSymbol symbol) {
  return !ts_node_is_null(node) && ts_node_symbol(node) == symbol;
}

// The expression inside `(...)`, repeatedly; other nodes unchanged.
TSNode unparenthesize(TSNode node);

// The dotted path of an identifier / attribute chain (`functools.wraps`), or empty when the node is
// anything else (a call, a subscript, ...).
bool dottedPath(TSNode node, std::string_view source, std::string& out);

// Calls `visit(TSNode)` for each named child that is not a comment. ts_node_child(i) scans from
// the first child, so long child lists (a module's statements) are walked with a cursor instead.
template <typename Visit> void forEachNamedChild(TSNode node, Visit&& visit) {
  const Symbols& sym = symbols();
  uint32_t count = ts_node_child_count(node);
  auto consider = [&](TSNode child) {
    if (ts_node_is_named(child) && ts_node_symbol(child) != sym.comment) visit(child);
  };
  if (count <= 16) {
    for (uint32_t i = 0; i < count; ++i)
      consider(ts_node_child(node, i));
    return;
  }
  TreeCursor cursor(node);
  if (!ts_tree_cursor_goto_first_child(cursor.get())) return;
  do {
    consider(ts_tree_cursor_current_node(cursor.get()));
  } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
}

// Calls `visit(TSNode)` on `root` and all its named descendants in document order, iteratively
// (expressions in broken or generated code can nest deeper than the stack allows). `visit` returns
// false to skip the node's children. Nested function, lambda and class bodies are included; the
// visitor decides.
template <typename Visit> void walkNamed(TSNode root, Visit&& visit) {
  if (ts_node_is_null(root)) return;
  TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  bool descend = true;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(c);
    if (descend) {
      bool enter = ts_node_is_named(node) ? visit(node) : true;
      if (enter && ts_tree_cursor_goto_first_child(c)) continue;
    }
    if (ts_tree_cursor_goto_next_sibling(c)) {
      descend = true;
      continue;
    }
    // Climb until a sibling exists or we are back at the root.
    bool moved = false;
    while (ts_tree_cursor_goto_parent(c)) {
      if (ts_node_eq(ts_tree_cursor_current_node(c), root)) return;
      if (ts_tree_cursor_goto_next_sibling(c)) {
        moved = true;
        break;
      }
    }
    if (!moved) return;
    descend = true;
  }
}

// The docstring of a def/class body: the first statement when it is a lone string literal.
// Returns the literal's inner text (prefix and quotes removed, escapes not processed).
bool docstringOf(TSNode body, std::string_view source, std::string_view& out);

// Whether control cannot reach the end of `block` (every path returns or raises), with the
// decorator model's conservative rules; the checks use it to know where a fix may append a
// statement. Defined in decorator_definition.cpp beside the model's own use.
bool blockTerminates(TSNode block);

} // namespace closurelens::analysis::decorator_syntax
