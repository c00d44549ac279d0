// Python test sources turned into what the analysis works on: parsed with tree-sitter
// (ParsedSource, for tests of one analysis pass over a tree) or analysed as a whole document
// (analyzeSource). One thread at a time.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace closurelens::testing {

// The source's text and its tree, kept together: the nodes, and what a test builds from them,
// point into both, so a ParsedSource is neither copied nor moved.
class ParsedSource {
public:
  explicit ParsedSource(std::string source);
  ParsedSource(const ParsedSource&) = delete;
  ParsedSource& operator=(const ParsedSource&) = delete;

  const std::string text;

  TSNode root() const;
  // Where `needle` first stands in the text; throws std::logic_error when it does not.
  uint32_t offsetOf(std::string_view needle) const;

private:
  analysis::TreePtr tree_;
};

// `code` opened as a document and analysed from scratch, with the default options.
std::shared_ptr<const analysis::AnalyzedDocument> analyzeSource(std::string code);

} // namespace closurelens::testing
