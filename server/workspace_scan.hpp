// Finding the Python files of a workspace folder for the workspace index. It skips what is not
// the workspace's own code: hidden folders (.git, .venv, ...), __pycache__, node_modules,
// site-packages and dist-packages, virtual environments (a folder holding pyvenv.cfg, or named
// venv/env/virtualenv without an __init__.py), files over a size cap, and symbolic links to
// folders (never followed) or to files outside the folder. Plain functions over the file system;
// any thread may call them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace closurelens::server {

struct WorkspaceScanOptions {
  uint64_t maxFileBytes = uint64_t{1} << 20; // larger files are generated or data, not decorators
  size_t maxFiles = 100000;                  // a bound on memory for huge trees
};

struct ScannedFile {
  std::filesystem::path path; // absolute, lexically normal
  uint64_t bytes = 0;
};

struct WorkspaceScan {
  std::vector<ScannedFile> files;    // each folder's files by name, then its subfolders by name
  size_t skippedFolders = 0;         // by the rules above
  size_t skippedLinks = 0;           // links to folders, and to files outside the folder
  size_t skippedLarge = 0;           // over maxFileBytes
  bool truncated = false;            // stopped at maxFiles
  std::vector<std::string> problems; // folders that could not be listed, with the reason
};

// Scans `folder` (absolute). Returns early, with what it found so far, once `stop` is set.
WorkspaceScan scanWorkspace(const std::filesystem::path& folder,
                            const WorkspaceScanOptions& options, const std::atomic<bool>& stop);

// Whether the scan leaves the folder `dir` (and everything below it) out.
bool isSkippedFolder(const std::filesystem::path& dir);

// Whether a scan of `folder` would enter `dir` (absolute): `folder` itself, or below it through no
// skipped or linked folder.
bool isWorkspaceFolder(const std::filesystem::path& dir, const std::filesystem::path& folder);

// Whether a scan of `folder` would list `file` (absolute): a *.py regular file (or link to a file
// inside `folder`) within the size cap, below `folder` through no skipped or linked folder.
bool isWorkspaceFile(const std::filesystem::path& file, const std::filesystem::path& folder,
                     const WorkspaceScanOptions& options);

} // namespace closurelens::server
