// CL101 late-binding-closure and CL104 captured-exception-name: a closure that reads a variable
// whose cell will hold another value (the loop's next one) or none at all (the except handler's
// name, deleted when the handler ends) by the time the closure is called. Both are only reported
// when the closure outlives the region that made it (closure_escape.hpp), since a closure called
// within the same iteration or handler sees the value its author meant.
#include "analysis/checks.hpp"
#include "analysis/checks/closure_escape.hpp"
#include "analysis/checks/fix_support.hpp"
#include "analysis/closure_facts.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

namespace closurelens::analysis {
namespace {

bool isComprehensionNode(TSNode node) {
  return typeIs(node, "list_comprehension") || typeIs(node, "set_comprehension") ||
         typeIs(node, "dictionary_comprehension") || typeIs(node, "generator_expression");
}

bool isBinding(OccurrenceKind kind) {
  return kind == OccurrenceKind::Write || kind == OccurrenceKind::Import ||
         kind == OccurrenceKind::Definition;
}

// The first identifier that reads `name` in `scope` or, when `scope` only passes it through, in
// the inner scopes that use it.
std::optional<ByteRange> firstUse(const ScopeTree& scopes, const Scope& scope,
                                  const std::string& name, int depth = 0) {
  const Symbol* symbol = scope.find(name);
  if (!symbol || depth > 32) return std::nullopt;
  for (const Occurrence& occ : symbol->occurrences) {
    if (occ.kind == OccurrenceKind::Read) return occ.range;
  }
  for (uint32_t child : scope.children) {
    const Scope& inner = scopes.scope(child);
    const Symbol* innerSymbol = inner.find(name);
    if (!innerSymbol || innerSymbol->scope != SymbolScope::Free) continue;
    if (auto use = firstUse(scopes, inner, name, depth + 1)) return use;
  }
  return std::nullopt;
}

// The except clause whose `as` target is the identifier at `range`, if it is one.
std::optional<ByteRange> exceptClauseOf(const AnalyzedDocument& doc, ByteRange range) {
  // Cheap test first: the previous token must be `as`.
  std::string_view source = doc.source();
  uint32_t at = range.start;
  while (at > 0 && (source[at - 1] == ' ' || source[at - 1] == '\t' || source[at - 1] == '(' ||
                    source[at - 1] == '\\' || source[at - 1] == '\n' || source[at - 1] == '\r')) {
    --at;
  }
  if (at < 3 || source.substr(at - 2, 2) != "as") return std::nullopt;
  std::vector<TSNode> path = pathTo(doc.snapshot.root(), range);
  for (size_t k = path.size(); k-- > 0;) {
    TSNode node = path[k];
    if (typeIs(node, "except_clause") || typeIs(node, "except_group_clause")) {
      return rangeOf(node);
    }
    if (typeIs(node, "block") || typeIs(node, "with_statement")) break;
  }
  return std::nullopt;
}

struct Capture {
  std::string name;    // as stored (mangled)
  std::string written; // as written in the source
  uint32_t owner = kNoScope;
  ByteRange use;
};

struct LoopHit {
  TSNode loop{};
  bool comprehension = false;
  ByteRange rebinding; // where the loop rebinds the name
};

class LateBindingChecker {
public:
  LateBindingChecker(const AnalyzedDocument& doc, std::vector<Finding>& out)
      : doc_(doc), scopes_(doc.scopes), source_(doc.source()), out_(out) {}

  void run() {
    for (const Scope& closure : scopes_.scopes()) {
      // An annotation scope has no parameter a fix could bind the loop variable with.
      if ((closure.kind == ScopeKind::Function || closure.kind == ScopeKind::Lambda) &&
          !closure.annotationScope) {
        checkClosure(closure);
      }
    }
  }

private:
  void checkClosure(const Scope& closure) {
    std::vector<Capture> captures;
    for (const std::string& name : closure.freevars) {
      const Symbol* symbol = closure.find(name);
      // A closure that rebinds the name through `nonlocal` shares it on purpose.
      if (symbol && (symbol->flags & symbol_flags::DefNonlocal)) continue;
      uint32_t owner = cellOwner(scopes_, closure, name);
      if (owner == kNoScope || scopes_.scope(owner).kind == ScopeKind::Class) continue;
      // Made directly in the owner's code (comprehensions aside): a closure made inside another
      // function is made per call of that function, which is then the closure to look at.
      bool direct = true;
      for (uint32_t p = closure.parent; p != owner && p != kNoScope; p = scopes_.scope(p).parent) {
        if (scopes_.scope(p).kind != ScopeKind::Comprehension) direct = false;
      }
      if (!direct) continue;
      std::optional<ByteRange> use = firstUse(scopes_, closure, name);
      if (!use) continue;
      captures.push_back({name, std::string(nodeText(nodeAtRange(*use), source_)), owner, *use});
    }
    addModuleGlobals(closure, captures);
    if (captures.empty()) return;
    std::vector<TSNode> path = pathTo(doc_.snapshot.root(), closure.range);
    if (path.empty() || !(rangeOf(path.back()) == closure.range)) return;
    checkLoops(closure, captures, path);
    checkExceptNames(closure, captures, path);
  }

  // At module level a loop variable is a global, not a cell, but a closure made in the loop
  // reads it late just the same: the names the closure (or a function inside it) reads as
  // implicit globals, when the closure is made in module code.
  void addModuleGlobals(const Scope& closure, std::vector<Capture>& captures) {
    for (uint32_t p = closure.parent; p != 0; p = scopes_.scope(p).parent) {
      if (p == kNoScope || scopes_.scope(p).kind != ScopeKind::Comprehension) return;
    }
    const Scope& module = scopes_.module();
    std::vector<const Scope*> pending{&closure};
    size_t visited = 0;
    while (!pending.empty() && visited++ < 64) {
      const Scope* scope = pending.back();
      pending.pop_back();
      for (const Symbol& symbol : scope->symbols) {
        if (symbol.scope != SymbolScope::GlobalImplicit || !(symbol.flags & symbol_flags::Use)) {
          continue;
        }
        const Symbol* global = module.find(symbol.name);
        if (!global || !(global->flags & symbol_flags::DefLocal)) continue;
        if (std::any_of(captures.begin(), captures.end(),
                        [&](const Capture& c) { return c.name == symbol.name; })) {
          continue;
        }
        for (const Occurrence& occ : symbol.occurrences) {
          if (occ.kind != OccurrenceKind::Read) continue;
          captures.push_back({symbol.name, symbol.name, 0, occ.range});
          break;
        }
      }
      for (uint32_t child : scope->children) {
        const Scope& inner = scopes_.scope(child);
        if (inner.kind != ScopeKind::Class) pending.push_back(&inner);
      }
    }
    // Source order, as the free variables are.
    std::sort(captures.begin(), captures.end(),
              [](const Capture& a, const Capture& b) { return a.use.start < b.use.start; });
  }

  TSNode nodeAtRange(ByteRange range) const {
    return ts_node_descendant_for_byte_range(doc_.snapshot.root(), range.start, range.end);
  }

  // The innermost loop between the closure and its owner that rebinds the captured name.
  std::optional<LoopHit> rebindingLoop(const Scope& closure, const Capture& capture,
                                       const std::vector<TSNode>& path) {
    const Scope& owner = scopes_.scope(capture.owner);
    const Symbol* ownerSymbol = owner.find(capture.name);
    if (!ownerSymbol) return std::nullopt;
    for (size_t k = path.size() - 1; k-- > 0;) {
      TSNode node = path[k];
      ByteRange range = rangeOf(node);
      if (owner.kind != ScopeKind::Module && range == owner.range) {
        if (owner.kind == ScopeKind::Comprehension &&
            (ownerSymbol->flags & symbol_flags::DefCompIter)) {
          for (const Occurrence& occ : ownerSymbol->occurrences) {
            if (occ.kind == OccurrenceKind::Write) return LoopHit{node, true, occ.range};
          }
        }
        return std::nullopt;
      }
      if (isComprehensionNode(node)) {
        // A comprehension between the closure and the owner rebinds the name by a walrus.
        for (uint32_t p = closure.parent; p != capture.owner && p != kNoScope;
             p = scopes_.scope(p).parent) {
          const Scope& between = scopes_.scope(p);
          if (!(between.range == range)) continue;
          if (const Symbol* s = between.find(capture.name)) {
            for (const Occurrence& occ : s->occurrences) {
              if (occ.kind == OccurrenceKind::Write) return LoopHit{node, true, occ.range};
            }
          }
        }
        continue;
      }
      if (!typeIs(node, "for_statement") && !typeIs(node, "while_statement")) continue;
      // Made on each pass only in the body (or a while's condition); a `for`'s iterable and
      // the `else` clause run once.
      TSNode part = path[k + 1];
      bool perPass = ts_node_eq(part, ts_node_child_by_field_name(node, "body", 4)) ||
                     (typeIs(node, "while_statement") &&
                      ts_node_eq(part, ts_node_child_by_field_name(node, "condition", 9)));
      if (!perPass) continue;
      for (const Occurrence& occ : ownerSymbol->occurrences) {
        if (!isBinding(occ.kind) || !contains(range, occ.range)) continue;
        // A handler's name is CL104's business.
        if (occ.kind == OccurrenceKind::Write && exceptClauseOf(doc_, occ.range)) continue;
        return LoopHit{node, false, occ.range};
      }
    }
    return std::nullopt;
  }

  // Whether every captured name is bound before the closure is made, so that `i=i` can be
  // evaluated where the closure is defined.
  bool boundBefore(const Scope& closure, const std::vector<const Capture*>& captures) const {
    for (const Capture* capture : captures) {
      const Scope& owner = scopes_.scope(capture->owner);
      const Symbol* symbol = owner.find(capture->name);
      if (!symbol) return false;
      if (owner.kind == ScopeKind::Comprehension && (symbol->flags & symbol_flags::DefCompIter)) {
        continue;
      }
      bool bound = std::any_of(
          symbol->occurrences.begin(), symbol->occurrences.end(), [&](const Occurrence& occ) {
            return (isBinding(occ.kind) || occ.kind == OccurrenceKind::Parameter) &&
                   occ.range.end <= closure.range.start;
          });
      if (!bound) return false;
    }
    return true;
  }

  std::string closureLabel(const Scope& closure) const {
    return closure.kind == ScopeKind::Lambda ? "lambda" : "`" + closure.name + "`";
  }

  void checkLoops(const Scope& closure, const std::vector<Capture>& captures,
                  const std::vector<TSNode>& path) {
    std::vector<const Capture*> late;
    std::vector<LoopHit> hits;
    std::optional<Escape> escape;
    std::optional<LoopHit> firstLoop;
    for (const Capture& capture : captures) {
      std::optional<LoopHit> hit = rebindingLoop(closure, capture, path);
      if (!hit) continue;
      EscapeQuery query{&doc_, &scopes_.scope(closure.parent), rangeOf(hit->loop),
                        hit->comprehension ? hit->loop : TSNode{}};
      Escape e = closureEscape(query, path);
      if (e.kind != EscapeKind::Kept) continue;
      if (!escape) {
        escape = e;
        firstLoop = hit;
      }
      late.push_back(&capture);
      hits.push_back(*hit);
    }
    if (late.empty()) return;

    std::vector<std::string> names;
    names.reserve(late.size());
    for (const Capture* c : late)
      names.push_back(c->written);
    Finding f;
    f.code = "CL101";
    f.range = late.front()->use;
    uint32_t loopLine = doc_.lineNumber(ts_node_start_byte(firstLoop->loop));
    f.message = closureLabel(closure) + " created in the " +
                (firstLoop->comprehension ? std::string("comprehension") : std::string("loop")) +
                " at line " + std::to_string(loopLine) + " captures " + quotedList(names) +
                ", which the loop rebinds: every call sees its last value";
    for (size_t k = 0; k < late.size(); ++k) {
      f.related.push_back(
          {hits[k].rebinding, "`" + late[k]->written + "` is rebound here on each iteration"});
    }
    f.related.push_back(
        {escape->site, "the " +
                           std::string(closure.kind == ScopeKind::Lambda ? "lambda" : "function") +
                           " outlives the iteration: " + escape->how});

    TSNode closureNode = path.back();
    Fix bind;
    bind.title = "Bind " + quotedList(names) + " at definition";
    bind.preferred = true;
    bind.safe = boundBefore(closure, late);
    TextEdit edit = bindAtDefinition(source_, closureNode, names);
    if (!edit.newText.empty()) {
      bind.edits.push_back(std::move(edit));
      f.fixes.push_back(std::move(bind));
    }
    if (auto partial = partialFix(closure, closureNode, path, names)) {
      f.fixes.push_back(std::move(*partial));
    }
    out_.push_back(std::move(f));
  }

  // The alternative: freeze the values with functools.partial. Offered where it stays simple: a
  // lambda (wrapped in place) or an undecorated def on lines of its own (rebound after it).
  std::optional<Fix> partialFix(const Scope& closure, TSNode node, const std::vector<TSNode>& path,
                                const std::vector<std::string>& names) {
    // importedName scans the module's statements: once per document, not per finding.
    if (!partial_) partial_ = importedName(doc_, "functools", "partial");
    const ImportedName& partial = *partial_;
    Fix fix;
    fix.title = "Bind " + quotedList(names) + " with `" + partial.expression + "`";
    if (partial.edit) fix.edits.push_back(*partial.edit);
    std::string joined, keywords;
    for (const std::string& name : names) {
      joined.append(joined.empty() ? "" : ", ").append(name);
      keywords.append(keywords.empty() ? "" : ", ").append(name).append("=").append(name);
    }
    TSNode params = ts_node_child_by_field_name(node, "parameters", 10);
    if (closure.kind == ScopeKind::Lambda) {
      uint32_t start = ts_node_start_byte(node);
      uint32_t end = ts_node_end_byte(node);
      fix.edits.push_back({{start, start}, partial.expression + "("});
      if (ts_node_is_null(params)) {
        fix.edits.push_back({{start + 6, start + 6}, " " + joined});
        fix.edits.push_back({{end, end}, ", " + joined + ")"});
      } else {
        // Same place as the defaults, without them: `x, *, i`, and `i=i` in the call.
        TextEdit added = addParameters(source_, node, names, false);
        if (added.newText.empty() || added.range.start == start) return std::nullopt;
        fix.edits.push_back(std::move(added));
        fix.edits.push_back({{end, end}, ", " + keywords + ")"});
      }
      return fix;
    }
    // A def: `def f(*, i):` then `f = functools.partial(f, i=i)` on the line after it.
    if (path.size() >= 2 && typeIs(path[path.size() - 2], "decorated_definition")) {
      return std::nullopt;
    }
    uint32_t defStart = ts_node_start_byte(node);
    std::string_view indent = indentationAt(source_, defStart);
    if (lineStartAt(source_, defStart) + indent.size() != defStart) return std::nullopt;
    TextEdit added = addParameters(source_, node, names, false);
    if (added.newText.empty()) return std::nullopt;
    fix.edits.push_back(std::move(added));
    uint32_t end = ts_node_end_byte(node);
    size_t nl = source_.find('\n', end);
    std::string eol(lineEnding(source_));
    std::string line = std::string(indent) + closure.name + " = " + partial.expression + "(" +
                       closure.name + ", " + keywords + ")" + eol;
    if (nl == std::string_view::npos) {
      uint32_t at = static_cast<uint32_t>(source_.size());
      fix.edits.push_back({{at, at}, eol + line});
    } else {
      uint32_t at = static_cast<uint32_t>(nl + 1);
      fix.edits.push_back({{at, at}, line});
    }
    return fix;
  }

  void checkExceptNames(const Scope& closure, const std::vector<Capture>& captures,
                        const std::vector<TSNode>& path) {
    for (const Capture& capture : captures) {
      const Scope& owner = scopes_.scope(capture.owner);
      const Symbol* ownerSymbol = owner.find(capture.name);
      if (!ownerSymbol) continue;
      for (const Occurrence& occ : ownerSymbol->occurrences) {
        if (occ.kind != OccurrenceKind::Write || occ.range.start > closure.range.start) continue;
        std::optional<ByteRange> clause = exceptClauseOf(doc_, occ.range);
        if (!clause || !contains(*clause, closure.range)) continue;
        EscapeQuery query{&doc_, &scopes_.scope(closure.parent), *clause, TSNode{}};
        Escape e = closureEscape(query, path);
        if (e.kind == EscapeKind::None || e.kind == EscapeKind::Called) continue;
        report104(closure, capture, occ.range, e, path.back());
        break;
      }
    }
  }

  void report104(const Scope& closure, const Capture& capture, ByteRange alias, const Escape& e,
                 TSNode node) {
    Finding f;
    f.code = "CL104";
    f.range = capture.use;
    f.message = closureLabel(closure) + " captures `" + capture.written +
                "`, bound by `except ... as " + capture.written + "` at line " +
                std::to_string(doc_.lineNumber(alias.start)) + ", and is " + e.how +
                (e.how.find("line") == std::string::npos
                     ? " (line " + std::to_string(doc_.lineNumber(e.site.start)) + ")"
                     : std::string()) +
                ": Python deletes the name when the handler ends, so a later call raises "
                "NameError";
    f.related.push_back({alias, "`" + capture.written +
                                    "` is bound here and deleted at the end "
                                    "of the handler"});
    f.related.push_back({e.site, "the closure outlives the handler here"});
    Fix bind;
    bind.title = "Bind `" + capture.written + "` at definition";
    bind.preferred = true;
    bind.safe = true;
    TextEdit edit = bindAtDefinition(source_, node, {capture.written});
    if (!edit.newText.empty()) {
      bind.edits.push_back(std::move(edit));
      f.fixes.push_back(std::move(bind));
    }
    out_.push_back(std::move(f));
  }

  const AnalyzedDocument& doc_;
  const ScopeTree& scopes_;
  std::string_view source_;
  std::vector<Finding>& out_;
  std::optional<ImportedName> partial_;
};

} // namespace

void checkLateBinding(const AnalyzedDocument& doc, std::vector<Finding>& out) {
  LateBindingChecker(doc, out).run();
}

} // namespace closurelens::analysis
