#include "analysis/decorator_syntax.hpp"

#include <cstring>
#include <deque>
#include <vector>

namespace closurelens::analysis::decorator_syntax {
namespace {

TSSymbol named(const TSLanguage*, const char* name) {
  return pythonSymbol(name, true);
}
TSSymbol anonymous(const TSLanguage*, const char* name) {
  return pythonSymbol(name, false);
}
TSFieldId field(const TSLanguage*, const char* name) {
  return pythonField(name);
}

Symbols makeSymbols() {
  const TSLanguage* l = pythonLanguage();
  Symbols s{};
  s.module = named(l, "module");
  s.block = named(l, "block");
  s.comment = named(l, "comment");
  s.error = static_cast<TSSymbol>(-1); // ts_node_symbol of an ERROR node is ts_builtin_sym_error
  s.decoratedDefinition = named(l, "decorated_definition");
  s.decorator = named(l, "decorator");
  s.functionDefinition = named(l, "function_definition");
  s.classDefinition = named(l, "class_definition");
  s.identifier = named(l, "identifier");
  s.attribute = named(l, "attribute");
  s.call = named(l, "call");
  s.subscript = named(l, "subscript");
  s.parenthesizedExpression = named(l, "parenthesized_expression");
  s.argumentList = named(l, "argument_list");
  s.keywordArgument = named(l, "keyword_argument");
  s.listSplat = named(l, "list_splat");
  s.dictionarySplat = named(l, "dictionary_splat");
  s.await = named(l, "await");
  s.lambda = named(l, "lambda");
  s.parameters = named(l, "parameters");
  s.lambdaParameters = named(l, "lambda_parameters");
  s.typedParameter = named(l, "typed_parameter");
  s.defaultParameter = named(l, "default_parameter");
  s.typedDefaultParameter = named(l, "typed_default_parameter");
  s.listSplatPattern = named(l, "list_splat_pattern");
  s.dictionarySplatPattern = named(l, "dictionary_splat_pattern");
  s.keywordSeparator = named(l, "keyword_separator");
  s.positionalSeparator = named(l, "positional_separator");
  s.expressionStatement = named(l, "expression_statement");
  s.assignment = named(l, "assignment");
  s.augmentedAssignment = named(l, "augmented_assignment");
  s.returnStatement = named(l, "return_statement");
  s.raiseStatement = named(l, "raise_statement");
  s.passStatement = named(l, "pass_statement");
  s.string = named(l, "string");
  s.stringContent = named(l, "string_content");
  s.importStatement = named(l, "import_statement");
  s.importFromStatement = named(l, "import_from_statement");
  s.futureImportStatement = named(l, "future_import_statement");
  s.aliasedImport = named(l, "aliased_import");
  s.dottedName = named(l, "dotted_name");
  s.relativeImport = named(l, "relative_import");
  s.wildcardImport = named(l, "wildcard_import");
  s.ifStatement = named(l, "if_statement");
  s.elifClause = named(l, "elif_clause");
  s.elseClause = named(l, "else_clause");
  s.forStatement = named(l, "for_statement");
  s.whileStatement = named(l, "while_statement");
  s.tryStatement = named(l, "try_statement");
  s.exceptClause = named(l, "except_clause");
  s.exceptGroupClause = named(l, "except_group_clause");
  s.finallyClause = named(l, "finally_clause");
  s.withStatement = named(l, "with_statement");
  s.matchStatement = named(l, "match_statement");
  s.caseClause = named(l, "case_clause");
  s.trueLiteral = named(l, "true");
  s.breakStatement = named(l, "break_statement");
  s.nonlocalStatement = named(l, "nonlocal_statement");
  s.globalStatement = named(l, "global_statement");
  s.asyncKeyword = anonymous(l, "async");
  s.none = named(l, "none");
  s.yield = named(l, "yield");
  s.fieldName = field(l, "name");
  s.fieldBody = field(l, "body");
  s.fieldParameters = field(l, "parameters");
  s.fieldDefinition = field(l, "definition");
  s.fieldFunction = field(l, "function");
  s.fieldArguments = field(l, "arguments");
  s.fieldObject = field(l, "object");
  s.fieldAttribute = field(l, "attribute");
  s.fieldLeft = field(l, "left");
  s.fieldRight = field(l, "right");
  s.fieldValue = field(l, "value");
  s.fieldAlias = field(l, "alias");
  s.fieldModuleName = field(l, "module_name");
  s.fieldCondition = field(l, "condition");
  s.fieldConsequence = field(l, "consequence");
  s.fieldAlternative = field(l, "alternative");
  return s;
}

} // namespace

// The child iterators of one thread; a deque so that borrowed iterators stay put while the pool
// grows.
struct ChildIteratorPool {
  std::deque<ChildIterator> iterators;
  size_t used = 0;
};

static ChildIteratorPool& childIteratorPool() {
  thread_local ChildIteratorPool pool;
  return pool;
}

PooledChildIterators::PooledChildIterators() : pool_(childIteratorPool()), base_(pool_.used) {}

PooledChildIterators::~PooledChildIterators() {
  pool_.used = base_;
}

ChildIterator& PooledChildIterators::push(TSNode node) {
  if (pool_.used == pool_.iterators.size()) pool_.iterators.emplace_back();
  ChildIterator& iterator = pool_.iterators[pool_.used++];
  iterator.reset(node);
  return iterator;
}

void PooledChildIterators::pop() {
  --pool_.used;
}

ChildIterator& PooledChildIterators::top() {
  return pool_.iterators[pool_.used - 1];
}

bool PooledChildIterators::empty() const {
  return pool_.used == base_;
}

const Symbols& symbols() {
  static const Symbols table = makeSymbols();
  return table;
}

TSNode unparenthesize(TSNode node) {
  const Symbols& sym = symbols();
  for (int guard = 0; guard < 64 && isNamed(node, sym.parenthesizedExpression); ++guard) {
    TSNode inner{};
    bool found = false;
    forEachNamedChild(node, [&](TSNode child) {
      if (!found) inner = child, found = true;
    });
    if (!found) break;
    node = inner;
  }
  return node;
}

bool dottedPath(TSNode node, std::string_view source, std::string& out) {
  const Symbols& sym = symbols();
  node = unparenthesize(node);
  // Attribute chains nest to the left: collect right to left, bounded for pathological input.
  std::vector<std::string_view> parts;
  for (int guard = 0; guard < 256; ++guard) {
    if (isNamed(node, sym.identifier)) {
      parts.push_back(nodeText(node, source));
      out.clear();
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (!out.empty()) out += '.';
        out += *it;
      }
      return true;
    }
    if (!isNamed(node, sym.attribute)) return false;
    TSNode attr = ts_node_child_by_field_id(node, sym.fieldAttribute);
    if (!isNamed(attr, sym.identifier)) return false;
    parts.push_back(nodeText(attr, source));
    node = unparenthesize(ts_node_child_by_field_id(node, sym.fieldObject));
  }
  return false;
}

bool docstringOf(TSNode body, std::string_view source, std::string_view& out) {
  const Symbols& sym = symbols();
  if (ts_node_is_null(body)) return false;
  TSNode first{};
  bool found = false;
  forEachNamedChild(body, [&](TSNode child) {
    if (!found) first = child, found = true;
  });
  if (!found || !isNamed(first, sym.expressionStatement)) return false;
  if (ts_node_named_child_count(first) != 1) return false;
  TSNode str = ts_node_named_child(first, 0);
  if (!isNamed(str, sym.string)) return false;
  // A docstring is one literal; implicit concatenation parses as concatenated_string instead.
  std::string_view text = nodeText(str, source);
  size_t quote = text.find_first_of("'\"");
  if (quote == std::string_view::npos) return false;
  std::string_view prefix = text.substr(0, quote);
  // f-strings are not docstrings.
  if (prefix.find_first_of("fF") != std::string_view::npos) return false;
  text.remove_prefix(quote);
  size_t q = (text.size() >= 6 && (text.starts_with("\"\"\"") || text.starts_with("'''"))) ? 3 : 1;
  if (text.size() < 2 * q) return false;
  out = text.substr(q, text.size() - 2 * q);
  return true;
}

} // namespace closurelens::analysis::decorator_syntax
