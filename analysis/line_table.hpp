// Where each line of a text starts, to turn byte offsets into tree-sitter rows and byte columns.
// Immutable after construction; any thread may read it.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

class LineTable {
public:
  LineTable() : starts_{0} {}
  explicit LineTable(std::string_view text);

  // Row (0-based) and byte column of `byte`; a byte past the end maps to the last line.
  TSPoint pointAt(uint32_t byte) const;
  uint32_t lineOf(uint32_t byte) const { return pointAt(byte).row; }
  uint32_t lineStart(uint32_t line) const { return starts_[line]; }
  uint32_t lineCount() const { return static_cast<uint32_t>(starts_.size()); }

private:
  std::vector<uint32_t> starts_;
};

} // namespace closurelens::analysis
