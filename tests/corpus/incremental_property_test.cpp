// Property test of the incremental analysis: random edits (character and line inserts and
// deletes, pasted chunks, typing that keeps the syntax valid and typing that breaks it) applied to
// standard-library files one after the other; after each, the analysis that reuses the previous
// version's results must equal a from-scratch analysis of the same tree, scope by scope and
// decorator by decorator. It also fails when the reuse paths are not exercised, so that it cannot
// pass by always falling back to the whole-module build.
// The one-shot analysis (`closurelens check`, facts), whose decorator model reads the statements
// the scope walk recorded instead of walking the tree again, must equal the same from-scratch
// analysis too: on every file of the standard library, and after each edit.
//
//   incremental_property_test STDLIB_DIR [--files N] [--edits N] [--seed N]
#include "analysis/analyzed_document.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace closurelens::analysis;

namespace {

struct Options {
  fs::path stdlib;
  size_t files = 60;
  size_t edits = 50;
  uint32_t seed = 20261121;
};

struct Edit {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string text;
  int kind = -1; // which kind of edit (see EditMaker::make); -1 for an undo
};

bool continuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Keeps edits on character boundaries, as an editor's are.
uint32_t onBoundary(const std::string& text, uint32_t at) {
  while (at > 0 && at < text.size() && continuationByte(text[at]))
    --at;
  return at;
}

class EditMaker {
public:
  explicit EditMaker(uint32_t seed) : rng_(seed) {}

  void newFile() { undo_.reset(); }

  // Most edits that break the syntax are undone by the next one, as typing an opening bracket is
  // followed by its closing one; the others stay, and later edits land in broken code.
  Edit next(const std::string& text, bool broken) {
    if (undo_ && broken && pick(4) != 0) {
      Edit e = std::move(*undo_);
      undo_.reset();
      return e;
    }
    Edit e = make(text);
    undo_ = Edit{e.start, e.start + static_cast<uint32_t>(e.text.size()),
                 text.substr(e.start, e.end - e.start), -1};
    return e;
  }

private:
  Edit make(const std::string& text) {
    Edit e;
    if (text.empty()) {
      e.text = "def f():\n    return 1\n";
      return e;
    }
    const uint32_t at = onBoundary(text, pick(static_cast<uint32_t>(text.size())));
    const size_t lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
    const auto lineBegin =
        static_cast<uint32_t>(lineStart == std::string::npos || at == 0 ? 0 : lineStart + 1);
    const size_t nl = text.find('\n', at);
    const auto lineEnd = static_cast<uint32_t>(nl == std::string::npos ? text.size() : nl + 1);
    e.start = e.end = at;
    e.kind = static_cast<int>(pick(10));
    switch (e.kind) {
    case 0: // a character that breaks or bends the syntax
      e.text = std::string(1, "x(:)[]{}=,'\"#\\@"[pick(16)]);
      break;
    case 1: // delete a few characters
      e.end = onBoundary(text,
                         std::min<uint32_t>(static_cast<uint32_t>(text.size()), at + 1 + pick(4)));
      e.end = std::max(e.end, e.start);
      break;
    case 2: // delete the line
      e.start = lineBegin;
      e.end = lineEnd;
      break;
    case 3: // a new line, indented like this one
      e.start = e.end = lineBegin;
      e.text = text.substr(lineBegin, text.find_first_not_of(' ', lineBegin) - lineBegin) + "\n";
      break;
    case 4: { // paste a chunk of the file somewhere else
      const uint32_t from = onBoundary(text, pick(static_cast<uint32_t>(text.size())));
      e.text =
          text.substr(from, onBoundary(text, std::min<uint32_t>(static_cast<uint32_t>(text.size()),
                                                                from + pick(200))) -
                                from);
      break;
    }
    case 5: // duplicate the line
      e.start = e.end = lineBegin;
      e.text = text.substr(lineBegin, lineEnd - lineBegin);
      break;
    default: { // type a word at the start of an identifier: stays valid, rebinds or captures
      uint32_t word = at;
      while (word < text.size() && !isIdentifierStart(text[word]))
        ++word;
      if (word > 0 && isIdentifierStart(text[word - 1])) {
        while (word < text.size() && isIdentifierStart(text[word]))
          ++word;
        while (word < text.size() && !isIdentifierStart(text[word]))
          ++word;
      }
      e.start = e.end = std::min<uint32_t>(word, static_cast<uint32_t>(text.size()));
      static const char* const kWords[] = {"x", "self", "n_", "super().", "nonlocal_", "q"};
      e.text = kWords[pick(6)];
      break;
    }
    }
    return e;
  }

  static bool isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  uint32_t pick(uint32_t bound) {
    return bound == 0 ? 0 : std::uniform_int_distribution<uint32_t>(0, bound - 1)(rng_);
  }
  std::mt19937 rng_;
  std::optional<Edit> undo_;
};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Where two scope trees first differ, for the failure message.
std::string firstDifference(const ScopeTree& a, const ScopeTree& b) {
  if (a.scopes().size() != b.scopes().size())
    return std::to_string(a.scopes().size()) + " scopes instead of " +
           std::to_string(b.scopes().size());
  for (size_t i = 0; i < a.scopes().size(); ++i) {
    if (a.scopes()[i] == b.scopes()[i]) continue;
    return "scope " + std::to_string(i) + " (" + b.scopes()[i].qualname + ")";
  }
  return "futureAnnotations/truncated";
}

// The one-shot analysis of `snapshot` equals the scope tree and decorator model built apart.
bool oneShotMatches(const Snapshot& snapshot) {
  const auto oneShot = AnalyzedDocument::analyze(snapshot);
  return oneShot->scopes == ScopeTree::build(snapshot.root(), snapshot.source()) &&
         oneShot->decorators == DecoratorModel::build(snapshot.root(), snapshot.source());
}

struct Totals {
  size_t files = 0;
  size_t edits = 0;
  size_t statementsReused = 0;
  size_t statementsAnalysed = 0;
  size_t editsReusingStatements = 0;
  size_t decoratorModelsMoved = 0;
  // The same over the edits that leave the file without syntax errors.
  size_t cleanEdits = 0;
  size_t cleanReused = 0;
  size_t cleanAnalysed = 0;
  size_t cleanMoved = 0;
};

bool run(const Options& options) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(options.stdlib)) {
    const std::string p = entry.path().string();
    if (entry.path().extension() != ".py" || p.find("site-packages") != std::string::npos) continue;
    if (entry.file_size() > 120'000) continue; // keeps the from-scratch side quick
    paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    Document doc(readFile(path));
    if (!oneShotMatches(doc.snapshot())) {
      std::fprintf(stderr, "MISMATCH %s: one-shot analysis\n", path.c_str());
      return false;
    }
  }
  std::printf("%zu files: one-shot analysis == from scratch\n", paths.size());
  std::mt19937 shuffle(options.seed);
  std::shuffle(paths.begin(), paths.end(), shuffle);
  // The large file the benchmarks edit, with its 3,000-line class, always takes part.
  const fs::path pydecimal = options.stdlib / "_pydecimal.py";
  if (fs::exists(pydecimal)) paths.insert(paths.begin(), pydecimal);
  if (paths.size() > options.files) paths.resize(options.files);

  Totals totals;
  EditMaker maker(options.seed);
  for (const fs::path& path : paths) {
    Document doc(readFile(path));
    auto previous =
        AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr, AnalysisPurpose::Editing);
    // The first analysis for editing, from nothing, is already the composed one.
    if (!(previous->scopes == ScopeTree::build(doc.snapshot().root(), doc.text()))) {
      std::fprintf(stderr, "MISMATCH %s before any edit\n", path.c_str());
      return false;
    }
    maker.newFile();
    ++totals.files;
    for (size_t i = 0; i < options.edits; ++i) {
      Edit e = maker.next(doc.text(), ts_node_has_error(ts_tree_root_node(doc.tree())));
      if (!doc.applyEdit(e.start, e.end, e.text)) {
        std::fprintf(stderr, "%s: edit %zu does not fit the text\n", path.c_str(), i);
        return false;
      }
      Snapshot snapshot = doc.snapshot();
      // Mostly the previous analysis is handed over, as the server does; every third time it is
      // only read from, as when a request still holds it.
      auto incremental = i % 3 == 2 ? AnalyzedDocument::analyze(snapshot, {}, previous.get())
                                    : AnalyzedDocument::analyzeAfter(snapshot, std::move(previous));
      const ScopeTree scopes = ScopeTree::build(snapshot.root(), snapshot.source());
      const DecoratorModel decorators = DecoratorModel::build(snapshot.root(), snapshot.source());
      ++totals.edits;
      if (!oneShotMatches(snapshot)) {
        std::fprintf(stderr, "MISMATCH %s after edit %zu: one-shot analysis\n", path.c_str(), i);
        return false;
      }
      if (!(incremental->scopes == scopes) || !(incremental->decorators == decorators)) {
        std::fprintf(stderr, "MISMATCH %s after edit %zu (bytes %u-%u replaced by %zu bytes): %s\n",
                     path.c_str(), i, e.start, e.end, e.text.size(),
                     incremental->scopes == scopes
                         ? "decorator model differs"
                         : firstDifference(incremental->scopes, scopes).c_str());
        return false;
      }
      totals.statementsReused += incremental->reuse.statementsReused;
      totals.statementsAnalysed += incremental->reuse.statementsAnalysed;
      totals.editsReusingStatements += incremental->reuse.statementsReused > 0 ? 1 : 0;
      totals.decoratorModelsMoved += incremental->reuse.decoratorsMoved ? 1 : 0;
      if (!ts_node_has_error(snapshot.root())) {
        ++totals.cleanEdits;
        totals.cleanReused += incremental->reuse.statementsReused;
        totals.cleanAnalysed += incremental->reuse.statementsAnalysed;
        totals.cleanMoved += incremental->reuse.decoratorsMoved ? 1 : 0;
      }
      previous = std::move(incremental);
    }
  }
  std::printf("%zu files, %zu edits: incremental == from scratch after every edit\n", totals.files,
              totals.edits);
  std::printf("statements reused %zu, analysed again %zu; edits reusing statements %zu; "
              "decorator model moved after %zu edits\n",
              totals.statementsReused, totals.statementsAnalysed, totals.editsReusingStatements,
              totals.decoratorModelsMoved);
  std::printf("of the %zu edits leaving no syntax error: statements reused %zu, analysed again "
              "%zu; decorator model moved after %zu\n",
              totals.cleanEdits, totals.cleanReused, totals.cleanAnalysed, totals.cleanMoved);
  // After an edit that leaves valid code, most statements are reused and the decorator model
  // usually moves. Far less means the reuse paths were not exercised.
  if (totals.cleanEdits * 4 < totals.edits || totals.cleanReused < 10 * totals.cleanAnalysed ||
      totals.cleanMoved * 2 < totals.cleanEdits) {
    std::fprintf(stderr, "the reuse paths were not exercised enough\n");
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s STDLIB_DIR [--files N] [--edits N] [--seed N]\n", argv[0]);
    return 2;
  }
  options.stdlib = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto value = static_cast<size_t>(std::strtoul(argv[i + 1], nullptr, 10));
    if (flag == "--files") {
      options.files = value;
    } else if (flag == "--edits") {
      options.edits = value;
    } else if (flag == "--seed") {
      options.seed = static_cast<uint32_t>(value);
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (!fs::is_directory(options.stdlib)) {
    std::fprintf(stderr, "%s is not a directory\n", options.stdlib.c_str());
    return 2;
  }
  return run(options) ? 0 : 1;
}
