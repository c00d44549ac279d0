// Syntax helpers the closure rules share: the path from the root to a node (tree-sitter 0.20.7's
// ts_node_parent walks from the root on every call, so ancestors are collected once, walking
// down), and where a closure value goes once it is made: called on the spot, consumed, or kept
// beyond the region (a loop iteration, an except handler) that made it. Also the "bind at
// definition" fix both CL101 and CL104 offer. Pure functions; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

// The nodes from the root down to the deepest node that contains `range`, root first.
std::vector<TSNode> pathTo(TSNode root, ByteRange range);

inline ByteRange rangeOf(TSNode node) {
  return {ts_node_start_byte(node), ts_node_end_byte(node)};
}
inline bool contains(ByteRange outer, ByteRange inner) {
  return outer.start <= inner.start && inner.end <= outer.end;
}

enum class EscapeKind : uint8_t {
  None,      // discarded, consumed on the spot, or used in a way not known to keep it
  Called,    // called at once: `(lambda: i)()`, `f()`
  Returned,  // returned (ends the loop, so not a late-binding escape; it does leave a handler)
  Kept,      // stored, appended, yielded, collected, passed to a deferred API
  UsedAfter, // a name holding it is used after the region (matters for except handlers)
};

struct Escape {
  EscapeKind kind = EscapeKind::None;
  ByteRange site;  // the statement or call that keeps it
  std::string how; // "appended to `handlers`", "passed to `Thread`", "returned"
};

// Where a closure made in `region` goes. `owner` is the scope whose code holds the closure's
// definition (names it is assigned to are looked up there); `comprehension` is the loop's
// comprehension node when the region is a comprehension (its element is collected).
struct EscapeQuery {
  const AnalyzedDocument* doc = nullptr;
  const Scope* owner = nullptr;
  ByteRange region;
  TSNode comprehension{};
};

// `path` ends at the closure's node: a lambda, or a function_definition (possibly decorated).
Escape closureEscape(const EscapeQuery& query, const std::vector<TSNode>& path);

// Adds parameters `names` (as written, unmangled) to the lambda or def at `closure` (a lambda or
// function_definition node), with `name=name` defaults when asked: `lambda i=i:` for a lambda
// without parameters, keyword-only otherwise (`x, *, i=i`, `*args, i=i`, `*, i=i` for an empty
// def), before any `**kwargs`.
TextEdit addParameters(std::string_view source, TSNode closure,
                       const std::vector<std::string>& names, bool withDefaults);
// Binds the values at definition: `lambda i=i: ...`.
inline TextEdit bindAtDefinition(std::string_view source, TSNode closure,
                                 const std::vector<std::string>& names) {
  return addParameters(source, closure, names, true);
}

// "`a`", "`a` and `b`", "`a`, `b` and `c`".
std::string quotedList(const std::vector<std::string>& names);

// The callee's last name: `Thread` for `threading.Thread(...)`, `append` for `x.append(...)`.
std::string_view calleeName(TSNode call, std::string_view source);

} // namespace closurelens::analysis
