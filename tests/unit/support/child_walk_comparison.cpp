#include "support/child_walk_comparison.hpp"

#include "analysis/syntax_tree.hpp"

#include <vector>

namespace closurelens::testing {
namespace {

struct Child {
  TSNode node;
  TSFieldId field;
};

std::string describe(const char* who, const Child& c, std::string_view source) {
  if (ts_node_is_null(c.node)) return std::string(who) + ": no child";
  TSPoint p = ts_node_start_point(c.node);
  std::string out = std::string(who) + ": " + ts_node_type(c.node) + " bytes " +
                    std::to_string(ts_node_start_byte(c.node)) + "-" +
                    std::to_string(ts_node_end_byte(c.node)) + " at " + std::to_string(p.row) +
                    ":" + std::to_string(p.column) + " field " + std::to_string(c.field);
  std::string_view text = analysis::nodeText(c.node, source);
  return out + " `" + std::string(text.substr(0, 40)) + "`";
}

bool same(const Child& a, const Child& b) {
  TSPoint pa = ts_node_start_point(a.node), pb = ts_node_start_point(b.node);
  TSPoint ea = ts_node_end_point(a.node), eb = ts_node_end_point(b.node);
  return ts_node_eq(a.node, b.node) && ts_node_symbol(a.node) == ts_node_symbol(b.node) &&
         ts_node_is_named(a.node) == ts_node_is_named(b.node) &&
         ts_node_start_byte(a.node) == ts_node_start_byte(b.node) &&
         ts_node_end_byte(a.node) == ts_node_end_byte(b.node) && pa.row == pb.row &&
         pa.column == pb.column && ea.row == eb.row && ea.column == eb.column && a.field == b.field;
}

} // namespace

ChildWalkComparison compareChildWalks(TSNode root, std::string_view source) {
  ChildWalkComparison result;
  analysis::ChildIterator iterator;
  std::vector<Child> byCursor;
  std::vector<TSNode> pending{root};
  while (!pending.empty() && result.mismatch.empty()) {
    TSNode node = pending.back();
    pending.pop_back();
    ++result.nodes;
    byCursor.clear();
    analysis::TreeCursor cursor(node);
    if (ts_tree_cursor_goto_first_child(cursor.get())) {
      do {
        byCursor.push_back({ts_tree_cursor_current_node(cursor.get()),
                            ts_tree_cursor_current_field_id(cursor.get())});
      } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
    }
    iterator.reset(node);
    for (size_t i = 0;; ++i) {
      Child got{};
      const bool more = iterator.next(got.node, got.field);
      if (!more) {
        if (i < byCursor.size()) {
          result.mismatch =
              describe("cursor", byCursor[i], source) + "; iterator: no more children";
        }
        break;
      }
      if (i >= byCursor.size() || !same(got, byCursor[i])) {
        result.mismatch = describe("iterator", got, source) + "; " +
                          (i < byCursor.size() ? describe("cursor", byCursor[i], source)
                                               : std::string("cursor: no more children"));
        break;
      }
      ++result.children;
      pending.push_back(got.node);
    }
    // The field-less step must agree with the one that reports fields.
    if (result.mismatch.empty()) {
      iterator.reset(node);
      size_t count = 0;
      for (TSNode child; iterator.next(child); ++count) {
        if (count >= byCursor.size() || !ts_node_eq(child, byCursor[count].node)) {
          result.mismatch = "field-less step differs at child " + std::to_string(count) + " of " +
                            describe("node", {node, 0}, source);
          break;
        }
      }
      if (result.mismatch.empty() && count != byCursor.size()) {
        result.mismatch = "field-less step gave " + std::to_string(count) + " children of " +
                          describe("node", {node, 0}, source);
      }
    }
  }
  return result;
}

} // namespace closurelens::testing
