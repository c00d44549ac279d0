// Symbol and field ids of the tree-sitter-python grammar, looked up once so that hot loops compare
// integers instead of type-name strings. Immutable after first use; any thread may read it.
#pragma once

#include <tree_sitter/api.h>

namespace closurelens::analysis {

struct PythonGrammarIds {
  // Node symbols (named nodes).
  TSSymbol identifier, module, block, functionDefinition, classDefinition, decoratedDefinition,
      decorator, lambda, lambdaParameters, parameters, defaultParameter, typedParameter,
      typedDefaultParameter, listSplatPattern, dictionarySplatPattern, keywordSeparator,
      positionalSeparator, tuplePattern, listPattern, patternList, listSplat, dictionarySplat,
      expressionList, tuple, list, parenthesizedExpression, listComprehension, setComprehension,
      dictionaryComprehension, generatorExpression, forInClause, ifClause, namedExpression,
      attribute, subscript, keywordArgument, assignment, augmentedAssignment, forStatement,
      withItem, asPattern, asPatternTarget, exceptClause, exceptGroupClause, importStatement,
      importFromStatement, futureImportStatement, aliasedImport, dottedName, globalStatement,
      nonlocalStatement, deleteStatement, matchStatement, caseClause, casePattern, classPattern,
      unionPattern, keywordPattern, splatPattern, dictPattern, memberType, printStatement,
      execStatement, returnStatement, raiseStatement, continueStatement, breakStatement, string,
      stringContent, stringStart, stringEnd, comment, integer, floatLiteral, expressionStatement,
      ifStatement, whileStatement, tryStatement, withStatement, elseClause, elifClause,
      finallyClause, typeNode, trueLiteral, falseLiteral, noneLiteral, ellipsis, assertStatement,
      notOperator, booleanOperator, unaryOperator, binaryOperator, conditionalExpression,
      concatenatedString, slice, typeParameter, typeAliasStatement, constrainedType, splatType,
      genericType, error;
  // Fields.
  TSFieldId fieldName, fieldParameters, fieldBody, fieldValue, fieldLeft, fieldRight, fieldType,
      fieldAlias, fieldDefinition, fieldSuperclasses, fieldReturnType, fieldObject, fieldKey,
      fieldGuard, fieldModuleName, fieldSubject, fieldConsequence, fieldAlternative, fieldCondition,
      fieldFunction, fieldArguments, fieldAttribute, fieldTypeParameters, fieldOperator;

  static const PythonGrammarIds& get();
};

} // namespace closurelens::analysis
