// The statements of every block (and of the module) that the scope walk went through, recorded as
// it steps over them, and the parts of every def and class it opened, so that the decorator
// model's statement walk reads them here instead of stepping a tree cursor over the same children
// again. Filled by one thread during ScopeTree::build, which finishes it unless the walk was
// truncated (then every lookup fails and the model walks the tree); read-only afterwards.
// The nodes belong to the tree the walk ran on.
#pragma once

#include "analysis/syntax_tree.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace closurelens::analysis {

class StatementIndex {
public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Opens the list of `block`'s statements; returns its handle for add() and close().
  uint32_t open(TSNode block) {
    const auto handle = static_cast<uint32_t>(blocks_.size());
    blocks_.push_back(
        {ts_node_start_byte(block), block.id, kNone, kNone, false, ts_node_end_byte(block), block});
    sorted_ = sorted_ && (handle == 0 || !(key(blocks_[handle]) < key(blocks_[handle - 1])));
    return handle;
  }
  // `statement`: the block's next named child that is not a comment, in order.
  void add(uint32_t handle, TSNode statement) {
    const auto index = static_cast<uint32_t>(statements_.size());
    statements_.push_back({statement, kNone});
    Block& block = blocks_[handle];
    if (block.last == kNone) {
      block.first = index;
    } else {
      statements_[block.last].next = index;
    }
    block.last = index;
  }
  // The list holds every statement of the block: only then is it used.
  void close(uint32_t handle) { blocks_[handle].complete = true; }
  // The parts of a function or class definition, each the first child of its field (as
  // ts_node_child_by_field_id finds it), null where there is none.
  struct DefinitionParts {
    TSNode name{}, parameters{}, body{};
  };
  void addDefinition(TSNode def, const DefinitionParts& parts) {
    const Definition entry{ts_node_start_byte(def), def.id, parts};
    definitionsSorted_ =
        definitionsSorted_ && (definitions_.empty() || !(key(entry) < key(definitions_.back())));
    definitions_.push_back(entry);
  }
  // After the walk; handles are not valid any more. The walk opens blocks in document order
  // except where it visits a part of a statement ahead of an earlier one (rare).
  void finish() {
    if (!sorted_)
      std::sort(blocks_.begin(), blocks_.end(),
                [](const Block& a, const Block& b) { return key(a) < key(b); });
    if (!definitionsSorted_)
      std::sort(definitions_.begin(), definitions_.end(),
                [](const Definition& a, const Definition& b) { return key(a) < key(b); });
    sorted_ = true;
    definitionsSorted_ = true;
    finished_ = true;
  }

  // The parts of `def` as the walk recorded them; false when it did not.
  bool definitionParts(TSNode def, DefinitionParts& out) const {
    if (!finished_) return false;
    const Key wanted{ts_node_start_byte(def), def.id};
    auto it =
        std::lower_bound(definitions_.begin(), definitions_.end(), wanted,
                         [](const Definition& entry, const Key& k) { return key(entry) < k; });
    if (it == definitions_.end() || it->start != wanted.start || it->id != wanted.id) return false;
    out = it->parts;
    return true;
  }

  // Calls visit(TSNode) for each statement of `block` and returns true, or returns false when
  // the walk did not record the block whole.
  template <class Visit> bool forEachStatement(TSNode block, Visit&& visit) const {
    const Block* found = find(block);
    if (found == nullptr) return false;
    for (uint32_t i = found->first; i != kNone; i = statements_[i].next)
      visit(statements_[i].node);
    return true;
  }

  // Calls visit(TSNode block, bool first) for each outermost block recorded inside `node`, in
  // document order (`first`: the first of them), and returns true; or returns false, having called
  // nothing, when one of them was not recorded whole. Outermost: not inside another block of
  // `node`, so that for a compound statement without errors they are its body and the blocks of
  // its clauses (elif, else, except, finally, case), whose blocks come after its body.
  template <class Visit> bool forEachOutermostBlock(TSNode node, Visit&& visit) const {
    if (!finished_) return false;
    const uint32_t start = ts_node_start_byte(node);
    const uint32_t end = ts_node_end_byte(node);
    auto outermost = [&](auto&& each) {
      // Past the blocks that start where `node` does: those hold it (their first statement).
      auto it = std::partition_point(blocks_.begin(), blocks_.end(),
                                     [&](const Block& block) { return block.start <= start; });
      for (bool first = true; it != blocks_.end() && it->start < end; first = false) {
        if (!each(*it, first)) return false;
        const uint32_t after = it->end;
        it = std::partition_point(it + 1, blocks_.end(),
                                  [&](const Block& block) { return block.start < after; });
      }
      return true;
    };
    if (!outermost([](const Block& block, bool) { return block.complete; })) return false;
    outermost([&](const Block& block, bool first) {
      visit(block.node, first);
      return true;
    });
    return true;
  }

private:
  struct Statement {
    TSNode node;
    uint32_t next; // the block's next statement, or kNone
  };
  struct Block {
    uint32_t start;
    const void* id;
    uint32_t first;
    uint32_t last;
    bool complete;
    uint32_t end;
    TSNode node;
  };
  struct Definition {
    uint32_t start;
    const void* id;
    DefinitionParts parts;
  };
  struct Key {
    uint32_t start;
    const void* id;
    bool operator<(const Key& other) const {
      return start != other.start ? start < other.start : std::less<>()(id, other.id);
    }
  };
  static Key key(const Block& block) { return {block.start, block.id}; }
  static Key key(const Definition& entry) { return {entry.start, entry.id}; }

  const Block* find(TSNode node) const {
    if (!finished_) return nullptr;
    const Key wanted{ts_node_start_byte(node), node.id};
    auto it = std::lower_bound(blocks_.begin(), blocks_.end(), wanted,
                               [](const Block& block, const Key& k) { return key(block) < k; });
    if (it == blocks_.end() || it->start != wanted.start || it->id != wanted.id || !it->complete)
      return nullptr;
    return &*it;
  }

  std::vector<Statement> statements_;
  std::vector<Block> blocks_;
  std::vector<Definition> definitions_;
  bool sorted_ = true;
  bool definitionsSorted_ = true;
  bool finished_ = false; // by finish(): until then (and when dropped) nothing is read here
};

} // namespace closurelens::analysis
