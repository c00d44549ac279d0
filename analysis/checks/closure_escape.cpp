#include "analysis/checks/closure_escape.hpp"

#include "analysis/syntax_tree.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace closurelens::analysis {
namespace {

template <size_t N> bool isOneOf(std::string_view name, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// Callables that keep the function they are given, to call it after the current iteration:
// threads, timers, executors, event loops, signal and exit handlers, GUI and signal/slot
// registries, web routes, and the container methods that store it. Any other call is taken to
// use the function on the spot (sorted's key, a visitor), so that only known keepers report.
// clang-format off
constexpr std::string_view kDeferredCallees[] = {
    "Thread", "Timer", "Process", "submit", "apply_async", "map_async", "starmap_async",
    "call_soon", "call_soon_threadsafe", "call_later", "call_at", "run_in_executor", "register",
    "signal", "add_done_callback", "connect", "bind", "bind_all", "bind_class", "after",
    "after_idle", "add_reader", "add_writer", "add_signal_handler", "start_new_thread",
    "start_new", "callLater", "addCallback", "addCallbacks", "addErrback", "addCleanup",
    "add_callback", "subscribe", "trace_add", "enter", "enterabs", "push", "callback",
    "defaultdict", "setattr", "setdefault", "append", "appendleft", "extend", "extendleft",
    "insert", "add", "update", "put", "put_nowait", "property", "route", "add_url_rule",
    "add_route", "on", "add_listener", "add_handler", "add_event_handler", "register_callback"};
// clang-format on

// A known keeper, or a name that says it keeps what it is given: register*, subscribe*, and
// add_/set_ ... callback/handler/listener/hook (`codecs.register_error`, `set_exit_handler`).
bool isDeferredCallee(std::string_view name) {
  if (isOneOf(name, kDeferredCallees)) return true;
  if (name.starts_with("register") || name.starts_with("subscribe")) return true;
  if (!name.starts_with("add_") && !name.starts_with("set_")) return false;
  for (std::string_view suffix : {"callback", "handler", "listener", "hook"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

// Keyword arguments that hand over a function to be called later, whatever the callee.
constexpr std::string_view kDeferredKeywords[] = {"target",   "callback",        "command",
                                                  "function", "default_factory", "done_callback"};

// Lazy iterators: they call the function when consumed, so their own fate decides.
constexpr std::string_view kLazyCallees[] = {"map", "filter", "starmap", "imap", "imap_unordered"};

// Wrappers whose result holds the function: where the result goes, the function goes.
constexpr std::string_view kHoldingCallees[] = {"partial"};

std::string identifierOf(TSNode node, std::string_view source) {
  return std::string(nodeText(node, source));
}

class EscapeWalker {
public:
  explicit EscapeWalker(const EscapeQuery& query) : q_(query), source_(query.doc->source()) {}

  // Follows the value of path[index] upward until a context decides its fate.
  Escape classify(const std::vector<TSNode>& path, size_t index, int depth) {
    TSNode cur = path[index];
    std::string_view keyword;
    for (size_t i = index; i-- > 0;) {
      TSNode parent = path[i];
      if (typeIs(parent, "parenthesized_expression") || typeIs(parent, "list") ||
          typeIs(parent, "tuple") || typeIs(parent, "set") || typeIs(parent, "expression_list") ||
          typeIs(parent, "dictionary") || typeIs(parent, "pair") ||
          typeIs(parent, "conditional_expression") || typeIs(parent, "boolean_operator") ||
          typeIs(parent, "binary_operator") || typeIs(parent, "list_splat") ||
          typeIs(parent, "dictionary_splat")) {
        cur = parent;
        continue;
      }
      if (typeIs(parent, "keyword_argument")) {
        keyword = nodeText(ts_node_child_by_field_name(parent, "name", 4), source_);
        cur = parent;
        continue;
      }
      if (typeIs(parent, "call")) {
        // Only `(lambda: i)()` reaches here: arguments go through argument_list.
        if (sameNode(ts_node_child_by_field_name(parent, "function", 8), cur)) {
          return {EscapeKind::Called, rangeOf(parent), "called at once"};
        }
        return {};
      }
      if (typeIs(parent, "argument_list")) {
        if (i == 0 || !typeIs(path[i - 1], "call")) return {};
        TSNode call = path[i - 1];
        std::string_view callee = calleeName(call, source_);
        if (keyword == "key") return {};
        if (isOneOf(keyword, kDeferredKeywords) || isDeferredCallee(callee)) {
          return {EscapeKind::Kept, rangeOf(call), describeCall(call, callee)};
        }
        if ((isOneOf(callee, kLazyCallees) || isOneOf(callee, kHoldingCallees)) &&
            depth < kMaxDepth) {
          Escape lazy = classify(path, i - 1, depth + 1);
          if (lazy.kind == EscapeKind::Kept) {
            lazy.how = "in a lazy `" + std::string(callee) + "(...)` " + lazy.how;
          }
          return lazy;
        }
        return {};
      }
      if (typeIs(parent, "assignment")) {
        TSNode right = ts_node_child_by_field_name(parent, "right", 5);
        if (!sameNode(right, cur)) return {};
        return assignedTo(ts_node_child_by_field_name(parent, "left", 4), parent, depth);
      }
      if (typeIs(parent, "augmented_assignment")) {
        TSNode left = ts_node_child_by_field_name(parent, "left", 4);
        return {EscapeKind::Kept, rangeOf(parent),
                "added to `" + identifierOf(left, source_) + "`"};
      }
      if (typeIs(parent, "named_expression")) {
        Escape named = assignedTo(ts_node_child_by_field_name(parent, "name", 4), parent, depth);
        if (named.kind != EscapeKind::None) return named;
        cur = parent;
        continue;
      }
      if (typeIs(parent, "yield")) return {EscapeKind::Kept, rangeOf(parent), "yielded"};
      if (typeIs(parent, "return_statement")) {
        return {EscapeKind::Returned, rangeOf(parent), "returned"};
      }
      if (typeIs(parent, "list_comprehension") || typeIs(parent, "set_comprehension") ||
          typeIs(parent, "dictionary_comprehension") || typeIs(parent, "generator_expression")) {
        TSNode body = ts_node_child_by_field_name(parent, "body", 4);
        if (!sameNode(body, cur)) return {}; // in a clause: an iterable or a condition
        if (sameNode(parent, q_.comprehension)) {
          return {EscapeKind::Kept, rangeOf(parent), "collected by the comprehension"};
        }
        cur = parent;
        continue;
      }
      return {}; // a statement, an operand, a subscript: not kept
    }
    return {};
  }

  // The closure (or a value holding it) is assigned to `target` by `statement`.
  Escape assignedTo(TSNode target, TSNode statement, int depth) {
    if (ts_node_is_null(target)) return {};
    if (typeIs(target, "attribute") || typeIs(target, "subscript")) {
      return {EscapeKind::Kept, rangeOf(statement),
              "stored in `" + identifierOf(target, source_) + "`"};
    }
    if (!typeIs(target, "identifier") || depth >= kMaxDepth) return {};
    std::string name = identifierOf(target, source_);
    const Symbol* symbol = q_.owner->find(mangleName(q_.owner->privateName, name));
    if (!symbol) return {};
    if (symbol->scope == SymbolScope::GlobalExplicit ||
        (symbol->scope == SymbolScope::Free && (symbol->flags & symbol_flags::DefNonlocal))) {
      return {EscapeKind::Kept, rangeOf(statement),
              "stored in the " +
                  std::string(symbol->scope == SymbolScope::Free ? "nonlocal" : "global") + " `" +
                  name + "`"};
    }
    uint32_t after = ts_node_end_byte(statement);
    for (const Occurrence& occ : symbol->occurrences) {
      if (occ.kind != OccurrenceKind::Read) continue;
      // Read inside the statement itself: `handlers = handlers + [lambda: i]` accumulates.
      if (contains(rangeOf(statement), occ.range)) {
        return {EscapeKind::Kept, rangeOf(statement), "accumulated in `" + name + "`"};
      }
      if (occ.range.start < after) continue;
      if (!contains(q_.region, occ.range)) {
        if (occ.range.start >= q_.region.end) {
          Escape later{EscapeKind::UsedAfter, occ.range,
                       "kept in `" + name + "` and used at line " +
                           std::to_string(q_.doc->lineNumber(occ.range.start))};
          if (firstAfter_.kind == EscapeKind::None) firstAfter_ = later;
        }
        continue;
      }
      std::vector<TSNode> path = pathTo(q_.doc->snapshot.root(), occ.range);
      if (path.empty()) continue;
      Escape use = classify(path, path.size() - 1, depth + 1);
      if (use.kind == EscapeKind::Kept || use.kind == EscapeKind::Returned) {
        if (use.how.find('`') == std::string::npos || use.how == "returned") {
          use.how = "assigned to `" + name + "`, then " + use.how;
        }
        return use;
      }
    }
    return {};
  }

  Escape firstAfter() const { return firstAfter_; }

private:
  static constexpr int kMaxDepth = 4;

  std::string describeCall(TSNode call, std::string_view callee) const {
    TSNode function = ts_node_child_by_field_name(call, "function", 8);
    if (typeIs(function, "attribute")) {
      TSNode object = ts_node_child_by_field_name(function, "object", 6);
      std::string_view objectText = nodeText(object, source_);
      if (callee == "append" || callee == "appendleft" || callee == "extend" ||
          callee == "extendleft" || callee == "insert" || callee == "add") {
        return "added to `" + std::string(objectText) + "`";
      }
    }
    return "passed to `" + std::string(nodeText(function, source_)) + "`";
  }

  const EscapeQuery& q_;
  std::string_view source_;
  Escape firstAfter_;
};

} // namespace

std::vector<TSNode> pathTo(TSNode root, ByteRange range) {
  std::vector<TSNode> path;
  if (ts_node_is_null(root)) return path;
  path.push_back(root);
  TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  while (true) {
    // Jump to the first child ending after range.start, then look for one that contains range.
    if (ts_tree_cursor_goto_first_child_for_byte(c, range.start) < 0) break;
    bool found = false;
    do {
      TSNode child = ts_tree_cursor_current_node(c);
      uint32_t start = ts_node_start_byte(child);
      if (start > range.start) break;
      if (ts_node_end_byte(child) >= range.end && ts_node_is_named(child)) {
        path.push_back(child);
        found = true;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(c));
    if (!found) break;
  }
  return path;
}

Escape closureEscape(const EscapeQuery& query, const std::vector<TSNode>& path) {
  if (path.empty()) return {};
  EscapeWalker walker(query);
  TSNode closure = path.back();
  std::string_view source = query.doc->source();
  if (typeIs(closure, "lambda")) {
    Escape e = walker.classify(path, path.size() - 1, 0);
    if (e.kind == EscapeKind::None) return walker.firstAfter();
    return e;
  }
  // A def: its decorators receive it first, then the name it binds is used.
  size_t index = path.size() - 1;
  if (index > 0 && typeIs(path[index - 1], "decorated_definition")) {
    TSNode decorated = path[index - 1];
    uint32_t count = ts_node_named_child_count(decorated);
    for (uint32_t k = 0; k < count; ++k) {
      TSNode decorator = ts_node_named_child(decorated, k);
      if (!typeIs(decorator, "decorator")) continue;
      TSNode expression = ts_node_named_child(decorator, 0);
      if (ts_node_is_null(expression)) continue;
      if (typeIs(expression, "call"))
        expression = ts_node_child_by_field_name(expression, "function", 8);
      std::string_view name = nodeText(expression, source);
      size_t dot = name.rfind('.');
      std::string_view last = dot == std::string_view::npos ? name : name.substr(dot + 1);
      if (isDeferredCallee(last)) {
        return {EscapeKind::Kept, rangeOf(decorator), "registered by `@" + std::string(name) + "`"};
      }
    }
    --index;
  }
  TSNode name = ts_node_child_by_field_name(closure, "name", 4);
  Escape e = walker.assignedTo(name, path[index], 0);
  if (e.kind == EscapeKind::None) return walker.firstAfter();
  return e;
}

std::string_view calleeName(TSNode call, std::string_view source) {
  TSNode function = ts_node_child_by_field_name(call, "function", 8);
  if (ts_node_is_null(function)) return {};
  if (typeIs(function, "attribute")) {
    return nodeText(ts_node_child_by_field_name(function, "attribute", 9), source);
  }
  if (typeIs(function, "identifier")) return nodeText(function, source);
  return {};
}

std::string quotedList(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += "`" + names[i] + "`";
  }
  return out;
}

TextEdit addParameters(std::string_view source, TSNode closure,
                       const std::vector<std::string>& names, bool withDefaults) {
  std::string defaults;
  for (const std::string& name : names) {
    if (!defaults.empty()) defaults += ", ";
    defaults += name;
    if (withDefaults) defaults.append("=").append(name);
  }
  const bool isLambda = typeIs(closure, "lambda");
  TSNode params = ts_node_child_by_field_name(closure, "parameters", 10);
  if (isLambda && ts_node_is_null(params)) {
    // `lambda: x` -> `lambda x=x: x`: right after the keyword.
    uint32_t at = ts_node_start_byte(closure) + 6;
    return {{at, at}, " " + defaults};
  }
  if (ts_node_is_null(params)) return {};
  // Where the new parameters go: before `**kwargs`, else after the last parameter; keyword-only
  // unless a `*` or `*args` already makes what follows keyword-only.
  bool star = false;
  TSNode doubleStar{};
  TSNode last{};
  uint32_t count = ts_node_named_child_count(params);
  for (uint32_t k = 0; k < count; ++k) {
    TSNode p = ts_node_named_child(params, k);
    if (typeIs(p, "comment")) continue;
    if (typeIs(p, "list_splat_pattern") || typeIs(p, "keyword_separator")) star = true;
    if (typeIs(p, "dictionary_splat_pattern") ||
        (typeIs(p, "typed_parameter") && nodeText(p, source).substr(0, 2) == "**")) {
      doubleStar = p;
      break;
    }
    if (typeIs(p, "typed_parameter") && nodeText(p, source).substr(0, 1) == "*") star = true;
    last = p;
  }
  std::string added = (star ? "" : "*, ") + defaults;
  if (!ts_node_is_null(doubleStar)) {
    uint32_t at = ts_node_start_byte(doubleStar);
    return {{at, at}, added + ", "};
  }
  if (ts_node_is_null(last)) {
    // `def f():` -> `def f(*, i=i):`, inside the parentheses.
    uint32_t at = ts_node_start_byte(params) + 1;
    return {{at, at}, added};
  }
  uint32_t at = ts_node_end_byte(last);
  return {{at, at}, ", " + added};
}

} // namespace closurelens::analysis
