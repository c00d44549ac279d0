#include "analysis/finding.hpp"

#include <algorithm>

namespace closurelens::analysis {

bool applyEdits(std::string& text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.start != b.range.start ? a.range.start < b.range.start
                                          : a.range.end < b.range.end;
  });
  for (size_t i = 0; i < edits.size(); ++i) {
    const ByteRange& r = edits[i].range;
    if (r.start > r.end || r.end > text.size()) return false;
    if (i > 0 && edits[i - 1].range.end > r.start) return false;
  }
  std::string out;
  out.reserve(text.size());
  uint32_t at = 0;
  for (const TextEdit& edit : edits) {
    out.append(text, at, edit.range.start - at);
    out.append(edit.newText);
    at = edit.range.end;
  }
  out.append(text, at, std::string::npos);
  text = std::move(out);
  return true;
}

} // namespace closurelens::analysis
