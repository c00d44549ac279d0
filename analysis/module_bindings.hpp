// Name resolution for the decorator model: which statement binds a name seen in a decorator
// expression, looking through the enclosing scopes of one file. Deliberately small and isolated so
// that it can be replaced by the ScopeTree. A NameBindings refers to (does not own) the tree and
// the source it was filled from; it is built and read by one thread (lookups fill it further).
#pragma once

#include "analysis/document.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

enum class BindingKind {
  Function,   // def name(...)
  Class,      // class Name
  Assignment, // name = value
  Import,     // import a.b / import a.b as name
  ImportFrom, // from module import member [as name]
  Parameter,  // a parameter of the enclosing function
  Global,     // `global name`: look in the module
  Nonlocal,   // `nonlocal name`: look in the enclosing functions
  Other,      // any other binding (for target, with ... as, augmented assignment, ...)
};

struct Binding {
  std::string_view name;
  BindingKind kind = BindingKind::Other;
  // Function/Class: the function_definition/class_definition node; Assignment: the value node.
  TSNode node{};
  ByteRange site;          // the binding statement (for a def, the def itself)
  std::string module;      // Import: the module bound ("a" for `import a.b`, "a.b" for `... as c`);
                           // ImportFrom: the module imported from (".pkg" for relative imports)
  std::string_view member; // ImportFrom: the imported member ("wraps" for `... wraps as w`)
  TSNode statement{};      // Function/Class: the statement (decorated_definition when decorated)
};

enum class BindingScopeKind { Module, Class, Function };
using BindingScopeId = uint32_t;

class NameBindings {
public:
  NameBindings(); // scope 0 is the module

  BindingScopeId openScope(BindingScopeKind kind, BindingScopeId parent);

  // Records the names a statement binds in `scope` (not those of its nested blocks: the caller
  // walks them and records their statements too). All statements and parameters of one
  // NameBindings come from the same source.
  void recordStatement(BindingScopeId scope, TSNode statement, std::string_view source);
  void recordParameters(BindingScopeId scope, TSNode parameters, std::string_view source);
  // Records a binding the caller has already worked out (the model's walk knows each def's name),
  // in order with the recorded statements; the same as recordStatement of its statement.
  void recordBinding(BindingScopeId scope, Binding binding);
  // Records every statement of `block` as the model's statement walk would visit them from walk
  // depth `depth` (decorator_syntax::walkStatements: nested blocks of compound statements
  // included). For bodies the model does not walk itself; the block must hold no definitions.
  void recordBlock(BindingScopeId scope, TSNode block, std::string_view source, int depth);

  // The binding `name` refers to when used at `useByte` in `scope`, with Python's lookup: the
  // scope itself, then the enclosing functions (class bodies are skipped), then the module. In a
  // scope binding the name more than once, the last binding before the use wins (else the first).
  // Null for builtins and unbound names. `from m import *` is recorded under the name "*".
  // The pointer stays valid until something more is recorded in the binding's scope.
  const Binding* resolve(BindingScopeId scope, std::string_view name, uint32_t useByte) const;

  BindingScopeKind kind(BindingScopeId scope) const { return scopes_[scope].kind; }

  // Every binding recorded in `scope`, in document order (a module summary lists the module's
  // names). Valid until something more is recorded in the scope.
  std::span<const Binding> bindingsOf(BindingScopeId scope) const;

private:
  // Recording only remembers the node: most scopes of a file (function bodies) are never looked
  // into, so their statements are turned into bindings on the first lookup in the scope.
  enum class DeferredKind : uint8_t { Statement, Parameters, Block, Ready };
  struct Deferred {
    TSNode node;
    DeferredKind kind;
    uint32_t value; // Block: the walk depth it starts at; Ready: index into ready_
  };
  struct Scope {
    BindingScopeKind kind;
    BindingScopeId parent;
    std::vector<Deferred> deferred; // recorded, not yet turned into bindings, in call order
    std::vector<Binding> bindings;
    // Indices into `bindings` sorted by name, then document order; valid while `indexed`. A sorted
    // vector instead of a hash map of vectors: one allocation per scope instead of one per name.
    std::vector<uint32_t> byName;
    bool indexed = false;
  };
  void materialize(Scope& scope) const;
  void bindStatement(Scope& scope, TSNode statement) const;
  void bindParameters(Scope& scope, TSNode parameters) const;
  void bindBlock(Scope& scope, TSNode block, int depth) const;
  void bindTarget(Scope& scope, TSNode target, TSNode value, ByteRange site) const;
  void add(Scope& scope, Binding binding) const;
  void defer(BindingScopeId scope, Deferred entry, std::string_view source);
  const Binding* lookupIn(BindingScopeId scope, std::string_view name, uint32_t useByte) const;

  // Mutable: bindings are derived from the recorded nodes on demand (one thread, see above).
  mutable std::vector<Scope> scopes_;
  mutable std::vector<Binding> ready_; // moved out when their scope is materialized
  std::string_view source_;
};

} // namespace closurelens::analysis
