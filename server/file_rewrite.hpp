// Replacing a file's content atomically, and only if nobody changed it since it was read: what
// `check --fix` writes with. Plain functions over the file system; any thread may call them (for
// different files).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace closurelens::server {

// What is known about a file when it was read, to notice a later change.
struct FileStamp {
  std::filesystem::file_time_type mtime{};
  uintmax_t size = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// The file's current stamp; false when it cannot be stat'ed.
bool stampFile(const std::filesystem::path& path, FileStamp& out);

enum class RewriteStatus {
  Written,       // the new content is in place
  ChangedOnDisk, // the file is no longer what was read: nothing written
  Failed,        // an I/O error: nothing written (message says which)
};

struct RewriteResult {
  RewriteStatus status = RewriteStatus::Failed;
  std::string message; // empty when Written
};

// Writes `newContent` to `path` (through a symbolic link, to its target) as a temporary file in
// the same folder, fsync'ed and given the original's permission bits (and owner, when running as
// root), then renamed over the original, so that a reader sees either the old or the new file,
// never a mix. Right before the rename it checks that the file still has `stampWhenRead` and
// `contentWhenRead`; otherwise it removes the temporary file and reports ChangedOnDisk.
// `beforeCommit` runs just before that check (tests use it to change the file under our feet).
RewriteResult rewriteFileIfUnchanged(const std::filesystem::path& path,
                                     std::string_view contentWhenRead,
                                     const FileStamp& stampWhenRead, std::string_view newContent,
                                     const std::function<void()>& beforeCommit = {});

} // namespace closurelens::server
