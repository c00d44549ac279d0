#include "server/file_rewrite.hpp"

#include "server/file_read.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

std::string errnoText(const char* what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

bool writeAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

} // namespace

bool stampFile(const fs::path& path, FileStamp& out) {
  std::error_code ec;
  fs::file_time_type mtime = fs::last_write_time(path, ec);
  if (ec) return false;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return false;
  out = FileStamp{mtime, size};
  return true;
}

RewriteResult rewriteFileIfUnchanged(const fs::path& path, std::string_view contentWhenRead,
                                     const FileStamp& stampWhenRead, std::string_view newContent,
                                     const std::function<void()>& beforeCommit) {
  std::error_code ec;
  // Through a symbolic link to its target: renaming over the link would replace it by a file.
  const fs::path target = fs::canonical(path, ec);
  if (ec) return {RewriteStatus::Failed, "cannot resolve: " + ec.message()};
  struct stat original {};
  if (::stat(target.c_str(), &original) != 0)
    return {RewriteStatus::Failed, errnoText("stat", errno)};

  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".closurelens-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return {RewriteStatus::Failed, errnoText("cannot create a temporary file", errno)};
  const std::string temporary(name.data());
  auto fail = [&](std::string message) {
    if (fd >= 0) ::close(fd);
    ::unlink(temporary.c_str());
    return RewriteResult{RewriteStatus::Failed, std::move(message)};
  };
  if (!writeAll(fd, newContent)) return fail(errnoText("write", errno));
  if (::fchmod(fd, original.st_mode & 07777) != 0) return fail(errnoText("chmod", errno));
  // Only root can give a file away; others keep the file as theirs, as an editor's save would.
  if (::geteuid() == 0 && ::fchown(fd, original.st_uid, original.st_gid) != 0)
    return fail(errnoText("chown", errno));
  if (::fsync(fd) != 0) return fail(errnoText("fsync", errno));
  if (::close(fd) != 0) {
    fd = -1;
    return fail(errnoText("close", errno));
  }
  fd = -1;

  if (beforeCommit) beforeCommit();
  // The last look before the rename: a file someone saved since we read it is left alone. (A
  // write landing between this look and the rename is still lost; the window is microseconds.)
  FileStamp now;
  std::string current;
  if (!stampFile(target, now) || now != stampWhenRead || !readWholeFile(target.string(), current) ||
      current != contentWhenRead) {
    ::unlink(temporary.c_str());
    return {RewriteStatus::ChangedOnDisk, "changed on disk since it was read"};
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) return fail(errnoText("rename", errno));
  // The rename is durable only once the folder's entry is on disk too.
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {RewriteStatus::Written, {}};
}

} // namespace closurelens::server
