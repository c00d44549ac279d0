// Suppression comments: whether a finding is silenced by a comment on the line it is reported on
// (`# noqa`, `# noqa: CL201,B023`, `# pylint: disable=cell-var-from-loop`,
// `# closurelens: ignore[CL201]`) or by `# closurelens: ignore-file` above the first statement.
// Only real comments count (tree-sitter `comment` nodes, so a "# noqa" in a string does not).
// Pure functions of an immutable AnalyzedDocument; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace closurelens::server {

// What one comment suppresses.
struct CommentSuppression {
  bool everything = false;        // bare `# noqa`, `# closurelens: ignore`, `disable=all`
  std::vector<std::string> codes; // closurelens codes ("CL201"), aliases resolved
  std::vector<std::string>
      prefixes; // code prefixes written in a noqa list ("CL2"), as flake8 allows
  bool suppresses(std::string_view code) const;
  bool empty() const { return !everything && codes.empty() && prefixes.empty(); }
};

// The line-level suppressions in one comment's text (starting with '#'). A comment may hold
// several (`# type: ignore  # noqa: CL201`). Codes are matched case-insensitively and through the
// catalogue's names and aliases; tokens that name nothing are ignored.
CommentSuppression parseSuppressionComment(std::string_view comment);

// The file-level suppression of one comment: `# closurelens: ignore-file` (everything) or
// `# closurelens: ignore-file[CL201, CL105]`.
CommentSuppression parseFileSuppressionComment(std::string_view comment);

// The suppressions of one document, looked up per line on demand.
class Suppressions {
public:
  explicit Suppressions(const analysis::AnalyzedDocument& doc);

  // The whole file (or the finding's code for the whole file) is silenced by a comment above
  // the first statement.
  const CommentSuppression& fileLevel() const { return fileLevel_; }
  // Whether `finding` is silenced: by the file-level comment, or by a comment on the line of
  // finding.range.start.
  bool suppresses(const analysis::Finding& finding) const;
  // Whether a comment on `line` (0-based) silences `code`.
  bool suppressesOnLine(std::string_view code, uint32_t line) const;

private:
  const analysis::AnalyzedDocument& doc_;
  CommentSuppression fileLevel_;
};

} // namespace closurelens::server
