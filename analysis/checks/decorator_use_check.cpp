// CL205 decorator-call-mismatch, CL206 decorator-order, CL207 cached-method,
// CL208 class-decorator-without-get: how decorators are applied where they are used, from the
// layers of each decorated definition in the decorator model.
#include "analysis/checks.hpp"
#include "analysis/checks/decorator_fixes.hpp"
#include "analysis/checks/fix_support.hpp"
#include "analysis/decorator_syntax.hpp"
#include "analysis/external_decorators.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace closurelens::analysis {

using namespace decorator_syntax;
using namespace decorator_fixes;

namespace {

// Whether a class's bases name an Enum type (`Enum`, `enum.IntFlag`, ...) by its last component.
bool derivesFromEnum(TSNode bases, std::string_view source) {
  static constexpr std::array<std::string_view, 6> kEnums = {"Enum", "IntEnum", "StrEnum",
                                                             "Flag", "IntFlag", "ReprEnum"};
  if (ts_node_is_null(bases)) return false;
  uint32_t count = ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view base = nodeText(ts_node_named_child(bases, i), source);
    size_t dot = base.rfind('.');
    if (dot != std::string_view::npos) base = base.substr(dot + 1);
    if (std::find(kEnums.begin(), kEnums.end(), base) != kEnums.end()) return true;
  }
  return false;
}

// Whether the class body assigns `__slots__`.
bool declaresSlots(TSNode cls, std::string_view source) {
  TSNode body = ts_node_child_by_field_name(cls, "body", 4);
  if (ts_node_is_null(body)) return false;
  TreeCursor cursor(body);
  if (!ts_tree_cursor_goto_first_child(cursor.get())) return false;
  do {
    TSNode statement = ts_tree_cursor_current_node(cursor.get());
    if (ts_node_named_child_count(statement) == 0) continue;
    TSNode inner = ts_node_named_child(statement, 0);
    if (std::strcmp(ts_node_type(inner), "assignment") != 0) continue;
    TSNode left = ts_node_child_by_field_name(inner, "left", 4);
    if (nodeText(left, source) == "__slots__") return true;
  } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  return false;
}

// Concatenates with append: GCC 12 at -O3 reports a false -Wrestrict on chains of operator+.
template <typename... Parts> std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

bool isStdlib(const DecoratorLayer& layer, std::string_view module, std::string_view name) {
  const LayerResolution& r = layer.resolution;
  return r.kind == ResolutionKind::Stdlib && r.stdlib && r.stdlib->module == module &&
         r.stdlib->name == name;
}

// The descriptor a layer makes, as the word CPython's messages use, or empty.
std::string_view descriptorKind(const DecoratorLayer& layer) {
  const LayerResolution& r = layer.resolution;
  if (r.kind != ResolutionKind::Stdlib || !r.stdlib || r.stdlib->module != "builtins" ||
      layer.callMismatch)
    return {};
  std::string_view name = r.stdlib->name;
  if (name == "classmethod" || name == "staticmethod") return name;
  if (name == "property" || name.starts_with("property.")) return "property";
  return {};
}

bool isCache(const DecoratorLayer& layer) {
  return isStdlib(layer, "functools", "lru_cache") || isStdlib(layer, "functools", "cache");
}

class UseChecks {
public:
  UseChecks(const AnalyzedDocument& doc, std::vector<Finding>& out)
      : doc_(doc), source_(doc.source()), out_(out) {}

  void run() {
    for (const DecoratedDefinition& d : doc_.decorators.decorated()) {
      callMismatch(d);
      order(d);
      cachedMethod(d);
      classWithoutGet(d);
    }
  }

private:
  void callMismatch(const DecoratedDefinition& d);
  void order(const DecoratedDefinition& d);
  void cachedMethod(const DecoratedDefinition& d);
  void classWithoutGet(const DecoratedDefinition& d);

  std::string line(uint32_t byte) const { return std::to_string(doc_.lineNumber(byte)); }
  // "`@repeat` (line 17)".
  std::string written(const DecoratorLayer& layer) const {
    return cat("`@", layer.expression, "` (line ", line(layer.range.start), ")");
  }
  // Where the definition a layer applies is: "line 4", or "`pkg/util.py` line 4" when it was
  // imported from another file of the workspace.
  std::string definedAt(const DecoratorLayer& layer, const DecoratorDefinition& def) const {
    if (const ExternalDecorator* external = doc_.decorators.externalOf(layer))
      return cat("`", external->file, "` line ", std::to_string(def.line + 1));
    return cat("line ", line(def.nameRange.start));
  }
  ByteRange decoratorLine(const DecoratorLayer& layer) const {
    return trimmed(source_, layer.decoratorRange);
  }
  // The class_definition whose body holds the statement starting at `byte`, found top-down
  // (ts_node_parent walks from the root on every call).
  TSNode enclosingClass(uint32_t byte) const;
  // What CL207's fix needs to know of a class, gathered once per class.
  struct ClassInfo {
    TSNode init{};                                // its __init__, if any
    std::unordered_set<std::string_view> names{}; // identifiers in its body
  };
  const ClassInfo& classInfo(TSNode cls);

  const AnalyzedDocument& doc_;
  std::string_view source_;
  std::vector<Finding>& out_;
  ImportedNames imports_{doc_};
  std::unordered_map<uint32_t, ClassInfo> classes_;
};

TSNode UseChecks::enclosingClass(uint32_t byte) const {
  const Symbols& sym = symbols();
  TSNode found{};
  for (TSNode node : pathTo(doc_.snapshot.root(), {byte, byte + 1}))
    if (isNamed(node, sym.classDefinition) && ts_node_start_byte(node) < byte) found = node;
  return found;
}

const UseChecks::ClassInfo& UseChecks::classInfo(TSNode cls) {
  const Symbols& sym = symbols();
  uint32_t key = ts_node_start_byte(cls);
  auto it = classes_.find(key);
  if (it != classes_.end()) return it->second;
  ClassInfo info;
  TSNode body = ts_node_child_by_field_id(cls, sym.fieldBody);
  for (TSNode stmt : statementsOf(body)) {
    TSNode def = definitionOf(stmt);
    if (isNamed(def, sym.functionDefinition) &&
        nodeText(ts_node_child_by_field_id(def, sym.fieldName), source_) == "__init__")
      info.init = def;
  }
  walkNamed(body, [&](TSNode node) {
    if (ts_node_symbol(node) == sym.identifier) info.names.insert(nodeText(node, source_));
    return true;
  });
  return classes_.emplace(key, std::move(info)).first->second;
}

// ---- CL205 -------------------------------------------------------------------------------------

void UseChecks::callMismatch(const DecoratedDefinition& d) {
  const Symbols& sym = symbols();
  for (const DecoratorLayer& layer : d.layers) {
    if (!layer.callMismatch) continue;
    const LayerResolution& r = layer.resolution;
    Finding f;
    f.code = "CL205";
    f.range = layer.range;
    f.related.push_back({d.nameRange, cat("`", d.name, "` is decorated here")});
    // The one syntactic call `@head(...)`, which the fix may delete when it is empty.
    bool emptySingleCall = layer.form == ExpressionForm::Call && layer.callDepth == 1 &&
                           layer.arguments.end == layer.range.end &&
                           layer.headRange.end <= layer.arguments.start;
    if (emptySingleCall) {
      TSNode args = nodeAt(doc_, layer.arguments);
      emptySingleCall = isNamed(args, sym.argumentList) && ts_node_named_child_count(args) == 0;
    }
    auto removeParentheses = [&](std::string_view callee) {
      if (!emptySingleCall) return;
      Fix fix;
      fix.title = cat("Remove the parentheses: `@", callee, "`");
      fix.preferred = true;
      fix.safe = true;
      fix.edits.push_back({{layer.headRange.end, layer.arguments.end}, {}});
      f.fixes.push_back(std::move(fix));
    };
    if (r.kind == ResolutionKind::Stdlib && r.stdlib) {
      const StdlibDecorator& e = *r.stdlib;
      // Misused wraps/update_wrapper on a wrapper are CL209's.
      if (e.module == "functools" && (e.name == "wraps" || e.name == "update_wrapper")) continue;
      std::string qualified =
          cat(e.module == "builtins" ? "" : e.module, e.module == "builtins" ? "" : ".", e.name);
      if (layer.callDepth == 1 && !e.calledAllowed) {
        f.message =
            cat(written(layer), " calls `", qualified, "`, which takes the function itself: `",
                layer.head, "(...)` runs first, without ", d.name,
                ", and raises TypeError or returns something that is not a decorator");
        removeParentheses(layer.head);
      } else if (layer.callDepth == 0 && !e.bareAllowed) {
        f.message =
            cat(written(layer), " uses `", qualified,
                "` without calling it: it needs its arguments first, `@", layer.head, "(...)`");
      } else {
        f.message = cat(written(layer), " calls `", qualified, "` ",
                        std::to_string(layer.callDepth), " times; it is applied with at most one");
      }
      out_.push_back(std::move(f));
      continue;
    }
    const DecoratorDefinition* def = doc_.decorators.layerDefinition(layer);
    if (!def) continue;
    std::string where = definedAt(layer, *def);
    // Related locations are in this file; an imported definition is named in the message.
    if (!doc_.decorators.externalOf(layer))
      f.related.push_back({def->nameRange, cat("`", def->name, "` is defined here (", where, ")")});
    const std::vector<Parameter>& params = def->signature.parameters;
    if (layer.role == LayerRole::Factory && layer.callDepth == 0) {
      // `def retry(func=None, *, times=3)` and `def deco(*args)` work both ways.
      if (params.empty() || params.front().hasDefault ||
          params.front().kind == ParameterKind::VarPositional ||
          params.front().kind == ParameterKind::KeywordOnly ||
          def->returnsDecorator != PathCoverage::AllPaths || !def->decorator)
        continue;
      f.message =
          cat(written(layer), " uses factory `", def->name, "` (", where, ") without calling it: `",
              d.name, "` is passed as `", params.front().name, "` and `", d.name,
              "` becomes its inner decorator `", def->decorator->name, "`");
      if (layer.form == ExpressionForm::Name || layer.form == ExpressionForm::Dotted) {
        // Required parameters get `...`: it compiles, and is plainly a value to replace.
        std::string arguments;
        for (const Parameter& p : params) {
          if (p.hasDefault || p.kind == ParameterKind::VarPositional ||
              p.kind == ParameterKind::VarKeyword)
            continue;
          if (!arguments.empty()) arguments += ", ";
          arguments +=
              p.kind == ParameterKind::PositionalOnly ? std::string("...") : cat(p.name, "=...");
        }
        Fix fix;
        fix.title = arguments.empty() ? cat("Call the factory: `@", layer.expression, "()`")
                                      : cat("Call the factory: `@", layer.expression, "(",
                                            arguments, ")` (replace the placeholders)");
        fix.preferred = true;
        fix.safe = arguments.empty();
        fix.edits.push_back({{layer.range.end, layer.range.end}, cat("(", arguments, ")")});
        f.fixes.push_back(std::move(fix));
      }
    } else if ((layer.role == LayerRole::Plain || layer.role == LayerRole::PassThrough) &&
               layer.callDepth >= 1) {
      const DecoratorFunction* fn = def->decorator ? &*def->decorator : nullptr;
      if (!fn || fn->wrappedParameter < 0) continue;
      const Parameter& wrapped =
          fn->signature.parameters[static_cast<size_t>(fn->wrappedParameter)];
      if (wrapped.hasDefault || wrapped.kind == ParameterKind::VarPositional) continue;
      // `@null(null)` with `def null(x): return x` returns its argument, itself a decorator: only
      // an empty call is certainly wrong for a pass-through.
      if (layer.role == LayerRole::PassThrough && !emptySingleCall) continue;
      f.message = cat(written(layer), " calls decorator `", def->name, "` (", where,
                      "), which takes the function itself as `", wrapped.name, "`: `", layer.head,
                      "(...)` runs first, without `", d.name,
                      "`, and raises TypeError when the module is imported");
      removeParentheses(layer.head);
    } else {
      f.message = cat(written(layer), " applies `", def->name, "` (", where, ") with ",
                      std::to_string(layer.callDepth), " calls; it is a ", toString(def->shape),
                      " decorator");
    }
    out_.push_back(std::move(f));
  }
}

// ---- CL206 -------------------------------------------------------------------------------------

void UseChecks::order(const DecoratedDefinition& d) {
  if (d.enclosingClass.empty() || d.isClass) return;
  for (size_t j = 1; j < d.layers.size(); ++j) {
    std::string_view kind = descriptorKind(d.layers[j]);
    if (kind.empty()) continue;
    // The topmost decorator above it that cannot take that descriptor.
    for (size_t i = 0; i < j; ++i) {
      const DecoratorLayer& above = d.layers[i];
      std::string consequence;
      if (isCache(above) && kind != "staticmethod") {
        consequence = "and raises TypeError: the first argument must be callable while the class "
                      "body runs";
      } else if (isStdlib(above, "abc", "abstractmethod")) {
        consequence = cat("and raises AttributeError: attribute '__isabstractmethod__' of '", kind,
                          "' objects is not writable while the class body runs");
      } else if ((isStdlib(above, "contextlib", "contextmanager") ||
                  isStdlib(above, "contextlib", "asynccontextmanager")) &&
                 kind == "classmethod") {
        consequence = "and entering it raises TypeError: 'classmethod' object is not callable";
      } else if ((above.role == LayerRole::Plain || above.role == LayerRole::Factory) &&
                 !above.callMismatch) {
        const DecoratorFunction* fn = doc_.decorators.appliedDecorator(above);
        const DecoratorDefinition* def = doc_.decorators.layerDefinition(above);
        if (!fn || fn->passThrough || !fn->wrapper || !def) continue;
        // A decorator written for descriptors unwraps or binds them itself.
        const ExternalDecorator* external = doc_.decorators.externalOf(above);
        uint32_t words =
            external ? external->mentions : mentions::inText(textOf(source_, def->range));
        if ((words & (mentions::DunderFunc | mentions::DunderGet | mentions::Fget |
                      mentions::ofKind(kind))) != 0)
          continue;
        consequence =
            kind == "property"
                ? std::string("and calls the property object: reading the attribute returns the "
                              "wrapper, and calling that raises TypeError: 'property' object is "
                              "not callable")
                : cat("and calls it directly: calling `", d.name, "` raises TypeError: '", kind,
                      "' object is not callable");
      } else {
        continue;
      }
      Finding f;
      f.code = "CL206";
      f.range = decoratorLine(above);
      f.message = cat(written(above), " is above ", written(d.layers[j]), " on `", d.name,
                      "`: decorators apply bottom-up, so it receives the ", kind,
                      " object, not the function, ", consequence);
      f.related.push_back({decoratorLine(d.layers[j]),
                           cat("`@", d.layers[j].expression, "` must be the top decorator")});
      if (const DecoratorDefinition* def = doc_.decorators.definitionOf(above))
        f.related.push_back({def->nameRange, cat("`", def->name, "` is defined here")});
      // One edit: the descriptor's line(s) move above the first decorator, comments stay.
      ByteRange moved = decoratorLine(d.layers[j]);
      std::optional<TextEdit> lines = deleteLines(source_, moved);
      uint32_t top = lineStartAt(source_, d.layers[0].decoratorRange.start);
      bool topAlone = top + indentationAt(source_, top).size() == d.layers[0].decoratorRange.start;
      if (lines && topAlone) {
        std::string_view movedText = textOf(source_, lines->range);
        std::string_view between = textOf(source_, {top, lines->range.start});
        Fix fix;
        fix.title = cat("Move `@", d.layers[j].expression, "` to the top of the stack");
        fix.preferred = true;
        fix.edits.push_back({{top, lines->range.end}, cat(movedText, between)});
        f.fixes.push_back(std::move(fix));
      }
      out_.push_back(std::move(f));
      return;
    }
  }
}

// ---- CL207 -------------------------------------------------------------------------------------

void UseChecks::cachedMethod(const DecoratedDefinition& d) {
  const Symbols& sym = symbols();
  if (d.enclosingClass.empty() || d.isClass || d.signature.parameters.empty()) return;
  const DecoratorLayer* cache = nullptr;
  for (const DecoratorLayer& layer : d.layers) {
    std::string_view kind = descriptorKind(layer);
    if (kind == "staticmethod" || kind == "classmethod") return;
    if (isCache(layer) && !layer.callMismatch && !cache) cache = &layer;
    // A cache above a descriptor receives the descriptor (CL206), not the method.
    if (cache && !kind.empty()) return;
  }
  if (!cache) return;
  const Parameter& self = d.signature.parameters.front();
  if (self.kind != ParameterKind::PositionalOnly && self.kind != ParameterKind::PositionalOrKeyword)
    return;
  if (self.name == "cls" || self.name == "mcs" || self.name == "mcls" || self.name == "metacls")
    return;
  TSNode cls = enclosingClass(d.range.start);
  if (ts_node_is_null(cls)) return;
  // Enum members live as long as the program: their cache entries cost nothing extra.
  TSNode bases = ts_node_child_by_field_id(
      cls, ts_language_field_id_for_name(pythonLanguage(), "superclasses", 12));
  if (derivesFromEnum(bases, source_)) return;

  Finding f;
  f.code = "CL207";
  f.range = decoratorLine(*cache);
  std::string_view className = d.enclosingClass;
  f.message =
      cat(written(*cache), " on method `", d.name, "` of `", className,
          "`: the cache is shared by the class and keeps `", self.name, "` in every key, so `",
          className, "` instances are never freed while their entries stay in the cache");
  f.related.push_back({d.nameRange, cat("`", className, ".", d.name, "` is defined here")});

  bool onlyLayer = d.layers.size() == 1;
  // Per-instance cache, built in __init__.
  const ClassInfo& info = classInfo(cls);
  TSNode init = info.init;
  std::string privateName = cat("_", d.name);
  bool dunder = d.name.starts_with("__");
  TSNode initBody =
      ts_node_is_null(init) ? TSNode{} : ts_node_child_by_field_id(init, sym.fieldBody);
  std::vector<TSNode> initStatements = statementsOf(initBody);
  if (onlyLayer && !dunder && !initStatements.empty() && !info.names.contains(privateName) &&
      !info.names.contains("__slots__")) {
    std::string_view initSelf = "self";
    TSNode initParameters = ts_node_child_by_field_id(init, sym.fieldParameters);
    if (ts_node_named_child_count(initParameters) > 0) {
      TSNode first = ts_node_named_child(initParameters, 0);
      if (isNamed(first, sym.identifier)) initSelf = nodeText(first, source_);
    }
    // `lru_cache(maxsize=128)(self._m)` / `functools.cache(self._m)`: the decorator as written,
    // so the file's import style carries over.
    std::string statement =
        cat(initSelf, ".", d.name, " = ", cache->expression, "(", initSelf, ".", privateName, ")");
    std::optional<TextEdit> addition;
    // After the attributes __init__ sets (as one writes it by hand), unless __init__ can return
    // early; then first, after its docstring.
    if (ownReturns(init).empty() && !blockTerminates(initBody)) {
      addition = appendToBlock(doc_, initBody, statement);
    } else {
      size_t first = 0;
      std::string_view docstring;
      if (docstringOf(initBody, source_, docstring)) first = 1;
      if (first < initStatements.size())
        addition = insertLineAbove(doc_, ts_node_start_byte(initStatements[first]), statement);
    }
    std::optional<TextEdit> removal = deleteLines(source_, decoratorLine(*cache));
    if (addition && removal) {
      Fix fix;
      fix.title = cat("Cache per instance: rename to `", privateName, "` and create `", initSelf,
                      ".", d.name, "` in `__init__`");
      fix.kind = FixKind::RefactorRewrite;
      fix.preferred = true;
      fix.edits.push_back(*removal);
      fix.edits.push_back({d.nameRange, privateName});
      fix.edits.push_back(*addition);
      f.fixes.push_back(std::move(fix));
    }
  }
  // cached_property stores into the instance __dict__, which a class with __slots__ lacks.
  if (onlyLayer && d.signature.parameters.size() == 1 && !declaresSlots(cls, source_)) {
    const ImportedName& cached = imports_.get("functools", "cached_property");
    Fix fix;
    fix.title = cat("Use `@", cached.expression, "` (call sites change from `obj.", d.name,
                    "()` to `obj.", d.name, "`)");
    fix.kind = FixKind::RefactorRewrite;
    fix.edits.push_back({cache->range, cached.expression});
    if (cached.edit) fix.edits.push_back(*cached.edit);
    f.fixes.push_back(std::move(fix));
  }
  out_.push_back(std::move(f));
}

// ---- CL208 -------------------------------------------------------------------------------------

void UseChecks::classWithoutGet(const DecoratedDefinition& d) {
  const Symbols& sym = symbols();
  // Only the top layer is what the class attribute holds: a function wrapper or a descriptor
  // above it binds (or does not need) `self` itself.
  if (d.enclosingClass.empty() || d.isClass || d.layers.empty()) return;
  const DecoratorLayer& layer = d.layers.front();
  if (layer.role != LayerRole::ClassInstance || layer.callMismatch) return;
  const DecoratorDefinition* def = doc_.decorators.layerDefinition(layer);
  if (!def || !def->classDecorator || !def->classDecorator->hasCall || def->classDecorator->hasGet)
    return;
  bool external = doc_.decorators.externalOf(layer) != nullptr;
  // A method without parameters, used as `Klass.helper()`, needs no binding to work.
  if (d.signature.parameters.empty() ||
      (d.signature.parameters.front().kind != ParameterKind::PositionalOnly &&
       d.signature.parameters.front().kind != ParameterKind::PositionalOrKeyword))
    return;
  Finding f;
  f.code = "CL208";
  f.range = decoratorLine(layer);
  std::string_view self = d.signature.parameters.empty() ? std::string_view("self")
                                                         : d.signature.parameters.front().name;
  f.message =
      cat(written(layer), " on method `", d.name, "` of `", d.enclosingClass, "`: class `",
          def->name, "` (", definedAt(layer, *def),
          ") defines `__call__` but not `__get__`, so the instance is never bound and `",
          d.enclosingClass, "(...).", d.name, "()` is called without `", self, "` (TypeError)");
  if (!external)
    f.related.push_back({def->nameRange, cat("class `", def->name, "` is defined here")});
  f.related.push_back({d.nameRange, cat("`", d.name, "` is a method of `", d.enclosingClass, "`")});
  // The fix edits the class, which must be in this file.
  if (external) {
    out_.push_back(std::move(f));
    return;
  }

  TSNode cls = definitionOf(nodeAt(doc_, def->range));
  std::vector<TSNode> statements = statementsOf(ts_node_child_by_field_id(cls, sym.fieldBody));
  if (!statements.empty()) {
    uint32_t first = ts_node_start_byte(statements.front());
    std::string indent(indentationAt(source_, first));
    if (lineStartAt(source_, first) + indent.size() == first) {
      std::string inner = indentInside(source_, indent);
      std::string innermost = indentInside(source_, inner);
      std::string_view eol = lineEnding(source_);
      const ImportedName& method = imports_.get("types", "MethodType");
      uint32_t at = nextLineStart(source_, ts_node_end_byte(statements.back()));
      std::string text;
      if (at == source_.size() && !source_.empty() && source_.back() != '\n') text += eol;
      text += cat(eol, indent, "def __get__(self, instance, owner=None):", eol);
      text += cat(inner, "if instance is None:", eol);
      text += cat(innermost, "return self", eol);
      text += cat(inner, "return ", method.expression, "(self, instance)", eol);
      Fix fix;
      fix.title = cat("Add `__get__` to `", def->name, "` so that it binds like a function");
      fix.preferred = true;
      fix.edits.push_back({{at, at}, std::move(text)});
      if (method.edit) fix.edits.push_back(*method.edit);
      f.fixes.push_back(std::move(fix));
    }
  }
  out_.push_back(std::move(f));
}

} // namespace

void checkDecoratorUse(const AnalyzedDocument& doc, std::vector<Finding>& out) {
  UseChecks(doc, out).run();
}

} // namespace closurelens::analysis
