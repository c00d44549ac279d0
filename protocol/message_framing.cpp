#include "protocol/message_framing.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

namespace closurelens::protocol {
namespace {

constexpr std::string_view kContentLength = "content-length";
constexpr std::string_view kContentLengthColon = "content-length:";
constexpr std::size_t kBufferBytes = 64 << 10;
static_assert(kBufferBytes > MessageReader::kMaxHeaderLineBytes + 1);

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

bool containsIgnoreCase(std::string_view haystack, std::string_view lowerNeedle) {
  for (std::size_t i = 0; i + lowerNeedle.size() <= haystack.size(); ++i) {
    if (equalsIgnoreCase(haystack.substr(i, lowerNeedle.size()), lowerNeedle)) return true;
  }
  return false;
}

// RFC 7230 `tchar`: what a header field name may contain.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A short, printable rendering of untrusted bytes for error messages.
std::string quote(std::string_view bytes) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size() && i < kMax; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (bytes.size() > kMax) out += "...";
  return out + "\"";
}

std::string_view trimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

struct HeaderLine {
  std::string_view name;
  std::string_view value;
};

// Splits "Name: value"; nullopt when the line cannot be a header. A name that merely ends in
// "content-length" is garbage glued to a real header, which resynchronisation will find.
std::optional<HeaderLine> splitHeader(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  std::string_view name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), isTokenChar)) return std::nullopt;
  if (!equalsIgnoreCase(name, kContentLength) && containsIgnoreCase(name, kContentLength)) {
    return std::nullopt;
  }
  std::string_view value = line.substr(colon + 1);
  if (value.find('\r') != std::string_view::npos) return std::nullopt;
  return HeaderLine{name, trimSpace(value)};
}

struct LengthValue {
  std::uint64_t value = 0;
  std::string error;
};

LengthValue parseLength(std::string_view text) {
  LengthValue out;
  if (text.empty()) {
    out.error = "Content-Length has no value";
    return out;
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      out.error = "Content-Length must be a non-negative decimal integer, got " + quote(text);
      return out;
    }
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (out.value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      out.error = "Content-Length " + quote(text) + " is out of range";
      return out;
    }
    out.value = out.value * 10 + digit;
  }
  return out;
}

FramedMessage framingError(std::string error) {
  return FramedMessage{FramedMessage::Kind::FramingError, {}, std::move(error)};
}

} // namespace

MessageReader::MessageReader(Source source, std::size_t maxMessageBytes)
    : source_(std::move(source)), maxMessageBytes_(maxMessageBytes), buffer_(kBufferBytes, '\0') {}

MessageReader::Fill MessageReader::fill() {
  if (eof_) return Fill::Eof;
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  std::size_t room = buffer_.size() - end_;
  if (room == 0) return Fill::Got; // callers bound what they buffer, so this is never hit
  std::size_t got = std::min(source_(buffer_.data() + end_, room), room);
  if (got == 0) {
    eof_ = true;
    return Fill::Eof;
  }
  end_ += got;
  return Fill::Got;
}

FramedMessage MessageReader::eof(std::string error) {
  done_ = true;
  pos_ = end_;
  return FramedMessage{FramedMessage::Kind::Eof, {}, std::move(error)};
}

bool MessageReader::skipToContentLength() {
  const std::size_t n = kContentLengthColon.size();
  for (;;) {
    for (std::size_t i = pos_; i + n <= end_; ++i) {
      if (lower(buffer_[i]) == 'c' &&
          equalsIgnoreCase(std::string_view(buffer_).substr(i, n), kContentLengthColon)) {
        pos_ = i;
        return true;
      }
    }
    // Keep only a tail that could still be the start of the marker, so memory stays bounded.
    if (buffered() >= n) pos_ = end_ - (n - 1);
    if (fill() == Fill::Eof) return false;
  }
}

bool MessageReader::discard(std::uint64_t& count) {
  while (count > 0) {
    if (buffered() == 0 && fill() == Fill::Eof) return false;
    std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(buffered(), count));
    pos_ += take;
    count -= take;
  }
  return true;
}

FramedMessage MessageReader::next() {
  if (done_) return FramedMessage{FramedMessage::Kind::Eof, {}, {}};

  if (pendingDiscard_ > 0) {
    if (!discard(pendingDiscard_)) {
      return eof("input ended after " + std::to_string(discardTotal_ - pendingDiscard_) +
                 " of the " + std::to_string(discardTotal_) +
                 " bytes of an oversized message that was being skipped");
    }
  }
  if (resync_) {
    resync_ = false;
    // What is skipped here was already reported as the error that set resync_.
    if (!skipToContentLength()) return eof({});
  }

  std::optional<std::uint64_t> length;
  bool first = true;
  for (;;) {
    std::size_t searchFrom = pos_;
    std::size_t newline = std::string_view::npos;
    for (;;) {
      auto found = std::string_view(buffer_.data() + searchFrom, end_ - searchFrom).find('\n');
      if (found != std::string_view::npos) {
        newline = searchFrom + found;
        break;
      }
      searchFrom = end_;
      if (buffered() > kMaxHeaderLineBytes) break;
      std::size_t before = pos_;
      if (fill() == Fill::Eof) {
        if (first && buffered() == 0) return eof({});
        return eof("input ended inside a message header");
      }
      searchFrom -= before; // fill() moved the unread bytes to the front
    }

    const std::size_t lineStart = pos_;
    auto invalidLine = [&](std::string reason) {
      // Restart the search one byte on, so that a header glued to the garbage is still found.
      pos_ = lineStart + 1;
      resync_ = true;
      return framingError(std::move(reason));
    };
    if (newline == std::string_view::npos || newline - lineStart > kMaxHeaderLineBytes) {
      std::string_view start(buffer_.data() + lineStart, 16);
      return invalidLine(first ? "unexpected data before a message header: " + quote(start)
                               : "header line longer than " + std::to_string(kMaxHeaderLineBytes) +
                                     " bytes: " + quote(start));
    }
    std::string_view raw(buffer_.data() + lineStart, newline - lineStart);
    if (raw.empty() || raw.back() != '\r') {
      return invalidLine(first ? "unexpected data before a message header: " + quote(raw)
                               : "header line not terminated by \\r\\n: " + quote(raw));
    }
    std::string_view line = raw.substr(0, raw.size() - 1);
    if (line.empty()) {
      if (first) return invalidLine("unexpected empty line before a message header");
      pos_ = newline + 1;
      break;
    }
    std::optional<HeaderLine> header = splitHeader(line);
    if (!header) {
      return invalidLine(first ? "unexpected data before a message header: " + quote(line)
                               : "malformed header line: " + quote(line));
    }
    first = false;
    pos_ = newline + 1;
    if (!equalsIgnoreCase(header->name, kContentLength)) continue; // Content-Type and the like
    LengthValue parsed = parseLength(header->value);
    if (parsed.error.empty() && length && *length != parsed.value) {
      parsed.error = "conflicting Content-Length headers: " + std::to_string(*length) + " and " +
                     std::to_string(parsed.value);
    }
    if (!parsed.error.empty()) {
      resync_ = true;
      return framingError(std::move(parsed.error));
    }
    length = parsed.value;
  }

  if (!length) {
    resync_ = true;
    return framingError("message header has no Content-Length");
  }
  if (*length > maxMessageBytes_) {
    // The head is kept so the request can be named; the rest is skipped lazily by the next call,
    // so the error can be answered before the body has arrived.
    auto headSize = static_cast<std::size_t>(std::min<std::uint64_t>(*length, kOversizedHeadBytes));
    FramedMessage error =
        framingError("message of " + std::to_string(*length) + " bytes exceeds the limit of " +
                     std::to_string(maxMessageBytes_));
    // A head cut short by the end of input is still reported; the next call then says Eof.
    readExactly(error.body, headSize);
    discardTotal_ = *length;
    pendingDiscard_ = *length - error.body.size();
    return error;
  }

  FramedMessage message{FramedMessage::Kind::Message, {}, {}};
  auto size = static_cast<std::size_t>(*length);
  if (!readExactly(message.body, size)) {
    return eof("input ended after " + std::to_string(message.body.size()) + " of the " +
               std::to_string(size) + " bytes of a message body");
  }
  return message;
}

bool MessageReader::readExactly(std::string& out, std::size_t size) {
  out.resize(size);
  std::size_t have = std::min(buffered(), size);
  std::memcpy(out.data(), buffer_.data() + pos_, have);
  pos_ += have;
  while (have < size) {
    std::size_t want = size - have;
    std::size_t got = eof_ ? 0 : std::min(source_(out.data() + have, want), want);
    if (got == 0) {
      eof_ = true;
      out.resize(have);
      return false;
    }
    have += got;
  }
  return true;
}

std::string frameMessage(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

} // namespace closurelens::protocol
