// The decorator model of one file: every decorated def/class with its stack as written, the
// expression Python evaluates, what each layer resolves to and is, and the metadata that survives.
// A DecoratorModel owns its structs; their string_views point into the source it was built from,
// which must outlive it. Built by one thread, then immutable: any thread may read it.
#pragma once

#include "analysis/document.hpp"
#include "analysis/stdlib_decorators.hpp"
#include "analysis/syntax_tree.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

class StatementIndex;

enum class ParameterKind {
  PositionalOnly,
  PositionalOrKeyword,
  VarPositional,
  KeywordOnly,
  VarKeyword
};

struct Parameter {
  std::string_view name;
  ParameterKind kind = ParameterKind::PositionalOrKeyword;
  bool hasDefault = false;
  ByteRange range;
  friend bool operator==(const Parameter&, const Parameter&) = default;
};

struct Signature {
  std::vector<Parameter> parameters;
  const Parameter* varPositional() const; // *args
  const Parameter* varKeyword() const;    // **kwargs
  // Index of the parameter named `name`, or -1.
  int indexOf(std::string_view name) const;
  friend bool operator==(const Signature&, const Signature&) = default;
};

// How a wrapper gets the wrapped function's metadata.
enum class WrapsForm {
  None,
  Decorator,     // @functools.wraps(fn) / @wraps(fn) above the wrapper
  AppliedCall,   // wrapper = functools.wraps(fn)(wrapper)
  UpdateWrapper, // functools.update_wrapper(wrapper, fn)
};

enum class WrapsMisuseKind {
  DiscardedCall,            // functools.wraps(fn) as a statement: the decorator it returns is lost
  DecoratorWithoutArgument, // @functools.wraps with no (wrapped) argument
  SwappedUpdateWrapper,     // update_wrapper(fn, wrapper): copies the wrapper's metadata onto fn
};

struct WrapsMisuse {
  WrapsMisuseKind kind;
  ByteRange range; // the offending call or decorator
  friend bool operator==(const WrapsMisuse&, const WrapsMisuse&) = default;
  // DecoratorWithoutArgument: written as an empty call (`@functools.wraps()`, a TypeError when the
  // decorator runs) rather than bare (`@functools.wraps`, which binds the wrapper to a partial).
  bool called = false;
};

struct WrapsUse {
  WrapsForm form = WrapsForm::None;
  std::string_view argument; // the wrapped argument's text ("fn")
  int parameterIndex = -1;   // index of that argument among the decorator's parameters, or -1
  ByteRange range;           // the decorator or call that applies it
  std::vector<WrapsMisuse> misuses;
  friend bool operator==(const WrapsUse&, const WrapsUse&) = default;
};

// What the wrapper does with the wrapped call's result (for CL202).
enum class ResultFlow {
  NotCalled,           // the wrapper never calls the wrapped function
  ReturnedDirectly,    // return fn(...) (also `return await fn(...)`)
  StoredThenReturned,  // result = fn(...); ...; return result
  ReturnedTransformed, // the call is part of a returned expression: return fn(...) * 2
  DiscardedCall,       // fn(...) is a statement or an argument, its result is never returned
  StoredNeverReturned, // result = fn(...) and result is never returned
  SomePathsFallOff,    // returned on some paths; others reach the end of the wrapper
};

// Whether a function returns a given name on its paths (for CL203).
enum class PathCoverage { Never, SomePaths, AllPaths };

struct Wrapper {
  std::string_view name; // "<lambda>" for a lambda
  ByteRange range;       // the def (with its decorators) or the lambda
  ByteRange nameRange;
  uint32_t line = 0; // zero-based, of the `def`
  bool isLambda = false;
  bool isAsync = false;
  Signature signature;
  std::optional<std::string_view> docstring;
  WrapsUse wraps;
  ResultFlow result = ResultFlow::NotCalled;
  ByteRange wrappedCall;              // the first call of the wrapped function
  std::string_view resultVariable;    // `result` in result = fn(...)
  bool forwardsVarPositional = false; // the wrapped call passes *args (the wrapper's own)
  bool forwardsVarKeyword = false;    // ... and **kwargs
  friend bool operator==(const Wrapper&, const Wrapper&) = default;
};

// A function that receives the decorated function and returns what the name is bound to.
struct DecoratorFunction {
  std::string_view name;
  ByteRange range;
  ByteRange nameRange;
  uint32_t line = 0;
  bool passThrough = false; // returns its argument (possibly after registering it)
  Signature signature;
  std::optional<std::string_view> docstring;
  int wrappedParameter = -1;      // index into signature.parameters of the decorated function
  std::optional<Wrapper> wrapper; // absent for a pass-through
  PathCoverage returnsResult = PathCoverage::Never; // returns the wrapper (or the argument)
  // Plain: some paths return the function itself instead of the wrapper (`if off: return fn`).
  bool returnsArgumentOnSomePaths = false;
  friend bool operator==(const DecoratorFunction&, const DecoratorFunction&) = default;
};

enum class DecoratorShape {
  NotADecorator, // nothing recognisable: no wrapper calling a parameter, no __call__
  Plain,         // def deco(fn): def wrapper(...): ... fn(...) ...; return wrapper
  Factory,       // def factory(args): def deco(fn): ...; return deco
  ClassBased,    // class with __call__
  PassThrough,   // def register(fn): registry.append(fn); return fn
};

struct ClassDecorator {
  bool hasCall = false;
  bool hasGet = false; // without __get__ an instance on a method never binds self (CL208)
  bool hasInit = false;
  Signature callSignature;         // self included
  Signature initSignature;         // self included
  int initWrappedParameter = -1;   // __init__(self, func): index of func
  bool initUpdatesWrapper = false; // update_wrapper(self, func) / wraps(func)(self) in __init__
  // @Klass: __call__(self, *args) calling the stored function acts as the wrapper.
  std::optional<Wrapper> callAsWrapper;
  // @Klass(args): __call__(self, func) returning a wrapper acts as the decorator.
  std::optional<DecoratorFunction> callAsDecorator;
  friend bool operator==(const ClassDecorator&, const ClassDecorator&) = default;
};

// The analysed definition of a function or class used (or usable) as a decorator.
struct DecoratorDefinition {
  std::string_view name;
  ByteRange range; // the def/class with its decorators
  ByteRange nameRange;
  uint32_t line = 0;
  bool isClass = false;
  bool isAsync = false;
  DecoratorShape shape = DecoratorShape::NotADecorator;
  Signature signature; // the def's own parameters (a factory's arguments)
  std::optional<std::string_view> docstring;
  // Plain/PassThrough: this def; Factory: the inner decorator it returns.
  std::optional<DecoratorFunction> decorator;
  PathCoverage returnsDecorator = PathCoverage::Never; // Factory only
  std::optional<ClassDecorator> classDecorator;        // isClass only
  friend bool operator==(const DecoratorDefinition&, const DecoratorDefinition&) = default;
};

enum class ExpressionForm {
  Name,   // @deco
  Dotted, // @functools.cache
  Call,   // @retry(times=3), @functools.wraps(fn): callee is a name or dotted path
  Other,  // anything else (PEP 614): @buttons[0].clicked.connect, @(lambda f: f)
};

enum class ResolutionKind {
  SameFileFunction, // a def in this file (module level or an enclosing function)
  SameFileClass,    // a class in this file
  Import,           // imported; module/member say from where (a workspace index may resolve it)
  Stdlib,           // knowledge-base entry (builtins included)
  Parameter,        // a parameter of an enclosing function: only the caller knows
  Unknown,
};

struct LayerResolution {
  ResolutionKind kind = ResolutionKind::Unknown;
  int definition = -1; // SameFile*: index into DecoratorModel::definitions()
  // Import: the workspace definition it resolved to (DecoratorModel::externalOf), or -1.
  int external = -1;
  const StdlibDecorator* stdlib = nullptr;
  std::string module; // Import/Stdlib: "functools", "util", ".helpers"
  std::string member; // Import/Stdlib: "wraps", "timed" (empty: the module itself is the decorator)
  bool stdlibModule = false; // module is in the standard library
  ByteRange bindingSite;     // the statement binding the head name in this file
  friend bool operator==(const LayerResolution&, const LayerResolution&) = default;
};

// What the layer does where it is applied, which may differ from the definition's shape (a factory
// used bare acts as a plain decorator receiving the function as its first argument).
enum class LayerRole {
  Plain,         // deco(fn) returning a wrapper
  Factory,       // factory(args) returning a decorator, then applied to fn
  ClassInstance, // @Klass: Klass(fn), an instance wraps the function
  ClassFactory,  // @Klass(args): Klass(args).__call__(fn) returns a wrapper
  PassThrough,   // returns fn itself
  Descriptor,    // property, classmethod, staticmethod, x.setter, cached_property, ...
  Stdlib,        // any other knowledge-base entry
  Unknown,
};

// A run-time value of __name__ or __doc__.
struct MetadataValue {
  enum class State {
    Text,      // a string: `text`
    None,      // None (a function without docstring)
    Absent,    // the attribute does not exist (AttributeError), e.g. a property's __name__
    Generated, // set by the decorator from something only known at run time (dataclass __doc__)
    Unknown,
  };
  State state = State::Unknown;
  // For __doc__: the docstring literal between its quotes, escapes not processed (CPython keeps
  // the indentation too; inspect.getdoc would clean it).
  std::string text;
  int changedBy = -1; // index of the layer that set it last, -1 for the definition itself
  friend bool operator==(const MetadataValue&, const MetadataValue&) = default;
};

struct Metadata {
  MetadataValue name; // __name__
  MetadataValue doc;  // __doc__
  friend bool operator==(const Metadata&, const Metadata&) = default;
};

struct DecoratorLayer {
  std::string_view expression; // as written after '@'
  ByteRange range;             // of the expression
  ByteRange decoratorRange;    // including '@'
  uint32_t line = 0;
  ExpressionForm form = ExpressionForm::Other;
  std::string head; // "functools.wraps", "throttle"; empty for Other
  ByteRange headRange;
  uint32_t callDepth = 0; // 0 for @deco, 1 for @deco(...), 2 for @deco(...)(...)
  ByteRange arguments;    // the outermost call's `(...)`, empty when not called
  LayerResolution resolution;
  LayerRole role = LayerRole::Unknown;
  // The application cannot work as written: a factory used bare, a plain decorator called, a
  // knowledge-base entry in a form it does not support (@functools.wraps).
  bool callMismatch = false;
  Metadata after; // __name__/__doc__ after this layer has been applied
  friend bool operator==(const DecoratorLayer&, const DecoratorLayer&) = default;
};

struct DecoratedDefinition {
  std::string_view name;
  ByteRange range;           // decorated_definition: decorators and definition
  ByteRange definitionRange; // the def/class itself
  ByteRange nameRange;
  uint32_t line = 0;      // of the def/class keyword, zero-based
  uint32_t firstLine = 0; // of the first decorator (CPython's co_firstlineno - 1)
  bool isClass = false;
  bool isAsync = false;
  Signature signature;                // the def's parameters (empty for a class)
  std::string_view enclosingClass;    // set for methods
  std::string_view enclosingFunction; // set for definitions nested in a function
  std::vector<DecoratorLayer> layers; // top to bottom, as written
  std::string application;            // "ping = log_calls(throttle(limit=3)(ping))"
  // Layer indices in the order they are applied at run time: the bottom decorator first. (The
  // expressions themselves are evaluated top to bottom before any is applied.)
  std::vector<uint32_t> applicationOrder;
  Metadata original; // the undecorated definition's
  Metadata result;   // what the decorated name reports at run time
  friend bool operator==(const DecoratedDefinition&, const DecoratedDefinition&) = default;
};

struct ExternalDecorator;
class ExternalDecorators;

class DecoratorModel {
public:
  // `externals` resolves imported layers (external_decorators.hpp); without it they stay
  // ResolutionKind::Import with an unknown role. It is only used during the call.
  // `statements`, when given, holds the statements of blocks the scope walk recorded
  // (ScopeTree::build), which the model's own statement walk then need not step over again.
  static DecoratorModel build(TSNode root, std::string_view source,
                              const ExternalDecorators* externals = nullptr,
                              const StatementIndex* statements = nullptr);

  std::span<const DecoratedDefinition> decorated() const { return decorated_; }
  std::span<const DecoratorDefinition> definitions() const { return definitions_; }

  // The module-level (else the first) definition with that name, analysed as a decorator.
  const DecoratorDefinition* definitionNamed(std::string_view name) const;
  // The innermost decorated definition whose range contains `byte`.
  const DecoratedDefinition* at(uint32_t byte) const;
  // The definition a layer resolved to in this file, if any.
  const DecoratorDefinition* definitionOf(const DecoratorLayer& layer) const;
  // The workspace definition an imported layer resolved to, if any (external_decorators.cpp).
  const ExternalDecorator* externalOf(const DecoratorLayer& layer) const;
  // definitionOf(layer), else the definition of externalOf(layer): ranges and lines of the latter
  // are of the file that defines it.
  const DecoratorDefinition* layerDefinition(const DecoratorLayer& layer) const;
  // The function that receives the decorated function at this layer (the def itself, a factory's
  // inner decorator, or a class's __call__), if known; same-file or external.
  const DecoratorFunction* appliedDecorator(const DecoratorLayer& layer) const;

  friend bool operator==(const DecoratorModel&, const DecoratorModel&) = default;

private:
  friend class DecoratorModelBuilder;
  friend class DecoratorModelMover;
  std::vector<DecoratedDefinition> decorated_;
  std::vector<DecoratorDefinition> definitions_;
  std::vector<uint8_t> moduleLevel_; // per definition: defined at module level
  // Shared with the module summaries they belong to, which they keep alive.
  std::vector<std::shared_ptr<const ExternalDecorator>> externals_;
};

// Shape analysis of one definition (decorator_definition.cpp), reusable by a workspace index for
// definitions in other files. `definition` is the statement: a decorated_definition (so that the
// ranges include the decorators) or a bare function_definition/class_definition. The resolver
// tells which knowledge-base entry an expression names in the definition's scope (to recognise
// wraps/update_wrapper however they were imported).
struct StdlibResolver {
  virtual ~StdlibResolver() = default;
  virtual const StdlibDecorator* stdlibOf(TSNode expression) const = 0;
};
// `isMethod`: the def is in a class body, so its first parameter (self/cls) is not the function.
DecoratorDefinition analyzeDecoratorDefinition(TSNode definition, std::string_view source,
                                               const StdlibResolver& resolver,
                                               bool isMethod = false);

std::string_view toString(DecoratorShape shape);
std::string_view toString(LayerRole role);
std::string_view toString(ResolutionKind kind);
std::string_view toString(ResultFlow flow);
std::string_view toString(PathCoverage coverage);
std::string_view toString(WrapsForm form);

} // namespace closurelens::analysis
