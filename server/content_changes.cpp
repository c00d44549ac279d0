#include "server/content_changes.hpp"

#include <algorithm>
#include <string>

namespace closurelens::server {
namespace {

// Moves ranges recorded before an edit into the coordinates of the text after it.
void shiftPast(std::vector<analysis::ByteRange>& ranges, uint32_t start, uint32_t oldEnd,
               uint32_t newEnd) {
  for (auto& r : ranges) {
    auto move = [&](uint32_t at) {
      if (at >= oldEnd) return at - oldEnd + newEnd;
      return at > start ? std::min(at, newEnd) : at;
    };
    r = {move(r.start), move(r.end)};
  }
}

std::string describe(const protocol::Position& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.character);
}

} // namespace

ChangeOutcome
applyContentChanges(analysis::Document& document,
                    const std::vector<protocol::TextDocumentContentChangeEvent>& changes,
                    protocol::PositionEncoding encoding) {
  ChangeOutcome outcome;
  std::vector<analysis::ByteRange> changed;
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& change = changes[i];
    if (!change.range) {
      document.replaceAll(change.text);
      outcome.touched.assign(1, {0, static_cast<uint32_t>(change.text.size())});
      continue;
    }
    protocol::LineIndex lines(document.text());
    auto start = lines.offsetOf(change.range->start, encoding);
    auto end = lines.offsetOf(change.range->end, encoding);
    if (!start || !end || *end < *start) {
      outcome.ok = false;
      outcome.error =
          "change " + std::to_string(i) + " has range " + describe(change.range->start) + "-" +
          describe(change.range->end) +
          (!start || !end ? ", past the document's " + std::to_string(lines.lineCount()) + " lines"
                          : ", which ends before it starts");
      return outcome;
    }
    if (!document.applyEdit(*start, *end, change.text, &changed)) {
      outcome.ok = false;
      outcome.error = "change " + std::to_string(i) + " could not be applied";
      return outcome;
    }
    shiftPast(outcome.touched, *start, *end, *start + static_cast<uint32_t>(change.text.size()));
    outcome.touched.insert(outcome.touched.end(), changed.begin(), changed.end());
  }
  return outcome;
}

} // namespace closurelens::server
