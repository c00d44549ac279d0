#include "analysis/python_grammar_ids.hpp"

#include "analysis/syntax_tree.hpp"

#include <cstring>

namespace closurelens::analysis {
namespace {

TSSymbol named(const TSLanguage*, const char* name) {
  return pythonSymbol(name, true);
}
TSFieldId field(const TSLanguage*, const char* name) {
  return pythonField(name);
}

PythonGrammarIds lookUp() {
  const TSLanguage* l = pythonLanguage();
  PythonGrammarIds ids{};
  ids.identifier = named(l, "identifier");
  ids.module = named(l, "module");
  ids.block = named(l, "block");
  ids.functionDefinition = named(l, "function_definition");
  ids.classDefinition = named(l, "class_definition");
  ids.decoratedDefinition = named(l, "decorated_definition");
  ids.decorator = named(l, "decorator");
  ids.lambda = named(l, "lambda");
  ids.lambdaParameters = named(l, "lambda_parameters");
  ids.parameters = named(l, "parameters");
  ids.defaultParameter = named(l, "default_parameter");
  ids.typedParameter = named(l, "typed_parameter");
  ids.typedDefaultParameter = named(l, "typed_default_parameter");
  ids.listSplatPattern = named(l, "list_splat_pattern");
  ids.dictionarySplatPattern = named(l, "dictionary_splat_pattern");
  ids.keywordSeparator = named(l, "keyword_separator");
  ids.positionalSeparator = named(l, "positional_separator");
  ids.tuplePattern = named(l, "tuple_pattern");
  ids.listPattern = named(l, "list_pattern");
  ids.patternList = named(l, "pattern_list");
  ids.listSplat = named(l, "list_splat");
  ids.dictionarySplat = named(l, "dictionary_splat");
  ids.expressionList = named(l, "expression_list");
  ids.tuple = named(l, "tuple");
  ids.list = named(l, "list");
  ids.parenthesizedExpression = named(l, "parenthesized_expression");
  ids.listComprehension = named(l, "list_comprehension");
  ids.setComprehension = named(l, "set_comprehension");
  ids.dictionaryComprehension = named(l, "dictionary_comprehension");
  ids.generatorExpression = named(l, "generator_expression");
  ids.forInClause = named(l, "for_in_clause");
  ids.ifClause = named(l, "if_clause");
  ids.namedExpression = named(l, "named_expression");
  ids.attribute = named(l, "attribute");
  ids.subscript = named(l, "subscript");
  ids.keywordArgument = named(l, "keyword_argument");
  ids.assignment = named(l, "assignment");
  ids.augmentedAssignment = named(l, "augmented_assignment");
  ids.forStatement = named(l, "for_statement");
  ids.withItem = named(l, "with_item");
  ids.asPattern = named(l, "as_pattern");
  ids.asPatternTarget = named(l, "as_pattern_target");
  ids.exceptClause = named(l, "except_clause");
  ids.exceptGroupClause = named(l, "except_group_clause");
  ids.importStatement = named(l, "import_statement");
  ids.importFromStatement = named(l, "import_from_statement");
  ids.futureImportStatement = named(l, "future_import_statement");
  ids.aliasedImport = named(l, "aliased_import");
  ids.dottedName = named(l, "dotted_name");
  ids.globalStatement = named(l, "global_statement");
  ids.nonlocalStatement = named(l, "nonlocal_statement");
  ids.deleteStatement = named(l, "delete_statement");
  ids.matchStatement = named(l, "match_statement");
  ids.caseClause = named(l, "case_clause");
  ids.casePattern = named(l, "case_pattern");
  ids.classPattern = named(l, "class_pattern");
  ids.unionPattern = named(l, "union_pattern");
  ids.keywordPattern = named(l, "keyword_pattern");
  ids.splatPattern = named(l, "splat_pattern");
  ids.dictPattern = named(l, "dict_pattern");
  ids.memberType = named(l, "member_type");
  ids.printStatement = named(l, "print_statement");
  ids.execStatement = named(l, "exec_statement");
  ids.returnStatement = named(l, "return_statement");
  ids.raiseStatement = named(l, "raise_statement");
  ids.continueStatement = named(l, "continue_statement");
  ids.breakStatement = named(l, "break_statement");
  ids.string = named(l, "string");
  ids.stringContent = named(l, "string_content");
  ids.stringStart = named(l, "string_start");
  ids.stringEnd = named(l, "string_end");
  ids.comment = named(l, "comment");
  ids.integer = named(l, "integer");
  ids.floatLiteral = named(l, "float");
  ids.expressionStatement = named(l, "expression_statement");
  ids.ifStatement = named(l, "if_statement");
  ids.whileStatement = named(l, "while_statement");
  ids.tryStatement = named(l, "try_statement");
  ids.withStatement = named(l, "with_statement");
  ids.elseClause = named(l, "else_clause");
  ids.elifClause = named(l, "elif_clause");
  ids.finallyClause = named(l, "finally_clause");
  ids.typeNode = named(l, "type");
  ids.trueLiteral = named(l, "true");
  ids.falseLiteral = named(l, "false");
  ids.noneLiteral = named(l, "none");
  ids.ellipsis = named(l, "ellipsis");
  ids.assertStatement = named(l, "assert_statement");
  ids.notOperator = named(l, "not_operator");
  ids.booleanOperator = named(l, "boolean_operator");
  ids.unaryOperator = named(l, "unary_operator");
  ids.binaryOperator = named(l, "binary_operator");
  ids.conditionalExpression = named(l, "conditional_expression");
  ids.concatenatedString = named(l, "concatenated_string");
  ids.slice = named(l, "slice");
  ids.typeParameter = named(l, "type_parameter");
  ids.typeAliasStatement = named(l, "type_alias_statement");
  ids.constrainedType = named(l, "constrained_type");
  ids.splatType = named(l, "splat_type");
  ids.genericType = named(l, "generic_type");
  ids.error = static_cast<TSSymbol>(-1); // ts_builtin_sym_error, not in the public header

  ids.fieldName = field(l, "name");
  ids.fieldTypeParameters = field(l, "type_parameters");
  ids.fieldParameters = field(l, "parameters");
  ids.fieldBody = field(l, "body");
  ids.fieldValue = field(l, "value");
  ids.fieldLeft = field(l, "left");
  ids.fieldRight = field(l, "right");
  ids.fieldType = field(l, "type");
  ids.fieldAlias = field(l, "alias");
  ids.fieldDefinition = field(l, "definition");
  ids.fieldSuperclasses = field(l, "superclasses");
  ids.fieldReturnType = field(l, "return_type");
  ids.fieldObject = field(l, "object");
  ids.fieldKey = field(l, "key");
  ids.fieldGuard = field(l, "guard");
  ids.fieldModuleName = field(l, "module_name");
  ids.fieldSubject = field(l, "subject");
  ids.fieldConsequence = field(l, "consequence");
  ids.fieldAlternative = field(l, "alternative");
  ids.fieldCondition = field(l, "condition");
  ids.fieldOperator = field(l, "operator");
  ids.fieldFunction = field(l, "function");
  ids.fieldArguments = field(l, "arguments");
  ids.fieldAttribute = field(l, "attribute");
  return ids;
}

} // namespace

const PythonGrammarIds& PythonGrammarIds::get() {
  static const PythonGrammarIds ids = lookUp();
  return ids;
}

} // namespace closurelens::analysis
