// Internal to the decorator model: grammar symbol ids and small tree helpers shared by
// module_bindings.cpp, decorator_definition.cpp and decorator_stack.cpp. Owns nothing; the symbol
// table is built once and is read-only afterwards, so any thread may call these.
#pragma once

#include "analysis/document.hpp"
#include "analysis/statement_index.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

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

// Child iterators borrowed from a per-thread pool, in stack order: a loop over a node's children
// borrows one, a walk one per level it is inside, and loops nested in a visitor borrow their own.
// ts_node_child(i) would scan from the first child on every call (quadratic, and slow through the
// hidden nodes every block is made of). Not copyable; borrow and return on one thread.
struct ChildIteratorPool;
class PooledChildIterators {
public:
  PooledChildIterators();
  ~PooledChildIterators();
  PooledChildIterators(const PooledChildIterators&) = delete;
  PooledChildIterators& operator=(const PooledChildIterators&) = delete;

  // Borrows one more iterator, reset to `node`'s children; it stays valid until returned.
  ChildIterator& push(TSNode node);
  // Returns the iterator borrowed last.
  void pop();
  // The iterator borrowed last; there must be one.
  ChildIterator& top();
  bool empty() const;

private:
  ChildIteratorPool& pool_; // this thread's
  size_t base_;             // the pool's iterators in use before this borrower's
};

// Calls `visit(TSNode)` for each named child that is not a comment; a `visit` that returns bool
// stops the loop by returning false.
template <typename Visit> void forEachNamedChild(TSNode node, Visit&& visit) {
  if (ts_node_is_null(node)) return;
  const Symbols& sym = symbols();
  // Tokens after the last named child (`)`, `:`, a trailing comma) are not stepped over.
  uint32_t named = ts_node_named_child_count(node);
  if (named == 0) return;
  PooledChildIterators iterators;
  ChildIterator& children = iterators.push(node);
  for (TSNode child; children.next(child);) {
    if (!ts_node_is_named(child)) continue;
    if (ts_node_symbol(child) != sym.comment) {
      if constexpr (std::is_same_v<std::invoke_result_t<Visit&, TSNode>, bool>) {
        if (!visit(child)) return;
      } else {
        visit(child);
      }
    }
    if (--named == 0) return;
  }
}

// Calls `visit(TSNode)` on `root` and all its named descendants in document order, iteratively
// (expressions in broken or generated code can nest deeper than the stack allows). `visit` returns
// false to skip the node's children. Nested function, lambda and class bodies are included; the
// visitor decides.
template <typename Visit> void walkNamed(TSNode root, Visit&& visit) {
  if (ts_node_is_null(root)) return;
  if (ts_node_is_named(root) && !visit(root)) return;
  PooledChildIterators levels;
  levels.push(root);
  while (!levels.empty()) {
    TSNode node;
    if (!levels.top().next(node)) {
      levels.pop();
      continue;
    }
    const bool enter = ts_node_is_named(node) ? visit(node) : true;
    if (enter && ts_node_child_count(node) > 0) levels.push(node);
  }
}

// How deep the decorator model follows nested statements (blocks and compound statements each
// count); deeper code is not looked at.
constexpr int kMaxStatementDepth = 200;

// Whether statements of this type can hold blocks the statement walk below should enter: compound
// statements other than definitions (which open scopes of their own).
inline bool isCompoundStatement(TSSymbol type) {
  const Symbols& sym = symbols();
  return type != sym.expressionStatement && type != sym.returnStatement &&
         type != sym.passStatement && type != sym.importStatement &&
         type != sym.importFromStatement && type != sym.futureImportStatement &&
         type != sym.raiseStatement && type != sym.breakStatement && type != sym.globalStatement &&
         type != sym.nonlocalStatement && type != sym.decoratedDefinition &&
         type != sym.functionDefinition && type != sym.classDefinition;
}

// The statements of one scope's block, the way the decorator model walks them (the model builder
// and the lazy recording of NameBindings must agree exactly): statements of `block`, of ERROR
// nodes in it, and of the blocks and clauses of compound statements, in document order, with
// `depth` counted as the model does. `visit(TSNode statement, int depth, bool direct)` is called
// for each statement other than ERROR (`direct`: a child of `block` itself) and returns whether to
// enter its blocks. `tooDeep()` is called where the walk stops at kMaxStatementDepth.
template <typename Visit, typename TooDeep> class StatementWalk {
public:
  StatementWalk(Visit& visit, TooDeep& tooDeep, const StatementIndex* index)
      : visit_(visit), tooDeep_(tooDeep), index_(index) {}

  void block(TSNode node, int depth, bool direct) {
    if (depth > kMaxStatementDepth) return tooDeep_();
    auto each = [&](TSNode stmt) { statement(stmt, depth + 1, direct); };
    if (index_ == nullptr || !index_->forEachStatement(node, each)) forEachNamedChild(node, each);
  }

private:
  void statement(TSNode stmt, int depth, bool direct) {
    if (depth > kMaxStatementDepth) return tooDeep_();
    if (ts_node_symbol(stmt) == symbols().error) {
      // Whatever parsed inside an ERROR node still counts, as statements of this scope.
      block(stmt, depth + 1, false);
      return;
    }
    if (visit_(stmt, depth, direct)) compound(stmt, depth + 1);
  }
  void compound(TSNode node, int depth) {
    if (depth > kMaxStatementDepth) return tooDeep_();
    // Without errors the statement's blocks are its body, then one per clause: those the scope
    // walk recorded, read without stepping over the statement's children again.
    if (index_ != nullptr && !ts_node_has_error(node) &&
        index_->forEachOutermostBlock(node, [&](TSNode inner, bool body) {
          block(inner, body ? depth + 1 : depth + 2, false);
        })) {
      return;
    }
    const Symbols& sym = symbols();
    forEachNamedChild(node, [&](TSNode child) {
      TSSymbol type = ts_node_symbol(child);
      if (type == sym.block)
        block(child, depth + 1, false);
      else if (type == sym.elifClause || type == sym.elseClause || type == sym.exceptClause ||
               type == sym.exceptGroupClause || type == sym.finallyClause || type == sym.caseClause)
        compound(child, depth + 1);
    });
  }

  Visit& visit_;
  TooDeep& tooDeep_;
  const StatementIndex* index_;
};

// `index`, when not null, gives the statements of the blocks it recorded whole.
template <typename Visit, typename TooDeep>
void walkStatements(TSNode block, int depth, Visit&& visit, TooDeep&& tooDeep,
                    const StatementIndex* index = nullptr) {
  StatementWalk<std::remove_reference_t<Visit>, std::remove_reference_t<TooDeep>> walk(
      visit, tooDeep, index);
  walk.block(block, depth, true);
}

// The docstring of a def/class body: the first statement when it is a lone string literal.
// Returns the literal's inner text (prefix and quotes removed, escapes not processed).
bool docstringOf(TSNode body, std::string_view source, std::string_view& out);

// Whether control cannot reach the end of `block` (every path returns or raises), with the
// decorator model's conservative rules; the checks use it to know where a fix may append a
// statement. Defined in decorator_definition.cpp beside the model's own use.
bool blockTerminates(TSNode block);

} // namespace closurelens::analysis::decorator_syntax
