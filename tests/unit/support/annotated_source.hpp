// Annotated test sources, clangd-style: `^` marks a point and `⟦ ... ⟧` a range. The range
// markers are not clangd's `[[ ]]` because nested Python lists and subscripts are full of those.
// The markers are removed before parsing; a literal `^` (xor) is written `\^`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace closurelens::testing {

struct Annotated {
  std::string code;
  std::vector<uint32_t> points;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;

  uint32_t point() const {
    if (points.size() != 1) throw std::logic_error("expected exactly one ^ in the fixture");
    return points.front();
  }
  std::pair<uint32_t, uint32_t> range() const {
    if (ranges.size() != 1) throw std::logic_error("expected exactly one ⟦ ⟧ in the fixture");
    return ranges.front();
  }
};

inline constexpr std::string_view kOpen = "⟦";
inline constexpr std::string_view kClose = "⟧";

inline Annotated annotate(std::string_view text) {
  Annotated out;
  std::vector<uint32_t> open;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '^') {
      out.code += text[++i];
      continue;
    }
    if (text[i] == '^') {
      out.points.push_back(static_cast<uint32_t>(out.code.size()));
    } else if (text.compare(i, kOpen.size(), kOpen) == 0) {
      open.push_back(static_cast<uint32_t>(out.code.size()));
      i += kOpen.size() - 1;
    } else if (text.compare(i, kClose.size(), kClose) == 0) {
      if (open.empty()) throw std::logic_error("⟧ without ⟦ in the fixture");
      out.ranges.emplace_back(open.back(), static_cast<uint32_t>(out.code.size()));
      open.pop_back();
      i += kClose.size() - 1;
    } else {
      out.code += text[i];
    }
  }
  if (!open.empty()) throw std::logic_error("unclosed ⟦ in the fixture");
  return out;
}

} // namespace closurelens::testing
