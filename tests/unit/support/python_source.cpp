#include "support/python_source.hpp"

#include "analysis/document.hpp"

#include <stdexcept>
#include <utility>

namespace closurelens::testing {

ParsedSource::ParsedSource(std::string source) : text(std::move(source)) {
  analysis::ParserPtr parser = analysis::makePythonParser();
  tree_ = analysis::parsePython(parser.get(), text);
}

TSNode ParsedSource::root() const {
  return ts_tree_root_node(tree_.get());
}

uint32_t ParsedSource::offsetOf(std::string_view needle) const {
  size_t at = text.find(needle);
  if (at == std::string::npos) throw std::logic_error("not in the fixture: " + std::string(needle));
  return static_cast<uint32_t>(at);
}

std::shared_ptr<const analysis::AnalyzedDocument> analyzeSource(std::string code) {
  return analysis::AnalyzedDocument::analyze(analysis::Document(std::move(code)).snapshot());
}

} // namespace closurelens::testing
