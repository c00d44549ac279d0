#include "support/annotated_source.hpp"

#include <stdexcept>

namespace closurelens::testing {

namespace {
constexpr std::string_view kOpen = "⟦";
constexpr std::string_view kClose = "⟧";
} // namespace

uint32_t Annotated::point() const {
  if (points.size() != 1) throw std::logic_error("expected exactly one ^ in the fixture");
  return points.front();
}

std::pair<uint32_t, uint32_t> Annotated::range() const {
  if (ranges.size() != 1) throw std::logic_error("expected exactly one ⟦ ⟧ in the fixture");
  return ranges.front();
}

Annotated annotate(std::string_view text) {
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
