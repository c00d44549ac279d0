// readWholeFile: every byte of regular files of any size, files without a size (a pipe), and a
// clear error for what cannot be read or is too large.
#include "server/file_read.hpp"

#include "support/test_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace closurelens::server {
namespace {

using ::testing::HasSubstr;

std::string bytesOfAllValues(size_t size) {
  std::string text(size, '\0');
  for (size_t i = 0; i < size; ++i)
    text[i] = static_cast<char>((i * 131 + i / 977) & 0xFF);
  return text;
}

TEST(ReadWholeFile, EveryByteOfRegularFiles) {
  testing::TempFolder dir;
  for (size_t size : {size_t{0}, size_t{1}, size_t{16383}, size_t{16384}, size_t{700001}}) {
    SCOPED_TRACE(size);
    const std::string text = bytesOfAllValues(size); // NULs and bytes that are not UTF-8 too
    const auto path = dir.write("f" + std::to_string(size), text);
    std::string read = "left over";
    std::string error;
    ASSERT_TRUE(readWholeFile(path.string(), read, &error)) << error;
    EXPECT_EQ(read, text);
  }
}

TEST(ReadWholeFile, AFileWithoutASize) {
  testing::TempFolder dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string text = bytesOfAllValues(300000); // more than a pipe holds at once
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    for (size_t at = 0; fd >= 0 && at < text.size();) {
      const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    if (fd >= 0) ::close(fd);
  });
  std::string read;
  std::string error;
  const bool ok = readWholeFile(fifo, read, &error);
  writer.join();
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(read, text);
}

TEST(ReadWholeFile, ErrorsSayWhy) {
  testing::TempFolder dir;
  std::string read;
  std::string error;
  EXPECT_FALSE(readWholeFile((dir.path() / "missing.py").string(), read, &error));
  EXPECT_EQ(error, "No such file or directory");
  EXPECT_FALSE(readWholeFile(dir.path().string(), read, &error));
  EXPECT_EQ(error, "Is a directory");
  const auto path = dir.write("big.py", std::string(5000, 'x'));
  EXPECT_FALSE(readWholeFile(path.string(), read, &error, 4999));
  EXPECT_EQ(error, "larger than 4999 bytes");
  EXPECT_TRUE(readWholeFile(path.string(), read, nullptr, 5000));
  EXPECT_EQ(read.size(), 5000u);
  // Without a place for the message it still fails cleanly.
  EXPECT_FALSE(readWholeFile((dir.path() / "missing.py").string(), read));
}

TEST(ReadWholeFile, APipePastTheLimitIsTooLarge) {
  testing::TempFolder dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    const std::string chunk(50000, 'y');
    if (fd >= 0) {
      // It fits in the pipe's buffer: the write does not wait for the reader, which stops early.
      (void)!::write(fd, chunk.data(), chunk.size());
      ::close(fd);
    }
  });
  std::string read;
  std::string error;
  EXPECT_FALSE(readWholeFile(fifo, read, &error, 20000));
  EXPECT_THAT(error, HasSubstr("larger than 20000 bytes"));
  writer.join();
}

} // namespace
} // namespace closurelens::server
