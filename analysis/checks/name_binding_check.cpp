// CL102 unbound-local-capture and CL103 nonlocal-without-binding: a function that means an
// enclosing variable but gets a local of its own (UnboundLocalError at call time), and a
// `nonlocal` that names no enclosing function's variable (SyntaxError at import). Both are read
// from the ScopeTree's symbols; the syntax tree is only consulted for the few occurrences whose
// evaluation order matters (`x = x + 1` reads before it binds).
#include "analysis/checks.hpp"
#include "analysis/checks/closure_escape.hpp"
#include "analysis/checks/fix_support.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

namespace closurelens::analysis {
namespace {

bool isStatementComment(TSNode node) {
  return typeIs(node, "comment");
}

bool isDocstring(TSNode statement) {
  return typeIs(statement, "expression_statement") && ts_node_named_child_count(statement) == 1 &&
         typeIs(ts_node_named_child(statement, 0), "string");
}

constexpr uint32_t kNever = UINT32_MAX;

// What one binding occurrence does when it runs.
struct BindingEffect {
  bool readsFirst = false; // an augmented assignment's target: read, then bound
  uint32_t boundAt = 0;    // the byte after which the name holds a value (kNever: it never does)
};

// The binding construct around the identifier at the end of `path` decides when the name gets
// its value: after the right-hand side of an assignment, after a `for`'s iterable, after a
// `with` item, ...
BindingEffect bindingEffect(const std::vector<TSNode>& path) {
  BindingEffect effect;
  if (path.empty()) return effect;
  TSNode id = path.back();
  effect.boundAt = ts_node_end_byte(id);
  for (size_t k = path.size() - 1; k-- > 0;) {
    TSNode node = path[k];
    if (typeIs(node, "augmented_assignment")) {
      effect.readsFirst = true;
      effect.boundAt = ts_node_end_byte(node);
      return effect;
    }
    if (typeIs(node, "assignment")) {
      // `x: int` without a value binds nothing at run time.
      if (ts_node_is_null(ts_node_child_by_field_name(node, "right", 5)))
        effect.boundAt = kNever;
      else
        effect.boundAt = ts_node_end_byte(node);
      return effect;
    }
    if (typeIs(node, "for_statement")) {
      effect.boundAt = ts_node_end_byte(ts_node_child_by_field_name(node, "right", 5));
      return effect;
    }
    if (typeIs(node, "with_item") || typeIs(node, "named_expression") ||
        typeIs(node, "import_statement") || typeIs(node, "import_from_statement") ||
        typeIs(node, "function_definition") || typeIs(node, "class_definition")) {
      effect.boundAt = ts_node_end_byte(node);
      return effect;
    }
    if (typeIs(node, "except_clause") || typeIs(node, "block") || typeIs(node, "module")) {
      return effect;
    }
  }
  return effect;
}

// Where the enclosing binding the nested function missed lives.
struct Target {
  const Scope* function = nullptr; // the enclosing function that binds it; null: the module
  const Symbol* symbol = nullptr;
};

std::optional<Target> enclosingBinding(const ScopeTree& scopes, const Scope& scope,
                                       const std::string& name) {
  for (uint32_t p = scope.parent; p != kNoScope; p = scopes.scope(p).parent) {
    const Scope& outer = scopes.scope(p);
    if (outer.kind == ScopeKind::Class || outer.kind == ScopeKind::Comprehension) continue;
    const Symbol* symbol = outer.find(name);
    if (outer.kind == ScopeKind::Module) {
      if (symbol && (symbol->flags & symbol_flags::DefBound)) return Target{nullptr, symbol};
      return std::nullopt;
    }
    if (!symbol) continue;
    if (symbol->flags & symbol_flags::DefGlobal) {
      const Symbol* global = scopes.module().find(name);
      return Target{nullptr, global};
    }
    if (symbol->flags & (symbol_flags::DefBound | symbol_flags::DefNonlocal)) {
      return Target{&outer, symbol};
    }
  }
  return std::nullopt;
}

// The first statement of a def's body, after its docstring and comments.
TSNode firstBodyStatement(TSNode def) {
  TSNode body = ts_node_child_by_field_name(def, "body", 4);
  if (ts_node_is_null(body)) return {};
  uint32_t count = ts_node_named_child_count(body);
  bool first = true;
  for (uint32_t k = 0; k < count; ++k) {
    TSNode statement = ts_node_named_child(body, k);
    if (isStatementComment(statement)) continue;
    if (first && isDocstring(statement)) {
      first = false;
      continue;
    }
    return statement;
  }
  return {};
}

// Inserts `text` as the first statement of the def's body (after the docstring), at the body's
// indentation; on a one-line body (`def f(): x += 1`) as `text; ` in front of the statement.
std::optional<TextEdit> insertAtBodyStart(std::string_view source, TSNode def,
                                          const std::string& text) {
  TSNode statement = firstBodyStatement(def);
  if (ts_node_is_null(statement)) return std::nullopt;
  uint32_t start = ts_node_start_byte(statement);
  uint32_t lineStart = lineStartAt(source, start);
  std::string_view indent = indentationAt(source, start);
  if (lineStart + indent.size() != start) return TextEdit{{start, start}, text + "; "};
  return TextEdit{{lineStart, lineStart},
                  std::string(indent) + text + std::string(lineEnding(source))};
}

class NameBindingChecker {
public:
  NameBindingChecker(const AnalyzedDocument& doc, std::vector<Finding>& out)
      : doc_(doc), scopes_(doc.scopes), source_(doc.source()), out_(out) {}

  void run() {
    for (const Scope& scope : scopes_.scopes()) {
      for (const Symbol& symbol : scope.symbols) {
        if (symbol.flags & symbol_flags::DefNonlocal) checkNonlocal(scope, symbol);
        if (scope.kind == ScopeKind::Function && !scope.annotationScope)
          checkUnboundLocal(scope, symbol);
      }
    }
  }

private:
  std::string written(ByteRange range) const {
    return std::string(source_.substr(range.start, range.end - range.start));
  }
  std::string line(uint32_t byte) const { return std::to_string(doc_.lineNumber(byte)); }

  std::vector<TSNode> pathOf(ByteRange range) const { return pathTo(doc_.snapshot.root(), range); }

  // The def node of a function scope.
  TSNode defNode(const Scope& scope) const {
    std::vector<TSNode> path = pathOf(scope.range);
    if (path.empty() || !(rangeOf(path.back()) == scope.range)) return {};
    return path.back();
  }

  // ---- CL102 --------------------------------------------------------------------------------

  void checkUnboundLocal(const Scope& scope, const Symbol& symbol) {
    using namespace symbol_flags;
    if (symbol.scope != SymbolScope::Local && symbol.scope != SymbolScope::Cell) return;
    if ((symbol.flags & (DefParam | DefGlobal | DefNonlocal)) ||
        !(symbol.flags & (DefLocal | DefImport))) {
      return;
    }
    // Cheap filters before any syntax: a read (or a write that may be `x += 1`) and a binding
    // outside.
    bool anyRead = false, anyWrite = false;
    for (const Occurrence& occ : symbol.occurrences) {
      anyRead |= occ.kind == OccurrenceKind::Read || occ.kind == OccurrenceKind::Delete;
      anyWrite |= occ.kind == OccurrenceKind::Write || occ.kind == OccurrenceKind::Import ||
                  occ.kind == OccurrenceKind::Definition;
    }
    if (!anyRead && !anyWrite) return;
    std::optional<Target> target = enclosingBinding(scopes_, scope, symbol.name);
    if (!target) return;

    std::vector<const Occurrence*> ordered;
    for (const Occurrence& occ : symbol.occurrences) {
      if (occ.kind != OccurrenceKind::GlobalDecl && occ.kind != OccurrenceKind::NonlocalDecl) {
        ordered.push_back(&occ);
      }
    }
    std::sort(ordered.begin(), ordered.end(), [](const Occurrence* a, const Occurrence* b) {
      return a->range.start < b->range.start;
    });
    // In source order, the first read that no earlier binding has completed before.
    uint32_t boundFrom = kNever;
    const Occurrence* firstRead = nullptr;
    const Occurrence* firstBinding = nullptr;
    for (const Occurrence* occ : ordered) {
      if (occ->kind == OccurrenceKind::Read || occ->kind == OccurrenceKind::Delete) {
        if (boundFrom <= occ->range.start) return;
        firstRead = occ;
        break;
      }
      if (occ->kind == OccurrenceKind::Write) {
        BindingEffect effect = bindingEffect(pathOf(occ->range));
        if (effect.readsFirst) {
          if (boundFrom <= occ->range.start) return;
          firstRead = occ;
          firstBinding = occ;
          break;
        }
        boundFrom = std::min(boundFrom, effect.boundAt);
        if (!firstBinding) firstBinding = occ;
      } else if (occ->kind == OccurrenceKind::Import || occ->kind == OccurrenceKind::Definition) {
        boundFrom = std::min(boundFrom, occ->range.end);
        if (!firstBinding) firstBinding = occ;
      }
    }
    if (!firstRead) return;
    if (!firstBinding) {
      for (const Occurrence* occ : ordered) {
        if (occ->kind != OccurrenceKind::Read) {
          firstBinding = occ;
          break;
        }
      }
    }
    if (!firstBinding) return;
    report102(scope, *target, *firstRead, *firstBinding);
  }

  void report102(const Scope& scope, const Target& target, const Occurrence& read,
                 const Occurrence& binding) {
    // In a def the parser could not read whole, a target may have been taken for a read: the
    // order of reads and writes, which this rule is about, is not reliable there.
    TSNode def = defNode(scope);
    if (ts_node_is_null(def) || ts_node_has_error(def)) return;
    std::string name = written(binding.range);
    const bool global = target.function == nullptr;
    std::string keyword = global ? "global" : "nonlocal";
    // Where the outer scope binds it.
    std::optional<ByteRange> outerSite;
    if (target.symbol) {
      for (const Occurrence& occ : target.symbol->occurrences) {
        if (occ.kind != OccurrenceKind::Read && occ.kind != OccurrenceKind::Delete) {
          outerSite = occ.range;
          break;
        }
      }
    }
    Finding f;
    f.code = "CL102";
    f.range = binding.range;
    std::string where =
        global ? std::string("is a module global") : "bound in `" + target.function->name + "`";
    if (outerSite) where += " (line " + line(outerSite->start) + ")";
    std::string readWhere = &read == &binding
                                ? std::string("reading it first")
                                : "reading it first (line " + line(read.range.start) + ")";
    f.message = "`" + name + "` is assigned in `" + scope.name + "` (line " +
                line(binding.range.start) + ") but " + where + ": " + readWhere +
                " raises UnboundLocalError; add `" + keyword + " " + name + "`";
    if (&read != &binding) f.related.push_back({read.range, "read here before it is assigned"});
    if (outerSite) {
      f.related.push_back({*outerSite, global ? "the module-level binding"
                                              : "the binding in `" + target.function->name + "`"});
    }
    if (auto edit = insertAtBodyStart(source_, def, keyword + " " + name)) {
      Fix fix;
      fix.title = "Add `" + keyword + " " + name + "`";
      fix.preferred = true;
      fix.safe = true;
      fix.edits.push_back(std::move(*edit));
      f.fixes.push_back(std::move(fix));
    }
    out_.push_back(std::move(f));
  }

  // ---- CL103 --------------------------------------------------------------------------------

  void checkNonlocal(const Scope& scope, const Symbol& symbol) {
    using namespace symbol_flags;
    const Occurrence* decl = nullptr;
    for (const Occurrence& occ : symbol.occurrences) {
      if (occ.kind == OccurrenceKind::NonlocalDecl) {
        decl = &occ;
        break;
      }
    }
    if (!decl) return; // a comprehension's walrus, not a statement
    std::string name = written(decl->range);
    enum class Why { ModuleLevel, Parameter, AlsoGlobal, NoBinding } why = Why::NoBinding;
    const Scope* enclosing = nullptr; // the nearest enclosing function, if any
    if (scope.kind == ScopeKind::Module) {
      why = Why::ModuleLevel;
    } else if (symbol.flags & DefParam) {
      why = Why::Parameter;
    } else if (symbol.flags & DefGlobal) {
      why = Why::AlsoGlobal;
    } else {
      for (uint32_t p = scope.parent; p != kNoScope; p = scopes_.scope(p).parent) {
        const Scope& outer = scopes_.scope(p);
        if (outer.annotationScope) continue; // a generic's type parameters: no `nonlocal` target
        // Every class body offers its methods the implicit `__class__` cell.
        if (outer.kind == ScopeKind::Class && name == "__class__") return;
        if (outer.kind == ScopeKind::Class) continue;
        if (outer.kind == ScopeKind::Module) break;
        if (!enclosing && outer.kind == ScopeKind::Function) enclosing = &outer;
        const Symbol* s = outer.find(symbol.name);
        if (!s) continue;
        // `global x` further out hides the outer functions' x from `nonlocal`.
        if (s->flags & DefGlobal) break;
        if ((s->flags & DefBound) && !(s->flags & DefNonlocal)) return;
        if (s->flags & DefNonlocal) return; // that outer nonlocal is checked on its own
      }
    }

    const Symbol* global = scopes_.module().find(symbol.name);
    const bool isModuleGlobal = global && (global->flags & DefBound);
    std::optional<ByteRange> globalSite;
    if (isModuleGlobal) {
      for (const Occurrence& occ : global->occurrences) {
        if (occ.kind != OccurrenceKind::Read && occ.kind != OccurrenceKind::Delete &&
            occ.kind != OccurrenceKind::NonlocalDecl) {
          globalSite = occ.range;
          break;
        }
      }
    }

    Finding f;
    f.code = "CL103";
    f.range = decl->range;
    std::string at = " (line " + line(decl->range.start) + ")";
    switch (why) {
    case Why::ModuleLevel:
      f.message = "`nonlocal " + name + "`" + at +
                  " is not in a function: SyntaxError: nonlocal declaration not allowed at "
                  "module level";
      break;
    case Why::Parameter:
      f.message = "`" + name + "` is a parameter of `" + scope.name + "` and declared nonlocal" +
                  at + ": SyntaxError at import";
      break;
    case Why::AlsoGlobal:
      f.message = "`" + name + "` is declared both global and nonlocal in `" + scope.name + "`" +
                  at + ": SyntaxError at import";
      break;
    case Why::NoBinding:
      f.message = "`nonlocal " + name + "` in `" + scope.name + "`" + at +
                  " but no enclosing function binds `" + name + "`";
      if (globalSite) f.message += " (it is a module global, line " + line(globalSite->start) + ")";
      f.message += ": SyntaxError at import";
      break;
    }
    if (globalSite) f.related.push_back({*globalSite, "the module-level `" + name + "`"});
    for (const Occurrence& occ : symbol.occurrences) {
      if (why == Why::Parameter && occ.kind == OccurrenceKind::Parameter) {
        f.related.push_back({occ.range, "`" + name + "` is a parameter here"});
      } else if (why == Why::AlsoGlobal && occ.kind == OccurrenceKind::GlobalDecl) {
        f.related.push_back({occ.range, "`" + name + "` is declared global here"});
      }
    }
    if (why == Why::NoBinding && enclosing) {
      f.related.push_back(
          {enclosing->nameRange, "`" + enclosing->name + "` does not bind `" + name + "`"});
    }
    if (f.related.empty()) {
      f.related.push_back({scope.kind == ScopeKind::Module ? decl->range : scope.nameRange,
                           scope.kind == ScopeKind::Module
                               ? "`nonlocal` is only valid in a nested function"
                               : "`" + scope.name + "` is not nested in a function"});
    }

    std::vector<TSNode> path = pathOf(decl->range);
    TSNode statement{};
    for (size_t k = path.size(); k-- > 0;) {
      if (typeIs(path[k], "nonlocal_statement")) {
        statement = path[k];
        break;
      }
    }
    if (ts_node_is_null(statement)) {
      out_.push_back(std::move(f));
      return;
    }
    if (why == Why::Parameter || why == Why::AlsoGlobal) {
      f.fixes.push_back(removeName(statement, *decl, name));
    } else {
      if (isModuleGlobal || why == Why::ModuleLevel) {
        if (auto fix = useGlobal(statement, *decl, name)) f.fixes.push_back(std::move(*fix));
      }
      if (enclosing && why == Why::NoBinding) {
        if (auto fix = createInEnclosing(scope, *enclosing, symbol, name)) {
          f.fixes.push_back(std::move(*fix));
        }
      }
      if (!f.fixes.empty()) {
        f.fixes.front().preferred = true;
        // Using the module global keeps what the code already does when it runs; creating a
        // new variable changes which state is shared, so only the first is applied unreviewed.
        f.fixes.front().safe = f.fixes.front().title.find("global") != std::string::npos;
      }
    }
    out_.push_back(std::move(f));
  }

  // The names of a nonlocal statement.
  std::vector<TSNode> namesOf(TSNode statement) const {
    std::vector<TSNode> names;
    uint32_t count = ts_node_named_child_count(statement);
    for (uint32_t k = 0; k < count; ++k) {
      TSNode child = ts_node_named_child(statement, k);
      if (typeIs(child, "identifier")) names.push_back(child);
    }
    return names;
  }

  // `nonlocal x` -> `global x`; `nonlocal x, y` (y fine) -> `global x` + `nonlocal y`.
  std::optional<Fix> useGlobal(TSNode statement, const Occurrence& decl, const std::string& name) {
    Fix fix;
    fix.title = "Use `global " + name + "`";
    std::vector<TSNode> names = namesOf(statement);
    uint32_t start = ts_node_start_byte(statement);
    if (names.size() <= 1) {
      fix.edits.push_back({{start, start + 8}, "global"});
      return fix;
    }
    Fix removal = removeName(statement, decl, name);
    fix.edits = std::move(removal.edits);
    std::string_view indent = indentationAt(source_, start);
    if (lineStartAt(source_, start) + indent.size() != start) return std::nullopt;
    fix.edits.push_back(
        {{start, start},
         "global " + name + std::string(lineEnding(source_)) + std::string(indent)});
    return fix;
  }

  // Removes `name` from the statement, or the whole statement when it is the only name.
  Fix removeName(TSNode statement, const Occurrence& decl, const std::string& name) {
    Fix fix;
    fix.title = "Remove `nonlocal " + name + "`";
    fix.preferred = true;
    fix.safe = true;
    std::vector<TSNode> names = namesOf(statement);
    if (names.size() <= 1) {
      uint32_t start = ts_node_start_byte(statement);
      uint32_t lineStart = lineStartAt(source_, start);
      uint32_t end = ts_node_end_byte(statement);
      size_t nl = source_.find('\n', end);
      bool ownLine =
          lineStart + indentationAt(source_, start).size() == start &&
          nl != std::string_view::npos &&
          source_.substr(end, nl - end).find_first_not_of(" \t\r") == std::string_view::npos;
      if (ownLine) {
        // A body must keep a statement: `pass` when this was the only one.
        TSNode parent{}; // found through the path to avoid ts_node_parent
        std::vector<TSNode> path = pathOf(rangeOf(statement));
        if (path.size() >= 2) parent = path[path.size() - 2];
        bool only = !ts_node_is_null(parent) && ts_node_named_child_count(parent) == 1;
        if (only) {
          fix.edits.push_back({{start, end}, "pass"});
        } else {
          fix.edits.push_back({{lineStart, static_cast<uint32_t>(nl + 1)}, ""});
        }
      } else {
        fix.edits.push_back({{start, end}, "pass"});
      }
      return fix;
    }
    // Remove the name and one adjacent comma.
    for (size_t k = 0; k < names.size(); ++k) {
      if (!(rangeOf(names[k]) == decl.range)) continue;
      uint32_t from, to;
      if (k + 1 < names.size()) {
        from = decl.range.start;
        to = ts_node_start_byte(names[k + 1]);
      } else {
        from = ts_node_end_byte(names[k - 1]);
        to = decl.range.end;
      }
      fix.edits.push_back({{from, to}, ""});
    }
    return fix;
  }

  // Creates the variable in the nearest enclosing function, before the statement holding the
  // nested def: `calls = 0` when the nested function counts with it, else `calls = None`.
  std::optional<Fix> createInEnclosing(const Scope& scope, const Scope& enclosing,
                                       const Symbol& symbol, const std::string& name) {
    std::string initial = "None";
    for (const Occurrence& occ : symbol.occurrences) {
      if (occ.kind != OccurrenceKind::Write) continue;
      std::vector<TSNode> path = pathOf(occ.range);
      if (path.size() < 2 || !typeIs(path[path.size() - 2], "augmented_assignment")) continue;
      TSNode right = ts_node_child_by_field_name(path[path.size() - 2], "right", 5);
      if (typeIs(right, "integer") || typeIs(right, "float"))
        initial = "0";
      else if (typeIs(right, "string"))
        initial = "\"\"";
      else if (typeIs(right, "list"))
        initial = "[]";
      break;
    }
    std::vector<TSNode> path = pathOf(scope.range);
    TSNode holder{};
    for (size_t k = 0; k + 1 < path.size(); ++k) {
      if (rangeOf(path[k]) == enclosing.range) {
        // path[k] is the def, path[k+1] its body block, path[k+2] the statement in it.
        if (k + 2 < path.size()) holder = path[k + 2];
        break;
      }
    }
    if (ts_node_is_null(holder)) return std::nullopt;
    uint32_t start = ts_node_start_byte(holder);
    std::string_view indent = indentationAt(source_, start);
    uint32_t lineStart = lineStartAt(source_, start);
    if (lineStart + indent.size() != start) return std::nullopt;
    Fix fix;
    fix.title = "Create `" + name + " = " + initial + "` in `" + enclosing.name + "`";
    fix.edits.push_back(
        {{lineStart, lineStart},
         std::string(indent) + name + " = " + initial + std::string(lineEnding(source_))});
    return fix;
  }

  const AnalyzedDocument& doc_;
  const ScopeTree& scopes_;
  std::string_view source_;
  std::vector<Finding>& out_;
};

} // namespace

void checkNameBinding(const AnalyzedDocument& doc, std::vector<Finding>& out) {
  NameBindingChecker(doc, out).run();
}

} // namespace closurelens::analysis
