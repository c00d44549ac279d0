// UTF-8 decoding shared by the position conversions and the message reader. Pure functions; any
// thread may call them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace closurelens::protocol {

struct Utf8Sequence {
  std::uint32_t bytes;      // 1 for an invalid byte, which stands for itself
  std::uint32_t utf16Units; // 2 for code points beyond the BMP
  bool valid;
};

// The well-formed sequence (Unicode table 3-7) at `p`, or a single invalid byte; `avail` > 0.
Utf8Sequence decodeUtf8(const unsigned char* p, std::size_t avail);

// `text` with every byte that is not part of a well-formed sequence replaced by U+FFFD, or
// nullopt when `text` is valid UTF-8 already. `replaced` receives the number of such bytes.
std::optional<std::string> replaceInvalidUtf8(std::string_view text,
                                              std::size_t* replaced = nullptr);

} // namespace closurelens::protocol
