// Real files for the unit tests: a temporary folder of a test's own, and files read back whole.
// A TempFolder belongs to the test that made it; one thread at a time.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace closurelens::testing {

// A new empty folder under the system's temporary directory, named `prefix` plus a unique
// suffix, removed with everything in it when the object goes.
class TempFolder {
public:
  explicit TempFolder(std::string_view prefix = "closurelens-test");
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` byte for byte to `relative` (a one-line Python module unless told otherwise),
  // creating the folders on the way; returns the file's path.
  std::filesystem::path write(const std::filesystem::path& relative,
                              std::string_view text = "x = 1\n") const;

private:
  std::filesystem::path path_;
};

// The file's bytes; empty when it cannot be read.
std::string readFile(const std::filesystem::path& path);

} // namespace closurelens::testing
