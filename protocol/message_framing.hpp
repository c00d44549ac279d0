// LSP base-protocol framing: `Content-Length` headers around JSON bodies.
// A MessageReader owns its read buffer and the byte source it was given; it is not thread-safe and
// is meant to be driven by the one reader thread. frameMessage() is a pure function (any thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace closurelens::protocol {

struct FramedMessage {
  enum class Kind {
    Message,      // `body` holds one complete message body.
    FramingError, // `error` says what was wrong; the reader has resynchronised (or will, lazily).
    Eof,          // The source is exhausted; `error` is non-empty when it ended mid-message.
  };
  Kind kind = Kind::Eof;
  // For Message, the whole body. For the FramingError of a message over the size limit, its first
  // bytes (at most kOversizedHeadBytes), so that the request it was can still be answered.
  std::string body;
  std::string error;
};

class MessageReader {
public:
  // Returns up to `capacity` bytes written to `buffer`, blocking until at least one is available;
  // 0 means end of input.
  using Source = std::function<std::size_t(char* buffer, std::size_t capacity)>;

  static constexpr std::size_t kDefaultMaxMessageBytes = std::size_t{64} << 20;
  // A header line longer than this is treated as garbage, which bounds the memory that a stream
  // without line breaks can make us hold.
  static constexpr std::size_t kMaxHeaderLineBytes = 8 << 10;
  static constexpr std::size_t kOversizedHeadBytes = 4 << 10;

  explicit MessageReader(Source source, std::size_t maxMessageBytes = kDefaultMaxMessageBytes);

  // Blocks until a message, a framing problem or the end of input is seen. After Eof every further
  // call returns Eof again without touching the source.
  FramedMessage next();

private:
  enum class Fill { Got, Eof };

  // Reads more input after what is buffered, moving the unread bytes to the front first.
  Fill fill();
  std::size_t buffered() const { return end_ - pos_; }
  // Drops bytes up to the next "content-length:" (any case); false if the input ended first.
  bool skipToContentLength();
  // Drops `count` body bytes without keeping them; false if the input ended first.
  bool discard(std::uint64_t& count);
  FramedMessage eof(std::string error);
  // Reads exactly `size` bytes into `out`; false when the input ends first (`out` then holds
  // what arrived).
  bool readExactly(std::string& out, std::size_t size);

  Source source_;
  std::size_t maxMessageBytes_;
  // Fixed size: header lines are bounded and bodies are read straight into their own string.
  std::string buffer_;
  std::size_t pos_ = 0; // first unread byte
  std::size_t end_ = 0; // one past the last buffered byte
  bool eof_ = false;    // the source returned 0
  bool done_ = false;   // Eof was reported
  bool resync_ = false;
  std::uint64_t pendingDiscard_ = 0;
  std::uint64_t discardTotal_ = 0; // the whole size of the message being skipped
};

// "Content-Length: N\r\n\r\n" followed by `body`.
std::string frameMessage(std::string_view body);

} // namespace closurelens::protocol
