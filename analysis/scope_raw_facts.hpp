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
#include <vector>

namespace closurelens::analysis::detail {

// An open-addressing table of small integer ids (one probe array, no node per entry): the
// walk looks a name up for every identifier, which node-based maps made a tenth of its time.
// `keyOf(id)` gives the key an id was stored under.
class IdIndex {
public:
  template <class Key, class KeyOf>
  uint32_t find(const Key& key, size_t hash, KeyOf&& keyOf) const {
    if (slots_.empty()) return kMissing;
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      const uint32_t slot = slots_[i];
      if (slot == 0) return kMissing;
      if (keyOf(slot - 1) == key) return slot - 1;
    }
  }
  // `id` must not be in the table yet; `hashOf(id)` rehashes the ids already in it.
  template <class HashOf> void insert(uint32_t id, size_t hash, HashOf&& hashOf) {
    if ((count_ + 1) * 2 > slots_.size()) grow(hashOf);
    place(id, hash);
    ++count_;
  }
  static constexpr uint32_t kMissing = UINT32_MAX;

private:
  size_t mask() const { return slots_.size() - 1; }
  void place(uint32_t id, size_t hash) {
    size_t i = hash & mask();
    while (slots_[i] != 0)
      i = (i + 1) & mask();
    slots_[i] = id + 1;
  }
  template <class HashOf> void grow(HashOf&& hashOf) {
    std::vector<uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
    for (uint32_t slot : old)
      if (slot != 0) place(slot - 1, hashOf(slot - 1));
  }

  std::vector<uint32_t> slots_; // id + 1, 0 for a free slot
  size_t count_ = 0;
};

class NameTable {
public:
  // `name` must outlive the table (a view into the source) unless interned with internCopy.
  uint32_t intern(std::string_view name) {
    const size_t hash = hashOf(name);
    uint32_t id = ids_.find(name, hash, [&](uint32_t i) { return names_[i]; });
    if (id != IdIndex::kMissing) return id;
    id = static_cast<uint32_t>(names_.size());
    ids_.insert(id, hash, [&](uint32_t i) { return hashOf(names_[i]); });
    names_.push_back(name);
    return id;
  }
  uint32_t internCopy(std::string name) {
    uint32_t id =
        ids_.find(std::string_view(name), hashOf(name), [&](uint32_t i) { return names_[i]; });
    if (id != IdIndex::kMissing) return id;
    owned_.push_back(std::move(name));
    return intern(owned_.back());
  }
  std::string_view name(uint32_t id) const { return names_[id]; }

private:
  // FNV-1a: identifiers are short, and the table wants well-spread low bits.
  static size_t hashOf(std::string_view name) {
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : name)
      h = (h ^ c) * 1099511628211ULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }

  IdIndex ids_;
  std::vector<std::string_view> names_;
  std::deque<std::string> owned_; // mangled names; a deque never moves its elements
};

struct RawSymbol {
  uint32_t nameId = 0;
  uint32_t flags = 0;
  SymbolScope scope = SymbolScope::GlobalImplicit;
  uint32_t occurrenceCount = 0;
  uint32_t firstWrite = UINT32_MAX; // where the first Write occurrence starts
};

// One identifier of the walk, logged in walk order; finish() groups them per symbol.
struct RawOccurrence {
  uint32_t scope = 0;
  uint32_t symbol = 0; // index in the scope's symbols
  Occurrence occurrence;
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
  IdIndex symbolIndex;              // index in symbols, by nameId
  std::vector<uint32_t> parameters; // nameIds in co_varnames order
  bool hasCode = true;
  bool needsClassClosure = false;
  // 3.12+ (PEP 695), for classes: an annotation scope in the body reads `__classdict__`.
  bool needsClassDict = false;
  // PEP 695: the scope of a generic's type parameters or of a type variable's bound (the
  // compiler's COMPILER_SCOPE_TYPEPARAMS, which qualified names skip).
  bool typeParameters = false;
  // PEP 695: an annotation scope directly in a class body (or in one that is), which sees the
  // class's names (CPython's ste_can_see_class_scope).
  bool seesClassScope = false;
  // PEP 695: any annotation scope (type parameters, bound, alias value).
  bool annotationScope = false;
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
  uint32_t symbolIndexOf(uint32_t nameId) {
    uint32_t index = findIndex(nameId);
    if (index != IdIndex::kMissing) return index;
    index = static_cast<uint32_t>(symbols.size());
    symbolIndex.insert(index, hashOf(nameId),
                       [&](uint32_t i) { return hashOf(symbols[i].nameId); });
    symbols.push_back(RawSymbol{nameId});
    return index;
  }
  RawSymbol& symbol(uint32_t nameId) { return symbols[symbolIndexOf(nameId)]; }
  const RawSymbol* findSymbol(uint32_t nameId) const {
    uint32_t index = findIndex(nameId);
    return index == IdIndex::kMissing ? nullptr : &symbols[index];
  }
  RawSymbol* findSymbol(uint32_t nameId) {
    uint32_t index = findIndex(nameId);
    return index == IdIndex::kMissing ? nullptr : &symbols[index];
  }

private:
  static size_t hashOf(uint32_t nameId) { return size_t{nameId} * 0x9E3779B1U; }
  uint32_t findIndex(uint32_t nameId) const {
    return symbolIndex.find(nameId, hashOf(nameId), [&](uint32_t i) { return symbols[i].nameId; });
  }
};

struct RawScopeTree {
  std::vector<RawScope> scopes;
  std::vector<RawOccurrence> occurrences;
  NameTable names;
  uint32_t classCellId = 0; // "__class__"
  uint32_t classDictId = 0; // "__classdict__"
  // 3.12+: classes offer the implicit `__classdict__` cell (read by their annotation scopes).
  bool classDictCell = false;
};

// Pass two: sets every symbol's scope, adds pass-through free symbols, DEF_FREE_CLASS and the
// implicit __class__ cell, exactly as CPython 3.11's analyze_block does.
void resolveScopes(RawScopeTree& tree);

} // namespace closurelens::analysis::detail
