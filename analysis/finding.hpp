// What a check reports: a rule code, the byte range it is about, a message naming the variables
// and lines involved, the other places that make it true, and the fixes, as plain byte edits.
// Plain values; any thread may read them. The server turns them into LSP diagnostics and code
// actions, the CLI into text, JSON, SARIF and rewritten files.
#pragma once

#include "analysis/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

struct TextEdit {
  ByteRange range; // replaced bytes of the analysed text (empty for an insertion)
  std::string newText;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

enum class FixKind {
  QuickFix,        // a minimal, local edit (LSP `quickfix`)
  RefactorRewrite, // changes more than the flagged line (LSP `refactor.rewrite`)
};

struct Fix {
  std::string title; // "Add `nonlocal count`"
  FixKind kind = FixKind::QuickFix;
  bool preferred = false;      // the one a client applies on "fix this"
  bool safe = false;           // applied by source.fixAll / `check --fix` without review
  std::vector<TextEdit> edits; // non-overlapping, any order
};

struct RelatedLocation {
  ByteRange range;
  std::string message; // "`i` is rebound here on each iteration"
};

struct Finding {
  std::string code; // "CL101"
  ByteRange range;
  std::string message;
  std::vector<RelatedLocation> related;
  std::vector<Fix> fixes;
  bool unnecessary = false; // LSP DiagnosticTag.Unnecessary (code that has no effect)
};

// Applies non-overlapping edits to `text`; edits are sorted here, so any order works. Returns
// false, leaving `text` alone, when two edits overlap or one lies outside the text.
bool applyEdits(std::string& text, std::vector<TextEdit> edits);

} // namespace closurelens::analysis
