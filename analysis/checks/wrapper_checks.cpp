// CL201 missing-wraps, CL202 wrapper-discards-result, CL203 decorator-returns-none,
// CL204 wrapper-drops-arguments, CL209 wraps-misuse: what a decorator's wrapper does with the
// wrapped function's metadata, result and arguments, and whether the decorator returns it.
// Everything comes from the decorator model; the tree is only consulted, node by node, to build
// the fixes.
#include "analysis/checks.hpp"
#include "analysis/checks/decorator_fixes.hpp"
#include "analysis/checks/fix_support.hpp"
#include "analysis/decorator_syntax.hpp"

#include <algorithm>
#include <unordered_set>

namespace closurelens::analysis {

using namespace decorator_syntax;
using namespace decorator_fixes;

namespace {

// Concatenates with append: GCC 12 at -O3 reports a false -Wrestrict on chains of operator+.
template <typename... Parts> std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

constexpr size_t kMaxRelatedUses = 3;

// A wrapper together with the function that returns it.
struct Site {
  const DecoratorDefinition& definition; // the factory, for a factory's inner decorator
  const DecoratorFunction& decorator;    // receives the decorated function
  const Wrapper& wrapper;
  const std::vector<DecoratorUse>& uses; // where `definition` is applied in this file
};

class WrapperChecks {
public:
  WrapperChecks(const AnalyzedDocument& doc, std::vector<Finding>& out)
      : doc_(doc), source_(doc.source()), out_(out), uses_(usesByDefinition(doc)), imports_(doc) {}

  void run();

private:
  void missingWraps(const Site& site);
  void discardsResult(const Site& site);
  void returnsNone(const Site& site);
  void factoryReturnsNone(const DecoratorDefinition& factory, const std::vector<DecoratorUse>&);
  void dropsArguments(const Site& site);
  void wrapsMisuse(const Site& site, const WrapsMisuse& misuse);

  std::string line(uint32_t byte) const { return std::to_string(doc_.lineNumber(byte)); }
  std::string named(std::string_view name, uint32_t byte) const {
    return nameAndLine(doc_, name, byte);
  }
  // "decorator `timed`" / "decorator `decorator` of factory `repeat`".
  std::string decoratorLabel(const Site& site) const;
  std::string_view wrappedName(const DecoratorFunction& fn) const {
    if (fn.wrappedParameter < 0 ||
        static_cast<size_t>(fn.wrappedParameter) >= fn.signature.parameters.size())
      return {};
    return fn.signature.parameters[static_cast<size_t>(fn.wrappedParameter)].name;
  }
  // The def node of a decorator function or wrapper from its range.
  TSNode defNode(ByteRange range) const { return definitionOf(nodeAt(doc_, range)); }
  // Related locations every wrapper finding carries: the decorator, its applications, and the
  // statements returning the wrapper.
  void addContext(Finding& finding, const Site& site, bool returns) const;
  const DecoratedDefinition* example(const Site& site) const {
    return site.uses.empty() ? nullptr : site.uses.front().decorated;
  }
  // Whether the site is a decorator rather than a callback adapter (`make_handler(callback)`)
  // that happens to have the same shape: it is applied with `@` in this file, or it can be (it
  // takes the function as its only required argument) and its wrapper is generic (`*args` or
  // `**kwargs`).
  bool decoratorLike(const Site& site) const;
  // Whether some function the site decorates in this file returns a value (so that dropping the
  // result matters), or nothing is known about them.
  bool resultMatters(const Site& site) const;
  // The calls of the wrapped parameter `name` anywhere in the wrapper.
  std::vector<TSNode> wrappedCalls(TSNode wrapperDef, std::string_view name) const;

  const AnalyzedDocument& doc_;
  std::string_view source_;
  std::vector<Finding>& out_;
  std::vector<std::vector<DecoratorUse>> uses_;
  ImportedNames imports_;
};

std::string WrapperChecks::decoratorLabel(const Site& site) const {
  if (site.definition.shape == DecoratorShape::Factory)
    return cat("decorator `", site.decorator.name, "` of factory `", site.definition.name, "`");
  return cat("decorator `", site.decorator.name, "`");
}

void WrapperChecks::addContext(Finding& finding, const Site& site, bool returns) const {
  const DecoratorFunction& fn = site.decorator;
  finding.related.push_back({fn.nameRange, cat("decorator `", fn.name, "` is defined here (line ",
                                               line(fn.range.start), ")")});
  if (site.definition.shape == DecoratorShape::Factory)
    finding.related.push_back(
        {site.definition.nameRange, cat("factory `", site.definition.name, "` returns `", fn.name,
                                        "` (line ", line(site.definition.nameRange.start), ")")});
  if (returns && !site.wrapper.isLambda) {
    for (TSNode ret : ownReturns(defNode(fn.range))) {
      TSNode value = returnedValue(ret);
      if (mentions(value, source_, site.wrapper.name))
        finding.related.push_back(
            {rangeOf(ret), cat("`", site.wrapper.name, "` is returned here")});
    }
  }
  for (size_t i = 0; i < site.uses.size() && i < kMaxRelatedUses; ++i) {
    const DecoratedDefinition& d = *site.uses[i].decorated;
    finding.related.push_back(
        {d.nameRange, cat("`", d.name, "` (line ", line(d.nameRange.start), ") is decorated with `",
                          d.layers[site.uses[i].layer].expression, "`")});
  }
}

// Whether `fn` can be applied as `@fn`: the first parameter after self/cls (methods are analysed
// with their first parameter skipped) receives the function, and any other has a default.
bool usableAsDecorator(const DecoratorFunction& fn) {
  if (fn.wrappedParameter < 0) return false;
  const std::vector<Parameter>& params = fn.signature.parameters;
  for (size_t i = static_cast<size_t>(fn.wrappedParameter) + 1; i < params.size(); ++i) {
    const Parameter& p = params[i];
    if (!p.hasDefault && p.kind != ParameterKind::VarPositional &&
        p.kind != ParameterKind::VarKeyword)
      return false;
  }
  for (int i = 0; i < fn.wrappedParameter; ++i) {
    std::string_view name = params[static_cast<size_t>(i)].name;
    if (i > 0 || (name != "self" && name != "cls")) return false;
  }
  return true;
}

bool WrapperChecks::decoratorLike(const Site& site) const {
  if (!site.uses.empty()) return true;
  const Signature& w = site.wrapper.signature;
  return (w.varPositional() || w.varKeyword()) && usableAsDecorator(site.decorator);
}

bool WrapperChecks::resultMatters(const Site& site) const {
  const Symbols& sym = symbols();
  if (site.uses.empty()) return true;
  for (const DecoratorUse& use : site.uses) {
    const DecoratedDefinition& d = *use.decorated;
    if (d.isClass) return true;
    TSNode def = definitionOf(nodeAt(doc_, d.range));
    if (ownFrameYields(def)) return true;
    for (TSNode ret : ownReturns(def)) {
      TSNode value = returnedValue(ret);
      if (!ts_node_is_null(value) && !isNamed(value, sym.none)) return true;
    }
  }
  return false;
}

std::vector<TSNode> WrapperChecks::wrappedCalls(TSNode wrapperDef, std::string_view name) const {
  const Symbols& sym = symbols();
  std::vector<TSNode> calls;
  TSNode body = ts_node_child_by_field_id(wrapperDef, sym.fieldBody);
  walkNamed(body, [&](TSNode node) {
    if (ts_node_symbol(node) == sym.call) {
      TSNode fn = unparenthesize(ts_node_child_by_field_id(node, sym.fieldFunction));
      if (isNamed(fn, sym.identifier) && nodeText(fn, source_) == name) calls.push_back(node);
    }
    return true;
  });
  return calls;
}

// ---- CL201 -------------------------------------------------------------------------------------

// Metadata copied by hand in the decorator's frame: `wrapper.__name__ = ...`, or a helper that
// receives both the wrapper and the function (`_wrap(wrapper, func)` in importlib, which cannot
// import functools).
bool copiesMetadata(TSNode decoratorDef, std::string_view source, std::string_view wrapper,
                    std::string_view param) {
  const Symbols& sym = symbols();
  bool found = false;
  walkNamed(bodyOf(decoratorDef), [&](TSNode node) {
    TSSymbol type = ts_node_symbol(node);
    if (found || type == sym.functionDefinition || type == sym.classDefinition ||
        type == sym.lambda)
      return false;
    if (type == sym.assignment) {
      TSNode left = ts_node_child_by_field_id(node, sym.fieldLeft);
      if (isNamed(left, sym.attribute)) {
        TSNode object = ts_node_child_by_field_id(left, sym.fieldObject);
        std::string_view attribute =
            nodeText(ts_node_child_by_field_id(left, sym.fieldAttribute), source);
        if (isNamed(object, sym.identifier) && nodeText(object, source) == wrapper &&
            attribute.starts_with("__"))
          found = true;
      }
    } else if (type == sym.call && !param.empty()) {
      bool passesWrapper = false, passesFunction = false;
      forEachNamedChild(ts_node_child_by_field_id(node, sym.fieldArguments), [&](TSNode arg) {
        if (!isNamed(arg, sym.identifier)) return;
        std::string_view name = nodeText(arg, source);
        passesWrapper = passesWrapper || name == wrapper;
        passesFunction = passesFunction || name == param;
      });
      found = passesWrapper && passesFunction;
    }
    return !found;
  });
  return found;
}

void WrapperChecks::missingWraps(const Site& site) {
  const Wrapper& w = site.wrapper;
  const DecoratorFunction& fn = site.decorator;
  // Wrappers with a misused wraps are CL209's.
  if (w.wraps.form != WrapsForm::None || !w.wraps.misuses.empty()) return;
  if (fn.returnsResult == PathCoverage::Never) return; // CL203: nothing is returned at all
  if (!decoratorLike(site)) return;
  // `return lambda *a: cls(loader(*a))` in a factory method is an adapter far more often than a
  // decorator: lambdas count only where the file applies them with `@`.
  if (w.isLambda && site.uses.empty()) return;
  std::string_view param = wrappedName(fn);
  if (copiesMetadata(defNode(fn.range), source_, w.name, param)) return;
  Finding f;
  f.code = "CL201";
  f.range = w.nameRange;
  std::string consequence;
  if (const DecoratedDefinition* d = example(site))
    consequence = cat("`", d->name, ".__name__` will be '", w.name, "' and its docstring is lost");
  else
    consequence = cat("every function it decorates will report `__name__` '", w.name,
                      "' and lose its docstring");
  std::string_view wrapsCall = w.isLambda ? ", is not wrapped in `functools.wraps("
                                          : ", is not decorated with `functools.wraps(";
  f.message = cat(named(w.name, w.nameRange.start), ", returned by ", decoratorLabel(site),
                  wrapsCall, param.empty() ? "func" : param, ")`: ", consequence);
  addContext(f, site, true);
  if (!param.empty() && w.isLambda) {
    // A lambda cannot take a decorator: apply wraps to it where it is written.
    const ImportedName& wraps = imports_.get("functools", "wraps");
    std::string call = cat(wraps.expression, "(", param, ")");
    Fix fix;
    fix.title = cat("Wrap the lambda in `", call, "(...)`");
    fix.preferred = true;
    fix.safe = true;
    fix.edits.push_back({{w.range.start, w.range.start}, cat(call, "(")});
    fix.edits.push_back({{w.range.end, w.range.end}, ")"});
    if (wraps.edit) fix.edits.push_back(*wraps.edit);
    f.fixes.push_back(std::move(fix));
  } else if (!param.empty()) {
    const ImportedName& wraps = imports_.get("functools", "wraps");
    std::string decorator = cat("@", wraps.expression, "(", param, ")");
    Fix fix;
    fix.title = cat("Add `", decorator, "` to `", w.name, "`");
    fix.preferred = true;
    fix.safe = true;
    fix.edits.push_back(insertLineAbove(doc_, w.range.start, decorator));
    if (wraps.edit) fix.edits.push_back(*wraps.edit);
    f.fixes.push_back(std::move(fix));
  }
  out_.push_back(std::move(f));
}

// ---- CL202 -------------------------------------------------------------------------------------

// Whether the statement starting at `target` is the last thing that runs on its path through
// `block`: the block's last statement, or in tail position inside a trailing `with` or `if`.
bool inTail(TSNode block, uint32_t target, int depth = 0) {
  const Symbols& sym = symbols();
  std::vector<TSNode> statements = statementsOf(block);
  if (statements.empty() || depth > 32) return false;
  TSNode last = statements.back();
  if (ts_node_start_byte(last) == target) return true;
  TSSymbol type = ts_node_symbol(last);
  if (type == sym.withStatement)
    return inTail(ts_node_child_by_field_id(last, sym.fieldBody), target, depth + 1);
  if (type == sym.ifStatement) {
    bool found = inTail(ts_node_child_by_field_id(last, sym.fieldConsequence), target, depth + 1);
    forEachNamedChild(last, [&](TSNode clause) {
      TSSymbol t = ts_node_symbol(clause);
      if (t == sym.elifClause)
        found = found ||
                inTail(ts_node_child_by_field_id(clause, sym.fieldConsequence), target, depth + 1);
      else if (t == sym.elseClause)
        found =
            found || inTail(ts_node_child_by_field_id(clause, sym.fieldBody), target, depth + 1);
    });
    return found;
  }
  return false;
}

// Whether `statement` is a direct statement of `block` or of a `with` directly in it, so that a
// variable it assigns is bound when the block's end is reached.
bool boundAtEnd(TSNode block, uint32_t statement) {
  const Symbols& sym = symbols();
  for (TSNode s : statementsOf(block)) {
    if (ts_node_start_byte(s) == statement) return true;
    if (isNamed(s, sym.withStatement)) {
      for (TSNode inner : statementsOf(ts_node_child_by_field_id(s, sym.fieldBody)))
        if (ts_node_start_byte(inner) == statement) return true;
    }
  }
  return false;
}

void WrapperChecks::discardsResult(const Site& site) {
  const Symbols& sym = symbols();
  const Wrapper& w = site.wrapper;
  if (w.result != ResultFlow::DiscardedCall && w.result != ResultFlow::StoredNeverReturned &&
      w.result != ResultFlow::SomePathsFallOff)
    return;
  if (w.isLambda || !decoratorLike(site) || !resultMatters(site)) return;
  TSNode def = defNode(w.range);
  TSNode body = ts_node_child_by_field_id(def, sym.fieldBody);
  std::vector<TSNode> returns = ownReturns(def);
  if (ownFrameYields(def)) return; // a generator hands results out through yield
  // Falling off on some paths is often deliberate (`if param is None: return None` spelled as
  // nothing): only reported where decorated functions of this file return values.
  if (w.result == ResultFlow::SomePathsFallOff && site.uses.empty()) return;
  // A wrapper that returns something of its own (`return _test(trap)`) or built from the stored
  // result (`return result.upper()`, `return json.dumps(result)`) returns it on purpose.
  bool returnsOwnValue = std::any_of(returns.begin(), returns.end(), [&](TSNode ret) {
    TSNode value = returnedValue(ret);
    return !ts_node_is_null(value) && !isNamed(value, sym.none);
  });
  if (w.result == ResultFlow::DiscardedCall && returnsOwnValue) return;
  // The statement holding the first wrapped call (`fn(...)`, `await fn(...)`, `r = fn(...)`).
  std::vector<TSNode> path = pathTo(def, w.wrappedCall);
  auto ancestor = [&](size_t up) {
    return path.size() > up ? path[path.size() - 1 - up] : TSNode{};
  };
  size_t up = 1;
  if (isNamed(ancestor(up), sym.await)) ++up;
  TSNode parent = ancestor(up);
  TSNode statement{};
  // `fn(...)` alone on its line, which `return ` can prefix.
  bool bareCall = false;
  if (isNamed(parent, sym.expressionStatement)) {
    statement = parent;
    bareCall = ts_node_named_child_count(parent) == 1;
  } else if (isNamed(parent, sym.assignment)) {
    TSNode grand = ancestor(up + 1);
    if (isNamed(grand, sym.expressionStatement)) statement = grand;
  }
  // A result passed on (`lines[i] = fn(line)`, `results.append(fn())`, `print(fn())`) is used,
  // whatever the wrapper returns; only a bare call statement throws it away.
  if (w.result == ResultFlow::DiscardedCall && !bareCall) return;
  // A stored result that the wrapper goes on to use (inspects, transforms, hands on) is not
  // forgotten; only one that is assigned and left alone is.
  if (w.result == ResultFlow::StoredNeverReturned &&
      (ts_node_is_null(statement) || mentions(body, source_, w.resultVariable, rangeOf(statement))))
    return;
  std::string_view callee = textOf(source_, w.wrappedCall);

  Finding f;
  f.code = "CL202";
  std::string calledAs = cat("`", callee, "` (line ", line(w.wrappedCall.start), ")");
  std::string who = cat("`", w.name, "`");
  if (const DecoratedDefinition* d = example(site))
    who = cat("`", w.name, "` (what `", d->name, "` is bound to)");
  std::string wrapperAt = named(w.name, w.nameRange.start);
  switch (w.result) {
  case ResultFlow::DiscardedCall:
    f.range = ts_node_is_null(statement) ? w.wrappedCall : rangeOf(statement);
    f.message = cat(wrapperAt, " calls ", calledAs, " but discards its result: ", who,
                    " always returns None");
    break;
  case ResultFlow::StoredNeverReturned:
    f.range = ts_node_is_null(statement) ? w.wrappedCall : rangeOf(statement);
    f.message = cat(wrapperAt, " stores the result of ", calledAs, " in `", w.resultVariable,
                    "` but never returns it: ", who, " always returns None");
    break;
  default:
    f.range = w.nameRange;
    f.message = cat(wrapperAt, " returns the result of ", calledAs,
                    " on some paths, but others reach the end of the wrapper and return None");
    break;
  }
  addContext(f, site, false);

  Fix fix;
  fix.preferred = true;
  bool endReachable = !blockTerminates(body);
  if (w.result == ResultFlow::DiscardedCall && bareCall) {
    std::string_view stmtText = textOf(source_, rangeOf(statement));
    if (inTail(body, ts_node_start_byte(statement))) {
      fix.title = cat("Return the result: `return ", stmtText, "`");
      fix.safe = true;
      fix.edits.push_back(
          {{ts_node_start_byte(statement), ts_node_start_byte(statement)}, "return "});
    } else if (endReachable && boundAtEnd(body, ts_node_start_byte(statement)) &&
               std::none_of(returns.begin(), returns.end(),
                            [](TSNode ret) { return !ts_node_is_null(returnedValue(ret)); })) {
      // Statements follow the call (logging, timing): keep the result and return it at the end.
      std::string_view var = "result";
      if (mentions(body, source_, var)) var = "result_";
      if (!mentions(body, source_, var)) {
        if (auto append = appendToBlock(doc_, body, cat("return ", var))) {
          fix.title = cat("Keep the result of `", callee, "` in `", var, "` and return it");
          fix.edits.push_back(
              {{ts_node_start_byte(statement), ts_node_start_byte(statement)}, cat(var, " = ")});
          fix.edits.push_back(*append);
        }
      }
    }
  } else if (!w.resultVariable.empty() && endReachable && !ts_node_is_null(statement) &&
             isNamed(parent, sym.assignment) && boundAtEnd(body, ts_node_start_byte(statement))) {
    if (auto append = appendToBlock(doc_, body, cat("return ", w.resultVariable))) {
      fix.title = cat("Add `return ", w.resultVariable, "` at the end of `", w.name, "`");
      fix.safe = w.result == ResultFlow::StoredNeverReturned;
      fix.edits.push_back(*append);
    }
  }
  if (!fix.edits.empty()) f.fixes.push_back(std::move(fix));
  out_.push_back(std::move(f));
}

// ---- CL203 -------------------------------------------------------------------------------------

// Whether some path through `def` ends without a value: a bare `return`, `return None`, or the
// end of the body reached (generators excepted).
bool returnsNoneSomewhere(TSNode def, std::string_view source) {
  const Symbols& sym = symbols();
  for (TSNode ret : ownReturns(def)) {
    TSNode value = returnedValue(ret);
    if (ts_node_is_null(value) || isNamed(value, sym.none) || nodeText(value, source) == "None")
      return true;
  }
  if (ownFrameYields(def)) return false;
  return !blockTerminates(ts_node_child_by_field_id(def, sym.fieldBody));
}

void WrapperChecks::returnsNone(const Site& site) {
  const DecoratorFunction& fn = site.decorator;
  const Wrapper& w = site.wrapper;
  if (fn.returnsResult == PathCoverage::AllPaths) return;
  // `_special_method_cache(method, cache_wrapper)` returning None for most methods is a helper
  // with a contract of its own, not a decorator that forgot its `return`.
  if (site.uses.empty() && !usableAsDecorator(fn)) return;
  TSNode def = defNode(fn.range);
  TSNode body = bodyOf(def);
  if (fn.returnsResult == PathCoverage::Never) {
    // A function that hands its nested function to something else (`bus.subscribe(handler)`)
    // and returns nothing is a registration helper, not a broken decorator, unless it is applied
    // with `@` somewhere.
    ByteRange own = rangeOf(nodeAt(doc_, w.range));
    if (site.uses.empty() && mentions(body, source_, w.name, own)) return;
  } else {
    // Every path returning something means another callable on purpose; with
    // `def deco(func=None)` the paths without a function are not decorating.
    bool dualUse = fn.wrappedParameter >= 0 &&
                   fn.signature.parameters[static_cast<size_t>(fn.wrappedParameter)].hasDefault;
    if (!returnsNoneSomewhere(def, source_) || dualUse) return;
  }
  Finding f;
  f.code = "CL203";
  f.range = fn.nameRange;
  std::string consequence;
  if (const DecoratedDefinition* d = example(site))
    consequence = cat("`@", d->layers[site.uses.front().layer].expression, "` binds `", d->name,
                      "` (line ", line(d->nameRange.start),
                      ") to None, and calling it raises TypeError: 'NoneType' object is not "
                      "callable");
  else
    consequence = "every function it decorates becomes None";
  std::string_view how = fn.returnsResult == PathCoverage::Never ? " but never returns it: "
                                                                 : " but not on every path: ";
  f.message = cat("decorator ", named(fn.name, fn.nameRange.start), " defines ",
                  named(w.name, w.nameRange.start), how, consequence);
  addContext(f, site, true);
  if (!blockTerminates(body) && !ownFrameYields(def)) {
    if (auto append = appendToBlock(doc_, body, cat("return ", w.name))) {
      Fix fix;
      fix.title = cat("Add `return ", w.name, "` at the end of `", fn.name, "`");
      fix.preferred = true;
      // When some paths already return, the others may mean `return func` (a toggle such as
      // `if ENABLED: return wrapper`): the edit is offered, never applied unseen.
      fix.safe = fn.returnsResult == PathCoverage::Never;
      fix.edits.push_back(*append);
      f.fixes.push_back(std::move(fix));
    }
  }
  out_.push_back(std::move(f));
}

void WrapperChecks::factoryReturnsNone(const DecoratorDefinition& factory,
                                       const std::vector<DecoratorUse>& uses) {
  if (factory.returnsDecorator != PathCoverage::SomePaths || !factory.decorator) return;
  TSNode def = defNode(factory.range);
  if (!returnsNoneSomewhere(def, source_)) return;
  const DecoratorFunction& inner = *factory.decorator;
  Finding f;
  f.code = "CL203";
  f.range = factory.nameRange;
  f.message = cat("factory ", named(factory.name, factory.nameRange.start), " returns decorator ",
                  named(inner.name, inner.nameRange.start), " on some paths only: on the others `@",
                  factory.name,
                  "(...)` calls None and raises TypeError: 'NoneType' object is not callable");
  f.related.push_back({inner.nameRange, cat("decorator `", inner.name, "` is defined here")});
  for (size_t i = 0; i < uses.size() && i < kMaxRelatedUses; ++i) {
    const DecoratedDefinition& d = *uses[i].decorated;
    f.related.push_back({d.nameRange, cat("`", d.name, "` is decorated here")});
  }
  TSNode body = bodyOf(def);
  if (!blockTerminates(body)) {
    if (auto append = appendToBlock(doc_, body, cat("return ", inner.name))) {
      Fix fix;
      fix.title = cat("Add `return ", inner.name, "` at the end of `", factory.name, "`");
      fix.preferred = true;
      fix.safe = false; // the paths without a return may be deliberate; see returnsNone
      fix.edits.push_back(*append);
      f.fixes.push_back(std::move(fix));
    }
  }
  out_.push_back(std::move(f));
}

// ---- CL204 -------------------------------------------------------------------------------------

void WrapperChecks::dropsArguments(const Site& site) {
  const Symbols& sym = symbols();
  const Wrapper& w = site.wrapper;
  const DecoratorFunction& fn = site.decorator;
  std::string_view param = wrappedName(fn);
  if (w.isLambda || param.empty() || w.result == ResultFlow::NotCalled || !decoratorLike(site))
    return;
  TSNode def = defNode(w.range);
  TSNode body = ts_node_child_by_field_id(def, sym.fieldBody);
  TSNode parameters = ts_node_child_by_field_id(def, sym.fieldParameters);
  std::vector<TSNode> calls = wrappedCalls(def, param);
  if (calls.empty()) return;
  const Parameter* varPos = w.signature.varPositional();
  const Parameter* varKw = w.signature.varKeyword();
  auto argumentsOf = [&](TSNode call) {
    return ts_node_child_by_field_id(call, sym.fieldArguments);
  };
  // Dropped: never mentioned in the wrapper. A wrapper that does anything with them (passes
  // them to a helper that rebuilds the call, filters them) is not second-guessed.
  auto forwarded = [&](std::string_view name) { return mentions(body, source_, name); };

  std::vector<std::string_view> dropped;
  if (varPos && !forwarded(varPos->name)) dropped.push_back(varPos->name);
  if (varKw && !forwarded(varKw->name)) dropped.push_back(varKw->name);

  // The wrapper's explicit parameters against the functions it decorates in this file.
  const DecoratedDefinition* tooMany = nullptr;
  size_t required = 0, capacity = 0;
  if (!varPos) {
    for (const Parameter& p : w.signature.parameters)
      if (p.kind == ParameterKind::PositionalOnly || p.kind == ParameterKind::PositionalOrKeyword)
        ++capacity;
    size_t passed = 0;
    bool splat = false;
    forEachNamedChild(argumentsOf(calls.front()), [&](TSNode arg) {
      TSSymbol t = ts_node_symbol(arg);
      if (t == sym.listSplat || t == sym.dictionarySplat)
        splat = true;
      else
        ++passed; // keywords count: `func(self, proto=proto)` fills a parameter too
    });
    for (const DecoratorUse& use : site.uses) {
      const DecoratedDefinition& d = *use.decorated;
      // Only the bottom layer receives the def itself; others receive another wrapper.
      if (d.isClass || use.layer + 1 != d.layers.size() || d.layers[use.layer].callMismatch)
        continue;
      size_t need = 0;
      for (const Parameter& p : d.signature.parameters)
        if ((p.kind == ParameterKind::PositionalOnly ||
             p.kind == ParameterKind::PositionalOrKeyword) &&
            !p.hasDefault)
          ++need;
      // A wrapper that supplies the arguments itself (`func(conn, sql)`) injects them on purpose.
      if (need > capacity && !splat && passed < need) {
        tooMany = &d;
        required = need;
        break;
      }
    }
  }
  if (dropped.empty() && !tooMany) return;

  Finding f;
  f.code = "CL204";
  f.range = ts_node_is_null(parameters) ? w.nameRange : rangeOf(parameters);
  std::string wrapperAt = named(w.name, w.nameRange.start);
  if (tooMany) {
    std::string takes = capacity == 0
                            ? std::string("takes no positional arguments")
                            : cat("takes ", std::to_string(capacity),
                                  capacity == 1 ? " positional argument" : " positional arguments");
    f.message = cat(wrapperAt, " ", takes, ", but ", named(tooMany->name, tooMany->nameRange.start),
                    ", which `", fn.name, "` decorates, requires ", std::to_string(required),
                    ": calling `", tooMany->name, "` raises TypeError");
  } else {
    std::string names;
    for (std::string_view n : dropped) {
      if (!names.empty()) names += " and ";
      names += cat("`", n == (varKw ? varKw->name : std::string_view{}) ? "**" : "*", n, "`");
    }
    f.message = cat(wrapperAt, " accepts ", names, " but does not pass ",
                    dropped.size() == 1 ? "it" : "them", " on to `", param, "` (line ",
                    line(ts_node_start_byte(calls.front())),
                    "): the decorated function never sees those arguments");
  }
  addContext(f, site, false);

  // The fix rewrites the wrapped calls' argument lists; only when that loses nothing.
  Fix fix;
  fix.preferred = true;
  if (tooMany) {
    bool paramsUnused = true;
    for (const Parameter& p : w.signature.parameters)
      if (mentions(body, source_, p.name)) paramsUnused = false;
    bool emptyCalls = std::all_of(calls.begin(), calls.end(), [&](TSNode call) {
      return ts_node_named_child_count(argumentsOf(call)) == 0;
    });
    if (paramsUnused && emptyCalls && !ts_node_is_null(parameters) &&
        !mentions(body, source_, "args") && !mentions(body, source_, "kwargs")) {
      fix.title = cat("Make `", w.name, "` take `*args, **kwargs` and pass them to `", param, "`");
      fix.edits.push_back({rangeOf(parameters), "(*args, **kwargs)"});
      for (TSNode call : calls)
        fix.edits.push_back({rangeOf(argumentsOf(call)), "(*args, **kwargs)"});
    }
  } else {
    std::string all;
    if (varPos) all += cat("*", varPos->name);
    if (varKw) all += cat(all.empty() ? "" : ", ", "**", varKw->name);
    bool ok = true;
    std::vector<TextEdit> edits;
    for (TSNode call : calls) {
      TSNode args = argumentsOf(call);
      if (!isNamed(args, sym.argumentList)) {
        ok = false;
        break;
      }
      std::string_view inner = textOf(source_, rangeOf(args));
      inner.remove_prefix(1);
      inner.remove_suffix(1);
      size_t a = inner.find_first_not_of(" \t\r\n");
      inner = a == std::string_view::npos ? std::string_view{} : inner.substr(a);
      while (!inner.empty() && (inner.back() == ' ' || inner.back() == ','))
        inner.remove_suffix(1);
      std::string posText = varPos ? cat("*", varPos->name) : std::string();
      std::string kwText = varKw ? cat("**", varKw->name) : std::string();
      if (inner.empty() || inner == posText || inner == kwText)
        edits.push_back({rangeOf(args), cat("(", all, ")")});
      else
        ok = false;
    }
    if (ok && !edits.empty()) {
      fix.title = cat("Pass `", all, "` on to `", param, "`");
      fix.edits = std::move(edits);
    }
  }
  if (!fix.edits.empty()) f.fixes.push_back(std::move(fix));
  out_.push_back(std::move(f));
}

// ---- CL209 -------------------------------------------------------------------------------------

void WrapperChecks::wrapsMisuse(const Site& site, const WrapsMisuse& misuse) {
  const Symbols& sym = symbols();
  const Wrapper& w = site.wrapper;
  std::string_view param = wrappedName(site.decorator);
  ByteRange range = trimmed(source_, misuse.range);
  std::string_view written = textOf(source_, range);
  Finding f;
  f.code = "CL209";
  f.range = range;
  std::string at = cat("`", written, "` (line ", line(range.start), ")");
  std::string wrapperAt = named(w.name, w.nameRange.start);
  Fix fix;
  fix.preferred = true;
  fix.safe = true;
  switch (misuse.kind) {
  case WrapsMisuseKind::DiscardedCall: {
    f.message = cat(at, " is a statement: the decorator it returns is thrown away, so ", wrapperAt,
                    " keeps its own `__name__` and docstring");
    // The statement becomes the wrapper's first decorator.
    std::vector<TSNode> path = pathTo(defNode(site.decorator.range), misuse.range);
    TSNode statement = path.size() >= 3 ? path[path.size() - 2] : TSNode{};
    TSNode block = path.size() >= 3 ? path[path.size() - 3] : TSNode{};
    if (isNamed(statement, sym.expressionStatement) && statementsOf(block).size() > 1) {
      if (auto remove = deleteLines(source_, rangeOf(statement))) {
        fix.title = cat("Apply `", written, "` to `", w.name, "` as a decorator");
        fix.edits.push_back(*remove);
        if (w.wraps.form != WrapsForm::Decorator &&
            !(remove->range.start <= w.range.start && w.range.start < remove->range.end))
          fix.edits.push_back(insertLineAbove(doc_, w.range.start, cat("@", written)));
      }
    }
    break;
  }
  case WrapsMisuseKind::DecoratorWithoutArgument: {
    bool emptyCall = written.ends_with(")");
    f.message = cat(at, " on ", wrapperAt, " has no argument: ",
                    emptyCall ? "applying it raises TypeError when the decorator runs"
                              : cat("`", w.name,
                                    "` becomes a functools.partial, and calling the decorated "
                                    "function raises TypeError"));
    if (!param.empty()) {
      TSNode deco = nodeAt(doc_, misuse.range);
      TSNode expr{};
      if (isNamed(deco, sym.decorator)) expr = unparenthesize(ts_node_named_child(deco, 0));
      if (isNamed(expr, sym.call)) {
        TSNode args = ts_node_child_by_field_id(expr, sym.fieldArguments);
        if (isNamed(args, sym.argumentList) && ts_node_named_child_count(args) == 0) {
          fix.edits.push_back(
              {{ts_node_start_byte(args) + 1, ts_node_end_byte(args) - 1}, std::string(param)});
        }
      } else if (!ts_node_is_null(expr)) {
        fix.edits.push_back(
            {{ts_node_end_byte(expr), ts_node_end_byte(expr)}, cat("(", param, ")")});
      }
      fix.title = cat("Pass `", param, "` to `functools.wraps`");
    }
    break;
  }
  case WrapsMisuseKind::SwappedUpdateWrapper: {
    f.message = cat(at, " has its arguments swapped: it copies the metadata of ", wrapperAt,
                    " onto the wrapped function and leaves `", w.name,
                    "` unchanged; the signature is `update_wrapper(wrapper, wrapped)`");
    TSNode call = nodeAt(doc_, misuse.range);
    TSNode args = ts_node_child_by_field_id(call, sym.fieldArguments);
    std::vector<TSNode> positional;
    forEachNamedChild(args, [&](TSNode arg) {
      TSSymbol t = ts_node_symbol(arg);
      if (t != sym.keywordArgument && t != sym.listSplat && t != sym.dictionarySplat)
        positional.push_back(arg);
    });
    if (positional.size() >= 2) {
      fix.title = "Swap the arguments of `update_wrapper`";
      fix.edits.push_back({rangeOf(positional[0]), std::string(nodeText(positional[1], source_))});
      fix.edits.push_back({rangeOf(positional[1]), std::string(nodeText(positional[0], source_))});
    }
    break;
  }
  }
  addContext(f, site, false);
  if (!fix.edits.empty()) f.fixes.push_back(std::move(fix));
  out_.push_back(std::move(f));
}

void WrapperChecks::run() {
  std::unordered_set<uint32_t> seenWrappers, seenDecorators, seenMisuses;
  std::span<const DecoratorDefinition> definitions = doc_.decorators.definitions();
  for (size_t i = 0; i < definitions.size(); ++i) {
    const DecoratorDefinition& d = definitions[i];
    if (d.shape != DecoratorShape::Plain && d.shape != DecoratorShape::Factory) continue;
    if (!d.decorator || d.decorator->passThrough || !d.decorator->wrapper) {
      if (d.shape == DecoratorShape::Factory) factoryReturnsNone(d, uses_[i]);
      continue;
    }
    if (d.shape == DecoratorShape::Factory) factoryReturnsNone(d, uses_[i]);
    // A factory's inner decorator is also a definition of its own: report each wrapper once,
    // through the outermost definition (the factory comes first in file order).
    const Wrapper& w = *d.decorator->wrapper;
    if (!seenWrappers.insert(w.nameRange.start).second) continue;
    Site site{d, *d.decorator, w, uses_[i]};
    if (seenDecorators.insert(d.decorator->nameRange.start).second) returnsNone(site);
    missingWraps(site);
    discardsResult(site);
    dropsArguments(site);
    for (const WrapsMisuse& misuse : w.wraps.misuses)
      if (seenMisuses.insert(misuse.range.start).second) wrapsMisuse(site, misuse);
  }
}

} // namespace

void checkWrappers(const AnalyzedDocument& doc, std::vector<Finding>& out) {
  WrapperChecks(doc, out).run();
}

} // namespace closurelens::analysis
