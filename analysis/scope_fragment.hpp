// Internal to the scope analysis: the per-statement results that make ScopeTree::buildIncremental
// cheap after an edit. A statement of the module, or of the body of a top-level class, is analysed
// on its own as a fragment; fragments of unchanged statements are reused, moved to where the
// statement now is, and composed with the module's (and class's) own names.
// Fragments and caches are immutable once built and may be shared between threads.
#pragma once

#include "analysis/scope_tree.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace closurelens::analysis::detail {

// Where a statement sits and what the statements before it decided.
struct FragmentContext {
  std::string_view className; // non-empty: a statement of this top-level class's body
  bool futureAnnotations = false;
  bool classHeader = false; // the statement is a top-level class: its decorators, name and bases
};

struct ScopeFragment {
  // Scope 0 stands for the module and holds the statement's module-level names; for a class
  // member, scope 1 stands for the class and holds its class-level names. The statement's own
  // scopes follow, numbered and positioned as in the text the fragment was built from.
  ScopeTree tree;
  ByteRange range; // the statement in that text
  uint32_t row = 0;
  // False when something in it depends on the statements around it (a def in dead code at module
  // or class level, whose code object CPython keeps or trims depending on what follows).
  bool standalone = true;
  bool setsFutureAnnotations = false;
  bool terminates = false; // return/raise/...: what follows at the same level is dead code
};

enum class UnitKind : uint8_t { ModuleStatement, ClassHeader, ClassMember };

// One statement of one version of the text, with the fragment analysed for it.
struct ScopeUnit {
  UnitKind kind = UnitKind::ModuleStatement;
  // The statement's node type: the same text can be another node in another parse (`pass` is a
  // statement in a module but an identifier when the whole module is an ERROR).
  uint16_t symbol = 0;
  bool futureAnnotations = false; // in effect when the statement is reached
  bool hasError = false;          // fragments of statements with syntax errors are not reused
  std::string className;          // ClassMember: the class's name
  ByteRange range;                // the statement; a class header ends where the body starts
  uint32_t row = 0;
  std::shared_ptr<const ScopeFragment> fragment;
  int32_t previous = -1; // index of the unit of the previous version reused for it, or -1
  // Where the statement's own scopes are in the composed tree (see ScopeUnitCache::composed).
  uint32_t firstScope = 0;
  uint32_t scopeCount = 0;
};

// The units of one version, in document order, with the text they were read from.
struct ScopeUnitCache {
  std::shared_ptr<const std::string> text;
  AnalysisOptions options;
  std::vector<ScopeUnit> units;
  // The tree was composed from these units (not built whole), so each unit's firstScope and
  // scopeCount say where its scopes are.
  bool composed = false;
  // A cheap key of each unit (kind, length, first and last bytes) and its index, sorted (one
  // allocation, where a hash map would make one per unit).
  std::vector<std::pair<uint64_t, uint32_t>> byKey;

  static uint64_t keyOf(UnitKind kind, std::string_view text);
  // The unit of this cache that `unit` (read from `text`) can reuse, or -1. `taken` marks the
  // units already reused in the version being built.
  int32_t find(const ScopeUnit& unit, std::string_view text, std::vector<bool>& taken) const;
};

// A statement the incremental build analyses as a unit, found in the tree of one version.
struct UnitNode {
  UnitKind kind = UnitKind::ModuleStatement;
  TSNode node{};      // the statement (for a class header: the class statement, decorated or not)
  TSNode classNode{}; // ClassHeader and ClassMember: the class_definition
  std::string_view className;
  ByteRange range; // the statement; a class header ends where the class body starts
};

// The units of a module in document order: each module-level statement, except that a top-level
// class with a name and a body is split into its header and the statements of its body.
std::vector<UnitNode> scopeUnitsOf(TSNode root, std::string_view source);

// Pass one and two over one statement (scope_builder.cpp).
ScopeFragment buildFragment(TSNode statement, std::string_view source,
                            const AnalysisOptions& options, const FragmentContext& context);

} // namespace closurelens::analysis::detail
