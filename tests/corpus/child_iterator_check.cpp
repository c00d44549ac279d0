// The analysis's own child iterator (analysis/tree_sitter_child_iterator.h reads tree-sitter's
// internal layout) against tree-sitter's cursor on every node of every `.py` file under the given
// folders: each file whole, cut in half, and with every 61st byte deleted (broken code: ERROR and
// MISSING nodes, cut UTF-8). Prints the counts, and the first difference per file; exit status 1
// if any file differs, 2 on bad usage or when no file was found.
#include "analysis/syntax_tree.hpp"

#include "support/child_walk_comparison.hpp"
#include "support/test_files.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace closurelens;

std::vector<std::string> variantsOf(const std::string& text) {
  std::string thinned;
  thinned.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % 61 != 60) thinned += text[i];
  }
  return {text, text.substr(0, text.size() / 2), thinned};
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: child_iterator_check DIR...\n");
    return 2;
  }
  analysis::ParserPtr parser = analysis::makePythonParser();
  size_t files = 0, trees = 0, nodes = 0, children = 0, differing = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code error;
    namespace fs = std::filesystem;
    for (fs::recursive_directory_iterator
             it(argv[i], fs::directory_options::skip_permission_denied, error),
         end;
         it != end; it.increment(error)) {
      if (error) break;
      if (!it->is_regular_file(error) || it->path().extension() != ".py") continue;
      const std::string text = testing::readFile(it->path());
      ++files;
      for (const std::string& variant : variantsOf(text)) {
        analysis::TreePtr tree = analysis::parsePython(parser.get(), variant);
        testing::ChildWalkComparison result =
            testing::compareChildWalks(ts_tree_root_node(tree.get()), variant);
        ++trees;
        nodes += result.nodes;
        children += result.children;
        if (!result.mismatch.empty()) {
          ++differing;
          std::printf("%s (%zu bytes): %s\n", it->path().c_str(), variant.size(),
                      result.mismatch.c_str());
        }
      }
    }
  }
  std::printf("child_iterator_check: %zu files, %zu trees, %zu nodes, %zu children compared; "
              "%zu trees differ\n",
              files, trees, nodes, children, differing);
  if (files == 0) return 2;
  return differing == 0 ? 0 : 1;
}
