// Arbitrary bytes as a Python file: parse, scopes (3.11 and 3.12 rules), decorator model, every
// check, hover, inlay hints, semantic tokens and cell references at several positions, and every
// fix applied to the text and analysed again. Besides crashes and sanitizer reports it checks the
// invariants the analysis headers promise (ranges inside the text, tokens sorted and on one line,
// a range query equal to the whole-file query filtered, fixes that apply).
#include "analysis/analyzed_document.hpp"
#include "analysis/cell_references.hpp"
#include "analysis/checks.hpp"
#include "analysis/editor_decorations.hpp"
#include "analysis/hover_query.hpp"
#include "fuzz_check.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace closurelens::analysis;

bool inText(ByteRange range, std::string_view text) {
  return range.start <= range.end && range.end <= text.size();
}

void checkScopes(const ScopeTree& tree, std::string_view text) {
  auto scopes = tree.scopes();
  FUZZ_CHECK(!scopes.empty() && scopes.front().kind == ScopeKind::Module, "module scope first");
  for (const Scope& scope : scopes) {
    FUZZ_CHECK(scope.index == &scope - scopes.data(), "scope index is its position");
    FUZZ_CHECK(inText(scope.range, text), "scope range inside the text");
    FUZZ_CHECK(scope.parent == kNoScope || scope.parent < scope.index, "parent before child");
    for (uint32_t child : scope.children) {
      FUZZ_CHECK(child > scope.index && child < scopes.size(), "child after parent");
      FUZZ_CHECK(scopes[child].parent == scope.index, "child names its parent");
    }
    FUZZ_CHECK(std::is_sorted(scope.symbols.begin(), scope.symbols.end(),
                              [](const Symbol& a, const Symbol& b) { return a.name < b.name; }),
               "symbols sorted by name");
    for (const Symbol& symbol : scope.symbols) {
      for (const Occurrence& occ : symbol.occurrences)
        FUZZ_CHECK(inText(occ.range, text), "occurrence inside the text");
    }
    for (const std::string& name : scope.freevars)
      FUZZ_CHECK(scope.find(name) != nullptr, "a free variable is a symbol of its scope");
    // A class's implicit `__class__` cell (for super() in its methods) and `__classdict__` cell
    // (for its PEP 695 annotation scopes) are no symbols of it.
    for (const std::string& name : scope.cellvars) {
      FUZZ_CHECK(scope.find(name) != nullptr || (name == "__class__" && scope.needsClassClosure) ||
                     (name == "__classdict__" && scope.needsClassDict),
                 "a cell variable is a symbol of its scope");
    }
  }
}

// Byte offsets worth asking about: spread over the text, plus the start of every scope and
// scope name and of the first occurrences of their symbols (where hover has something to say).
std::vector<uint32_t> probePositions(const AnalyzedDocument& doc) {
  std::vector<uint32_t> out;
  auto size = static_cast<uint32_t>(doc.source().size());
  for (uint32_t k = 0; k <= 16; ++k)
    out.push_back(static_cast<uint32_t>(uint64_t{size} * k / 16));
  for (const Scope& scope : doc.scopes.scopes()) {
    if (out.size() >= 96) break;
    out.push_back(scope.range.start);
    out.push_back(scope.nameRange.start);
    for (const Symbol& symbol : scope.symbols) {
      if (!symbol.occurrences.empty()) out.push_back(symbol.occurrences.front().range.start);
      if (out.size() >= 96) break;
    }
  }
  return out;
}

void checkHints(const AnalyzedDocument& doc, ByteRange whole, ByteRange part) {
  InlayHintOptions options;
  options.maxLength = 12;
  auto all = inlayHints(doc, whole, options);
  for (const InlayHintInfo& hint : all) {
    FUZZ_CHECK(hint.position <= whole.end, "inlay hint inside the text");
    FUZZ_CHECK(!hint.parts.empty(), "inlay hint has a label");
    for (const InlayHintPart& p : hint.parts)
      FUZZ_CHECK(!p.target || inText(*p.target, doc.source()), "hint link inside the text");
  }
  FUZZ_CHECK(std::is_sorted(all.begin(), all.end(),
                            [](const auto& a, const auto& b) { return a.position < b.position; }),
             "inlay hints sorted");
  std::vector<uint32_t> expected;
  for (const InlayHintInfo& hint : all) {
    if (hint.position >= part.start && hint.position <= part.end) expected.push_back(hint.position);
  }
  std::vector<uint32_t> got;
  for (const InlayHintInfo& hint : inlayHints(doc, part, options))
    got.push_back(hint.position);
  FUZZ_CHECK(got == expected, "hints of a range are the whole file's hints in that range");
}

void checkTokens(const AnalyzedDocument& doc, ByteRange whole, ByteRange part) {
  std::string_view text = doc.source();
  auto all = semanticTokens(doc, whole);
  uint32_t previousEnd = 0;
  for (const SemanticToken& token : all) {
    FUZZ_CHECK(inText(token.range, text) && token.range.start < token.range.end,
               "semantic token is a non-empty range of the text");
    FUZZ_CHECK(token.range.start >= previousEnd, "semantic tokens sorted, not overlapping");
    FUZZ_CHECK(doc.lines().lineOf(token.range.start) == doc.lines().lineOf(token.range.end - 1),
               "semantic token on one line");
    previousEnd = token.range.end;
  }
  std::vector<uint32_t> expected;
  for (const SemanticToken& token : all) {
    if (token.range.start >= part.start && token.range.start < part.end)
      expected.push_back(token.range.start);
  }
  std::vector<uint32_t> got;
  for (const SemanticToken& token : semanticTokens(doc, part))
    got.push_back(token.range.start);
  FUZZ_CHECK(got == expected, "tokens of a range are the whole file's tokens in that range");
}

void checkQueriesAt(const AnalyzedDocument& doc, uint32_t byte) {
  std::string_view text = doc.source();
  if (auto hover = hoverAt(doc, byte)) {
    FUZZ_CHECK(inText(hover->range, text), "hover range inside the text");
  }
  if (auto cell = cellAt(doc, byte)) {
    FUZZ_CHECK(cell->owner < doc.scopes.scopes().size(), "a cell's owner is a scope");
    auto refs = cellReferences(doc, *cell);
    for (const CellReference& ref : refs)
      FUZZ_CHECK(inText(ref.range, text), "cell reference inside the text");
    FUZZ_CHECK(
        std::is_sorted(refs.begin(), refs.end(),
                       [](const auto& a, const auto& b) { return a.range.start < b.range.start; }),
        "cell references in source order");
  }
}

// Every fix's edits are applied; the first few fixed texts are analysed again (a file can have
// hundreds of findings, and each re-analysis is a whole parse). A safe fix, the kind applied
// without review, must not turn code that parses into code that does not.
void checkFindings(const AnalyzedDocument& doc) {
  std::string_view text = doc.source();
  bool parsed = !ts_node_has_error(doc.snapshot.root());
  int reanalyses = 16;
  for (const Finding& finding : runAllChecks(doc)) {
    FUZZ_CHECK(inText(finding.range, text), "finding range inside the text");
    FUZZ_CHECK(!finding.message.empty(), "finding has a message");
    for (const RelatedLocation& related : finding.related)
      FUZZ_CHECK(inText(related.range, text), "related location inside the text");
    for (const Fix& fix : finding.fixes) {
      std::string fixed(text);
      FUZZ_CHECK(applyEdits(fixed, fix.edits), "a fix's edits apply (inside, not overlapping)");
      if (reanalyses-- <= 0) continue;
      Document after(std::move(fixed));
      auto reanalysed = AnalyzedDocument::analyze(after.snapshot());
      if (parsed && fix.safe) {
        FUZZ_CHECK(!ts_node_has_error(reanalysed->snapshot.root()),
                   "a safe fix keeps the file parseable");
      }
      runAllChecks(*reanalysed);
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Document document(text);
  Snapshot snapshot = document.snapshot();
  auto doc = AnalyzedDocument::analyze(snapshot);
  checkScopes(doc->scopes, text);

  AnalysisOptions python312;
  python312.version = {3, 12};
  checkScopes(AnalyzedDocument::analyze(snapshot, python312)->scopes, text);

  auto end = static_cast<uint32_t>(size);
  ByteRange whole{0, end};
  ByteRange part{end / 3, end - end / 4};
  checkHints(*doc, whole, part);
  checkTokens(*doc, whole, part);
  for (uint32_t byte : probePositions(*doc))
    checkQueriesAt(*doc, byte);
  checkFindings(*doc);
  return 0;
}
