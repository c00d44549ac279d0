// The scopes of one Python module (module, class, function, lambda, comprehension) with every
// name's binding facts, resolved with CPython's symbol-table rules so that each function's
// freevars/cellvars equal `__code__.co_freevars` / `co_cellvars`.
// A ScopeTree owns all its data (no pointer into the syntax tree or the source survives build());
// it is immutable after build() and may be read from any thread.
#pragma once

#include "analysis/document.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

struct PythonVersion {
  int major = 3;
  int minor = 11;
  friend constexpr bool operator==(const PythonVersion&, const PythonVersion&) = default;
  friend constexpr bool operator<(const PythonVersion& a, const PythonVersion& b) {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend constexpr bool operator>=(const PythonVersion& a, const PythonVersion& b) {
    return !(a < b);
  }
};

struct AnalysisOptions {
  // 3.11 is the reference. 3.12 and later select PEP 709 (list/set/dict comprehensions inlined
  // into their enclosing code object) and 3.12's trimming of every unused constant: a def in
  // unreachable code (after a return, in an `if False:` branch) then never has a code object,
  // where 3.11 keeps it unless nothing after it loads a constant.
  // PEP 695 type-parameter, bound and type-alias scopes are modelled whatever the version (3.11
  // cannot compile them, so 3.12's rules are the only ones there are).
  PythonVersion version{3, 11};
  friend bool operator==(const AnalysisOptions&, const AnalysisOptions&) = default;
};

enum class ScopeKind : uint8_t { Module, Class, Function, Lambda, Comprehension };

// CPython's scope of a name inside one block (symtable.h: LOCAL, GLOBAL_EXPLICIT, ...).
enum class SymbolScope : uint8_t { Local, GlobalExplicit, GlobalImplicit, Free, Cell };

// The raw facts of pass one, as CPython's symtable.h DEF_* flags.
namespace symbol_flags {
inline constexpr uint32_t DefGlobal = 1U << 0;    // `global x` in this block
inline constexpr uint32_t DefLocal = 1U << 1;     // assigned, deleted, def/class name, ...
inline constexpr uint32_t DefParam = 1U << 2;     // a parameter
inline constexpr uint32_t DefNonlocal = 1U << 3;  // `nonlocal x` (or a comprehension's walrus)
inline constexpr uint32_t Use = 1U << 4;          // read
inline constexpr uint32_t DefFreeClass = 1U << 6; // bound in a class and free in one of its methods
inline constexpr uint32_t DefImport = 1U << 7;    // bound by an import
inline constexpr uint32_t DefAnnot = 1U << 8;     // annotated `x: T`
inline constexpr uint32_t DefCompIter = 1U << 9;  // a comprehension's iteration variable
inline constexpr uint32_t DefCompCell = 1U << 10; // 3.12: a cell of a comprehension inlined here
inline constexpr uint32_t DefBound = DefLocal | DefParam | DefImport;
} // namespace symbol_flags

// What one identifier node does to its name.
enum class OccurrenceKind : uint8_t {
  Read,
  Write,        // assignment target, for/with/except/match target, walrus
  Delete,       // `del x`
  Parameter,    // a parameter's name
  Import,       // the name an import binds
  Definition,   // a def/class name
  GlobalDecl,   // named in a `global` statement
  NonlocalDecl, // named in a `nonlocal` statement
};

struct Occurrence {
  ByteRange range; // the identifier node
  OccurrenceKind kind = OccurrenceKind::Read;
  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

struct Symbol {
  std::string name; // mangled inside classes (`__x` -> `_K__x`), as CPython stores it
  uint32_t flags = 0;
  SymbolScope scope = SymbolScope::GlobalImplicit;
  // The identifiers inside this scope's own code that name it, in source order. Empty for a name
  // that is only passed through to an inner scope. A view of storage the ScopeTree owns (one
  // allocation for all, which keeps building, moving and freeing a tree cheap).
  std::span<const Occurrence> occurrences;
  friend bool operator==(const Symbol& a, const Symbol& b) {
    return a.name == b.name && a.flags == b.flags && a.scope == b.scope &&
           std::equal(a.occurrences.begin(), a.occurrences.end(), b.occurrences.begin(),
                      b.occurrences.end());
  }
};

inline constexpr uint32_t kNoScope = UINT32_MAX;

struct Scope {
  ScopeKind kind = ScopeKind::Module;
  std::string name;     // as written (unmangled); `<lambda>`, `<listcomp>`, ... for anonymous ones
  std::string qualname; // CPython's __qualname__
  uint32_t firstLine = 1; // 1-based co_firstlineno: a decorated def's first decorator line
  ByteRange range;        // the whole def/class/lambda/comprehension (not its decorators)
  ByteRange nameRange;    // the name identifier (empty for anonymous scopes)
  uint32_t index = 0;
  uint32_t parent = kNoScope;
  std::vector<uint32_t> children;      // in source order
  std::vector<Symbol> symbols;         // sorted by name
  std::vector<std::string> parameters; // in co_varnames order: positional, kw-only, *args, **kw
  std::vector<std::string> freevars;   // co_freevars
  std::vector<std::string> cellvars;   // co_cellvars
  std::string privateName;        // the class whose name mangles names here ("" outside classes)
  bool needsClassClosure = false; // a class whose methods use super()/__class__
  // 3.12+: a class whose annotation scopes or methods read `__classdict__` (an implicit cell).
  bool needsClassDict = false;
  // A PEP 695 annotation scope (a generic's type parameters, a bound, an alias's value): compiled
  // as a function but never written as one, so editor features and checks pass it by.
  bool annotationScope = false;
  // False when CPython builds no code object for it: unreachable code it trims, annotations it
  // never compiles. Such scopes still take part in name resolution, as in CPython's symtable.
  bool hasCode = true;

  const Symbol* find(std::string_view mangledName) const;
  friend bool operator==(const Scope&, const Scope&) = default;
};

namespace detail {
struct ScopeUnitCache;
struct UnitNode;
} // namespace detail
class StatementIndex;

class ScopeTree {
public:
  ScopeTree() = default;
  // Moves keep the symbols' views of the occurrences valid; copies would not, so there are none.
  ScopeTree(ScopeTree&&) noexcept = default;
  ScopeTree& operator=(ScopeTree&&) noexcept = default;
  ScopeTree(const ScopeTree&) = delete;
  ScopeTree& operator=(const ScopeTree&) = delete;

  // Never fails: ERROR and MISSING nodes are skipped and whatever is well formed is analysed.
  static ScopeTree build(TSNode root, std::string_view source, const AnalysisOptions& options = {});
  // The same, also recording into `statements` (empty) the statements of the blocks it walks,
  // for DecoratorModel::build.
  static ScopeTree build(TSNode root, std::string_view source, const AnalysisOptions& options,
                         StatementIndex& statements);
  // The same result, built statement by statement (the module's and each top-level class's
  // statements): the statements of `previous` whose text is unchanged are not analysed again,
  // only moved. `previous` may be null (everything is analysed); its text must be the one it
  // was built from, which it keeps alive.
  // `statements`, when given, receives the statements the units() were read from.
  // `takeFrom`, when given, is `previous` handed over: the scopes of the statements reused are
  // moved out of it instead of copied, which leaves it fit only to be destroyed.
  static ScopeTree buildIncremental(TSNode root, std::shared_ptr<const std::string> source,
                                    const AnalysisOptions& options, const ScopeTree* previous,
                                    std::vector<detail::UnitNode>* statements = nullptr,
                                    ScopeTree* takeFrom = nullptr);

  const Scope& module() const { return scopes_.front(); }
  // All scopes in source order (pre-order); scopes()[i].index == i; the module is first.
  std::span<const Scope> scopes() const { return scopes_; }
  const Scope& scope(uint32_t index) const { return scopes_[index]; }
  // The innermost scope whose range contains `byte` (the module when no other does).
  const Scope* innermostAt(uint32_t byte) const;
  // `from __future__ import annotations` is in effect.
  bool futureAnnotations() const { return futureAnnotations_; }
  // True when nesting was too deep to analyse everything (results for the deepest parts missing).
  bool truncated() const { return truncated_; }
  // The statements of a buildIncremental result (null for build()).
  const detail::ScopeUnitCache* units() const { return units_.get(); }

  // The same scopes and facts (however they were built).
  friend bool operator==(const ScopeTree& a, const ScopeTree& b) {
    return a.scopes_ == b.scopes_ && a.futureAnnotations_ == b.futureAnnotations_ &&
           a.truncated_ == b.truncated_;
  }

private:
  friend class ScopeBuilder;
  friend class ScopeComposer;
  // What a build that ran out of memory gives: the module alone, marked truncated.
  static ScopeTree outOfMemory();
  std::vector<Scope> scopes_;
  std::vector<Occurrence> occurrences_; // what the symbols' occurrences view
  bool futureAnnotations_ = false;
  bool truncated_ = false;
  std::shared_ptr<const detail::ScopeUnitCache> units_;
};

// "module", "class", "function", "lambda", "comprehension": the kinds as `facts` and hover name
// them.
std::string_view scopeKindName(ScopeKind kind);

// CPython's _Py_Mangle: `__x` inside class `_K` becomes `_K__x`; dunder names are left alone.
std::string mangleName(std::string_view privateName, std::string_view name);

} // namespace closurelens::analysis
