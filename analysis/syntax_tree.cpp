#include "analysis/syntax_tree.hpp"

extern "C" const TSLanguage* tree_sitter_python();

namespace closurelens::analysis {

const TSLanguage* pythonLanguage() {
  return tree_sitter_python();
}

ParserPtr makePythonParser() {
  ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), pythonLanguage());
  return parser;
}

TreePtr parsePython(TSParser* parser, std::string_view source, const TSTree* oldTree) {
  return TreePtr(
      ts_parser_parse_string(parser, oldTree, source.data(), static_cast<uint32_t>(source.size())));
}

} // namespace closurelens::analysis
