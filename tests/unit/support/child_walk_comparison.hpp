// Compares the analysis's own child iterator (analysis/syntax_tree.hpp, ChildIterator) with
// tree-sitter's cursor, which it replaces on the hot paths: on every node of a tree, the same
// children in the same order with the same positions, symbols and fields. One thread at a time.
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace closurelens::testing {

struct ChildWalkComparison {
  size_t nodes = 0;     // nodes whose children were compared
  size_t children = 0;  // children compared
  std::string mismatch; // the first difference found, empty when none
};

// Walks every node under `root` (included) with a cursor, comparing each node's children as the
// cursor steps over them with what ChildIterator gives; `source` names the text in a mismatch.
ChildWalkComparison compareChildWalks(TSNode root, std::string_view source);

} // namespace closurelens::testing
