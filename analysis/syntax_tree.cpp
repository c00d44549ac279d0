#include "analysis/syntax_tree.hpp"

extern "C" const TSLanguage* tree_sitter_python();

namespace closurelens::analysis {

const TSLanguage* pythonLanguage() {
  return tree_sitter_python();
}

TSSymbol pythonSymbol(std::string_view name, bool named) {
  return ts_language_symbol_for_name(pythonLanguage(), name.data(),
                                     static_cast<uint32_t>(name.size()), named);
}

TSFieldId pythonField(std::string_view name) {
  return ts_language_field_id_for_name(pythonLanguage(), name.data(),
                                       static_cast<uint32_t>(name.size()));
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
