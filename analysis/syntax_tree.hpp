// RAII owners for tree-sitter objects and the Python grammar. Each owner is movable, not copyable,
// and as thread-safe as the tree-sitter object it holds: a TSTree may be read from any thread, a
// TSParser only from the thread that currently owns it.
#pragma once

#include "analysis/tree_sitter_child_iterator.h"

#include <tree_sitter/api.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace closurelens::analysis {

struct TreeDeleter {
  void operator()(TSTree* tree) const noexcept { ts_tree_delete(tree); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

struct ParserDeleter {
  void operator()(TSParser* parser) const noexcept { ts_parser_delete(parser); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;

// Owns a TSTreeCursor; the tree the cursor walks must outlive it.
class TreeCursor {
public:
  explicit TreeCursor(TSNode node) : cursor_(ts_tree_cursor_new(node)) {}
  ~TreeCursor() { ts_tree_cursor_delete(&cursor_); }
  TreeCursor(const TreeCursor&) = delete;
  TreeCursor& operator=(const TreeCursor&) = delete;

  TSTreeCursor* get() { return &cursor_; }

private:
  TSTreeCursor cursor_;
};

// Owns a child iterator's frames (analysis/tree_sitter_child_iterator.h): `reset(node)`, then
// `next(child)` for each visible child, as a cursor's first-child and next-sibling steps would give
// them. The tree walked must outlive the walk. Not copyable; one thread at a time.
class ChildIterator {
public:
  ChildIterator() = default;
  ~ChildIterator() { closurelensChildIteratorRelease(&iterator_); }
  ChildIterator(const ChildIterator&) = delete;
  ChildIterator& operator=(const ChildIterator&) = delete;

  void reset(TSNode node) { closurelensChildIteratorReset(&iterator_, node); }
  bool next(TSNode& child) { return closurelensChildIteratorNext(&iterator_, &child, nullptr); }
  bool next(TSNode& child, TSFieldId& field) {
    return closurelensChildIteratorNext(&iterator_, &child, &field);
  }

private:
  ClosurelensChildIterator iterator_{};
};

const TSLanguage* pythonLanguage();

// A parser already set to the Python grammar.
ParserPtr makePythonParser();

// The grammar's id of a node type (`named` false for anonymous tokens such as ":") and of a field
// name, looked up by name; callers cache them, since the lookup scans the grammar's tables.
TSSymbol pythonSymbol(std::string_view name, bool named = true);
TSFieldId pythonField(std::string_view name);

// Parses `source` from scratch (or incrementally when `oldTree` was edited to match `source`).
// Never returns null for a parser made by makePythonParser: broken code yields ERROR nodes.
TreePtr parsePython(TSParser* parser, std::string_view source, const TSTree* oldTree = nullptr);

// Whether `node` is of grammar type `type` ("call", ":"). For code off the hot path; hot loops
// compare symbol ids (python_grammar_ids.hpp).
inline bool typeIs(TSNode node, const char* type) {
  return std::strcmp(ts_node_type(node), type) == 0;
}

// Both nodes exist and are the same node.
inline bool sameNode(TSNode a, TSNode b) {
  return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b);
}

inline std::string_view nodeText(TSNode node, std::string_view source) {
  uint32_t start = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  if (start > source.size() || end > source.size() || end < start) return {};
  return source.substr(start, end - start);
}

} // namespace closurelens::analysis
