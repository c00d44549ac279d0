// Name resolution for the decorator model: which statement binds a name seen in a decorator
// expression, looking through the enclosing scopes of one file. Deliberately small and isolated so
// that it can be replaced by the ScopeTree. A NameBindings refers to (does not own) the tree and
// the source it was filled from; it is built and read by one thread.
#pragma once

#include "analysis/document.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // walks them and records their statements too).
  void recordStatement(BindingScopeId scope, TSNode statement, std::string_view source);
  void recordParameters(BindingScopeId scope, TSNode parameters, std::string_view source);

  // The binding `name` refers to when used at `useByte` in `scope`, with Python's lookup: the
  // scope itself, then the enclosing functions (class bodies are skipped), then the module. In a
  // scope binding the name more than once, the last binding before the use wins (else the first).
  // Null for builtins and unbound names. `from m import *` is recorded under the name "*".
  const Binding* resolve(BindingScopeId scope, std::string_view name, uint32_t useByte) const;

  BindingScopeKind kind(BindingScopeId scope) const { return scopes_[scope].kind; }

private:
  struct Scope {
    BindingScopeKind kind;
    BindingScopeId parent;
    std::vector<Binding> bindings;
    // Indices into `bindings` per name, in document order (modules can bind thousands of names).
    std::unordered_map<std::string_view, std::vector<uint32_t>> byName;
  };
  void bindTarget(BindingScopeId scope, TSNode target, std::string_view source, TSNode value,
                  ByteRange site);
  void add(BindingScopeId scope, Binding binding);
  const Binding* lookupIn(BindingScopeId scope, std::string_view name, uint32_t useByte) const;

  std::vector<Scope> scopes_;
};

} // namespace closurelens::analysis
