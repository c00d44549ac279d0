// A Python text and a sequence of edits decoded from the input, applied one by one to a Document
// (incremental re-parse, as the server does on didChange). After every edit the analysis of the
// incrementally edited document must equal a from-scratch parse and analysis of the same text:
// every scope's facts (kind, names, ranges, parameters, free and cell variables, every symbol with
// its flags, scope and occurrences) and every finding with its fixes.
//
// Input layout (everything past the end of the input reads as zero):
//   u8 flags (bit 0: Python 3.12 rules), u16le text length, the text, then edits, each
//   u8 op, u16le a, u16le b, u8 n, then op-specific payload (see applyOne).
//
// When tree-sitter's incremental re-parse yields another tree than a fresh parse (its error
// recovery depends on the previous tree), the two analyses may rightly differ; the incremental
// result is then compared with a from-scratch analysis of the incremental tree instead, and the
// divergence counted (printed at exit).
#include "analysis/analyzed_document.hpp"
#include "analysis/checks.hpp"
#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace closurelens::analysis;

constexpr size_t kMaxText = 16 << 10;
constexpr int kMaxEdits = 64;

// Pieces of Python that make edits look like typing: openers of every scope kind, binding forms,
// declarations, and the tokens whose absence breaks the grammar.
constexpr std::string_view kFragments[] = {
    "def f(",
    "):",
    "\n",
    "    ",
    "\t",
    "lambda x: ",
    "nonlocal x\n",
    "global x\n",
    "x",
    "y",
    "i",
    " = ",
    "return ",
    "yield ",
    "class C:",
    "@",
    "deco",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "for i in r:",
    "async ",
    "await ",
    "with a as b:",
    "except E as e:",
    "try:",
    "del x",
    "import functools\n",
    "@functools.wraps(fn)\n",
    "__class__",
    "super()",
    "(y := 1)",
    "[x for x in y]",
    "#",
    "\"\"\"",
    "'",
    "\\\n",
    "\r\n",
    "*args",
    "**kw",
    "pass\n",
    "if x:",
    "else:",
    "match x:\n    case [a, *b]:",
    "print(x)",
    "x += 1",
    "__x",
    "fn(*a, **k)",
    " ",
    "\xc3\xa9",
    "\xff",
    "def wrapper(*args, **kwargs):\n",
    "return wrapper\n",
    "from m import x\n",
    "class K(B):\n    def m(self):",
    "{k: v for k in y}",
    "(x for x in y)",
    "x: int = 1",
    "while x:",
};

class Reader {
public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() {
    uint16_t low = u8();
    return static_cast<uint16_t>(low | (u8() << 8));
  }
  std::string_view bytes(size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    std::string_view out(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return out;
  }

private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

uint64_t gTreeDivergences = 0;
uint64_t gComparisons = 0;

// The analysis under test: the incremental one, reusing what the edits left of `previous`,
// which it takes over as the server does.
std::shared_ptr<const AnalyzedDocument>
analyzeAfterEdit(Snapshot snapshot, const AnalysisOptions& options,
                 std::shared_ptr<const AnalyzedDocument> previous) {
  if (!previous) {
    return AnalyzedDocument::analyze(std::move(snapshot), options, nullptr, nullptr,
                                     AnalysisPurpose::Editing);
  }
  return AnalyzedDocument::analyzeAfter(std::move(snapshot), std::move(previous), options);
}

void describeRange(std::string& out, ByteRange range) {
  out += '[' + std::to_string(range.start) + ',' + std::to_string(range.end) + ')';
}

// Every fact of the analysis that is compared, one line per scope, symbol and finding, so that
// a mismatch prints as the first differing line.
std::string describe(const AnalyzedDocument& doc) {
  std::string out;
  for (const Scope& scope : doc.scopes.scopes()) {
    out += "scope " + std::to_string(scope.index) + ' ' + std::string(scopeKindName(scope.kind)) +
           ' ' + scope.qualname + " name=" + scope.name +
           " line=" + std::to_string(scope.firstLine) + " parent=" + std::to_string(scope.parent);
    describeRange(out, scope.range);
    describeRange(out, scope.nameRange);
    out += " code=" + std::to_string(scope.hasCode) +
           " classcell=" + std::to_string(scope.needsClassClosure) +
           " private=" + scope.privateName;
    out += " children=";
    for (uint32_t child : scope.children)
      out += std::to_string(child) + ',';
    out += " params=";
    for (const std::string& p : scope.parameters)
      out += p + ',';
    out += " free=";
    for (const std::string& v : scope.freevars)
      out += v + ',';
    out += " cell=";
    for (const std::string& v : scope.cellvars)
      out += v + ',';
    out += '\n';
    for (const Symbol& symbol : scope.symbols) {
      out += "  " + symbol.name + " flags=" + std::to_string(symbol.flags) +
             " scope=" + std::to_string(static_cast<int>(symbol.scope)) + " at";
      for (const Occurrence& occ : symbol.occurrences) {
        out += ' ' + std::to_string(static_cast<int>(occ.kind));
        describeRange(out, occ.range);
      }
      out += '\n';
    }
  }
  out += "truncated=" + std::to_string(doc.scopes.truncated()) +
         " future=" + std::to_string(doc.scopes.futureAnnotations()) + '\n';
  for (const Finding& finding : runAllChecks(doc)) {
    out += finding.code;
    describeRange(out, finding.range);
    out += ' ' + finding.message + '\n';
    for (const Fix& fix : finding.fixes) {
      out += "  fix " + fix.title;
      for (const TextEdit& edit : fix.edits) {
        describeRange(out, edit.range);
        out += edit.newText + '|';
      }
      out += '\n';
    }
  }
  return out;
}

// Same node types, fields, byte ranges and MISSING marks, walking both trees in step.
bool sameTree(TSNode a, TSNode b) {
  TreeCursor left(a);
  TreeCursor right(b);
  for (;;) {
    TSNode x = ts_tree_cursor_current_node(left.get());
    TSNode y = ts_tree_cursor_current_node(right.get());
    if (ts_node_symbol(x) != ts_node_symbol(y) || ts_node_start_byte(x) != ts_node_start_byte(y) ||
        ts_node_end_byte(x) != ts_node_end_byte(y) ||
        ts_node_is_missing(x) != ts_node_is_missing(y) ||
        ts_node_child_count(x) != ts_node_child_count(y) ||
        ts_tree_cursor_current_field_id(left.get()) !=
            ts_tree_cursor_current_field_id(right.get())) {
      return false;
    }
    if (ts_tree_cursor_goto_first_child(left.get())) {
      ts_tree_cursor_goto_first_child(right.get());
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(left.get())) {
      if (!ts_tree_cursor_goto_parent(left.get())) return true;
      ts_tree_cursor_goto_parent(right.get());
    }
    ts_tree_cursor_goto_next_sibling(right.get());
  }
}

[[noreturn]] void reportMismatch(const std::string& want, const std::string& got,
                                 std::string_view text, const char* what) {
  size_t at = 0;
  while (at < want.size() && at < got.size() && want[at] == got[at])
    ++at;
  size_t lineStart = want.rfind('\n', at);
  lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
  // fwrite, not %s: the text may hold NUL bytes.
  std::fprintf(stderr, "text after the edits (%zu bytes):\n", text.size());
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fprintf(stderr, "\n---\nfrom scratch: %.300s\n", want.c_str() + lineStart);
  std::fprintf(stderr, "incremental:  %.300s\n", got.c_str() + std::min(lineStart, got.size()));
  FUZZ_CHECK(false, what);
  std::abort();
}

void compareWithFreshParse(const Document& document, const AnalyzedDocument& incremental,
                           const AnalysisOptions& options) {
  ++gComparisons;
  Document fresh(document.text());
  auto scratch = AnalyzedDocument::analyze(fresh.snapshot(), options);
  std::string want = describe(*scratch);
  std::string got = describe(incremental);
  if (want == got) return;
  if (sameTree(scratch->snapshot.root(), incremental.snapshot.root())) {
    reportMismatch(want, got, document.text(), "same tree, different analysis");
  }
  ++gTreeDivergences;
  auto sameTree = AnalyzedDocument::analyze(document.snapshot(), options);
  std::string wantSameTree = describe(*sameTree);
  if (wantSameTree != got) {
    reportMismatch(wantSameTree, got, document.text(),
                   "incremental analysis differs from a from-scratch analysis of the same tree");
  }
}

void checkDocument(const Document& document, const std::string& expected,
                   const std::vector<ByteRange>& changed) {
  FUZZ_CHECK(document.text() == expected, "the document's text is the edited text");
  LineTable lines(expected);
  FUZZ_CHECK(document.lines().lineCount() == lines.lineCount(), "line table follows the edits");
  for (uint32_t byte : {uint32_t{0}, static_cast<uint32_t>(expected.size() / 2),
                        static_cast<uint32_t>(expected.size())}) {
    TSPoint a = document.pointAt(byte);
    TSPoint b = lines.pointAt(byte);
    FUZZ_CHECK(a.row == b.row && a.column == b.column, "points follow the edits");
  }
  for (ByteRange range : changed)
    FUZZ_CHECK(range.start <= range.end && range.end <= expected.size(), "changed range in text");
}

std::string fragments(Reader& in, uint8_t count) {
  std::string out;
  for (uint8_t i = 0; i < count % 8 + 1; ++i)
    out += kFragments[in.u8() % std::size(kFragments)];
  return out;
}

struct Edit {
  uint32_t start;
  uint32_t end;
  std::string text;
};

class Session {
public:
  Session(std::string text, AnalysisOptions options)
      : options_(options), text_(text), document_(std::move(text)) {
    current_ = analyzeAfterEdit(document_.snapshot(), options_, nullptr);
  }

  // One edit inside the text; skipped when the text would outgrow kMaxText.
  void apply(const Edit& edit) {
    if (text_.size() - (edit.end - edit.start) + edit.text.size() > kMaxText) return;
    std::vector<ByteRange> changed;
    FUZZ_CHECK(document_.applyEdit(edit.start, edit.end, edit.text, &changed),
               "an edit inside the text applies");
    text_.replace(edit.start, edit.end - edit.start, edit.text);
    checkDocument(document_, text_, changed);
    current_ = analyzeAfterEdit(document_.snapshot(), options_, std::move(current_));
    compareWithFreshParse(document_, *current_, options_);
  }

  // An edit whose range does not fit is refused and changes nothing.
  void applyOutOfRange(uint32_t start, uint32_t end) {
    FUZZ_CHECK(!document_.applyEdit(start, end, "x"), "an edit outside the text is refused");
    FUZZ_CHECK(document_.text() == text_, "a refused edit changes nothing");
  }

  const std::string& text() const { return text_; }

private:
  AnalysisOptions options_;
  std::string text_;
  Document document_;
  std::shared_ptr<const AnalyzedDocument> current_;
};

// Decodes and applies one edit. a and b pick positions (modulo the text size + 1), n a count.
void applyOne(Session& session, Reader& in) {
  uint8_t op = in.u8();
  uint16_t a = in.u16();
  uint16_t b = in.u16();
  uint8_t n = in.u8();
  const std::string& text = session.text();
  auto size = static_cast<uint32_t>(text.size());
  uint32_t start = a % (size + 1);
  uint32_t end = std::min<uint32_t>(size, start + b % 64);
  switch (op % 7) {
  case 0: // insert fragments
    session.apply({start, start, fragments(in, n)});
    break;
  case 1: // delete
    session.apply({start, end, ""});
    break;
  case 2: // replace by fragments
    session.apply({start, end, fragments(in, n)});
    break;
  case 3: // insert raw bytes
    session.apply({start, start, std::string(in.bytes(n % 16))});
    break;
  case 4: { // copy a piece of the text elsewhere (pasting a line, duplicating a block)
    uint32_t from = b % (size + 1);
    uint32_t length = std::min<uint32_t>(size - from, n);
    session.apply({start, start, text.substr(from, length)});
    break;
  }
  case 5: { // type a fragment one byte at a time, as an editor sends keystrokes
    std::string typed = fragments(in, 0);
    for (size_t i = 0; i < typed.size(); ++i)
      session.apply(
          {static_cast<uint32_t>(start + i), static_cast<uint32_t>(start + i), typed.substr(i, 1)});
    break;
  }
  case 6: // a range that does not fit
    session.applyOutOfRange(size + 1 + a % 4, size + 1 + a % 4 + b % 4);
    break;
  }
}

void printStatistics() {
  if (gComparisons == 0) return;
  std::fprintf(stderr,
               "fuzz_edits: %llu comparisons, %llu with an incremental tree that differs from a "
               "fresh parse\n",
               static_cast<unsigned long long>(gComparisons),
               static_cast<unsigned long long>(gTreeDivergences));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::atexit(printStatistics);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  uint8_t flags = in.u8();
  AnalysisOptions options;
  if (flags & 1) options.version = {3, 12};
  uint16_t length = in.u16();
  Session session(std::string(in.bytes(std::min<size_t>(length, kMaxText))), options);
  for (int i = 0; i < kMaxEdits && !in.done(); ++i)
    applyOne(session, in);
  return 0;
}
