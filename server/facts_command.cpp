// `closurelens facts PATH...`: what CPython would put in each code object's co_freevars and
// co_cellvars, as JSON lines, for the corpus test to compare with the real compiler.
#include "server/commands.hpp"
#include "server/file_read.hpp"
#include "server/python_files.hpp"

#include "analysis/scope_tree.hpp"
#include "analysis/syntax_tree.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <ostream>
#include <sstream>
#include <string>
#include <system_error>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;
using analysis::ScopeKind;
using nlohmann::json;

constexpr std::string_view kUsage = "usage: closurelens facts [--python-version 3.11] PATH...\n";

// The first ERROR or MISSING node, or a null node when the tree is clean. An ERROR spanning the
// whole file says nothing, so the search goes on inside it.
TSNode firstProblem(TSNode root) {
  if (!ts_node_has_error(root)) return TSNode{};
  analysis::TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  const uint32_t rootStart = ts_node_start_byte(root);
  for (;;) {
    TSNode current = ts_tree_cursor_current_node(c);
    const bool problem =
        ts_node_symbol(current) == static_cast<TSSymbol>(-1) || ts_node_is_missing(current);
    if (problem && ts_node_start_byte(current) != rootStart) return current;
    bool descended = ts_node_has_error(current) && ts_tree_cursor_goto_first_child(c);
    if (descended) continue;
    while (!ts_tree_cursor_goto_next_sibling(c)) {
      if (!ts_tree_cursor_goto_parent(c)) return root;
    }
  }
}

std::string dumpLine(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void reportFile(const std::string& file, const std::string& source, TSParser* parser,
                const analysis::AnalysisOptions& options, std::ostream& out) {
  analysis::TreePtr tree = analysis::parsePython(parser, source);
  if (!tree) return;
  TSNode root = ts_tree_root_node(tree.get());
  analysis::ScopeTree scopes = analysis::ScopeTree::build(root, source, options);
  TSNode problem = firstProblem(root);
  if (!ts_node_is_null(problem)) {
    out << dumpLine(json{{"file", file},
                         {"kind", "parse-error"},
                         {"line", ts_node_start_point(problem).row + 1}})
        << "\n";
  }
  for (const analysis::Scope& scope : scopes.scopes()) {
    if (scope.kind == ScopeKind::Module || !scope.hasCode) continue;
    out << dumpLine(json{{"file", file},
                         {"kind", std::string(scopeKindName(scope.kind))},
                         {"qualname", scope.qualname},
                         {"firstlineno", scope.firstLine},
                         {"freevars", scope.freevars},
                         {"cellvars", scope.cellvars}})
        << "\n";
  }
}

} // namespace

int runFactsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return 2;
  }
  analysis::AnalysisOptions options;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      out << kUsage;
      return 0;
    }
    if (arg == "--python-version") {
      int major = 0;
      int minor = 0;
      char dot = 0;
      std::istringstream version(i + 1 < args.size() ? args[i + 1] : std::string());
      if (!(version >> major >> dot >> minor) || dot != '.' || major != 3) {
        err << "closurelens: facts: --python-version wants 3.N\n" << kUsage;
        return 2;
      }
      options.version = analysis::PythonVersion{major, minor};
      ++i;
      continue;
    }
    paths.push_back(arg);
  }
  if (paths.empty()) {
    err << kUsage;
    return 2;
  }
  std::vector<std::string> files;
  for (const std::string& arg : paths) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<PythonFileWalkProblem> problems;
      collectPythonFiles(arg, PythonFileWalkOptions{}, files, problems);
      for (const PythonFileWalkProblem& problem : problems)
        err << "closurelens: facts: cannot list " << problem.path << ": " << problem.message
            << "\n";
    } else {
      files.push_back(arg);
    }
  }
  analysis::ParserPtr parser = analysis::makePythonParser();
  std::string source;
  for (const std::string& file : files) {
    if (!readWholeFile(file, source)) {
      err << "closurelens: facts: cannot read " << file << "\n";
      continue;
    }
    reportFile(file, source, parser.get(), options, out);
  }
  out.flush();
  return 0;
}

} // namespace closurelens::server
