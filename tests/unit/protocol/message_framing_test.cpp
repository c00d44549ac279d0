#include "protocol/message_framing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <random>
#include <string>
#include <vector>

// The largest single allocation made while it is being watched, to show that an oversized
// message is skipped, not buffered.
namespace {
std::atomic<bool> watchAllocations{false};
std::atomic<std::size_t> largestAllocation{0};

void* allocate(std::size_t size) {
  if (watchAllocations.load(std::memory_order_relaxed)) {
    std::size_t seen = largestAllocation.load(std::memory_order_relaxed);
    while (size > seen && !largestAllocation.compare_exchange_weak(seen, size)) {
    }
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
} // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace closurelens::protocol {
namespace {

// A source over a fixed string that hands out at most `chunk` bytes per call.
MessageReader::Source stringSource(std::string input, std::size_t chunk) {
  auto data = std::make_shared<std::string>(std::move(input));
  auto at = std::make_shared<std::size_t>(0);
  return [data, at, chunk](char* buffer, std::size_t capacity) {
    std::size_t n = std::min({chunk, capacity, data->size() - *at});
    std::memcpy(buffer, data->data() + *at, n);
    *at += n;
    return n;
  };
}

// "M:<body>" for a message, "E:<error>" for a framing error, "EOF" or "EOF:<error>" at the end.
std::vector<std::string> readAll(MessageReader& reader) {
  std::vector<std::string> out;
  for (int guard = 0; guard < 1000; ++guard) {
    FramedMessage m = reader.next();
    switch (m.kind) {
    case FramedMessage::Kind::Message:
      out.push_back("M:" + m.body);
      break;
    case FramedMessage::Kind::FramingError:
      out.push_back("E:" + m.error);
      break;
    case FramedMessage::Kind::Eof:
      out.push_back(m.error.empty() ? "EOF" : "EOF:" + m.error);
      // Once at the end, the reader stays there.
      EXPECT_EQ(reader.next().kind, FramedMessage::Kind::Eof);
      return out;
    }
  }
  ADD_FAILURE() << "reader never reached the end";
  return out;
}

struct FramingCase {
  const char* name;
  std::string input;
  // Entries as readAll() renders them, except that an "E:" or "EOF:" entry only has to be a
  // substring of the actual error text.
  std::vector<std::string> expected;
  std::size_t maxBytes = MessageReader::kDefaultMaxMessageBytes;
};

std::string frame(std::string_view body) {
  return frameMessage(body);
}

void PrintTo(const FramingCase& c, std::ostream* os) {
  *os << c.name;
}

void check(const FramingCase& c, std::size_t chunk) {
  SCOPED_TRACE(std::string(c.name) + ", chunk " + std::to_string(chunk));
  MessageReader reader(stringSource(c.input, chunk), c.maxBytes);
  std::vector<std::string> actual = readAll(reader);
  ASSERT_EQ(actual.size(), c.expected.size()) << ::testing::PrintToString(actual);
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const std::string& want = c.expected[i];
    if (want.rfind("M:", 0) == 0 || want == "EOF") {
      EXPECT_EQ(actual[i], want) << "entry " << i;
      continue;
    }
    std::string prefix = want.substr(0, want.find(':') + 1);
    EXPECT_EQ(actual[i].rfind(prefix, 0), 0u) << "entry " << i << ": " << actual[i];
    EXPECT_NE(actual[i].find(want.substr(prefix.size())), std::string::npos)
        << "entry " << i << ": " << actual[i] << " lacks " << want;
  }
}

class FramingTest : public ::testing::TestWithParam<FramingCase> {};

TEST_P(FramingTest, WholeInputAtOnce) {
  check(GetParam(), 1 << 20);
}
TEST_P(FramingTest, ThreeBytesPerRead) {
  check(GetParam(), 3);
}
TEST_P(FramingTest, OneBytePerRead) {
  check(GetParam(), 1);
}

const std::string kBody = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";

INSTANTIATE_TEST_SUITE_P(
    Cases, FramingTest,
    ::testing::Values(
        FramingCase{"Empty", "", {"EOF"}},
        FramingCase{"OneMessage", frame(kBody), {"M:" + kBody, "EOF"}},
        FramingCase{"TwoBackToBack", frame("[1]") + frame("[2]"), {"M:[1]", "M:[2]", "EOF"}},
        FramingCase{"EmptyBody", "Content-Length: 0\r\n\r\n", {"M:", "EOF"}},
        FramingCase{"LowerCaseHeader", "content-length: 2\r\n\r\n{}", {"M:{}", "EOF"}},
        FramingCase{"UpperCaseNoSpace", "CONTENT-LENGTH:2\r\n\r\n{}", {"M:{}", "EOF"}},
        FramingCase{"ValueWithSpaces", "Content-Length: \t2 \r\n\r\n{}", {"M:{}", "EOF"}},
        FramingCase{"ContentTypeAfter",
                    "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; "
                    "charset=utf-8\r\n\r\n{}",
                    {"M:{}", "EOF"}},
        FramingCase{"ContentTypeBefore",
                    "Content-Type: application/vscode-jsonrpc\r\nContent-Length: 2\r\n\r\n{}",
                    {"M:{}", "EOF"}},
        FramingCase{"RepeatedEqualLength",
                    "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
                    {"M:{}", "EOF"}},
        FramingCase{"BodyMentionsContentLength",
                    frame(R"({"x":"Content-Length: 5\r\n\r\n"})") + frame("[2]"),
                    {R"(M:{"x":"Content-Length: 5\r\n\r\n"})", "M:[2]", "EOF"}},
        FramingCase{"GarbageLineBefore",
                    "hello world\r\n" + frame("[1]") + frame("[2]"),
                    {"E:unexpected data before a message header: \"hello world\"", "M:[1]", "M:[2]",
                     "EOF"}},
        FramingCase{"GarbageGluedToHeader",
                    "garbage" + frame("[1]"),
                    {"E:unexpected data before a message header", "M:[1]", "EOF"}},
        FramingCase{
            "BodyTailGluedToHeader", "\"}}" + frame("[1]"), {"E:unexpected data", "M:[1]", "EOF"}},
        FramingCase{"GarbageBetweenMessages",
                    frame("[1]") + "\x01\x02zz\n" + frame("[2]"),
                    {"M:[1]", "E:\\x01\\x02zz", "M:[2]", "EOF"}},
        FramingCase{
            "BlankLineBefore", "\r\n" + frame("[1]"), {"E:unexpected empty line", "M:[1]", "EOF"}},
        FramingCase{"LongGarbageWithoutNewline",
                    std::string(20000, 'x') + frame("[1]"),
                    {"E:unexpected data", "M:[1]", "EOF"}},
        FramingCase{"OnlyGarbage", "just some text\r\n", {"E:unexpected data", "EOF"}},
        FramingCase{"MissingContentLength",
                    "Content-Type: application/json\r\n\r\n{}" + frame("[1]"),
                    {"E:message header has no Content-Length", "M:[1]", "EOF"}},
        FramingCase{"NonNumericLength",
                    "Content-Length: abc\r\n\r\n{}" + frame("[1]"),
                    {"E:Content-Length must be a non-negative decimal integer, got \"abc\"",
                     "M:[1]", "EOF"}},
        FramingCase{"NegativeLength",
                    "Content-Length: -2\r\n\r\n{}" + frame("[1]"),
                    {"E:got \"-2\"", "M:[1]", "EOF"}},
        FramingCase{"PlusSignLength",
                    "Content-Length: +2\r\n\r\n{}" + frame("[1]"),
                    {"E:got \"+2\"", "M:[1]", "EOF"}},
        FramingCase{"FractionalLength",
                    "Content-Length: 2.0\r\n\r\n{}" + frame("[1]"),
                    {"E:got \"2.0\"", "M:[1]", "EOF"}},
        FramingCase{"EmptyLength",
                    "Content-Length:\r\n\r\n{}" + frame("[1]"),
                    {"E:Content-Length has no value", "M:[1]", "EOF"}},
        FramingCase{"OverflowingLength",
                    "Content-Length: 99999999999999999999999\r\n\r\n{}" + frame("[1]"),
                    {"E:is out of range", "M:[1]", "EOF"}},
        FramingCase{"ConflictingLengths",
                    "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}" + frame("[1]"),
                    {"E:conflicting Content-Length headers: 2 and 3", "M:[1]", "EOF"}},
        FramingCase{"BareLineFeeds",
                    "Content-Length: 2\n\n{}" + frame("[1]"),
                    {"E:unexpected data", "M:[1]", "EOF"}},
        FramingCase{"BareLineFeedAfterFirstHeader",
                    "Content-Length: 2\r\nContent-Type: x\n\r\n{}" + frame("[1]"),
                    {"E:header line not terminated by \\r\\n", "M:[1]", "EOF"}},
        FramingCase{"MalformedSecondHeader",
                    "Content-Length: 2\r\nno colon here\r\n\r\n{}" + frame("[1]"),
                    {"E:malformed header line: \"no colon here\"", "M:[1]", "EOF"}},
        FramingCase{"OverlongHeaderLine",
                    "Content-Length: 2\r\nX-Big: " + std::string(10000, 'y') + "\r\n\r\n{}" +
                        frame("[1]"),
                    {"E:header line longer than", "M:[1]", "EOF"}},
        FramingCase{"Oversized",
                    frame(std::string(40, 'x')) + frame("[1]"),
                    {"E:message of 40 bytes exceeds the limit of 16", "M:[1]", "EOF"},
                    16},
        FramingCase{"ExactlyAtLimit",
                    frame(std::string(16, 'x')),
                    {"M:" + std::string(16, 'x'), "EOF"},
                    16},
        FramingCase{"OversizedTruncated",
                    "Content-Length: 40\r\n\r\n" + std::string(10, 'x'),
                    {"E:exceeds the limit", "EOF:10 of the 40 bytes of an oversized message"},
                    16},
        FramingCase{"TruncatedHeader", "Content-Len", {"EOF:input ended inside a message header"}},
        FramingCase{
            "TruncatedBeforeBlankLine", "Content-Length: 2\r\n", {"EOF:inside a message header"}},
        FramingCase{"TruncatedBody",
                    frame("[1]") + "Content-Length: 10\r\n\r\n{}",
                    {"M:[1]", "EOF:input ended after 2 of the 10 bytes of a message body"}}),
    [](const ::testing::TestParamInfo<FramingCase>& info) { return info.param.name; });

TEST(FrameMessage, PrefixesTheByteLength) {
  EXPECT_EQ(frameMessage("{}"), "Content-Length: 2\r\n\r\n{}");
  EXPECT_EQ(frameMessage(""), "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(frameMessage("\xc3\xa9"), "Content-Length: 2\r\n\r\n\xc3\xa9"); // bytes, not chars
}

TEST(FrameMessage, RoundTripsThroughTheReader) {
  std::string bodies[] = {"{}", std::string(100000, 'a'), "\xe2\x82\xac", ""};
  std::string stream;
  for (const auto& b : bodies)
    stream += frameMessage(b);
  MessageReader reader(stringSource(stream, 7));
  for (const auto& b : bodies) {
    FramedMessage m = reader.next();
    ASSERT_EQ(m.kind, FramedMessage::Kind::Message);
    EXPECT_EQ(m.body, b);
  }
  EXPECT_EQ(reader.next().kind, FramedMessage::Kind::Eof);
}

// A few MB over a 1-byte-per-read source with a small limit: skipped, then the next one is read.
TEST(MessageReaderLimits, OversizedBodyFedOneByteAtATime) {
  std::string big = frameMessage(std::string(3 << 20, 'z'));
  MessageReader reader(stringSource(big + frameMessage("[7]"), 1), 1024);
  FramedMessage first = reader.next();
  ASSERT_EQ(first.kind, FramedMessage::Kind::FramingError);
  EXPECT_EQ(first.error, "message of 3145728 bytes exceeds the limit of 1024");
  FramedMessage second = reader.next();
  ASSERT_EQ(second.kind, FramedMessage::Kind::Message);
  EXPECT_EQ(second.body, "[7]");
  EXPECT_EQ(reader.next().kind, FramedMessage::Kind::Eof);
}

// A 100 MB body is generated on the fly and must be skipped without a large allocation.
TEST(MessageReaderLimits, HundredMegabyteBodyIsNeverBuffered) {
  const std::size_t bodySize = std::size_t{100} << 20;
  const std::string header = "Content-Length: " + std::to_string(bodySize) + "\r\n\r\n";
  const std::string tail = frameMessage("[8]");
  const std::size_t total = header.size() + bodySize + tail.size();
  std::size_t at = 0;
  auto source = [&](char* buffer, std::size_t capacity) {
    std::size_t n = std::min(capacity, total - at);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t p = at + i;
      if (p < header.size()) {
        buffer[i] = header[p];
      } else if (p < header.size() + bodySize) {
        buffer[i] = 'q';
      } else {
        buffer[i] = tail[p - header.size() - bodySize];
      }
    }
    at += n;
    return n;
  };
  MessageReader reader(source);
  largestAllocation = 0;
  watchAllocations = true;
  FramedMessage first = reader.next();
  FramedMessage second = reader.next();
  watchAllocations = false;
  ASSERT_EQ(first.kind, FramedMessage::Kind::FramingError);
  EXPECT_NE(first.error.find("exceeds the limit of 67108864"), std::string::npos) << first.error;
  ASSERT_EQ(second.kind, FramedMessage::Kind::Message);
  EXPECT_EQ(second.body, "[8]");
  EXPECT_LT(largestAllocation.load(), std::size_t{1} << 20);
}

// Random mixtures of frames, header fragments and noise: whatever arrives, the reader makes
// progress and reaches the end without crashing.
TEST(MessageReaderRobustness, RandomStreamsTerminate) {
  std::mt19937 random(42);
  const std::string pieces[] = {frameMessage("[1]"),
                                "Content-Length: ",
                                "99999\r\n",
                                "\r\n",
                                "\n",
                                "x",
                                "Content-Type: a\r\n",
                                "content-length:1\r\n\r\n{",
                                "-3",
                                std::string(9000, 'g'),
                                "\xff\xfe"};
  for (int round = 0; round < 300; ++round) {
    std::string input;
    int count = static_cast<int>(random() % 12);
    for (int i = 0; i < count; ++i)
      input += pieces[random() % std::size(pieces)];
    input += frameMessage("[\"last\"]");
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{1} << 16}) {
      MessageReader reader(stringSource(input, chunk), 4096);
      int events = 0;
      FramedMessage m;
      do {
        m = reader.next();
        ASSERT_LT(++events, 10000) << "no progress";
      } while (m.kind != FramedMessage::Kind::Eof);
    }
  }
}

} // namespace
} // namespace closurelens::protocol
