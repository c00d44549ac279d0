// Shape analysis of a decorator's definition: is it a plain decorator, a factory, a class-based or
// a pass-through decorator, and what does its wrapper do with the call and the metadata.
#include "analysis/decorator_analysis.hpp"
#include "analysis/decorator_model.hpp"
#include "analysis/decorator_syntax.hpp"

#include <algorithm>

namespace closurelens::analysis {

using namespace decorator_syntax;

namespace {

constexpr int kMaxNesting = 8;

TSNode bodyOf(TSNode def) {
  return ts_node_child_by_field_id(def, symbols().fieldBody);
}

bool isAsyncDef(TSNode def) {
  const Symbols& sym = symbols();
  uint32_t n = ts_node_child_count(def);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode child = ts_node_child(def, i);
    if (ts_node_symbol(child) == sym.asyncKeyword) return true;
    if (ts_node_is_named(child)) break;
  }
  return false;
}

// A def or class with the statement that holds it: the decorated_definition around it, or itself.
// Carried along because ts_node_parent walks down from the root, which is quadratic on big files.
struct DefNode {
  TSNode def;
  TSNode outer;
  static DefNode of(TSNode statement) {
    const Symbols& sym = symbols();
    if (isNamed(statement, sym.decoratedDefinition)) {
      TSNode def = ts_node_child_by_field_id(statement, sym.fieldDefinition);
      if (!ts_node_is_null(def)) return {def, statement};
    }
    return {statement, statement};
  }
};

void parseSignatureInto(TSNode parameters, std::string_view source, Signature& sig,
                        size_t limit = SIZE_MAX) {
  const Symbols& sym = symbols();
  sig.parameters.clear();
  if (limit == 0) return;
  bool keywordOnly = false;
  forEachNamedChild(parameters, [&](TSNode param) {
    TSSymbol type = ts_node_symbol(param);
    if (type == sym.positionalSeparator) {
      for (Parameter& p : sig.parameters)
        if (p.kind == ParameterKind::PositionalOrKeyword) p.kind = ParameterKind::PositionalOnly;
      return true;
    }
    if (type == sym.keywordSeparator) {
      keywordOnly = true;
      return true;
    }
    Parameter p;
    p.range = rangeOf(param);
    TSNode name = param;
    if (type == sym.defaultParameter || type == sym.typedDefaultParameter) {
      p.hasDefault = true;
      name = ts_node_child_by_field_id(param, sym.fieldName);
    } else if (type == sym.typedParameter) {
      name = ts_node_named_child(param, 0);
    }
    if (isNamed(name, sym.listSplatPattern)) {
      p.kind = ParameterKind::VarPositional;
      keywordOnly = true;
      name = ts_node_named_child(name, 0);
    } else if (isNamed(name, sym.dictionarySplatPattern)) {
      p.kind = ParameterKind::VarKeyword;
      name = ts_node_named_child(name, 0);
    } else if (keywordOnly) {
      p.kind = ParameterKind::KeywordOnly;
    }
    if (!isNamed(name, sym.identifier)) return true; // tuple parameters, errors
    p.name = nodeText(name, source);
    sig.parameters.push_back(p);
    return sig.parameters.size() < limit;
  });
}

Signature parseSignature(TSNode parameters, std::string_view source) {
  Signature sig;
  parseSignatureInto(parameters, source, sig);
  return sig;
}

Signature signatureOf(TSNode def, std::string_view source) {
  return parseSignature(ts_node_child_by_field_id(def, symbols().fieldParameters), source);
}

// Visits the nodes of a function body that run in that function's own frame: nested def, class
// and lambda nodes are visited but not entered.
template <typename Visit> void walkOwnScope(TSNode body, Visit&& visit) {
  const Symbols& sym = symbols();
  walkNamed(body, [&](TSNode node) {
    visit(node);
    TSSymbol type = ts_node_symbol(node);
    return type != sym.functionDefinition && type != sym.classDefinition && type != sym.lambda;
  });
}

TSNode lastStatement(TSNode block) {
  TSNode last{};
  forEachNamedChild(block, [&](TSNode child) { last = child; });
  return last;
}

TSNode childOfType(TSNode node, TSSymbol type) {
  TSNode found{};
  forEachNamedChild(node, [&](TSNode child) {
    if (ts_node_is_null(found) && ts_node_symbol(child) == type) found = child;
  });
  return found;
}

bool terminates(TSNode block, int depth = 0);

bool loopHasBreak(TSNode body) {
  const Symbols& sym = symbols();
  bool found = false;
  walkNamed(body, [&](TSNode node) {
    TSSymbol type = ts_node_symbol(node);
    if (type == sym.breakStatement) found = true;
    // A break inside a nested loop or function belongs to it.
    return !found && type != sym.forStatement && type != sym.whileStatement &&
           type != sym.functionDefinition && type != sym.classDefinition;
  });
  return found;
}

// Whether control cannot reach the end of `block` (every path returns or raises). Conservative
// where Python is hard to follow: loops other than `while True:` and match statements may fall
// through.
bool statementTerminates(TSNode stmt, int depth) {
  const Symbols& sym = symbols();
  if (ts_node_is_null(stmt) || depth > 64) return false;
  TSSymbol type = ts_node_symbol(stmt);
  if (type == sym.returnStatement || type == sym.raiseStatement) return true;
  if (type == sym.ifStatement) {
    if (!terminates(ts_node_child_by_field_id(stmt, sym.fieldConsequence), depth + 1)) return false;
    bool hasElse = false, all = true;
    forEachNamedChild(stmt, [&](TSNode clause) {
      if (ts_node_symbol(clause) == sym.elifClause) {
        all = all && terminates(ts_node_child_by_field_id(clause, sym.fieldConsequence), depth + 1);
      } else if (ts_node_symbol(clause) == sym.elseClause) {
        hasElse = true;
        all = all && terminates(ts_node_child_by_field_id(clause, sym.fieldBody), depth + 1);
      }
    });
    return hasElse && all;
  }
  if (type == sym.withStatement) return terminates(bodyOf(stmt), depth + 1);
  if (type == sym.whileStatement) {
    TSNode cond = unparenthesize(ts_node_child_by_field_id(stmt, sym.fieldCondition));
    return isNamed(cond, sym.trueLiteral) && !loopHasBreak(bodyOf(stmt));
  }
  if (type == sym.tryStatement) {
    TSNode finally = childOfType(stmt, sym.finallyClause);
    if (!ts_node_is_null(finally) && terminates(childOfType(finally, sym.block), depth + 1))
      return true;
    bool body = terminates(bodyOf(stmt), depth + 1);
    bool handlers = true;
    forEachNamedChild(stmt, [&](TSNode clause) {
      TSSymbol t = ts_node_symbol(clause);
      if (t == sym.exceptClause || t == sym.exceptGroupClause)
        handlers = handlers && terminates(childOfType(clause, sym.block), depth + 1);
      else if (t == sym.elseClause)
        body = body || terminates(ts_node_child_by_field_id(clause, sym.fieldBody), depth + 1);
    });
    return body && handlers;
  }
  return false;
}

bool terminates(TSNode block, int depth) {
  if (ts_node_is_null(block)) return false;
  return statementTerminates(lastStatement(block), depth);
}

struct OwnScope {
  std::vector<TSNode> returns;     // return_statement nodes
  std::vector<DefNode> nestedDefs; // nested function definitions
  bool yields = false;             // a generator: falling off the end is how it finishes
};

// Returns and nested defs are statements: in code without errors they sit in blocks, directly or
// under compound statements and their clauses, never inside expressions. So they are found
// without visiting expressions, in the same (document) order as walkOwnScope finds them.
// Returns false when nested too deep to follow (the caller walks everything instead).
bool scanStatements(TSNode node, OwnScope& scope, int depth) {
  const Symbols& sym = symbols();
  if (depth > 256) return false;
  bool complete = true;
  forEachNamedChild(node, [&](TSNode child) {
    TSSymbol type = ts_node_symbol(child);
    if (type == sym.returnStatement) {
      scope.returns.push_back(child);
    } else if (type == sym.functionDefinition) {
      scope.nestedDefs.push_back({child, child});
    } else if (type == sym.decoratedDefinition) {
      DefNode nested = DefNode::of(child);
      if (isNamed(nested.def, sym.functionDefinition)) scope.nestedDefs.push_back(nested);
    } else if (type == sym.block || type == sym.ifStatement || type == sym.forStatement ||
               type == sym.whileStatement || type == sym.tryStatement ||
               type == sym.withStatement || type == sym.matchStatement || type == sym.elifClause ||
               type == sym.elseClause || type == sym.exceptClause ||
               type == sym.exceptGroupClause || type == sym.finallyClause ||
               type == sym.caseClause) {
      complete = complete && scanStatements(child, scope, depth + 1);
    }
  });
  return complete;
}

// `withYields`: also tell whether the frame yields, which needs every expression visited.
OwnScope scanOwnScope(TSNode body, bool withYields) {
  const Symbols& sym = symbols();
  OwnScope scope;
  if (!withYields && !ts_node_is_null(body) && !ts_node_has_error(body)) {
    // An ERROR node may hold a return or def anywhere; without errors statements suffice.
    if (scanStatements(body, scope, 0)) return scope;
    scope = OwnScope{};
  }
  walkOwnScope(body, [&](TSNode node) {
    TSSymbol type = ts_node_symbol(node);
    if (type == sym.returnStatement)
      scope.returns.push_back(node);
    else if (type == sym.decoratedDefinition) {
      DefNode nested = DefNode::of(node);
      if (isNamed(nested.def, sym.functionDefinition)) scope.nestedDefs.push_back(nested);
    } else if (type == sym.functionDefinition &&
               (scope.nestedDefs.empty() || !ts_node_eq(scope.nestedDefs.back().def, node)))
      scope.nestedDefs.push_back({node, node});
    else if (type == sym.yield)
      scope.yields = true;
  });
  return scope;
}

TSNode returnValue(TSNode ret) {
  TSNode value{};
  forEachNamedChild(ret, [&](TSNode child) {
    if (ts_node_is_null(value)) value = child;
  });
  return unparenthesize(value);
}

TSNode firstArgument(TSNode call, int index = 0) {
  const Symbols& sym = symbols();
  TSNode args = ts_node_child_by_field_id(call, sym.fieldArguments);
  TSNode found{};
  int i = 0;
  if (!isNamed(args, sym.argumentList)) return found;
  forEachNamedChild(args, [&](TSNode arg) {
    if (!ts_node_is_null(found)) return;
    TSSymbol t = ts_node_symbol(arg);
    if (t == sym.keywordArgument || t == sym.listSplat || t == sym.dictionarySplat) return;
    if (i++ == index) found = unparenthesize(arg);
  });
  return found;
}

bool isIdentifier(TSNode node, std::string_view name, std::string_view source) {
  node = unparenthesize(node);
  return isNamed(node, symbols().identifier) && nodeText(node, source) == name;
}

// What a wrapped call looks like: `fn(...)` or, for class-based decorators, `self.func(...)`.
struct CallTarget {
  std::string_view name;
  std::string_view selfName; // non-empty: the call is `<selfName>.<name>(...)`
  bool matches(TSNode call, std::string_view source) const {
    const Symbols& sym = symbols();
    TSNode fn = unparenthesize(ts_node_child_by_field_id(call, sym.fieldFunction));
    if (selfName.empty()) return isIdentifier(fn, name, source);
    if (!isNamed(fn, sym.attribute)) return false;
    return isIdentifier(ts_node_child_by_field_id(fn, sym.fieldObject), selfName, source) &&
           nodeText(ts_node_child_by_field_id(fn, sym.fieldAttribute), source) == name;
  }
};

bool isStdlib(const StdlibDecorator* entry, std::string_view module, std::string_view name) {
  return entry && entry->module == module && entry->name == name;
}

class Analyzer {
public:
  Analyzer(std::string_view source, const StdlibResolver& resolver)
      : source_(source), resolver_(resolver) {}

  DecoratorDefinition analyzeFunction(DefNode def, size_t firstParameter);
  DecoratorDefinition analyzeClass(DefNode cls);

private:
  const StdlibDecorator* stdlibOf(TSNode expr) const { return resolver_.stdlibOf(expr); }
  bool isWraps(TSNode expr) const { return isStdlib(stdlibOf(expr), "functools", "wraps"); }
  bool isUpdateWrapper(TSNode expr) const {
    return isStdlib(stdlibOf(expr), "functools", "update_wrapper");
  }

  // The shape of `def` as a function receiving the decorated function.
  struct FunctionShape {
    DecoratorShape shape = DecoratorShape::NotADecorator;
    std::optional<DecoratorFunction> decorator;
    PathCoverage returnsDecorator = PathCoverage::Never;
  };
  FunctionShape classify(DefNode def, int depth, size_t firstParameter = 0);
  std::optional<DecoratorFunction> asDecoratorFunction(DefNode def, int depth,
                                                       size_t firstParameter);
  std::string_view calledParameter(TSNode body, const Signature& sig, size_t firstParameter) const;
  // How the paths of `body` return `name` (or `alternative`, when given).
  PathCoverage coverage(TSNode body, const OwnScope& scope, std::string_view name,
                        std::string_view alternative = {}) const;
  bool returnsName(TSNode value, std::string_view name) const;
  Wrapper analyzeWrapper(DefNode wrapperNode, TSNode decoratorBody, const Signature& decoratorSig,
                         const CallTarget& target);
  void findWraps(Wrapper& wrapper, DefNode wrapperNode, TSNode decoratorBody,
                 const Signature& decoratorSig);
  void analyzeResult(Wrapper& wrapper, TSNode body, const CallTarget& target) const;

  std::string_view source_;
  const StdlibResolver& resolver_;
};

bool Analyzer::returnsName(TSNode value, std::string_view name) const {
  const Symbols& sym = symbols();
  value = unparenthesize(value);
  if (isIdentifier(value, name, source_)) return true;
  // Both forms below return a call whose first argument is the name; checked first, so that
  // names are only resolved for calls that could match.
  if (!isNamed(value, sym.call) || !isIdentifier(firstArgument(value), name, source_)) return false;
  TSNode fn = unparenthesize(ts_node_child_by_field_id(value, sym.fieldFunction));
  // return functools.update_wrapper(wrapper, fn)
  if (isUpdateWrapper(fn)) return true;
  // return functools.wraps(fn)(wrapper)
  return isNamed(fn, sym.call) &&
         isWraps(unparenthesize(ts_node_child_by_field_id(fn, sym.fieldFunction)));
}

PathCoverage Analyzer::coverage(TSNode body, const OwnScope& scope, std::string_view name,
                                std::string_view alternative) const {
  size_t matching = 0;
  for (TSNode ret : scope.returns) {
    TSNode value = returnValue(ret);
    if (returnsName(value, name) || (!alternative.empty() && returnsName(value, alternative)))
      ++matching;
  }
  if (matching == 0) return PathCoverage::Never;
  if (matching == scope.returns.size() && terminates(body)) return PathCoverage::AllPaths;
  return PathCoverage::SomePaths;
}

std::string_view Analyzer::calledParameter(TSNode body, const Signature& sig,
                                           size_t firstParameter) const {
  const Symbols& sym = symbols();
  std::string_view found;
  walkNamed(body, [&](TSNode node) {
    if (!found.empty()) return false;
    if (ts_node_symbol(node) != sym.call) return true;
    TSNode fn = unparenthesize(ts_node_child_by_field_id(node, sym.fieldFunction));
    if (!isNamed(fn, sym.identifier)) return true;
    std::string_view name = nodeText(fn, source_);
    for (size_t i = firstParameter; i < sig.parameters.size(); ++i) {
      if (sig.parameters[i].name == name) {
        found = name;
        return false;
      }
    }
    return true;
  });
  return found;
}

std::optional<DecoratorFunction> Analyzer::asDecoratorFunction(DefNode def, int depth,
                                                               size_t firstParameter) {
  FunctionShape shape = classify(def, depth, firstParameter);
  if (shape.shape != DecoratorShape::Plain && shape.shape != DecoratorShape::PassThrough)
    return std::nullopt;
  return shape.decorator;
}

Analyzer::FunctionShape Analyzer::classify(DefNode defNode, int depth, size_t firstParameter) {
  TSNode def = defNode.def;
  const Symbols& sym = symbols();
  FunctionShape out;
  if (depth > kMaxNesting) return out;
  TSNode body = bodyOf(def);
  if (ts_node_is_null(body)) return out;
  Signature sig = signatureOf(def, source_);
  OwnScope scope = scanOwnScope(body, false);

  auto base = [&](DefNode outer) {
    TSNode node = outer.def;
    DecoratorFunction fn;
    TSNode name = ts_node_child_by_field_id(node, sym.fieldName);
    fn.name = nodeText(name, source_);
    fn.nameRange = rangeOf(name);
    fn.range = rangeOf(outer.outer);
    fn.line = ts_node_start_point(node).row;
    fn.signature = signatureOf(node, source_);
    std::string_view doc;
    if (docstringOf(bodyOf(node), source_, doc)) fn.docstring = doc;
    return fn;
  };
  auto nameOf = [&](DefNode nested) {
    return nodeText(ts_node_child_by_field_id(nested.def, sym.fieldName), source_);
  };
  auto lastNamed = [&](std::string_view name) -> TSNode {
    TSNode found{};
    for (DefNode nested : scope.nestedDefs)
      if (nameOf(nested) == name) found = nested.def; // the last definition wins, as at run time
    return found;
  };

  // Nested defs that some return statement returns, in source order.
  std::vector<DefNode> returned;
  for (TSNode ret : scope.returns) {
    TSNode value = returnValue(ret);
    for (DefNode nested : scope.nestedDefs) {
      std::string_view name = nameOf(nested);
      if (returnsName(value, name) &&
          std::none_of(returned.begin(), returned.end(),
                       [&](DefNode n) { return ts_node_eq(n.def, nested.def); }) &&
          ts_node_eq(lastNamed(name), nested.def))
        returned.push_back(nested);
    }
  }

  auto plainWith = [&](DefNode wrapperNode, std::string_view calledName) {
    out.shape = DecoratorShape::Plain;
    DecoratorFunction fn = base(defNode);
    fn.wrappedParameter = fn.signature.indexOf(calledName);
    CallTarget target{calledName, {}};
    fn.wrapper = analyzeWrapper(wrapperNode, body, fn.signature, target);
    if (fn.wrapper->wraps.parameterIndex >= 0 &&
        static_cast<size_t>(fn.wrapper->wraps.parameterIndex) >= firstParameter)
      fn.wrappedParameter = fn.wrapper->wraps.parameterIndex;
    fn.returnsResult = coverage(body, scope, fn.wrapper->name);
    if (fn.returnsResult == PathCoverage::SomePaths && fn.wrappedParameter >= 0) {
      // `if not enabled: return func` beside `return wrapper`: every path still returns a function.
      std::string_view param =
          fn.signature.parameters[static_cast<size_t>(fn.wrappedParameter)].name;
      if (coverage(body, scope, fn.wrapper->name, param) == PathCoverage::AllPaths) {
        fn.returnsResult = PathCoverage::AllPaths;
        fn.returnsArgumentOnSomePaths = true;
      }
    }
    if (isNamed(wrapperNode.def, sym.lambda)) {
      // `return lambda ...: fn(...)` is the only return when the lambda is the wrapper.
      size_t lambdaReturns = 0;
      for (TSNode ret : scope.returns)
        if (isNamed(returnValue(ret), sym.lambda)) ++lambdaReturns;
      fn.returnsResult = lambdaReturns == scope.returns.size() && terminates(body)
                             ? PathCoverage::AllPaths
                             : PathCoverage::SomePaths;
    }
    out.decorator = std::move(fn);
  };

  // 1. A returned nested def calling one of our parameters is a wrapper, unless it is itself a
  //    decorator (then we are a factory).
  for (DefNode nested : returned) {
    FunctionShape inner = classify(nested, depth + 1);
    if (inner.shape == DecoratorShape::Plain) {
      out.shape = DecoratorShape::Factory;
      out.decorator = std::move(inner.decorator);
      out.returnsDecorator = coverage(body, scope, nameOf(nested));
      return out;
    }
    std::string_view called = calledParameter(bodyOf(nested.def), sig, firstParameter);
    if (!called.empty()) {
      plainWith(nested, called);
      return out;
    }
    if (inner.shape == DecoratorShape::PassThrough) {
      out.shape = DecoratorShape::Factory;
      out.decorator = std::move(inner.decorator);
      out.returnsDecorator = coverage(body, scope, nameOf(nested));
      return out;
    }
  }
  // 2. return lambda *a, **k: fn(*a, **k)
  for (TSNode ret : scope.returns) {
    TSNode value = returnValue(ret);
    if (!isNamed(value, sym.lambda)) continue;
    std::string_view called =
        calledParameter(ts_node_child_by_field_id(value, sym.fieldBody), sig, firstParameter);
    if (!called.empty()) {
      plainWith(DefNode{value, value}, called);
      return out;
    }
  }
  // 3. A wrapper that is never returned (CL203), only when nothing else is returned either.
  bool returnsValue = std::any_of(scope.returns.begin(), scope.returns.end(),
                                  [&](TSNode ret) { return !ts_node_is_null(returnValue(ret)); });
  if (!returnsValue) {
    for (DefNode nested : scope.nestedDefs) {
      std::string_view called = calledParameter(bodyOf(nested.def), sig, firstParameter);
      if (!called.empty()) {
        plainWith(nested, called);
        return out;
      }
    }
  }
  // 4. Pass-through: returns the parameter that receives the function (the first one) unchanged.
  if (sig.parameters.size() > firstParameter) {
    size_t i = firstParameter;
    const Parameter& p = sig.parameters[i];
    if (p.kind == ParameterKind::VarPositional || p.kind == ParameterKind::VarKeyword) return out;
    PathCoverage cov = coverage(body, scope, p.name);
    if (cov == PathCoverage::Never) return out;
    out.shape = DecoratorShape::PassThrough;
    DecoratorFunction fn = base(defNode);
    fn.passThrough = true;
    fn.wrappedParameter = static_cast<int>(i);
    fn.returnsResult = cov;
    out.decorator = std::move(fn);
    return out;
  }
  return out;
}

void Analyzer::findWraps(Wrapper& wrapper, DefNode wrapperNode, TSNode decoratorBody,
                         const Signature& decoratorSig) {
  const Symbols& sym = symbols();
  WrapsUse& use = wrapper.wraps;
  auto setArgument = [&](TSNode arg) {
    use.argument = nodeText(arg, source_);
    use.parameterIndex = isNamed(arg, sym.identifier) ? decoratorSig.indexOf(use.argument) : -1;
  };
  if (isNamed(wrapperNode.outer, sym.decoratedDefinition)) {
    forEachNamedChild(wrapperNode.outer, [&](TSNode deco) {
      if (!isNamed(deco, sym.decorator)) return;
      TSNode expr = unparenthesize(ts_node_named_child(deco, 0));
      if (isNamed(expr, sym.call)) {
        TSNode fn = unparenthesize(ts_node_child_by_field_id(expr, sym.fieldFunction));
        if (!isWraps(fn)) return;
        TSNode arg = firstArgument(expr);
        if (ts_node_is_null(arg)) {
          use.misuses.push_back({WrapsMisuseKind::DecoratorWithoutArgument, rangeOf(deco), true});
          return;
        }
        use.form = WrapsForm::Decorator;
        use.range = rangeOf(deco);
        setArgument(arg);
      } else if (isWraps(expr)) {
        use.misuses.push_back({WrapsMisuseKind::DecoratorWithoutArgument, rangeOf(deco)});
      }
    });
  }
  if (wrapper.isLambda) return;
  std::string_view name = wrapper.name;
  // `functools.wraps(fn)` as a statement: the decorator it returns is thrown away.
  auto discardedWraps = [&](TSNode stmt) {
    if (ts_node_named_child_count(stmt) != 1) return;
    TSNode call = unparenthesize(ts_node_named_child(stmt, 0));
    if (isNamed(call, sym.call) &&
        isWraps(unparenthesize(ts_node_child_by_field_id(call, sym.fieldFunction))))
      use.misuses.push_back({WrapsMisuseKind::DiscardedCall, rangeOf(call)});
  };
  // Calls in the decorator's own frame: wraps(fn)(wrapper), update_wrapper(wrapper, fn).
  walkOwnScope(decoratorBody, [&](TSNode node) {
    TSSymbol type = ts_node_symbol(node);
    if (type == sym.expressionStatement) {
      discardedWraps(node);
      return;
    }
    if (type != sym.call) return;
    TSNode fn = unparenthesize(ts_node_child_by_field_id(node, sym.fieldFunction));
    if (isUpdateWrapper(fn)) {
      TSNode first = firstArgument(node, 0), second = firstArgument(node, 1);
      if (isIdentifier(first, name, source_)) {
        use.form = WrapsForm::UpdateWrapper;
        use.range = rangeOf(node);
        if (!ts_node_is_null(second)) setArgument(second);
      } else if (isIdentifier(second, name, source_)) {
        use.misuses.push_back({WrapsMisuseKind::SwappedUpdateWrapper, rangeOf(node)});
      }
    } else if (isNamed(fn, sym.call) &&
               isWraps(unparenthesize(ts_node_child_by_field_id(fn, sym.fieldFunction))) &&
               isIdentifier(firstArgument(node), name, source_)) {
      use.form = WrapsForm::AppliedCall;
      use.range = rangeOf(node);
      TSNode arg = firstArgument(fn);
      if (!ts_node_is_null(arg)) setArgument(arg);
    }
  });
  // A stray `functools.wraps(fn)` line inside the wrapper itself.
  walkOwnScope(bodyOf(wrapperNode.def), [&](TSNode node) {
    if (ts_node_symbol(node) == sym.expressionStatement) discardedWraps(node);
  });
}

// Top-down, without parent lookups: each wrapped call is classified by the statement holding it.
void Analyzer::analyzeResult(Wrapper& wrapper, TSNode body, const CallTarget& target) const {
  const Symbols& sym = symbols();
  bool direct = false, transformed = false, storedReturned = false, stored = false;
  bool called = false;
  const Parameter* varPos = wrapper.signature.varPositional();
  const Parameter* varKw = wrapper.signature.varKeyword();
  auto note = [&](TSNode call) {
    if (!called) wrapper.wrappedCall = rangeOf(call);
    called = true;
    TSNode args = ts_node_child_by_field_id(call, sym.fieldArguments);
    forEachNamedChild(args, [&](TSNode arg) {
      TSNode inner = ts_node_named_child(arg, 0);
      if (isNamed(arg, sym.listSplat) && varPos && isIdentifier(inner, varPos->name, source_))
        wrapper.forwardsVarPositional = true;
      if (isNamed(arg, sym.dictionarySplat) && varKw && isIdentifier(inner, varKw->name, source_))
        wrapper.forwardsVarKeyword = true;
    });
  };
  // Notes every wrapped call under `node`; returns how many.
  auto callsIn = [&](TSNode node) {
    int count = 0;
    walkNamed(node, [&](TSNode n) {
      if (ts_node_symbol(n) == sym.call && target.matches(n, source_)) {
        note(n);
        ++count;
      }
      return true;
    });
    return count;
  };
  // `fn(...)` or `await fn(...)`, possibly parenthesized.
  auto isTheCall = [&](TSNode value) {
    value = unparenthesize(value);
    if (isNamed(value, sym.await)) value = unparenthesize(ts_node_named_child(value, 0));
    return isNamed(value, sym.call) && target.matches(value, source_);
  };

  if (wrapper.isLambda) {
    if (callsIn(body) == 0) return;
    (isTheCall(body) ? direct : transformed) = true;
  } else {
    OwnScope scope = scanOwnScope(body, true);
    auto returnsVariable = [&](std::string_view var) {
      return std::any_of(scope.returns.begin(), scope.returns.end(),
                         [&](TSNode ret) { return isIdentifier(returnValue(ret), var, source_); });
    };
    walkNamed(body, [&](TSNode node) {
      TSSymbol type = ts_node_symbol(node);
      if (type == sym.returnStatement) {
        if (callsIn(node) > 0) (isTheCall(returnValue(node)) ? direct : transformed) = true;
        return false;
      }
      if (type == sym.expressionStatement) {
        if (callsIn(node) == 0) return false;
        TSNode expr = ts_node_named_child(node, 0);
        TSNode left = isNamed(expr, sym.assignment) ? ts_node_child_by_field_id(expr, sym.fieldLeft)
                                                    : TSNode{};
        if (isNamed(left, sym.identifier)) {
          std::string_view var = nodeText(left, source_);
          if (wrapper.resultVariable.empty()) wrapper.resultVariable = var;
          (returnsVariable(var) ? storedReturned : stored) = true;
        }
        return false;
      }
      // Calls in conditions, with-items, nested functions: their result is not returned.
      if (type == sym.call && target.matches(node, source_)) note(node);
      return type != sym.functionDefinition && type != sym.classDefinition && type != sym.lambda
                 ? true
                 : (callsIn(node), false);
    });
    if (!called) return;
    // A generator wrapper hands the wrapped results out through yield (`yield from fn(...)`).
    if (scope.yields && !direct && !storedReturned) transformed = true;
    if (direct || storedReturned || transformed) {
      if (!scope.yields && !terminates(body)) {
        wrapper.result = ResultFlow::SomePathsFallOff;
        return;
      }
    }
  }
  if (!called) return;
  if (direct)
    wrapper.result = ResultFlow::ReturnedDirectly;
  else if (storedReturned)
    wrapper.result = ResultFlow::StoredThenReturned;
  else if (transformed)
    wrapper.result = ResultFlow::ReturnedTransformed;
  else
    wrapper.result = stored ? ResultFlow::StoredNeverReturned : ResultFlow::DiscardedCall;
}

Wrapper Analyzer::analyzeWrapper(DefNode node, TSNode decoratorBody, const Signature& decoratorSig,
                                 const CallTarget& target) {
  const Symbols& sym = symbols();
  Wrapper w;
  w.isLambda = isNamed(node.def, sym.lambda);
  w.range = rangeOf(node.outer);
  w.line = ts_node_start_point(node.def).row;
  TSNode body = bodyOf(node.def);
  if (w.isLambda) {
    w.name = "<lambda>";
    w.nameRange = rangeOf(node.def);
    w.signature = parseSignature(ts_node_child_by_field_id(node.def, sym.fieldParameters), source_);
  } else {
    TSNode name = ts_node_child_by_field_id(node.def, sym.fieldName);
    w.name = nodeText(name, source_);
    w.nameRange = rangeOf(name);
    w.isAsync = isAsyncDef(node.def);
    w.signature = signatureOf(node.def, source_);
    std::string_view doc;
    if (docstringOf(body, source_, doc)) w.docstring = doc;
  }
  findWraps(w, node, decoratorBody, decoratorSig);
  analyzeResult(w, body, target);
  return w;
}

DecoratorDefinition Analyzer::analyzeFunction(DefNode def, size_t firstParameter) {
  const Symbols& sym = symbols();
  DecoratorDefinition d;
  TSNode name = ts_node_child_by_field_id(def.def, sym.fieldName);
  d.name = nodeText(name, source_);
  d.nameRange = rangeOf(name);
  d.range = rangeOf(def.outer);
  d.line = ts_node_start_point(def.def).row;
  d.isAsync = isAsyncDef(def.def);
  d.signature = signatureOf(def.def, source_);
  std::string_view doc;
  if (docstringOf(bodyOf(def.def), source_, doc)) d.docstring = doc;
  FunctionShape shape = classify(def, 0, firstParameter);
  d.shape = shape.shape;
  d.decorator = std::move(shape.decorator);
  d.returnsDecorator = shape.returnsDecorator;
  return d;
}

DecoratorDefinition Analyzer::analyzeClass(DefNode cls) {
  const Symbols& sym = symbols();
  DecoratorDefinition d;
  d.isClass = true;
  TSNode name = ts_node_child_by_field_id(cls.def, sym.fieldName);
  d.name = nodeText(name, source_);
  d.nameRange = rangeOf(name);
  d.range = rangeOf(cls.outer);
  d.line = ts_node_start_point(cls.def).row;
  TSNode body = bodyOf(cls.def);
  std::string_view doc;
  if (docstringOf(body, source_, doc)) d.docstring = doc;
  ClassDecorator c;
  DefNode call{}, init{};
  forEachNamedChild(body, [&](TSNode stmt) {
    DefNode method = DefNode::of(stmt);
    if (!isNamed(method.def, sym.functionDefinition)) return;
    std::string_view methodName =
        nodeText(ts_node_child_by_field_id(method.def, sym.fieldName), source_);
    if (methodName == "__call__")
      call = method, c.hasCall = true;
    else if (methodName == "__get__")
      c.hasGet = true;
    else if (methodName == "__init__")
      init = method, c.hasInit = true;
  });
  if (!c.hasCall) {
    d.classDecorator = std::move(c);
    return d;
  }
  d.shape = DecoratorShape::ClassBased;
  c.callSignature = signatureOf(call.def, source_);
  std::string_view storedAttribute, selfName;
  if (c.hasInit) {
    c.initSignature = signatureOf(init.def, source_);
    if (!c.initSignature.parameters.empty()) selfName = c.initSignature.parameters[0].name;
    // __init__(self, func): self.func = func, or update_wrapper(self, func).
    walkOwnScope(bodyOf(init.def), [&](TSNode node) {
      if (isNamed(node, sym.assignment)) {
        TSNode left = ts_node_child_by_field_id(node, sym.fieldLeft);
        TSNode right = unparenthesize(ts_node_child_by_field_id(node, sym.fieldRight));
        if (isNamed(left, sym.attribute) &&
            isIdentifier(ts_node_child_by_field_id(left, sym.fieldObject), selfName, source_) &&
            isNamed(right, sym.identifier)) {
          int index = c.initSignature.indexOf(nodeText(right, source_));
          if (index >= 1 && c.initWrappedParameter < 0) {
            c.initWrappedParameter = index;
            storedAttribute =
                nodeText(ts_node_child_by_field_id(left, sym.fieldAttribute), source_);
          }
        }
      } else if (isNamed(node, sym.call)) {
        TSNode fn = unparenthesize(ts_node_child_by_field_id(node, sym.fieldFunction));
        if (isUpdateWrapper(fn) && isIdentifier(firstArgument(node), selfName, source_)) {
          c.initUpdatesWrapper = true;
          TSNode wrapped = firstArgument(node, 1);
          if (isNamed(wrapped, sym.identifier) && c.initWrappedParameter < 0)
            c.initWrappedParameter = c.initSignature.indexOf(nodeText(wrapped, source_));
        } else if (isNamed(fn, sym.call) &&
                   isWraps(unparenthesize(ts_node_child_by_field_id(fn, sym.fieldFunction))) &&
                   isIdentifier(firstArgument(node), selfName, source_)) {
          c.initUpdatesWrapper = true;
        }
      }
    });
    if (c.initWrappedParameter < 0 && c.initSignature.parameters.size() == 2)
      c.initWrappedParameter = 1;
  }
  // @Klass(args): __call__(self, func) that is itself a decorator.
  c.callAsDecorator = asDecoratorFunction(call, 1, 1);
  if (c.callAsDecorator) {
    // __call__ receives the function, so __init__ received the factory's arguments.
    c.initWrappedParameter = -1;
    storedAttribute = {};
  }
  if (!storedAttribute.empty()) {
    std::string_view callSelf = c.callSignature.parameters.empty()
                                    ? std::string_view{}
                                    : c.callSignature.parameters[0].name;
    c.callAsWrapper = analyzeWrapper(call, bodyOf(call.def), c.callSignature,
                                     CallTarget{storedAttribute, callSelf});
  }
  d.classDecorator = std::move(c);
  return d;
}

} // namespace

const Parameter* Signature::varPositional() const {
  for (const Parameter& p : parameters)
    if (p.kind == ParameterKind::VarPositional) return &p;
  return nullptr;
}

const Parameter* Signature::varKeyword() const {
  for (const Parameter& p : parameters)
    if (p.kind == ParameterKind::VarKeyword) return &p;
  return nullptr;
}

int Signature::indexOf(std::string_view name) const {
  for (size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].name == name) return static_cast<int>(i);
  return -1;
}

bool decorator_syntax::blockTerminates(TSNode block) {
  return terminates(block);
}

DecoratorDefinition analyzeDecoratorDefinition(TSNode definition, std::string_view source,
                                               const StdlibResolver& resolver, bool isMethod) {
  Analyzer analyzer(source, resolver);
  DefNode def = DefNode::of(definition);
  if (isNamed(def.def, symbols().classDefinition)) return analyzer.analyzeClass(def);
  return analyzer.analyzeFunction(def, isMethod ? 1 : 0);
}

} // namespace closurelens::analysis

namespace closurelens::analysis::decorator_analysis {

Signature parseSignature(TSNode parameters, std::string_view source) {
  return closurelens::analysis::parseSignature(parameters, source);
}

void parseSignature(TSNode parameters, std::string_view source, Signature& out, size_t limit) {
  parseSignatureInto(parameters, source, out, limit);
}

bool isAsyncDef(TSNode def) {
  return closurelens::analysis::isAsyncDef(def);
}

TSNode returnValue(TSNode returnStatement) {
  return closurelens::analysis::returnValue(returnStatement);
}

TSNode positionalArgument(TSNode call, int index) {
  return firstArgument(call, index);
}

bool isIdentifier(TSNode node, std::string_view name, std::string_view source) {
  return closurelens::analysis::isIdentifier(node, name, source);
}

} // namespace closurelens::analysis::decorator_analysis
