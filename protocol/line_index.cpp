#include "protocol/line_index.hpp"

#include "protocol/utf8.hpp"

#include <algorithm>
#include <limits>

namespace closurelens::protocol {
namespace {

std::uint32_t units(Utf8Sequence cp, PositionEncoding encoding) {
  switch (encoding) {
  case PositionEncoding::Utf8:
    return cp.bytes;
  case PositionEncoding::Utf16:
    return cp.utf16Units;
  case PositionEncoding::Utf32:
    return 1;
  }
  return cp.utf16Units;
}

} // namespace

std::string_view encodingName(PositionEncoding encoding) {
  switch (encoding) {
  case PositionEncoding::Utf8:
    return "utf-8";
  case PositionEncoding::Utf16:
    return "utf-16";
  case PositionEncoding::Utf32:
    return "utf-32";
  }
  return "utf-16";
}

PositionEncoding negotiateEncoding(const std::vector<std::string>& clientOffers) {
  for (const std::string& offer : clientOffers) {
    for (auto candidate :
         {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
      if (offer == encodingName(candidate)) return candidate;
    }
  }
  return PositionEncoding::Utf16;
}

LineIndex::LineIndex(std::string_view text)
    : text_(text.substr(
          0, std::min<std::size_t>(text.size(), std::numeric_limits<std::uint32_t>::max()))) {
  const std::size_t size = text_.size();
  lineStarts_.push_back(0);
  bool ascii = true;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = text_[i];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < size && text_[i + 1] == '\n') ++i;
      lineStarts_.push_back(static_cast<std::uint32_t>(i + 1));
      asciiLine_.push_back(ascii);
      ascii = true;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
    }
  }
  asciiLine_.push_back(ascii);
}

std::uint32_t LineIndex::lineEnd(std::uint32_t line) const {
  if (line + 1 >= lineStarts_.size()) return textSize();
  std::uint32_t next = lineStarts_[line + 1];
  // The constructor joins "\r\n", so a '\r' just before a '\n' is always part of this terminator.
  if (text_[next - 1] == '\n' && next >= lineStarts_[line] + 2 && text_[next - 2] == '\r') {
    return next - 2;
  }
  return next - 1;
}

std::uint32_t LineIndex::offsetInLine(std::uint32_t line, std::uint32_t character,
                                      PositionEncoding encoding) const {
  const std::uint32_t start = lineStarts_[line];
  const std::uint32_t end = lineEnd(line);
  if (asciiLine_[line]) return start + std::min(character, end - start);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  std::uint32_t at = start;
  std::uint32_t counted = 0;
  while (at < end && counted < character) {
    Utf8Sequence cp = decodeUtf8(bytes + at, end - at);
    std::uint32_t u = units(cp, encoding);
    if (counted + u > character) break; // inside this character: round down to its start
    counted += u;
    at += cp.bytes;
  }
  return at;
}

std::optional<std::uint32_t> LineIndex::offsetOf(Position position,
                                                 PositionEncoding encoding) const {
  if (position.line > lineCount()) return std::nullopt;
  if (position.line == lineCount()) return textSize();
  return offsetInLine(position.line, position.character, encoding);
}

std::uint32_t LineIndex::clampedOffsetOf(Position position, PositionEncoding encoding) const {
  if (position.line >= lineCount()) return textSize();
  return offsetInLine(position.line, position.character, encoding);
}

Position LineIndex::positionOf(std::uint32_t offset, PositionEncoding encoding) const {
  offset = std::min(offset, textSize());
  auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(after - lineStarts_.begin() - 1);
  const std::uint32_t start = lineStarts_[line];
  const std::uint32_t target = std::min(offset, lineEnd(line));
  if (asciiLine_[line]) return {line, target - start};
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  const std::uint32_t end = lineEnd(line);
  std::uint32_t at = start;
  std::uint32_t counted = 0;
  while (at < target) {
    Utf8Sequence cp = decodeUtf8(bytes + at, end - at);
    if (at + cp.bytes > target) break; // inside this character: round down to its start
    counted += units(cp, encoding);
    at += cp.bytes;
  }
  return {line, counted};
}

Range LineIndex::rangeOf(std::uint32_t start, std::uint32_t end, PositionEncoding encoding) const {
  return {positionOf(start, encoding), positionOf(std::max(start, end), encoding)};
}

} // namespace closurelens::protocol
