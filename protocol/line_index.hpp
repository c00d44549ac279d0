// Conversion between byte offsets in UTF-8 text and LSP positions in the negotiated encoding.
// A LineIndex owns a copy of its text and is immutable once built: any thread may query it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::protocol {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

// The LSP name: "utf-8", "utf-16", "utf-32".
std::string_view encodingName(PositionEncoding encoding);

// The first encoding in the client's list (its order of preference) that we support; UTF-16, which
// every client must support, when the list is empty or names nothing we know.
PositionEncoding negotiateEncoding(const std::vector<std::string>& clientOffers);

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend auto operator<=>(const Position&, const Position&) = default;
};

struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

// Lines end at "\n", "\r\n" or a lone "\r" (LSP 3.17). Text that is not valid UTF-8 is accepted:
// every byte that is not part of a well-formed sequence counts as one code point of one UTF-16
// unit. Offsets are uint32_t; text beyond 4 GiB - 1 bytes is not indexed.
class LineIndex {
public:
  explicit LineIndex(std::string_view text);

  // The number of lines; "abc" has 1, "abc\n" has 2, "" has 1.
  std::uint32_t lineCount() const { return static_cast<std::uint32_t>(lineStarts_.size()); }
  std::uint32_t textSize() const { return static_cast<std::uint32_t>(text_.size()); }
  const std::string& text() const { return text_; }

  // Byte offset of a line's first byte, and of the end of its content (before its terminator).
  // `line` must be < lineCount().
  std::uint32_t lineStart(std::uint32_t line) const { return lineStarts_[line]; }
  std::uint32_t lineEnd(std::uint32_t line) const;

  // nullopt when `line` > lineCount(); line == lineCount() means the end of the text. A character
  // past the end of its line is clamped to the line end (before the terminator), and one inside a
  // multi-byte character or a surrogate pair rounds down to that character's first byte.
  std::optional<std::uint32_t> offsetOf(Position position, PositionEncoding encoding) const;
  // As offsetOf, but a line past the end also clamps: to the end of the text.
  std::uint32_t clampedOffsetOf(Position position, PositionEncoding encoding) const;

  // `offset` is clamped to the text size; one inside a multi-byte character rounds down to its
  // first byte, one inside a line terminator maps to the end of that line.
  Position positionOf(std::uint32_t offset, PositionEncoding encoding) const;
  // Both ends converted; an `end` before `start` is taken as `start`.
  Range rangeOf(std::uint32_t start, std::uint32_t end, PositionEncoding encoding) const;

private:
  std::uint32_t offsetInLine(std::uint32_t line, std::uint32_t character,
                             PositionEncoding encoding) const;

  std::string text_;
  std::vector<std::uint32_t> lineStarts_;
  std::vector<bool> asciiLine_; // pure ASCII lines convert by arithmetic
};

} // namespace closurelens::protocol
