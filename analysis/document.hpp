// A Python source file: its text and its syntax tree, kept in step through incremental edits.
// A Document has one writer at a time (the server runs all edits of a document on its strand);
// readers on other threads take a Snapshot, which shares nothing mutable with the Document.
#pragma once

#include "analysis/line_table.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

struct ByteRange {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// An immutable view of a document at one version; cheap to copy (the tree is copied with
// ts_tree_copy, the text is shared).
struct Snapshot {
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const TSTree> tree;
  std::shared_ptr<const LineTable> lines;

  std::string_view source() const { return *text; }
  TSNode root() const { return ts_tree_root_node(tree.get()); }
};

class Document {
public:
  explicit Document(std::string text);
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;

  const std::string& text() const { return *text_; }
  const TSTree* tree() const { return tree_.get(); }
  Snapshot snapshot() const;

  // Replaces bytes [startByte, oldEndByte) by `newText`, then edits and re-parses the tree with
  // the old one. Returns false, changing nothing, when the range does not fit the text.
  // `changed` receives the byte ranges (in the new text) whose syntax changed, plus the
  // replaced text itself, which tree-sitter does not report when only a token's spelling changes.
  bool applyEdit(uint32_t startByte, uint32_t oldEndByte, std::string_view newText,
                 std::vector<ByteRange>* changed = nullptr);

  // Replaces the whole text and parses from scratch.
  void replaceAll(std::string text);

  // Row and byte column of a byte offset, as tree-sitter counts them.
  TSPoint pointAt(uint32_t byte) const { return lines_->pointAt(byte); }
  const LineTable& lines() const { return *lines_; }

private:
  ParserPtr parser_;
  std::shared_ptr<const std::string> text_;
  TreePtr tree_;
  std::shared_ptr<const LineTable> lines_;
};

} // namespace closurelens::analysis
