// CL105 unsynchronized-closure-state and CL106 unbounded-closure-state: state a decorator creates
// once per decorated function and its wrapper changes on every call. The wrappers come from the
// DecoratorModel; the state is what the wrapper captures from the decorator (or its factory) and
// the decorator created by assignment. Only the occurrences of that state are looked at in the
// syntax tree.
#include "analysis/checks.hpp"
#include "analysis/checks/closure_escape.hpp"
#include "analysis/checks/fix_support.hpp"
#include "analysis/closure_facts.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace closurelens::analysis {
namespace {

template <size_t N> bool isOneOf(std::string_view name, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

constexpr std::string_view kMutators[] = {
    "append", "extend",  "insert", "add",        "update",     "pop",        "popitem", "clear",
    "remove", "discard", "sort",   "setdefault", "appendleft", "extendleft", "reverse", "popleft"};
// Calls that make a container larger.
constexpr std::string_view kGrowers[] = {"append",     "extend",     "insert",    "add",
                                         "appendleft", "extendleft", "setdefault"};
// Calls that make it smaller (or empty it): a container that sees them is managed.
constexpr std::string_view kShrinkers[] = {"pop",   "popitem", "popleft",
                                           "clear", "remove",  "discard"};

enum class SiteKind { Rebind, Mutate, Grow };

struct Site {
  SiteKind kind;
  ByteRange range;     // the expression that changes the state
  ByteRange statement; // the wrapper body's statement that holds it
};

struct State {
  std::string name; // as written
  const Symbol* wrapperSymbol = nullptr;
  uint32_t owner = kNoScope;
  ByteRange binding; // the owner's assignment target
  std::vector<Site> sites;
};

// How the identifier at the end of `path` is used: rebound, mutated in place, grown.
std::optional<SiteKind> useKind(const std::vector<TSNode>& path, std::string_view source,
                                bool write, ByteRange* expression) {
  size_t n = path.size();
  if (n < 2) return std::nullopt;
  TSNode id = path[n - 1];
  TSNode parent = path[n - 2];
  if (write) {
    *expression = rangeOf(typeIs(parent, "augmented_assignment") ? parent : id);
    return SiteKind::Rebind;
  }
  if (n < 3) return std::nullopt;
  TSNode grand = path[n - 3];
  if (typeIs(parent, "attribute") &&
      sameNode(ts_node_child_by_field_name(parent, "object", 6), id)) {
    if (typeIs(grand, "call") &&
        sameNode(ts_node_child_by_field_name(grand, "function", 8), parent)) {
      std::string_view method =
          nodeText(ts_node_child_by_field_name(parent, "attribute", 9), source);
      *expression = rangeOf(grand);
      if (isOneOf(method, kGrowers)) return SiteKind::Grow;
      if (isOneOf(method, kMutators)) return SiteKind::Mutate;
      return std::nullopt;
    }
    if ((typeIs(grand, "assignment") || typeIs(grand, "augmented_assignment")) &&
        sameNode(ts_node_child_by_field_name(grand, "left", 4), parent)) {
      *expression = rangeOf(grand);
      return SiteKind::Mutate;
    }
    return std::nullopt;
  }
  if (typeIs(parent, "subscript") &&
      sameNode(ts_node_child_by_field_name(parent, "value", 5), id)) {
    *expression = rangeOf(parent);
    if (typeIs(grand, "delete_statement")) return SiteKind::Mutate;
    if (typeIs(grand, "assignment") &&
        sameNode(ts_node_child_by_field_name(grand, "left", 4), parent)) {
      return SiteKind::Grow;
    }
    if (typeIs(grand, "augmented_assignment") &&
        sameNode(ts_node_child_by_field_name(grand, "left", 4), parent)) {
      return SiteKind::Mutate;
    }
  }
  return std::nullopt;
}

// Whether the node at the end of `path` runs under a `with <lock>:` (a context manager whose
// expression names a lock, mutex, semaphore or condition).
bool underLock(const std::vector<TSNode>& path, std::string_view source) {
  for (size_t k = path.size(); k-- > 0;) {
    TSNode node = path[k];
    if (typeIs(node, "function_definition") || typeIs(node, "lambda")) return false;
    if (!typeIs(node, "with_statement")) continue;
    TSNode clause = ts_node_named_child(node, 0);
    std::string text(nodeText(clause, source));
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (std::string_view word : {"lock", "mutex", "sem", "cond"}) {
      if (text.find(word) != std::string::npos) return true;
    }
  }
  return false;
}

class ClosureStateChecker {
public:
  ClosureStateChecker(const AnalyzedDocument& doc, std::vector<Finding>& out)
      : doc_(doc), scopes_(doc.scopes), source_(doc.source()), out_(out) {}

  void run() {
    std::unordered_map<uint32_t, uint32_t> byName; // a def's name start -> its scope
    std::vector<uint32_t> done;
    for (const DecoratorDefinition& definition : doc_.decorators.definitions()) {
      const DecoratorFunction* decorator = nullptr;
      if (definition.decorator) decorator = &*definition.decorator;
      if (!decorator || !decorator->wrapper || decorator->wrapper->isLambda) continue;
      if (byName.empty()) {
        for (const Scope& scope : scopes_.scopes()) {
          if (scope.kind == ScopeKind::Function) byName.emplace(scope.nameRange.start, scope.index);
        }
      }
      auto wrapper = byName.find(decorator->wrapper->nameRange.start);
      auto outer = byName.find(decorator->nameRange.start);
      if (wrapper == byName.end() || outer == byName.end()) continue;
      // A factory's inner decorator is also a definition of its own: one report per wrapper.
      if (std::find(done.begin(), done.end(), wrapper->second) != done.end()) continue;
      done.push_back(wrapper->second);
      checkWrapper(scopes_.scope(wrapper->second), scopes_.scope(outer->second), *decorator);
    }
  }

private:
  std::vector<TSNode> pathOf(ByteRange range) const { return pathTo(doc_.snapshot.root(), range); }
  std::string line(uint32_t byte) const { return std::to_string(doc_.lineNumber(byte)); }

  // The statement of `scope`'s own body that holds the end of `path`.
  static TSNode bodyStatement(const std::vector<TSNode>& path, const Scope& scope) {
    for (size_t k = 0; k + 2 < path.size(); ++k) {
      if (rangeOf(path[k]) == scope.range && typeIs(path[k + 1], "block")) return path[k + 2];
    }
    return {};
  }

  void checkWrapper(const Scope& wrapper, const Scope& decoratorScope,
                    const DecoratorFunction& decorator) {
    // A wrapper that takes a lock by hand is synchronised in its own way.
    if (nodeText(ts_node_descendant_for_byte_range(doc_.snapshot.root(), wrapper.range.start,
                                                   wrapper.range.end),
                 source_)
            .find(".acquire(") != std::string_view::npos) {
      return;
    }
    std::vector<State> states;
    for (const std::string& name : wrapper.freevars) {
      uint32_t owner = cellOwner(scopes_, wrapper, name);
      if (owner == kNoScope || scopes_.scope(owner).kind != ScopeKind::Function) continue;
      const Scope& ownerScope = scopes_.scope(owner);
      // The decorated function itself is not state.
      if (owner == decoratorScope.index && decorator.wrappedParameter >= 0 &&
          static_cast<size_t>(decorator.wrappedParameter) < ownerScope.parameters.size() &&
          ownerScope.parameters[decorator.wrappedParameter] == name) {
        continue;
      }
      const Symbol* ownerSymbol = ownerScope.find(name);
      const Symbol* symbol = wrapper.find(name);
      if (!ownerSymbol || !symbol) continue;
      std::optional<ByteRange> binding;
      for (const Occurrence& occ : ownerSymbol->occurrences) {
        if (occ.kind == OccurrenceKind::Write) {
          binding = occ.range;
          break;
        }
      }
      if (!binding) continue; // a parameter or a def: not state the decorator creates
      State state{std::string(nodeText(ts_node_descendant_for_byte_range(
                                           doc_.snapshot.root(), binding->start, binding->end),
                                       source_)),
                  symbol,
                  owner,
                  *binding,
                  {}};
      for (const Occurrence& occ : symbol->occurrences) {
        bool write = occ.kind == OccurrenceKind::Write;
        if (!write && occ.kind != OccurrenceKind::Read) continue;
        std::vector<TSNode> path = pathOf(occ.range);
        ByteRange expression{};
        std::optional<SiteKind> kind = useKind(path, source_, write, &expression);
        if (!kind || underLock(path, source_)) continue;
        TSNode statement = bodyStatement(path, wrapper);
        if (ts_node_is_null(statement)) continue;
        state.sites.push_back({*kind, expression, rangeOf(statement)});
      }
      if (!state.sites.empty()) states.push_back(std::move(state));
    }
    if (states.empty()) return;
    report105(wrapper, states);
    for (const State& state : states)
      check106(wrapper, state);
  }

  // ---- CL105 --------------------------------------------------------------------------------

  void report105(const Scope& wrapper, const std::vector<State>& states) {
    const Site* first = nullptr;
    std::vector<std::string> names;
    std::string lines;
    for (const State& state : states) {
      names.push_back(state.name);
      for (const Site& site : state.sites) {
        if (!first || site.range.start < first->range.start) first = &site;
      }
    }
    const Scope& owner = scopes_.scope(states.front().owner);
    Finding f;
    f.code = "CL105";
    f.range = first->range;
    f.message = "`" + wrapper.name + "` changes " + quotedList(names) + " (line " +
                line(first->range.start) + "), created in `" + owner.name +
                "` and shared by every call of the decorated function, outside any lock: "
                "concurrent calls can lose updates";
    for (const State& state : states) {
      f.related.push_back({state.binding, "`" + state.name +
                                              "` is created here, once per "
                                              "decorated function"});
      for (const Site& site : state.sites) {
        if (&site != first) f.related.push_back({site.range, "also changed here"});
      }
    }
    if (auto fix = lockFix(wrapper, states)) f.fixes.push_back(std::move(*fix));
    out_.push_back(std::move(f));
  }

  std::optional<Fix> lockFix(const Scope& wrapper, const std::vector<State>& states) {
    // The wrapper body's statements to guard: from the first to the last that changes state.
    uint32_t from = UINT32_MAX, to = 0;
    for (const State& state : states) {
      for (const Site& site : state.sites) {
        from = std::min(from, site.statement.start);
        to = std::max(to, site.statement.end);
      }
    }
    std::string_view indent = indentationAt(source_, from);
    uint32_t lineStart = lineStartAt(source_, from);
    if (lineStart + indent.size() != from) return std::nullopt; // a one-line body
    size_t nl = source_.find('\n', to);
    uint32_t lineEnd = nl == std::string_view::npos ? static_cast<uint32_t>(source_.size())
                                                    : static_cast<uint32_t>(nl + 1);
    const Scope& owner = scopes_.scope(states.front().owner);
    std::string lock = "_lock";
    while (owner.find(lock) || wrapper.find(lock))
      lock.insert(0, "_");

    std::string eol(lineEnding(source_));
    std::string step = indentInside(source_, indent).substr(indent.size());
    std::string guarded = std::string(indent) + "with " + lock + ":" + eol;
    std::string_view body = source_.substr(lineStart, lineEnd - lineStart);
    // Every line one level deeper; blank lines stay as they are.
    size_t at = 0;
    while (at < body.size()) {
      size_t end = body.find('\n', at);
      end = end == std::string_view::npos ? body.size() : end + 1;
      std::string_view text = body.substr(at, end - at);
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) guarded += step;
      guarded += text;
      at = end;
    }
    if (!guarded.empty() && guarded.back() != '\n') guarded += eol;

    // `_lock = threading.Lock()` on the line after the last state's creation, beside it.
    ByteRange lastBinding = states.front().binding;
    for (const State& state : states) {
      if (state.owner == states.front().owner && state.binding.start > lastBinding.start) {
        lastBinding = state.binding;
      }
    }
    std::vector<TSNode> path = pathOf(lastBinding);
    TSNode created = bodyStatement(path, owner);
    if (ts_node_is_null(created)) return std::nullopt;
    uint32_t createdStart = ts_node_start_byte(created);
    std::string_view createdIndent = indentationAt(source_, createdStart);
    if (lineStartAt(source_, createdStart) + createdIndent.size() != createdStart) {
      return std::nullopt;
    }
    size_t createdNl = source_.find('\n', ts_node_end_byte(created));
    if (createdNl == std::string_view::npos || createdNl + 1 > lineStart) return std::nullopt;
    // importedName scans the module's statements: once per document, not per finding.
    if (!lockType_) lockType_ = importedName(doc_, "threading", "Lock");
    const ImportedName& lockType = *lockType_;

    Fix fix;
    fix.title = "Guard the update with `with " + lock + ":`";
    fix.kind = FixKind::RefactorRewrite;
    if (lockType.edit) fix.edits.push_back(*lockType.edit);
    uint32_t insertAt = static_cast<uint32_t>(createdNl + 1);
    fix.edits.push_back(
        {{insertAt, insertAt},
         std::string(createdIndent) + lock + " = " + lockType.expression + "()" + eol});
    fix.edits.push_back({{lineStart, lineEnd}, guarded});
    return fix;
  }

  // ---- CL106 --------------------------------------------------------------------------------

  void check106(const Scope& wrapper, const State& state) {
    const Site* grow = nullptr;
    for (const Site& site : state.sites) {
      if (site.kind == SiteKind::Grow && !grow) grow = &site;
      // A wrapper that rebinds the container (`cache = {}`) resets it.
      if (site.kind == SiteKind::Rebind) return;
    }
    if (!grow) return;
    // The creation: an empty list, dict or set (a deque with maxlen, a weak dict, an LRU... are
    // bounded or managed by their type).
    std::vector<TSNode> path = pathOf(state.binding);
    if (path.size() < 2 || !typeIs(path[path.size() - 2], "assignment")) return;
    TSNode value = ts_node_child_by_field_name(path[path.size() - 2], "right", 5);
    if (ts_node_is_null(value)) return;
    bool isList = false;
    std::string_view valueText = nodeText(value, source_);
    if (typeIs(value, "list") || valueText == "list()") {
      isList = true;
    } else if (!(typeIs(value, "dictionary") || typeIs(value, "set") || valueText == "dict()" ||
                 valueText == "set()" || valueText.find("defaultdict(") != std::string_view::npos ||
                 valueText.find("OrderedDict(") != std::string_view::npos)) {
      return;
    }
    // Anything that shrinks it, checks its size, or hands it to other code, anywhere the
    // decorator's code sees it.
    bool slices = false;
    const Scope& owner = scopes_.scope(state.owner);
    for (uint32_t i = owner.index; i < scopes_.scopes().size(); ++i) {
      const Scope& scope = scopes_.scope(i);
      if (i != owner.index && !contains(owner.range, scope.range)) break;
      const Symbol* symbol = scope.find(state.wrapperSymbol->name);
      if (!symbol) continue;
      if (i != owner.index && symbol->scope != SymbolScope::Free) continue;
      for (const Occurrence& occ : symbol->occurrences) {
        if (occ.kind == OccurrenceKind::Delete) return;
        if (occ.kind == OccurrenceKind::Write && i != owner.index) return; // reset
        if (occ.kind != OccurrenceKind::Read) continue;
        std::vector<TSNode> usePath = pathOf(occ.range);
        if (usePath.size() < 3) continue;
        TSNode parent = usePath[usePath.size() - 2];
        TSNode grand = usePath[usePath.size() - 3];
        if (typeIs(parent, "attribute")) {
          std::string_view method =
              nodeText(ts_node_child_by_field_name(parent, "attribute", 9), source_);
          if (isOneOf(method, kShrinkers)) return;
          continue;
        }
        if (typeIs(parent, "subscript")) {
          if (typeIs(grand, "delete_statement")) return;
          TSNode subscript = ts_node_child_by_field_name(parent, "subscript", 9);
          if (!ts_node_is_null(subscript) && typeIs(subscript, "slice")) slices = true;
          continue;
        }
        if (typeIs(parent, "argument_list")) {
          // len(x) is a size check; any other call may trim it.
          return;
        }
      }
    }
    Finding f;
    f.code = "CL106";
    f.range = grow->range;
    f.message = "`" + wrapper.name + "` adds to `" + state.name + "` (created in `" + owner.name +
                "`, line " + line(state.binding.start) +
                ") on every call and nothing removes entries: it grows for the life of the "
                "process";
    f.related.push_back({state.binding, "`" + state.name + "` is created here"});
    if (isList && !slices) {
      if (!deque_) deque_ = importedName(doc_, "collections", "deque");
      const ImportedName& deque = *deque_;
      Fix fix;
      fix.title = "Keep the last 1000 entries with `" + deque.expression + "(maxlen=1000)`";
      fix.kind = FixKind::RefactorRewrite;
      if (deque.edit) fix.edits.push_back(*deque.edit);
      fix.edits.push_back({rangeOf(value), deque.expression + "(maxlen=1000)"});
      f.fixes.push_back(std::move(fix));
    }
    out_.push_back(std::move(f));
  }

  const AnalyzedDocument& doc_;
  const ScopeTree& scopes_;
  std::string_view source_;
  std::vector<Finding>& out_;
  std::optional<ImportedName> lockType_;
  std::optional<ImportedName> deque_;
};

} // namespace

void checkClosureState(const AnalyzedDocument& doc, std::vector<Finding>& out) {
  ClosureStateChecker(doc, out).run();
}

} // namespace closurelens::analysis
