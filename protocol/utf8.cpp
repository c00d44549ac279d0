#include "protocol/utf8.hpp"

namespace closurelens::protocol {
namespace {

bool isContinuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

constexpr Utf8Sequence kInvalid{1, 1, false};

} // namespace

Utf8Sequence decodeUtf8(const unsigned char* p, std::size_t avail) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {1, 1, true};
  auto cont = [&](std::size_t i) { return i < avail && isContinuation(p[i]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? Utf8Sequence{2, 1, true} : kInvalid;
  if (avail < 2) return kInvalid;
  const unsigned char b1 = p[1];
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    unsigned char low = b0 == 0xE0 ? 0xA0 : 0x80;
    unsigned char high = b0 == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
    return b1 >= low && b1 <= high && cont(2) ? Utf8Sequence{3, 1, true} : kInvalid;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    unsigned char low = b0 == 0xF0 ? 0x90 : 0x80;
    unsigned char high = b0 == 0xF4 ? 0x8F : 0xBF; // beyond U+10FFFF otherwise
    return b1 >= low && b1 <= high && cont(2) && cont(3) ? Utf8Sequence{4, 2, true} : kInvalid;
  }
  return kInvalid;
}

std::optional<std::string> replaceInvalidUtf8(std::string_view text, std::size_t* replaced) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t count = 0;
  std::string out;
  std::size_t copiedUpTo = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    Utf8Sequence seq = decodeUtf8(bytes + i, text.size() - i);
    if (!seq.valid) {
      if (count == 0) out.reserve(text.size() + 16);
      out.append(text, copiedUpTo, i - copiedUpTo);
      out.append("\xEF\xBF\xBD");
      copiedUpTo = i + 1;
      ++count;
    }
    i += seq.bytes;
  }
  if (replaced) *replaced = count;
  if (count == 0) return std::nullopt;
  out.append(text, copiedUpTo, std::string_view::npos);
  return out;
}

} // namespace closurelens::protocol
