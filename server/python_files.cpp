#include "server/python_files.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

// os.path.join, so that a file is spelled as a Python walk over the same argument spells it.
std::string joinPath(const std::string& base, const std::string& name) {
  if (base.empty()) return name;
  if (base.back() == '/') return base + name;
  return base + "/" + name;
}

bool isToolDirectory(const std::string& path, const std::string& name) {
  static constexpr std::array<std::string_view, 11> kSkipped = {
      ".git", "__pycache__", ".hg",           ".svn",        "node_modules", ".tox",
      ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"};
  if (std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end()) return true;
  std::error_code ec;
  return fs::exists(fs::path(path) / "pyvenv.cfg", ec);
}

bool isInside(const fs::path& candidate, const fs::path& root) {
  auto [rootEnd, candidateAt] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return rootEnd == root.end();
}

struct Walker {
  const PythonFileWalkOptions& options;
  std::vector<std::string>& out;
  std::vector<PythonFileWalkProblem>& problems;
  fs::path canonicalRoot;

  void walk(const std::string& path) {
    std::error_code ec;
    std::vector<std::string> files;
    std::vector<std::string> dirs;
    fs::directory_iterator it(path, ec);
    if (ec) {
      problems.push_back({path, ec.message()});
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      std::string name = entry.path().filename().string();
      std::error_code typeError;
      if (entry.is_directory(typeError)) {
        if (!entry.is_symlink(typeError)) dirs.push_back(std::move(name));
      } else if (name.size() > 3 && name.ends_with(".py")) {
        if (options.stayInsideRoot && entry.is_symlink(typeError)) {
          fs::path target = fs::canonical(entry.path(), typeError);
          if (typeError || !isInside(target, canonicalRoot)) continue;
        }
        files.push_back(std::move(name));
      }
    }
    std::sort(files.begin(), files.end());
    std::sort(dirs.begin(), dirs.end());
    for (const std::string& file : files)
      out.push_back(joinPath(path, file));
    for (const std::string& dir : dirs) {
      std::string child = joinPath(path, dir);
      if (options.skipToolDirectories && isToolDirectory(child, dir)) continue;
      walk(child);
    }
  }
};

} // namespace

void collectPythonFiles(const std::string& root, const PythonFileWalkOptions& options,
                        std::vector<std::string>& out,
                        std::vector<PythonFileWalkProblem>& problems) {
  Walker walker{options, out, problems, {}};
  if (options.stayInsideRoot) {
    std::error_code ec;
    walker.canonicalRoot = fs::canonical(root, ec);
  }
  walker.walk(root);
}

} // namespace closurelens::server
