#include "protocol/line_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace closurelens::protocol {

// Found by gtest through ADL, so it lives in Position's namespace rather than the anonymous one.
std::ostream& operator<<(std::ostream& os, const Position& p) {
  return os << "(" << p.line << "," << p.character << ")";
}

namespace {

constexpr auto U8 = PositionEncoding::Utf8;
constexpr auto U16 = PositionEncoding::Utf16;
constexpr auto U32 = PositionEncoding::Utf32;

// "é" is 2 bytes, "€" 3 bytes, "😀" 4 bytes (a surrogate pair in UTF-16).
const std::string kE = "\xc3\xa9";
const std::string kEuro = "\xe2\x82\xac";
const std::string kSmile = "\xf0\x9f\x98\x80";

// One conversion in both directions: `offset` <-> `position` in `encoding`. When `exact` is false
// only offset -> position is checked (the offset is inside a character or a line terminator, so
// the way back lands elsewhere).
struct OffsetCase {
  const char* name;
  std::string text;
  PositionEncoding encoding;
  std::uint32_t offset;
  Position position;
  bool exact = true;
};

void PrintTo(const OffsetCase& c, std::ostream* os) {
  *os << c.name;
}

void check(const OffsetCase& c) {
  SCOPED_TRACE(c.name);
  LineIndex index(c.text);
  EXPECT_EQ(index.positionOf(c.offset, c.encoding), c.position);
  if (c.exact) {
    EXPECT_EQ(index.offsetOf(c.position, c.encoding), c.offset);
  }
}

class OffsetTest : public ::testing::TestWithParam<OffsetCase> {};
TEST_P(OffsetTest, Converts) {
  check(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OffsetTest,
    ::testing::Values(
        OffsetCase{"AsciiStart", "abc\ndef", U16, 0, {0, 0}},
        OffsetCase{"AsciiSecondLine", "abc\ndef", U16, 5, {1, 1}},
        OffsetCase{"AsciiLineEnd", "abc\ndef", U16, 3, {0, 3}},
        OffsetCase{"AsciiTextEnd", "abc\ndef", U32, 7, {1, 3}},
        OffsetCase{"TwoByteUtf16", "a" + kE + "b", U16, 3, {0, 2}},
        OffsetCase{"TwoByteUtf8", "a" + kE + "b", U8, 3, {0, 3}},
        OffsetCase{"TwoByteUtf32", "a" + kE + "b", U32, 3, {0, 2}},
        OffsetCase{"InsideTwoByte", "a" + kE + "b", U16, 2, {0, 1}, false},
        OffsetCase{"ThreeByteUtf16", kEuro + "x", U16, 3, {0, 1}},
        OffsetCase{"ThreeByteUtf8", kEuro + "x", U8, 3, {0, 3}},
        OffsetCase{"InsideThreeByteUtf8", kEuro + "x", U8, 2, {0, 0}, false},
        OffsetCase{"FourByteUtf16", "a" + kSmile + "b", U16, 5, {0, 3}},
        OffsetCase{"FourByteUtf32", "a" + kSmile + "b", U32, 5, {0, 2}},
        OffsetCase{"FourByteUtf8", "a" + kSmile + "b", U8, 5, {0, 5}},
        OffsetCase{"AfterPairEnd", "a" + kSmile + "b", U16, 6, {0, 4}},
        OffsetCase{"InsideFourByte", "a" + kSmile + "b", U16, 3, {0, 1}, false},
        OffsetCase{"NonAsciiSecondLine", "x = 1\ns = '" + kE + kSmile + "'\n", U16, 17, {1, 8}},
        OffsetCase{"CrLfSecondLine", "ab\r\ncd", U16, 5, {1, 1}},
        OffsetCase{"CrLfAtCr", "ab\r\ncd", U16, 2, {0, 2}},
        OffsetCase{"CrLfBetweenCrAndLf", "ab\r\ncd", U16, 3, {0, 2}, false},
        OffsetCase{"LoneCr", "ab\rcd", U16, 3, {1, 0}},
        OffsetCase{"LoneCrThenCrLf", "a\r\r\nb", U16, 4, {2, 0}},
        OffsetCase{"LfThenCr", "a\n\rb", U16, 3, {2, 0}},
        OffsetCase{"EndAfterNewline", "a\n", U16, 2, {1, 0}},
        OffsetCase{"EndWithoutNewline", "a", U16, 1, {0, 1}},
        OffsetCase{"EmptyText", "", U16, 0, {0, 0}},
        OffsetCase{"OffsetPastEnd", "ab\ncd", U16, 99, {1, 2}, false},
        OffsetCase{"InvalidByte",
                   "a\xff"
                   "b",
                   U16,
                   2,
                   {0, 2}},
        OffsetCase{"InvalidByteUtf8",
                   "a\xff"
                   "b",
                   U8,
                   2,
                   {0, 2}},
        OffsetCase{"TruncatedSequence",
                   "\xe2\x82"
                   "x",
                   U16,
                   2,
                   {0, 2}},
        OffsetCase{"TruncatedAtLineEnd", "\xc3\ny", U16, 2, {1, 0}},
        OffsetCase{"EncodedSurrogate",
                   "\xed\xa0\x80"
                   "x",
                   U16,
                   3,
                   {0, 3}},
        OffsetCase{"BeyondUnicode",
                   "\xf4\x90\x80\x80"
                   "x",
                   U32,
                   4,
                   {0, 4}},
        OffsetCase{"Overlong",
                   "\xc0\xaf"
                   "x",
                   U16,
                   2,
                   {0, 2}},
        OffsetCase{"LoneContinuation",
                   "\x80"
                   "x",
                   U16,
                   1,
                   {0, 1}},
        OffsetCase{"TruncatedFourByteAtEnd", "a\xf0\x9f\x98", U16, 4, {0, 4}}),
    [](const auto& info) { return std::string(info.param.name); });

// Positions that do not name a character boundary.
struct PositionCase {
  const char* name;
  std::string text;
  PositionEncoding encoding;
  Position position;
  std::optional<std::uint32_t> offset;
  std::uint32_t clamped;
};

void PrintTo(const PositionCase& c, std::ostream* os) {
  *os << c.name;
}

void check(const PositionCase& c) {
  SCOPED_TRACE(c.name);
  LineIndex index(c.text);
  EXPECT_EQ(index.offsetOf(c.position, c.encoding), c.offset);
  EXPECT_EQ(index.clampedOffsetOf(c.position, c.encoding), c.clamped);
}

class PositionTest : public ::testing::TestWithParam<PositionCase> {};
TEST_P(PositionTest, Converts) {
  check(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PositionTest,
    ::testing::Values(PositionCase{"CharacterPastLineEnd", "abc\ndef", U16, {0, 99}, 3, 3},
                      PositionCase{"CharacterPastCrLfLineEnd", "abc\r\ndef", U16, {0, 99}, 3, 3},
                      PositionCase{"CharacterPastLastLine", "abc\ndef", U16, {1, 99}, 7, 7},
                      PositionCase{"CharacterPastNonAsciiLine", kE + "\nx", U16, {0, 5}, 2, 2},
                      PositionCase{"LineCountMeansEnd", "abc\ndef", U16, {2, 0}, 7, 7},
                      PositionCase{"LineCountWithCharacter", "abc\ndef", U16, {2, 4}, 7, 7},
                      PositionCase{"LinePastCount", "abc\ndef", U16, {3, 0}, std::nullopt, 7},
                      PositionCase{
                          "HugeLine", "abc", U16, {UINT32_MAX, UINT32_MAX}, std::nullopt, 3},
                      PositionCase{"HugeCharacter", "abc", U8, {0, UINT32_MAX}, 3, 3},
                      PositionCase{"EmptyTextOrigin", "", U16, {0, 0}, 0, 0},
                      PositionCase{"EmptyTextCharacter", "", U16, {0, 5}, 0, 0},
                      PositionCase{"EmptyTextLineOne", "", U16, {1, 0}, 0, 0},
                      PositionCase{"EmptyTextLineTwo", "", U16, {2, 0}, std::nullopt, 0},
                      PositionCase{"MiddleOfSurrogatePair", "a" + kSmile + "b", U16, {0, 2}, 1, 1},
                      PositionCase{"MiddleOfFourByteUtf8", "a" + kSmile + "b", U8, {0, 3}, 1, 1},
                      PositionCase{"MiddleOfTwoByteUtf8", kE + "b", U8, {0, 1}, 0, 0},
                      PositionCase{"AfterSurrogatePair", "a" + kSmile + "b", U16, {0, 3}, 5, 5},
                      PositionCase{"Utf32CountsCodePoints", kSmile + kE + "b", U32, {0, 2}, 6, 6}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(LineIndex, LinesAndTheirBounds) {
  struct Case {
    std::string text;
    std::vector<std::uint32_t> starts;
    std::vector<std::uint32_t> ends;
  };
  const Case cases[] = {
      {"", {0}, {0}},
      {"abc", {0}, {3}},
      {"abc\n", {0, 4}, {3, 4}},
      {"a\nb\r\nc\rd", {0, 2, 5, 7}, {1, 3, 6, 8}},
      {"\r\n\r\n", {0, 2, 4}, {0, 2, 4}},
      {"\r\r\n\n", {0, 1, 3, 4}, {0, 1, 3, 4}},
      {"\n\r", {0, 1, 2}, {0, 1, 2}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.text));
    LineIndex index(c.text);
    ASSERT_EQ(index.lineCount(), c.starts.size());
    for (std::uint32_t i = 0; i < index.lineCount(); ++i) {
      EXPECT_EQ(index.lineStart(i), c.starts[i]) << "line " << i;
      EXPECT_EQ(index.lineEnd(i), c.ends[i]) << "line " << i;
    }
    EXPECT_EQ(index.textSize(), c.text.size());
    EXPECT_EQ(index.text(), c.text);
  }
}

// Every character boundary survives offset -> position -> offset in every encoding, and
// positions grow with offsets.
TEST(LineIndex, RoundTripsEveryBoundary) {
  const std::string texts[] = {
      "def f():\n    return 1\n",
      "s = '" + kE + kEuro + kSmile + "'\r\nt = \"" + kSmile + kSmile + "\"\rend",
      kSmile + "\n" + kE + "\n\n" + kEuro,
      "# plain ascii only\nx = 1",
      "",
  };
  for (const std::string& text : texts) {
    LineIndex index(text);
    for (auto encoding : {U8, U16, U32}) {
      Position previous{0, 0};
      for (std::uint32_t offset = 0; offset <= text.size(); ++offset) {
        bool continuation =
            offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
        bool insideCrLf =
            offset > 0 && offset < text.size() && text[offset] == '\n' && text[offset - 1] == '\r';
        Position p = index.positionOf(offset, encoding);
        EXPECT_LE(previous, p) << "offset " << offset;
        previous = p;
        if (continuation || insideCrLf) continue;
        EXPECT_EQ(index.offsetOf(p, encoding), offset)
            << ::testing::PrintToString(text) << " at " << offset << " in "
            << encodingName(encoding);
      }
    }
  }
}

TEST(LineIndex, RangeOf) {
  LineIndex index("ab\n" + kSmile + "cd");
  EXPECT_EQ(index.rangeOf(1, 8, U16), (Range{{0, 1}, {1, 3}}));
  EXPECT_EQ(index.rangeOf(1, 8, U8), (Range{{0, 1}, {1, 5}}));
  EXPECT_EQ(index.rangeOf(4, 8, U32), (Range{{1, 0}, {1, 2}})); // start inside the emoji
  EXPECT_EQ(index.rangeOf(8, 2, U16), (Range{{1, 3}, {1, 3}})); // end before start
  EXPECT_EQ(index.rangeOf(50, 60, U16), (Range{{1, 4}, {1, 4}}));
}

TEST(LineIndex, LongNonAsciiLineDoesNotChangeOtherLines) {
  std::string text = "ascii line\n";
  for (int i = 0; i < 1000; ++i)
    text += kSmile;
  text += "\nlast";
  LineIndex index(text);
  EXPECT_EQ(index.positionOf(static_cast<std::uint32_t>(text.size()), U16), (Position{2, 4}));
  EXPECT_EQ(index.offsetOf({1, 2000}, U16), 11u + 4000u);
  EXPECT_EQ(index.offsetOf({1, 1000}, U32), 11u + 4000u);
  EXPECT_EQ(index.offsetOf({1, 1999}, U16), 11u + 3996u); // inside the last pair
  EXPECT_EQ(index.offsetOf({0, 5}, U16), 5u);
}

TEST(Encodings, Names) {
  EXPECT_EQ(encodingName(U8), "utf-8");
  EXPECT_EQ(encodingName(U16), "utf-16");
  EXPECT_EQ(encodingName(U32), "utf-32");
}

TEST(Encodings, NegotiationFollowsTheClientsOrder) {
  struct Case {
    std::vector<std::string> offers;
    PositionEncoding expected;
  };
  const Case cases[] = {
      {{}, U16},
      {{"utf-16"}, U16},
      {{"utf-8", "utf-16"}, U8},
      {{"utf-32", "utf-8"}, U32},
      {{"utf-16", "utf-8"}, U16},
      {{"latin-1"}, U16},
      {{"UTF-8"}, U16}, // the spec's names are lower case
      {{"ebcdic", "utf-8"}, U8},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(negotiateEncoding(c.offers), c.expected) << ::testing::PrintToString(c.offers);
  }
}

TEST(Positions, CompareByLineThenCharacter) {
  EXPECT_EQ((Position{1, 2}), (Position{1, 2}));
  EXPECT_LT((Position{1, 9}), (Position{2, 0}));
  EXPECT_LT((Position{1, 1}), (Position{1, 2}));
  EXPECT_NE((Range{{0, 0}, {0, 1}}), (Range{{0, 0}, {0, 2}}));
}

} // namespace
} // namespace closurelens::protocol

namespace closurelens::protocol {
namespace {

// Arbitrary bytes: conversions stay in range, and a position always maps back to a character
// start at or before the offset it came from.
TEST(LineIndex, ArbitraryBytesNeverMisbehave) {
  std::mt19937 random(1234);
  const char alphabet[] = {'a',    '\n',   '\r',   '\x80', '\xbf', '\xc3', '\xa9', '\xe2',
                           '\x82', '\xf0', '\x9f', '\x98', '\xed', '\xa0', '\xff', '\xf4'};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::size_t length = random() % 40;
    for (std::size_t i = 0; i < length; ++i)
      text += alphabet[random() % sizeof(alphabet)];
    LineIndex index(text);
    for (auto encoding : {U8, U16, U32}) {
      for (std::uint32_t offset = 0; offset <= text.size() + 1; ++offset) {
        Position p = index.positionOf(offset, encoding);
        ASSERT_LT(p.line, index.lineCount());
        std::optional<std::uint32_t> back = index.offsetOf(p, encoding);
        ASSERT_TRUE(back);
        EXPECT_LE(*back, std::min<std::uint32_t>(offset, index.textSize()))
            << ::testing::PrintToString(text) << " at " << offset;
        EXPECT_EQ(index.positionOf(*back, encoding), p);
      }
    }
  }
}

} // namespace
} // namespace closurelens::protocol
