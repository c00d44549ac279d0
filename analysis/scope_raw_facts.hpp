// Internal to the scope analysis: the raw facts of pass one (CPython's symtable_visit_*), which
// pass two (scope_resolver.cpp, CPython's analyze_block) turns into scopes. Names are interned
// per module so that the name sets of pass two are sorted integer vectors.
// Owned by one ScopeTree::build call on one thread.
#pragma once

#include "analysis/scope_tree.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace closurelens::analysis::detail {

class NameTable {
public:
  // `name` must outlive the table (a view into the source) unless interned with internCopy.
  uint32_t intern(std::string_view name) {
    auto [it, inserted] = ids_.try_emplace(name, static_cast<uint32_t>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  uint32_t internCopy(std::string name) {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second;
    owned_.push_back(std::move(name));
    return intern(owned_.back());
  }
  std::string_view name(uint32_t id) const { return names_[id]; }

private:
  std::unordered_map<std::string_view, uint32_t> ids_;
  std::vector<std::string_view> names_;
  std::deque<std::string> owned_; // mangled names; a deque never moves its elements
};

struct RawSymbol {
  uint32_t nameId = 0;
  uint32_t flags = 0;
  SymbolScope scope = SymbolScope::GlobalImplicit;
  std::vector<Occurrence> occurrences;
};

struct RawScope {
  ScopeKind kind = ScopeKind::Module;
  std::string_view name;
  std::string_view privateName;
  uint32_t firstLine = 1;
  ByteRange range;
  ByteRange nameRange;
  uint32_t parent = kNoScope;
  std::vector<uint32_t> children;
  std::vector<RawSymbol> symbols;
  std::unordered_map<uint32_t, uint32_t> symbolIndex; // nameId -> index in symbols
  std::vector<uint32_t> parameters;                   // nameIds in co_varnames order
  bool hasCode = true;
  bool needsClassClosure = false;
  // 3.12+ (PEP 709): a list/set/dict comprehension compiled into its enclosing code object.
  bool inlined = false;
  // 3.12+: locals of inlined comprehensions in the order the compiler adds them to co_varnames,
  // which is where their cells appear in co_cellvars.
  std::vector<uint32_t> inlinedLocals;

  // CPython's FunctionBlock: functions, lambdas and (3.11) comprehensions.
  bool isFunctionBlock() const {
    return kind == ScopeKind::Function || kind == ScopeKind::Lambda ||
           kind == ScopeKind::Comprehension;
  }
  RawSymbol& symbol(uint32_t nameId) {
    auto [it, inserted] = symbolIndex.try_emplace(nameId, static_cast<uint32_t>(symbols.size()));
    if (inserted) symbols.push_back(RawSymbol{nameId, 0, SymbolScope::GlobalImplicit, {}});
    return symbols[it->second];
  }
  const RawSymbol* findSymbol(uint32_t nameId) const {
    auto it = symbolIndex.find(nameId);
    return it == symbolIndex.end() ? nullptr : &symbols[it->second];
  }
};

struct RawScopeTree {
  std::vector<RawScope> scopes;
  NameTable names;
  uint32_t classCellId = 0; // "__class__"
};

// Pass two: sets every symbol's scope, adds pass-through free symbols, DEF_FREE_CLASS and the
// implicit __class__ cell, exactly as CPython 3.11's analyze_block does.
void resolveScopes(RawScopeTree& tree);

} // namespace closurelens::analysis::detail
