#include "server/file_read.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace closurelens::server {
namespace {

class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

private:
  int fd_;
};

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

bool failErrno(std::string* error) {
  return fail(error, std::error_code(errno, std::generic_category()).message());
}

} // namespace

bool readWholeFile(const std::string& path, std::string& out, std::string* error,
                   uint64_t maxBytes) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return failErrno(error);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return failErrno(error);
  auto tooLarge = [&] { return fail(error, "larger than " + std::to_string(maxBytes) + " bytes"); };
  // The size is a first guess: a pipe has none, and a file may grow or shrink while it is read.
  const bool sized = S_ISREG(info.st_mode) && info.st_size > 0;
  if (sized && static_cast<uint64_t>(info.st_size) > maxBytes) return tooLarge();
  out.resize(sized ? static_cast<size_t>(info.st_size) : 0);
  auto readInto = [&](char* at, size_t room) {
    ssize_t n = 0;
    do {
      n = ::read(fd.get(), at, room);
    } while (n < 0 && errno == EINTR);
    return n;
  };
  size_t filled = 0;
  for (;;) {
    if (filled < out.size()) {
      const ssize_t n = readInto(out.data() + filled, out.size() - filled);
      if (n < 0) return failErrno(error);
      if (n == 0) break;
      filled += static_cast<size_t>(n);
      continue;
    }
    // Full: whatever comes past the expected size is appended (usually nothing: end of file).
    char more[16384];
    const ssize_t n = readInto(more, sizeof more);
    if (n < 0) return failErrno(error);
    if (n == 0) break;
    if (filled + static_cast<size_t>(n) > maxBytes) return tooLarge();
    out.append(more, static_cast<size_t>(n));
    filled += static_cast<size_t>(n);
  }
  out.resize(filled);
  return true;
}

} // namespace closurelens::server
