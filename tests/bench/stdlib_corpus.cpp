#include "bench/stdlib_corpus.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace closurelens::bench {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path stdlibDir() {
  if (const char* dir = std::getenv("CLOSURELENS_BENCH_STDLIB")) return dir;
  std::array<char, 4096> buffer{};
  std::string out;
  FILE* pipe =
      popen("python3 -c 'import sysconfig; print(sysconfig.get_paths()[\"stdlib\"])'", "r");
  if (!pipe) throw std::runtime_error("cannot run python3 to find the standard library");
  while (fgets(buffer.data(), buffer.size(), pipe))
    out += buffer.data();
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

} // namespace

const Corpus& stdlibCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    fs::path root = stdlibDir();
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
      if (it->is_directory() && it->path().filename() == "site-packages") {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && it->path().extension() == ".py") {
        c.files.push_back({it->path().string(), readFile(it->path())});
        c.bytes += c.files.back().text.size();
      }
    }
    std::sort(c.files.begin(), c.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return c;
  }();
  return corpus;
}

const std::string& pydecimalSource() {
  return stdlibSource("_pydecimal.py");
}

const std::string& stdlibSource(const std::string& relativePath) {
  static std::map<std::string, std::string> texts;
  auto it = texts.find(relativePath);
  if (it == texts.end())
    it = texts.emplace(relativePath, readFile(stdlibDir() / relativePath)).first;
  return it->second;
}

std::uint32_t pydecimalEditOffset() {
  // Inside the body of Decimal.__add__, a large method in the middle of the file.
  const std::string& text = pydecimalSource();
  auto at = text.find("def __add__(self, other, context=None):");
  if (at == std::string::npos) throw std::runtime_error("_pydecimal.py has no Decimal.__add__");
  auto body = text.find("other = _convert_other(other)", at);
  return static_cast<std::uint32_t>(body);
}

} // namespace closurelens::bench
