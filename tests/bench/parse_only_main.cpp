// `closurelens_parse_only FILE...`: reads and parses each file with tree-sitter and nothing else,
// on one thread per core as `closurelens check` does, so the two processes can be timed side by
// side on the same file list (tests/bench/peers/batch_bench.py). Files are read as the check
// command reads them, so that the two differ only by what comes after the parse. Prints the totals
// on stderr.
#include "analysis/syntax_tree.hpp"
#include "server/file_read.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string readFile(const char* path) {
  std::string text;
  if (!closurelens::server::readWholeFile(path, text)) text.clear();
  return text;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<const char*> files(argv + 1, argv + argc);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<size_t> withErrors{0};
  auto worker = [&] {
    auto parser = closurelens::analysis::makePythonParser();
    for (size_t i = next.fetch_add(1); i < files.size(); i = next.fetch_add(1)) {
      std::string text = readFile(files[i]);
      closurelens::analysis::TreePtr tree = closurelens::analysis::parsePython(parser.get(), text);
      bytes += text.size();
      if (ts_node_has_error(ts_tree_root_node(tree.get()))) ++withErrors;
    }
  };
  const auto started = std::chrono::steady_clock::now();
  size_t threadCount = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < threadCount; ++i)
    threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads)
    thread.join();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
  std::cerr << files.size() << " files (" << withErrors.load() << " with syntax errors), "
            << bytes.load() << " bytes parsed on " << threadCount << " threads in " << wall.count()
            << " s\n";
  return 0;
}
