// Annotated test sources, clangd-style: `^` marks a point and `⟦ ... ⟧` a range. The range
// markers are not clangd's `[[ ]]` because nested Python lists and subscripts are full of those.
// The markers are removed before parsing; a literal `^` (xor) is written `\^`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace closurelens::testing {

struct Annotated {
  std::string code;
  std::vector<uint32_t> points;
  std::vector<std::pair<uint32_t, uint32_t>> ranges; // in the order they close

  uint32_t point() const;                      // the only point; throws unless there is one
  std::pair<uint32_t, uint32_t> range() const; // the only range; throws unless there is one
};

// Throws std::logic_error on unbalanced range markers.
Annotated annotate(std::string_view text);

} // namespace closurelens::testing
