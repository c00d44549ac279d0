#include "server/workspace_scan.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <system_error>

namespace closurelens::server {

namespace fs = std::filesystem;

namespace {

bool isPythonFileName(const std::string& name) {
  return name.size() > 3 && name.ends_with(".py");
}

bool isInside(const fs::path& candidate, const fs::path& root) {
  auto [rootEnd, candidateAt] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return rootEnd == root.end();
}

// A link to a file is kept when it resolves inside the (canonical) folder.
bool linkStaysInside(const fs::path& link, const fs::path& canonicalFolder) {
  std::error_code ec;
  fs::path target = fs::canonical(link, ec);
  return !ec && isInside(target, canonicalFolder);
}

} // namespace

bool isSkippedFolder(const fs::path& dir) {
  static constexpr std::array<std::string_view, 5> kSkipped = {
      "__pycache__", "node_modules", "site-packages", "dist-packages", "__pypackages__"};
  static constexpr std::array<std::string_view, 4> kVirtualenvNames = {"venv", "env", "virtualenv",
                                                                       "virtualenvs"};
  std::string name = dir.filename().string();
  if (name.empty() || name.front() == '.') return true;
  if (std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end()) return true;
  std::error_code ec;
  if (fs::exists(dir / "pyvenv.cfg", ec)) return true;
  // `env/` is a virtual environment unless it is a package of the project.
  return std::find(kVirtualenvNames.begin(), kVirtualenvNames.end(), name) !=
             kVirtualenvNames.end() &&
         !fs::exists(dir / "__init__.py", ec);
}

WorkspaceScan scanWorkspace(const fs::path& folder, const WorkspaceScanOptions& options,
                            const std::atomic<bool>& stop) {
  WorkspaceScan out;
  std::error_code ec;
  fs::path canonicalFolder = fs::canonical(folder, ec);
  if (ec) {
    out.problems.push_back(folder.string() + ": " + ec.message());
    return out;
  }
  // Depth first, in name order, with an explicit stack: the folder may be deep.
  std::vector<fs::path> pending{folder.lexically_normal()};
  while (!pending.empty() && !stop.load(std::memory_order_relaxed)) {
    fs::path dir = std::move(pending.back());
    pending.pop_back();
    std::vector<std::pair<std::string, uint64_t>> files;
    std::vector<std::string> dirs;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      out.problems.push_back(dir.string() + ": " + ec.message());
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        out.problems.push_back(dir.string() + ": " + ec.message());
        break;
      }
      const fs::directory_entry& entry = *it;
      std::string name = entry.path().filename().string();
      std::error_code statError;
      fs::file_status status = entry.symlink_status(statError);
      if (statError) continue;
      bool link = fs::is_symlink(status);
      if (link) {
        // Links to folders are never followed; links to files only when they stay inside.
        if (!isPythonFileName(name)) {
          if (entry.is_directory(statError)) ++out.skippedLinks;
          continue;
        }
        if (!entry.is_regular_file(statError) || !linkStaysInside(entry.path(), canonicalFolder)) {
          ++out.skippedLinks;
          continue;
        }
      } else if (fs::is_directory(status)) {
        dirs.push_back(std::move(name));
        continue;
      } else if (!fs::is_regular_file(status) || !isPythonFileName(name)) {
        continue;
      }
      uint64_t bytes = entry.file_size(statError);
      if (statError) continue;
      if (bytes > options.maxFileBytes) {
        ++out.skippedLarge;
        continue;
      }
      files.emplace_back(std::move(name), bytes);
    }
    std::sort(files.begin(), files.end());
    for (auto& [name, bytes] : files) {
      if (out.files.size() >= options.maxFiles) {
        out.truncated = true;
        return out;
      }
      out.files.push_back({dir / name, bytes});
    }
    std::sort(dirs.begin(), dirs.end());
    // Pushed in reverse so that the first name is scanned next.
    for (auto name = dirs.rbegin(); name != dirs.rend(); ++name) {
      fs::path child = dir / *name;
      if (isSkippedFolder(child)) {
        ++out.skippedFolders;
        continue;
      }
      pending.push_back(std::move(child));
    }
  }
  return out;
}

bool isWorkspaceFolder(const fs::path& dir, const fs::path& folder) {
  fs::path normalFolder = folder.lexically_normal();
  fs::path relative = dir.lexically_normal().lexically_relative(normalFolder);
  if (relative.empty() || *relative.begin() == "..") return false;
  std::error_code ec;
  fs::path at = normalFolder;
  for (const fs::path& part : relative) {
    if (part == "." || part.empty()) continue;
    at /= part;
    if (fs::is_symlink(fs::symlink_status(at, ec)) || isSkippedFolder(at)) return false;
  }
  return true;
}

bool isWorkspaceFile(const fs::path& file, const fs::path& folder,
                     const WorkspaceScanOptions& options) {
  fs::path normalFile = file.lexically_normal();
  if (!isPythonFileName(normalFile.filename().string()) ||
      !isWorkspaceFolder(normalFile.parent_path(), folder))
    return false;
  std::error_code ec;
  fs::file_status status = fs::symlink_status(normalFile, ec);
  if (ec) return false;
  if (fs::is_symlink(status)) {
    fs::path canonicalFolder = fs::canonical(folder, ec);
    if (ec || !linkStaysInside(normalFile, canonicalFolder)) return false;
  } else if (!fs::is_regular_file(status)) {
    return false;
  }
  uint64_t bytes = fs::file_size(normalFile, ec);
  return !ec && bytes <= options.maxFileBytes;
}

} // namespace closurelens::server
