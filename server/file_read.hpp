// Reading a whole file into memory, for every command and the workspace index: one open, one
// fstat for the size, and reads straight into the string (an ifstream copied through a
// stringstream costs a stat and two copies more). Any thread.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace closurelens::server {

// Reads `path` whole into `out`. On failure returns false, leaves `out` unspecified and, when
// `error` is given, says why: the system's message for a file that cannot be opened or read, or
// "larger than N bytes" past `maxBytes`.
bool readWholeFile(const std::string& path, std::string& out, std::string* error = nullptr,
                   uint64_t maxBytes = std::numeric_limits<uint64_t>::max());

} // namespace closurelens::server
