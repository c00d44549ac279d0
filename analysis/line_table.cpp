#include "analysis/line_table.hpp"

#include <algorithm>
#include <cstring>

namespace closurelens::analysis {

LineTable::LineTable(std::string_view text) : starts_{0} {
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    starts_.push_back(static_cast<uint32_t>(nl - begin + 1));
    p = nl + 1;
  }
}

TSPoint LineTable::pointAt(uint32_t byte) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), byte);
  auto row = static_cast<uint32_t>(std::distance(starts_.begin(), it) - 1);
  return TSPoint{row, byte - starts_[row]};
}

} // namespace closurelens::analysis
