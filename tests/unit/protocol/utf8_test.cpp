#include "protocol/utf8.hpp"

#include <gtest/gtest.h>

namespace closurelens::protocol {
namespace {

struct ReplaceCase {
  const char* name;
  std::string input;
  std::optional<std::string> expected;
  std::size_t replaced;
};

class ReplaceInvalidUtf8Test : public ::testing::TestWithParam<ReplaceCase> {};

TEST_P(ReplaceInvalidUtf8Test, ReplacesEachInvalidByte) {
  const ReplaceCase& c = GetParam();
  std::size_t replaced = 99;
  EXPECT_EQ(replaceInvalidUtf8(c.input, &replaced), c.expected);
  EXPECT_EQ(replaced, c.replaced);
}

const std::string kFffd = "\xEF\xBF\xBD";

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplaceInvalidUtf8Test,
    ::testing::Values(
        ReplaceCase{"Ascii", "abc", std::nullopt, 0},
        ReplaceCase{"WellFormed", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", std::nullopt, 0},
        ReplaceCase{"LoneByte",
                    "a\xFF"
                    "b",
                    "a" + kFffd + "b", 1},
        ReplaceCase{"TruncatedSequence", "\xE2\x82", kFffd + kFffd, 2},
        ReplaceCase{"EncodedSurrogate", "\xED\xA0\x80", kFffd + kFffd + kFffd, 3},
        ReplaceCase{"Overlong", "\xC0\xAF", kFffd + kFffd, 2},
        ReplaceCase{"BeyondUnicode", "\xF4\x90\x80\x80x", kFffd + kFffd + kFffd + kFffd + "x", 4}),
    [](const auto& info) { return info.param.name; });

TEST(DecodeUtf8, CountsUtf16Units) {
  const auto* four = reinterpret_cast<const unsigned char*>("\xF0\x9F\x98\x80");
  Utf8Sequence seq = decodeUtf8(four, 4);
  EXPECT_TRUE(seq.valid);
  EXPECT_EQ(seq.bytes, 4u);
  EXPECT_EQ(seq.utf16Units, 2u);
  Utf8Sequence cut = decodeUtf8(four, 3);
  EXPECT_FALSE(cut.valid);
  EXPECT_EQ(cut.bytes, 1u);
}

} // namespace
} // namespace closurelens::protocol
