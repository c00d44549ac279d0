#include "server/module_naming.hpp"

#include <algorithm>
#include <deque>

namespace closurelens::server {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxPackageDepth = 64;

std::string joined(const std::deque<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

} // namespace

bool isModuleIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto start = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  if (!start(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char c) {
    return start(static_cast<unsigned char>(c)) || (c >= '0' && c <= '9');
  });
}

std::optional<ModuleNaming> nameModule(const fs::path& file, const fs::path& folder,
                                       const PackageTest& isPackage) {
  std::string name = file.filename().string();
  if (name.size() <= 3 || !name.ends_with(".py")) return std::nullopt;
  std::string stem = name.substr(0, name.size() - 3);
  ModuleNaming out;
  std::deque<std::string> parts;
  if (stem == "__init__") {
    out.isPackage = true;
  } else if (isModuleIdentifier(stem)) {
    parts.push_back(stem);
  } else {
    return std::nullopt;
  }
  fs::path dir = file.parent_path();
  for (int depth = 0; depth < kMaxPackageDepth; ++depth) {
    std::string dirName = dir.filename().string();
    bool package = out.isPackage && depth == 0 ? true : isPackage(dir);
    if (!package || !isModuleIdentifier(dirName) || dir == dir.parent_path()) break;
    parts.push_front(dirName);
    dir = dir.parent_path();
  }
  if (parts.empty()) return std::nullopt;
  out.module = joined(parts);
  out.importRoot = dir;

  // The same file as a dotted path from the workspace folder.
  fs::path relative = file.lexically_relative(folder);
  if (!relative.empty() && *relative.begin() != "..") {
    std::deque<std::string> fromFolder;
    bool importable = true;
    for (const fs::path& part : relative.parent_path()) {
      std::string text = part.string();
      if (text == ".") continue;
      importable = importable && isModuleIdentifier(text);
      fromFolder.push_back(text);
    }
    if (!out.isPackage) fromFolder.push_back(stem);
    std::string dotted = joined(fromFolder);
    if (importable && !dotted.empty() && dotted != out.module) out.folderModule = dotted;
  }
  return out;
}

} // namespace closurelens::server
