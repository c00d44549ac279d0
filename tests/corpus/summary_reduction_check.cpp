// The workspace index parses files reduced to what a summary needs (analysis/summary_source.hpp).
// This checks, on every file the index would read under the given folders, that the summary of
// the reduced text equals the summary of the whole file (their fingerprints: names, decorator
// facts and lines). Prints the files that differ; exit status 1 if any does.
#include "analysis/decorator_model.hpp"
#include "analysis/module_summary.hpp"
#include "analysis/summary_source.hpp"
#include "analysis/syntax_tree.hpp"
#include "server/workspace_scan.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using namespace closurelens;

std::shared_ptr<const analysis::ModuleSummary> summarize(TSParser* parser, const std::string& text,
                                                         const analysis::ModuleLocation& where) {
  analysis::TreePtr tree = analysis::parsePython(parser, text);
  TSNode root = ts_tree_root_node(tree.get());
  analysis::DecoratorModel model = analysis::DecoratorModel::build(root, text);
  return analysis::summarizeModule(where, root, text, model);
}

std::string describe(const analysis::ModuleSummary& s) {
  std::string out;
  for (const analysis::ModuleName& n : s.names)
    out += " " + n.name;
  out += " |";
  for (const analysis::ExternalDecorator& d : s.decorators) {
    out += " " + std::string(d.definition.name) + ":" +
           std::string(analysis::toString(d.definition.shape)) + "@" +
           std::to_string(d.definition.line + 1);
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: summary_reduction_check FOLDER...\n";
    return 2;
  }
  analysis::ParserPtr parser = analysis::makePythonParser();
  size_t files = 0, reduced = 0, differ = 0;
  uint64_t bytes = 0, keptBytes = 0;
  std::atomic<bool> stop{false};
  for (int i = 1; i < argc; ++i) {
    server::WorkspaceScan scan = server::scanWorkspace(argv[i], {}, stop);
    for (const server::ScannedFile& file : scan.files) {
      std::ifstream in(file.path, std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      std::string text = std::move(buffer).str();
      analysis::ModuleLocation where;
      where.path = file.path.string();
      where.module = "m";
      ++files;
      bytes += text.size();
      std::string smaller;
      if (!analysis::reduceForSummary(text, smaller)) {
        keptBytes += text.size();
        continue;
      }
      ++reduced;
      keptBytes += smaller.size();
      auto whole = summarize(parser.get(), text, where);
      auto part = summarize(parser.get(), smaller, where);
      if (whole->fingerprint == part->fingerprint) continue;
      ++differ;
      std::cout << file.path.string() << "\n  whole:  " << describe(*whole)
                << "\n  reduced:" << describe(*part) << "\n";
    }
  }
  std::printf(
      "%zu files, %zu reduced to %.1f%% of the bytes; %zu summaries differ\n", files, reduced,
      bytes ? 100.0 * static_cast<double>(keptBytes) / static_cast<double>(bytes) : 0.0, differ);
  return differ == 0 ? 0 : 1;
}
