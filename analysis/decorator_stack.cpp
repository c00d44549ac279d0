// The decorator stacks of a file: one walk over statements (expressions are read on demand)
// collects the decorated definitions, every def/class and the statements each scope binds names
// with; then each layer is resolved, classified and the metadata is pushed through the stack from
// the bottom up. Cost matters (every file, every edit): name bindings are worked out only for the
// scopes a lookup reaches, shape analysis runs only for definitions a layer resolves to or that
// the walk could not rule out as decorators (candidates), and function bodies whose text cannot
// hold anything the walk looks for are not walked at all.
#include "analysis/decorator_analysis.hpp"
#include "analysis/decorator_model.hpp"
#include "analysis/decorator_model_reuse.hpp"
#include "analysis/decorator_syntax.hpp"
#include "analysis/external_decorators.hpp"
#include "analysis/module_bindings.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <deque>
#include <span>

namespace closurelens::analysis {

using namespace decorator_syntax;

namespace {

constexpr int kMaxAliasDepth = 4;

// typing._overload_dummy in CPython 3.11.
constexpr std::string_view kOverloadDummyDoc = "Helper for @overload to raise when called.";

struct HeadResolution {
  LayerResolution resolution;
  uint32_t extraCalls = 0; // `timed = make_timer(1)` then `@timed`: one call already made
};

MetadataValue text(std::string_view value, int changedBy = -1) {
  return MetadataValue{MetadataValue::State::Text, std::string(value), changedBy};
}
MetadataValue state(MetadataValue::State s, int changedBy) {
  return MetadataValue{s, {}, changedBy};
}
MetadataValue docValue(const std::optional<std::string_view>& doc, int changedBy) {
  return doc ? text(*doc, changedBy) : state(MetadataValue::State::None, changedBy);
}

// Keeps `changedBy` pointing at the layer that last changed the value, not the last one applied.
void assign(MetadataValue& target, MetadataValue value, int layer) {
  if (target.state == value.state && target.text == value.text) return;
  value.changedBy = layer;
  target = std::move(value);
}

struct DefinitionFields {
  TSNode name{}, parameters{}, body{};
};

DefinitionFields fieldsOf(TSNode def, bool isFunction) {
  const Symbols& sym = symbols();
  DefinitionFields f;
  f.name = ts_node_child_by_field_id(def, sym.fieldName);
  f.body = ts_node_child_by_field_id(def, sym.fieldBody);
  if (isFunction) f.parameters = ts_node_child_by_field_id(def, sym.fieldParameters);
  return f;
}

} // namespace

class DecoratorModelBuilder {
public:
  DecoratorModelBuilder(std::string_view source, const ExternalDecorators* externals,
                        const StatementIndex* statements = nullptr)
      : source_(source), externals_(externals), statements_(statements) {}

  DecoratorModel build(TSNode root);
  // See statementMayHoldDecorators (decorator_model_reuse.hpp).
  bool statementMayMatter(TSNode root, TSNode block, TSNode statement, bool classBody);

private:
  struct Context {
    BindingScopeId scope = 0;
    std::string_view enclosingClass;
    std::string_view enclosingFunction;
    int frame = -1;     // the pending def whose own frame runs these statements, or -1
    int classBody = -1; // the pending class whose body holds these statements directly, or -1
  };
  struct PendingDecorated {
    TSNode node;
    Context context;
  };
  struct PendingDefinition {
    TSNode node{};            // function_definition or class_definition
    TSNode statement{};       // the decorated_definition around it, or the node itself
    TSNode parameters{};      // functions only
    BindingScopeId scope = 0; // where names in its body are looked up
    bool moduleLevel = false;
    bool method = false; // defined directly in a class body: the first parameter is self/cls
    // Whether shape analysis may find a decorator shape. When false the definition is certainly
    // NotADecorator (see noteReturn and decideCandidate for functions, walkDefinition for classes
    // with __call__), so it is only analysed if some layer resolves to it.
    bool candidate = false;
    // Facts of the statement walk over a function's own frame, for decideCandidate.
    bool nestedDefs = false;   // a def in its own frame
    bool valueReturns = false; // a `return <value>` in its own frame
    uint32_t returns = 0;      // returns in its own frame, with or without a value
    uint32_t callReturns = 0;  // ... of which return a call
    // A pass-through candidate with a return that certainly gives something else: its shape
    // analysis cannot find every path returning the function, which the model requires to keep
    // it (see kept).
    bool passThroughOnSomePaths = false;
    bool passThroughNameKnown = false;
    std::string_view passThroughName; // the parameter a pass-through would return, or empty
    int analysed = -1;                // index into analysed_, once analysed
  };

  class ScopedResolver final : public StdlibResolver {
  public:
    ScopedResolver(const DecoratorModelBuilder& builder, BindingScopeId scope)
        : builder_(builder), scope_(scope) {}
    const StdlibDecorator* stdlibOf(TSNode expression) const override {
      HeadResolution head =
          builder_.resolveHead(expression, scope_, ts_node_start_byte(expression), 0);
      return head.resolution.kind == ResolutionKind::Stdlib ? head.resolution.stdlib : nullptr;
    }

  private:
    const DecoratorModelBuilder& builder_;
    BindingScopeId scope_;
  };

  // The walk visits statements only: expressions are read when something needs them.
  // `classBody`: the block is a class body (for its own statements, see walkDefinition).
  // `only`, when not null: of `block`'s own statements, walk that one alone.
  void walkBlock(TSNode block, const Context& ctx, int depth, bool classBody = false,
                 TSNode only = TSNode{});
  // `inClassBody`: the statement is one of a class body's own statements.
  void walkDefinition(TSNode def, TSNode stmt, const Context& ctx, int depth, bool inClassBody);
  void noteReturn(int frame, TSNode ret);
  // Records the module's own bindings (not those in function or class bodies), as the walk does.
  void recordModuleBindings(TSNode root);
  // After the walk of function `index`'s body: whether it is a candidate, from the facts noted
  // since the marks into frameDefNames_ / frameReturnedNames_.
  void decideCandidate(int index, TSNode body, size_t defMark, size_t returnedMark,
                       size_t identifierMark);
  void findPassThroughName(PendingDefinition& pending);
  // Whether walking the body of function `pending` can find anything: see walkDefinition.
  bool bodyNeedsWalk(PendingDefinition& pending, TSNode body);
  bool hasKeyword(const std::vector<uint32_t>& positions, uint32_t start, uint32_t end) const;

  HeadResolution resolveHead(TSNode expr, BindingScopeId scope, uint32_t useByte, int depth) const;
  // Whether the statement `outer` (a decorated_definition) defines a property.
  bool isPropertyDef(TSNode outer, BindingScopeId scope, int depth) const;
  int definitionIndex(TSNode def) const;
  // The shape analysis of pending definition `index`, done on first use.
  const DecoratorDefinition& definitionAt(int index);

  DecoratedDefinition buildDecorated(const PendingDecorated& pending);
  // Whether the model keeps a definition analysed as `d` when no layer refers to it.
  static bool kept(const DecoratorDefinition& d, TSNode def);
  void classifyLayer(DecoratorLayer& layer);
  // The role of a layer resolving to definition `d`, from its shape.
  static void classifyByShape(DecoratorLayer& layer, const DecoratorDefinition& d);
  // An imported layer, through the workspace index: a definition of another file, or a
  // knowledge-base entry it re-exports.
  void classifyImported(DecoratorLayer& layer);
  void applyLayer(const DecoratorLayer& layer, int index, Metadata& meta);
  void applyFunction(const DecoratorFunction& fn, int index, Metadata& meta) const;

  std::string_view source_;
  const ExternalDecorators* externals_ = nullptr;
  const StatementIndex* statements_ = nullptr; // may be null
  // What imported layers resolved to, for DecoratorModel::externalOf.
  std::vector<std::shared_ptr<const ExternalDecorator>> externalDefinitions_;
  NameBindings bindings_;
  std::vector<PendingDecorated> pendingDecorated_;
  std::vector<PendingDefinition> pendingDefinitions_;
  // Start bytes of the pending definitions' nodes, ascending (the walk is in document order),
  // for definitionIndex; `definitionOrder_` is only filled if they are not.
  std::vector<uint32_t> definitionStarts_;
  std::vector<std::pair<uint32_t, int>> definitionOrder_;
  std::deque<DecoratorDefinition> analysed_; // a deque: references stay valid as it grows
  // Names of the defs and of the identifiers returned (`return x`, `return f(x, ...)`) in the
  // own frames of the functions being walked, innermost last (see decideCandidate).
  std::vector<std::string_view> frameDefNames_;
  std::vector<std::string_view> frameReturnedNames_;
  std::vector<std::string_view> frameIdentifierReturns_; // names returned as they are: `return x`
  Signature scratchSignature_; // reused: parsing a signature only to read a parameter name
  // Offsets of the words `def`, `class`, `lambda` and of `@` (structural) and of `return` in the
  // source, ascending, found on first use; strings and comments included (it only has to be a
  // superset of the real keywords).
  bool keywordsFound_ = false;
  uint32_t keywordsStart_ = 0; // the part of the source the keywords are needed for
  size_t keywordsEnd_ = std::string_view::npos;
  std::vector<uint32_t> structuralKeywords_;
  std::vector<uint32_t> returnKeywords_;
};

void DecoratorModelBuilder::walkBlock(TSNode block, const Context& ctx, int depth, bool classBody,
                                      TSNode only) {
  const Symbols& sym = symbols();
  auto visit = [&](TSNode stmt, int stmtDepth, bool direct) {
    if (direct && !ts_node_is_null(only) && !ts_node_eq(stmt, only)) return false;
    TSSymbol type = ts_node_symbol(stmt);
    // Definitions record their own binding (walkDefinition has the name at hand).
    if (type == sym.decoratedDefinition) {
      pendingDecorated_.push_back({stmt, ctx});
      TSNode def = ts_node_child_by_field_id(stmt, sym.fieldDefinition);
      if (ts_node_is_null(def))
        bindings_.recordStatement(ctx.scope, stmt, source_);
      else
        walkDefinition(def, stmt, ctx, stmtDepth, classBody && direct);
      return false;
    }
    if (type == sym.functionDefinition || type == sym.classDefinition) {
      walkDefinition(stmt, stmt, ctx, stmtDepth, classBody && direct);
      return false;
    }
    bindings_.recordStatement(ctx.scope, stmt, source_);
    if (type == sym.returnStatement) noteReturn(ctx.frame, stmt);
    return isCompoundStatement(type);
  };
  auto tooDeep = [&] {
    // What lies deeper is not seen; the shape analysis walks without a limit, so let it decide.
    if (ctx.frame >= 0) pendingDefinitions_[static_cast<size_t>(ctx.frame)].candidate = true;
  };
  walkStatements(block, depth, visit, tooDeep, statements_);
}

void DecoratorModelBuilder::walkDefinition(TSNode def, TSNode stmt, const Context& ctx, int depth,
                                           bool inClassBody) {
  const Symbols& sym = symbols();
  TSSymbol type = ts_node_symbol(def);
  if (type != sym.functionDefinition && type != sym.classDefinition) return;
  int index = static_cast<int>(pendingDefinitions_.size());
  uint32_t start = ts_node_start_byte(def);
  if (!definitionStarts_.empty() && start <= definitionStarts_.back() && definitionOrder_.empty()) {
    // Not in document order (broken code): fall back on a sorted copy, built in build().
    definitionOrder_.reserve(definitionStarts_.size() + 1);
    for (size_t i = 0; i < definitionStarts_.size(); ++i)
      definitionOrder_.emplace_back(definitionStarts_[i], static_cast<int>(i));
  }
  definitionStarts_.push_back(start);
  if (!definitionOrder_.empty()) definitionOrder_.emplace_back(start, index);
  DefinitionFields fields;
  if (StatementIndex::DefinitionParts parts;
      statements_ != nullptr && statements_->definitionParts(def, parts)) {
    fields = {parts.name, parts.parameters, parts.body};
  } else {
    fields = fieldsOf(def, type == sym.functionDefinition);
  }
  std::string_view name = nodeText(fields.name, source_);
  TSNode body = fields.body;
  // What NameBindings::recordStatement would find in `stmt`.
  if (isNamed(fields.name, sym.identifier)) {
    Binding binding;
    binding.name = name;
    binding.kind = type == sym.functionDefinition ? BindingKind::Function : BindingKind::Class;
    binding.node = def;
    binding.site = rangeOf(stmt);
    binding.statement = stmt;
    bindings_.recordBinding(ctx.scope, std::move(binding));
  }
  if (type == sym.functionDefinition) {
    BindingScopeId inner = bindings_.openScope(BindingScopeKind::Function, ctx.scope);
    bindings_.recordParameters(inner, fields.parameters, source_);
    PendingDefinition& pending = pendingDefinitions_.emplace_back();
    pending.parameters = fields.parameters;
    pending.node = def;
    pending.statement = stmt;
    pending.scope = inner;
    pending.moduleLevel = ctx.scope == 0;
    pending.method = bindings_.kind(ctx.scope) == BindingScopeKind::Class;
    // Errors anywhere inside may hide returns or defs from this statement walk.
    if (ts_node_has_error(def)) pending.candidate = true;
    // A class with __call__ is class-based; analyzeClass looks at the body's own statements only.
    if (inClassBody && ctx.classBody >= 0 && name == "__call__")
      pendingDefinitions_[static_cast<size_t>(ctx.classBody)].candidate = true;
    // A def in another def's own frame may be its wrapper or inner decorator (defs in a class
    // body nested in it are not in its frame).
    if (ctx.frame >= 0) {
      pendingDefinitions_[static_cast<size_t>(ctx.frame)].nestedDefs = true;
      frameDefNames_.push_back(name);
    }
    if (!bodyNeedsWalk(pending, body)) {
      // Nothing in the body can be found by the walk, but its bindings may be looked up (if the
      // def is analysed): NameBindings walks it then, the same way.
      bindings_.recordBlock(inner, body, source_, depth + 1);
      return;
    }
    size_t defMark = frameDefNames_.size(), returnedMark = frameReturnedNames_.size();
    size_t identifierMark = frameIdentifierReturns_.size();
    Context nested{inner, {}, name, index, -1};
    walkBlock(body, nested, depth + 1);
    decideCandidate(index, body, defMark, returnedMark, identifierMark);
    frameDefNames_.resize(defMark);
    frameReturnedNames_.resize(returnedMark);
    frameIdentifierReturns_.resize(identifierMark);
    return;
  }
  BindingScopeId inner = bindings_.openScope(BindingScopeKind::Class, ctx.scope);
  PendingDefinition& pending = pendingDefinitions_.emplace_back();
  pending.node = def;
  pending.statement = stmt;
  pending.scope = ctx.scope;
  pending.moduleLevel = ctx.scope == 0;
  Context nested{inner, name, ctx.enclosingFunction, -1, index};
  walkBlock(body, nested, depth + 1, true);
}

// Shape analysis (Analyzer::classify in decorator_definition.cpp) finds a function to be a
// decorator only through (1) a return of one of its own nested defs (`return wrapper`,
// `return update_wrapper(wrapper, ...)`, `return wraps(fn)(wrapper)`: the returned identifier is
// the value or the call's first argument), (2) a returned lambda, (3) with no `return <value>` at
// all, a nested def calling one of its parameters, or (4) a return of the parameter receiving the
// function, in the same forms as (1). The walk notes returns here and defs in walkDefinition.
void DecoratorModelBuilder::noteReturn(int frame, TSNode ret) {
  using namespace decorator_analysis;
  if (frame < 0) return;
  const Symbols& sym = symbols();
  PendingDefinition& pending = pendingDefinitions_[static_cast<size_t>(frame)];
  if (pending.candidate) return;
  ++pending.returns;
  TSNode value = returnValue(ret);
  if (ts_node_is_null(value)) return;
  pending.valueReturns = true;
  TSSymbol type = ts_node_symbol(value);
  if (type == sym.lambda) {
    pending.candidate = true;
    return;
  }
  TSNode bare = unparenthesize(value);
  if (isNamed(bare, sym.call)) {
    ++pending.callReturns;
  } else if (isNamed(bare, sym.identifier)) {
    frameIdentifierReturns_.push_back(nodeText(bare, source_));
  }
  if (type == sym.call)
    value = positionalArgument(value, 0);
  else if (type != sym.identifier)
    return;
  if (isNamed(value, sym.identifier)) frameReturnedNames_.push_back(nodeText(value, source_));
}

void DecoratorModelBuilder::decideCandidate(int index, TSNode body, size_t defMark,
                                            size_t returnedMark, size_t identifierMark) {
  PendingDefinition& pending = pendingDefinitions_[static_cast<size_t>(index)];
  if (pending.candidate) return;
  auto defNames = std::span(frameDefNames_).subspan(defMark);
  auto returned = std::span(frameReturnedNames_).subspan(returnedMark);
  if (pending.nestedDefs && !pending.valueReturns) {
    // (3): a nested def's call of a parameter names it, inside the body.
    Signature& sig = scratchSignature_;
    decorator_analysis::parseSignature(pending.parameters, source_, sig);
    std::string_view text = nodeText(body, source_);
    for (size_t i = pending.method ? 1 : 0; i < sig.parameters.size() && !pending.candidate; ++i)
      pending.candidate = text.find(sig.parameters[i].name) != std::string_view::npos;
    return;
  }
  for (std::string_view name : returned) {
    if (std::find(defNames.begin(), defNames.end(), name) != defNames.end()) {
      pending.candidate = true; // (1)
      return;
    }
  }
  if (returned.empty()) return;
  findPassThroughName(pending);
  if (pending.passThroughName.empty()) return;
  pending.candidate =
      std::find(returned.begin(), returned.end(), pending.passThroughName) != returned.end(); // (4)
  if (!pending.candidate || pending.nestedDefs) return;
  // Returns that may give the parameter: calls (`return update_wrapper(fn, ...)`) and the name.
  auto identifiers = std::span(frameIdentifierReturns_).subspan(identifierMark);
  const auto possible =
      pending.callReturns + static_cast<uint32_t>(std::count(identifiers.begin(), identifiers.end(),
                                                             pending.passThroughName));
  pending.passThroughOnSomePaths = possible < pending.returns;
}

int DecoratorModelBuilder::definitionIndex(TSNode def) const {
  uint32_t start = ts_node_start_byte(def);
  if (definitionOrder_.empty()) {
    auto it = std::lower_bound(definitionStarts_.begin(), definitionStarts_.end(), start);
    if (it == definitionStarts_.end() || *it != start) return -1;
    return static_cast<int>(it - definitionStarts_.begin());
  }
  // Sorted by start, then index: the last definition starting there wins.
  auto it = std::upper_bound(
      definitionOrder_.begin(), definitionOrder_.end(), start,
      [](uint32_t byte, const std::pair<uint32_t, int>& entry) { return byte < entry.first; });
  if (it == definitionOrder_.begin() || (it - 1)->first != start) return -1;
  return (it - 1)->second;
}

const DecoratorDefinition& DecoratorModelBuilder::definitionAt(int index) {
  PendingDefinition& pending = pendingDefinitions_[static_cast<size_t>(index)];
  if (pending.analysed < 0) {
    ScopedResolver resolver(*this, pending.scope);
    analysed_.push_back(
        analyzeDecoratorDefinition(pending.statement, source_, resolver, pending.method));
    pending.analysed = static_cast<int>(analysed_.size() - 1);
  }
  return analysed_[static_cast<size_t>(pending.analysed)];
}

bool DecoratorModelBuilder::isPropertyDef(TSNode outer, BindingScopeId scope, int depth) const {
  const Symbols& sym = symbols();
  if (!isNamed(outer, sym.decoratedDefinition)) return false;
  bool found = false;
  forEachNamedChild(outer, [&](TSNode deco) {
    if (found || !isNamed(deco, sym.decorator)) return;
    TSNode expr = unparenthesize(ts_node_named_child(deco, 0));
    HeadResolution head = resolveHead(expr, scope, ts_node_start_byte(expr), depth + 1);
    const StdlibDecorator* entry = head.resolution.stdlib;
    found = head.resolution.kind == ResolutionKind::Stdlib && entry->module == "builtins" &&
            entry->name.starts_with("property");
  });
  return found;
}

void DecoratorModelBuilder::findPassThroughName(PendingDefinition& pending) {
  if (pending.passThroughNameKnown) return;
  pending.passThroughNameKnown = true;
  Signature& sig = scratchSignature_;
  const size_t first = pending.method ? 1 : 0;
  decorator_analysis::parseSignature(pending.parameters, source_, sig, first + 1);
  if (sig.parameters.size() > first) {
    const Parameter& p = sig.parameters[first];
    if (p.kind != ParameterKind::VarPositional && p.kind != ParameterKind::VarKeyword)
      pending.passThroughName = p.name;
  }
}

namespace {

bool isWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The whole word `word` (ASCII word boundaries; a non-ASCII byte counts as a boundary, which only
// adds occurrences) at `at`.
bool wordAt(std::string_view source, size_t at, std::string_view word) {
  size_t end = at + word.size();
  return end <= source.size() && source.compare(at, word.size(), word) == 0 &&
         (at == 0 || !isWordByte(source[at - 1])) &&
         (end == source.size() || !isWordByte(source[end]));
}

// Offsets of every `@` and of the words `def`, `class` and `lambda` (`structural`), and of the
// word `return` (`returns`), ascending.
void findKeywords(std::string_view source, size_t from, std::vector<uint32_t>& structural,
                  std::vector<uint32_t>& returns) {
  auto check = [&](size_t at) {
    switch (source[at]) {
    case '@':
      structural.push_back(static_cast<uint32_t>(at));
      break;
    case 'd':
      if (wordAt(source, at, "def")) structural.push_back(static_cast<uint32_t>(at));
      break;
    case 'c':
      if (wordAt(source, at, "class")) structural.push_back(static_cast<uint32_t>(at));
      break;
    case 'l':
      if (wordAt(source, at, "lambda")) structural.push_back(static_cast<uint32_t>(at));
      break;
    case 'r':
      if (wordAt(source, at, "return")) returns.push_back(static_cast<uint32_t>(at));
      break;
    default:
      break;
    }
  };
  size_t at = std::min(from, source.size());
#if defined(__SSE2__)
  // Sixteen starting offsets at a time: lanes where `@` or the first three letters of a keyword
  // start. The scan then costs a fraction of the walk it saves. The two following bytes are read
  // too, so the chunks stop two bytes early.
  auto equal = [](__m128i bytes, char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
  auto starts = [&](__m128i b0, __m128i b1, __m128i b2, const char* word) {
    return _mm_and_si128(_mm_and_si128(equal(b0, word[0]), equal(b1, word[1])), equal(b2, word[2]));
  };
  for (; at + 16 + 2 <= source.size(); at += 16) {
    const char* p = source.data() + at;
    __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    __m128i b2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2));
    __m128i hits = _mm_or_si128(
        _mm_or_si128(equal(b0, '@'), starts(b0, b1, b2, "def")),
        _mm_or_si128(_mm_or_si128(starts(b0, b1, b2, "cla"), starts(b0, b1, b2, "lam")),
                     starts(b0, b1, b2, "ret")));
    for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0;
         mask &= mask - 1)
      check(at + static_cast<size_t>(__builtin_ctz(mask)));
  }
#endif
  for (; at < source.size(); ++at)
    check(at);
}

} // namespace

bool DecoratorModelBuilder::hasKeyword(const std::vector<uint32_t>& positions, uint32_t start,
                                       uint32_t end) const {
  auto it = std::lower_bound(positions.begin(), positions.end(), start);
  return it != positions.end() && *it < end;
}

// The walk of a function body finds decorated definitions, defs and classes (each needs its
// keyword or an `@`), and returns that make the function a candidate: a returned lambda, or a
// return naming the pass-through parameter (see noteReturn). When the body's text has none of
// that, the walk would find nothing; error nodes can hide anything, so bodies with errors are
// always walked. About half the statements of the standard library are skipped this way.
bool DecoratorModelBuilder::bodyNeedsWalk(PendingDefinition& pending, TSNode body) {
  if (ts_node_is_null(body) || pending.candidate || ts_node_has_error(pending.node)) return true;
  if (!keywordsFound_) {
    keywordsFound_ = true;
    findKeywords(source_.substr(0, keywordsEnd_), keywordsStart_, structuralKeywords_,
                 returnKeywords_);
  }
  uint32_t start = ts_node_start_byte(body), end = ts_node_end_byte(body);
  if (hasKeyword(structuralKeywords_, start, end)) return true;
  if (!hasKeyword(returnKeywords_, start, end)) return false;
  findPassThroughName(pending);
  if (pending.passThroughName.empty()) return false;
  return source_.substr(start, end - start).find(pending.passThroughName) != std::string_view::npos;
}

HeadResolution DecoratorModelBuilder::resolveHead(TSNode expr, BindingScopeId scope,
                                                  uint32_t useByte, int depth) const {
  const Symbols& sym = symbols();
  HeadResolution out;
  LayerResolution& r = out.resolution;
  std::string path;
  if (depth > kMaxAliasDepth || !dottedPath(expr, source_, path)) return out;
  size_t dot = path.find('.');
  std::string_view first = std::string_view(path).substr(0, dot);
  std::string rest = dot == std::string::npos ? std::string() : path.substr(dot + 1);
  const Binding* binding = bindings_.resolve(scope, first, useByte);
  auto setStdlib = [&](std::string_view module, std::string_view member) {
    r.module = std::string(module);
    r.member = std::string(member);
    r.stdlibModule = isStdlibModule(module);
    if (const StdlibDecorator* entry = findStdlibDecorator(module, member)) {
      r.kind = ResolutionKind::Stdlib;
      r.stdlib = entry;
    } else {
      r.kind = ResolutionKind::Import;
    }
  };
  if (!binding) {
    if (rest.empty() && findStdlibDecorator("builtins", first)) {
      setStdlib("builtins", first);
    } else if (const Binding* star = bindings_.resolve(scope, "*", useByte);
               star && rest.empty() && findStdlibDecorator(star->module, first)) {
      // `from dataclasses import *` then `@dataclass`: only knowledge-base names are assumed.
      r.bindingSite = star->site;
      setStdlib(star->module, first);
    }
    return out;
  }
  r.bindingSite = binding->site;
  switch (binding->kind) {
  case BindingKind::Function:
  case BindingKind::Class: {
    bool isClass = binding->kind == BindingKind::Class;
    if (rest.empty()) {
      r.kind = isClass ? ResolutionKind::SameFileClass : ResolutionKind::SameFileFunction;
      r.definition = definitionIndex(binding->node);
    } else if (!isClass && (rest == "setter" || rest == "getter" || rest == "deleter") &&
               isPropertyDef(binding->statement, scope, depth)) {
      std::string accessor = "property.";
      accessor += rest;
      setStdlib("builtins", accessor);
      // The getter's definition: its docstring is the property's.
      r.definition = definitionIndex(binding->node);
    }
    return out;
  }
  case BindingKind::Import: {
    // import a.b -> `a.b.deco`: module "a.b", member "deco"; `import functools` -> functools.x.
    std::string module = binding->module;
    std::string member;
    size_t last = rest.rfind('.');
    if (last == std::string::npos) {
      member = rest;
    } else {
      module += '.';
      module.append(rest, 0, last);
      member = rest.substr(last + 1);
    }
    setStdlib(module, member);
    return out;
  }
  case BindingKind::ImportFrom: {
    if (rest.empty()) {
      setStdlib(binding->module, binding->member);
    } else {
      std::string module = binding->module;
      if (!module.ends_with('.')) module += '.'; // `from . import util`: ".util"
      module += binding->member;
      size_t last = rest.rfind('.');
      if (last != std::string::npos) {
        module += '.';
        module.append(rest, 0, last);
      }
      setStdlib(module, last == std::string::npos ? rest : rest.substr(last + 1));
    }
    return out;
  }
  case BindingKind::Parameter:
    r.kind = ResolutionKind::Parameter;
    return out;
  case BindingKind::Assignment: {
    // An alias (`cache = functools.lru_cache`) or a configured factory (`retry3 = retry(3)`).
    TSNode value = unparenthesize(binding->node);
    uint32_t calls = 0;
    while (isNamed(value, sym.call) && calls < 8) {
      ++calls;
      value = unparenthesize(ts_node_child_by_field_id(value, sym.fieldFunction));
    }
    if (!rest.empty()) return out;
    HeadResolution aliased = resolveHead(value, scope, binding->site.start, depth + 1);
    if (aliased.resolution.kind == ResolutionKind::Unknown) return out;
    aliased.extraCalls += calls;
    aliased.resolution.bindingSite = binding->site;
    return aliased;
  }
  default:
    return out;
  }
}

void DecoratorModelBuilder::classifyLayer(DecoratorLayer& layer) {
  const LayerResolution& r = layer.resolution;
  uint32_t calls = layer.callDepth;
  switch (r.kind) {
  case ResolutionKind::Stdlib: {
    const StdlibDecorator& e = *r.stdlib;
    layer.role = e.descriptor ? LayerRole::Descriptor : LayerRole::Stdlib;
    layer.callMismatch = e.updateWrapperCall || calls > 1 || (calls == 0 && !e.bareAllowed) ||
                         (calls == 1 && !e.calledAllowed);
    return;
  }
  case ResolutionKind::SameFileFunction:
  case ResolutionKind::SameFileClass:
    if (r.definition >= 0) classifyByShape(layer, definitionAt(r.definition));
    return;
  case ResolutionKind::Import:
    classifyImported(layer);
    return;
  default:
    return;
  }
}

void DecoratorModelBuilder::classifyByShape(DecoratorLayer& layer, const DecoratorDefinition& d) {
  uint32_t calls = layer.callDepth;
  switch (d.shape) {
  case DecoratorShape::Plain:
    layer.role = LayerRole::Plain;
    layer.callMismatch = calls != 0;
    return;
  case DecoratorShape::PassThrough:
    layer.role = LayerRole::PassThrough;
    layer.callMismatch = calls != 0;
    return;
  case DecoratorShape::Factory:
    layer.role = LayerRole::Factory;
    layer.callMismatch = calls != 1;
    return;
  case DecoratorShape::ClassBased:
    layer.role = calls == 0 ? LayerRole::ClassInstance : LayerRole::ClassFactory;
    layer.callMismatch = calls > 1;
    return;
  case DecoratorShape::NotADecorator:
    // A class without __call__ still wraps: Klass(fn) is an instance.
    if (d.isClass && calls == 0) layer.role = LayerRole::ClassInstance;
    return;
  }
}

void DecoratorModelBuilder::classifyImported(DecoratorLayer& layer) {
  LayerResolution& r = layer.resolution;
  if (!externals_ || r.member.empty()) return;
  ExternalResolution found = externals_->find(r.module, r.member);
  if (found.stdlib) {
    // `from .compat import cache` where compat re-exports functools.cache.
    r.kind = ResolutionKind::Stdlib;
    r.stdlib = found.stdlib;
    layer.callDepth += found.extraCalls;
    classifyLayer(layer);
    return;
  }
  if (!found.decorator) return;
  layer.callDepth += found.extraCalls;
  auto known = std::find(externalDefinitions_.begin(), externalDefinitions_.end(), found.decorator);
  r.external = static_cast<int>(known - externalDefinitions_.begin());
  if (known == externalDefinitions_.end()) externalDefinitions_.push_back(found.decorator);
  classifyByShape(layer, found.decorator->definition);
}

void DecoratorModelBuilder::applyFunction(const DecoratorFunction& fn, int index,
                                          Metadata& meta) const {
  using S = MetadataValue::State;
  if (fn.passThrough) {
    if (fn.returnsResult != PathCoverage::AllPaths) {
      assign(meta.name, state(S::Unknown, index), index);
      assign(meta.doc, state(S::Unknown, index), index);
    }
    return;
  }
  if (fn.returnsResult == PathCoverage::Never) {
    // The name is bound to None: None has no __name__ and None.__doc__ is None.
    assign(meta.name, state(S::Absent, index), index);
    assign(meta.doc, state(S::None, index), index);
    return;
  }
  if (fn.returnsResult == PathCoverage::SomePaths || !fn.wrapper) {
    assign(meta.name, state(S::Unknown, index), index);
    assign(meta.doc, state(S::Unknown, index), index);
    return;
  }
  const Wrapper& w = *fn.wrapper;
  for (const WrapsMisuse& misuse : w.wraps.misuses) {
    if (misuse.kind != WrapsMisuseKind::DecoratorWithoutArgument) continue;
    // Read from the misuse, not the source: the wrapper may be in another file.
    if (misuse.called) {
      // `@functools.wraps()` raises TypeError when the decorator runs.
      assign(meta.name, state(S::Unknown, index), index);
      assign(meta.doc, state(S::Unknown, index), index);
      return;
    }
    // `@functools.wraps` above the wrapper binds it to a functools.partial: no __name__, and
    // partial's class docstring.
    assign(meta.name, state(S::Absent, index), index);
    assign(meta.doc, state(S::Generated, index), index);
    return;
  }
  bool keepsThroughWraps = w.wraps.form != WrapsForm::None && w.wraps.parameterIndex >= 0 &&
                           w.wraps.parameterIndex == fn.wrappedParameter;
  if (fn.returnsArgumentOnSomePaths) {
    // Some paths return the function itself: the result is known only when the wrapper copies
    // everything it would report.
    bool same = keepsThroughWraps && meta.name.state != S::Absent && meta.doc.state != S::Absent;
    if (!same) {
      assign(meta.name, state(S::Unknown, index), index);
      assign(meta.doc, state(S::Unknown, index), index);
    }
    return;
  }
  MetadataValue ownName = text(w.name);
  MetadataValue ownDoc = docValue(w.docstring, index);
  if (w.wraps.form != WrapsForm::None) {
    if (w.wraps.parameterIndex < 0 || w.wraps.parameterIndex != fn.wrappedParameter) {
      assign(meta.name, state(S::Unknown, index), index);
      assign(meta.doc, state(S::Unknown, index), index);
      return;
    }
    // update_wrapper copies what exists and silently skips a missing attribute, so the wrapper
    // keeps its own value there.
    if (meta.name.state == S::Absent) assign(meta.name, ownName, index);
    if (meta.doc.state == S::Absent) assign(meta.doc, ownDoc, index);
    return;
  }
  assign(meta.name, ownName, index);
  assign(meta.doc, ownDoc, index);
}

void DecoratorModelBuilder::applyLayer(const DecoratorLayer& layer, int index, Metadata& meta) {
  using S = MetadataValue::State;
  auto unknown = [&] {
    assign(meta.name, state(S::Unknown, index), index);
    assign(meta.doc, state(S::Unknown, index), index);
  };
  const LayerResolution& r = layer.resolution;
  const DecoratorDefinition* d = r.definition >= 0 ? &definitionAt(r.definition) : nullptr;
  if (!d && r.external >= 0) d = &externalDefinitions_[static_cast<size_t>(r.external)]->definition;
  switch (layer.role) {
  case LayerRole::Unknown:
    unknown();
    return;
  case LayerRole::PassThrough:
  case LayerRole::Plain:
    if (layer.callMismatch || !d || !d->decorator) return unknown();
    applyFunction(*d->decorator, index, meta);
    return;
  case LayerRole::Factory:
    if (!d || !d->decorator) return unknown();
    if (layer.callMismatch) {
      if (layer.callDepth != 0 || d->returnsDecorator != PathCoverage::AllPaths) return unknown();
      // @factory used bare: the factory runs with the function as its argument and the name is
      // bound to the inner decorator itself.
      assign(meta.name, text(d->decorator->name), index);
      assign(meta.doc, docValue(d->decorator->docstring, index), index);
      return;
    }
    if (d->returnsDecorator != PathCoverage::AllPaths) return unknown();
    applyFunction(*d->decorator, index, meta);
    return;
  case LayerRole::ClassInstance: {
    if (layer.callMismatch || !d) return unknown();
    if (d->classDecorator && d->classDecorator->initUpdatesWrapper) return;
    // An instance has no __name__ of its own; its __doc__ is the class's docstring.
    assign(meta.name, state(S::Absent, index), index);
    assign(meta.doc, docValue(d->docstring, index), index);
    return;
  }
  case LayerRole::ClassFactory:
    if (layer.callMismatch || !d || !d->classDecorator || !d->classDecorator->callAsDecorator)
      return unknown();
    applyFunction(*d->classDecorator->callAsDecorator, index, meta);
    return;
  case LayerRole::Descriptor:
  case LayerRole::Stdlib: {
    if (layer.callMismatch) return unknown();
    switch (r.stdlib->metadata) {
    case StdlibMetadata::Kept:
      return;
    case StdlibMetadata::NameAbsentDocKept:
      assign(meta.name, state(S::Absent, index), index);
      return;
    case StdlibMetadata::ReplacedByOverloadDummy:
      assign(meta.name, text("_overload_dummy"), index);
      assign(meta.doc, text(kOverloadDummyDoc), index);
      return;
    case StdlibMetadata::CopiedFromArgument:
      return unknown();
    case StdlibMetadata::KeptDocGeneratedIfMissing:
      if (meta.doc.state == S::None) assign(meta.doc, state(S::Generated, index), index);
      return;
    case StdlibMetadata::CopiedFromProperty:
      assign(meta.name, state(S::Absent, index), index);
      if (d)
        assign(meta.doc, docValue(d->docstring, index), index);
      else
        assign(meta.doc, state(S::Unknown, index), index);
      return;
    }
    return;
  }
  }
}

DecoratedDefinition DecoratorModelBuilder::buildDecorated(const PendingDecorated& pending) {
  const Symbols& sym = symbols();
  DecoratedDefinition out;
  TSNode node = pending.node;
  TSNode def = ts_node_child_by_field_id(node, sym.fieldDefinition);
  out.range = rangeOf(node);
  out.firstLine = ts_node_start_point(node).row;
  out.enclosingClass = pending.context.enclosingClass;
  out.enclosingFunction = pending.context.enclosingFunction;
  std::optional<std::string_view> docstring;
  if (!ts_node_is_null(def)) {
    out.definitionRange = rangeOf(def);
    out.line = ts_node_start_point(def).row;
    out.isClass = isNamed(def, sym.classDefinition);
    TSNode name = ts_node_child_by_field_id(def, sym.fieldName);
    out.name = nodeText(name, source_);
    out.nameRange = rangeOf(name);
    // What analyzeDecoratorDefinition reports before the shape, without the shape analysis.
    if (definitionIndex(def) >= 0) {
      std::string_view doc;
      if (docstringOf(ts_node_child_by_field_id(def, sym.fieldBody), source_, doc)) docstring = doc;
      if (!out.isClass) {
        out.isAsync = decorator_analysis::isAsyncDef(def);
        out.signature = decorator_analysis::parseSignature(
            ts_node_child_by_field_id(def, sym.fieldParameters), source_);
      }
    }
  }
  std::vector<uint8_t> primary; // per layer: usable as a callee without parentheses
  forEachNamedChild(node, [&](TSNode deco) {
    if (!isNamed(deco, sym.decorator)) return;
    DecoratorLayer layer;
    layer.decoratorRange = rangeOf(deco);
    layer.line = ts_node_start_point(deco).row;
    TSNode expr{};
    forEachNamedChild(deco, [&](TSNode child) {
      if (ts_node_is_null(expr)) expr = child;
    });
    if (ts_node_is_null(expr)) return;
    layer.range = rangeOf(expr);
    layer.expression = nodeText(expr, source_);
    TSSymbol exprType = ts_node_symbol(expr);
    primary.push_back(exprType == sym.identifier || exprType == sym.attribute ||
                      exprType == sym.call || exprType == sym.subscript ||
                      exprType == sym.parenthesizedExpression);
    TSNode head = unparenthesize(expr);
    if (isNamed(head, sym.call))
      layer.arguments = rangeOf(ts_node_child_by_field_id(head, sym.fieldArguments));
    while (isNamed(head, sym.call) && layer.callDepth < 64) {
      ++layer.callDepth;
      head = unparenthesize(ts_node_child_by_field_id(head, sym.fieldFunction));
    }
    if (dottedPath(head, source_, layer.head)) {
      layer.headRange = rangeOf(head);
      layer.form = layer.callDepth > 0                         ? ExpressionForm::Call
                   : layer.head.find('.') != std::string::npos ? ExpressionForm::Dotted
                                                               : ExpressionForm::Name;
      HeadResolution resolved =
          resolveHead(head, pending.context.scope, ts_node_start_byte(head), 0);
      layer.resolution = std::move(resolved.resolution);
      layer.callDepth += resolved.extraCalls;
    } else {
      layer.callDepth = 0;
      layer.form = ExpressionForm::Other;
    }
    classifyLayer(layer);
    out.layers.push_back(std::move(layer));
  });

  // name = top(middle(bottom(name))); expressions that are not primary need parentheses.
  std::string applied(out.name);
  for (size_t i = out.layers.size(); i-- > 0;) {
    const DecoratorLayer& layer = out.layers[i];
    // Built with append: GCC 12 warns falsely (-Wrestrict) on chained operator+ here.
    std::string next;
    next.reserve(layer.expression.size() + applied.size() + 4);
    if (!primary[i]) next += '(';
    next += layer.expression;
    if (!primary[i]) next += ')';
    next += '(';
    next += applied;
    next += ')';
    applied = std::move(next);
    out.applicationOrder.push_back(static_cast<uint32_t>(i));
  }
  out.application.assign(out.name);
  out.application += " = ";
  out.application += applied;

  out.original.name = text(out.name);
  out.original.doc = docValue(docstring, -1);
  Metadata meta = out.original;
  for (size_t i = out.layers.size(); i-- > 0;) {
    applyLayer(out.layers[i], static_cast<int>(i), meta);
    out.layers[i].after = meta;
  }
  out.result = meta;
  return out;
}

bool DecoratorModelBuilder::kept(const DecoratorDefinition& d, TSNode def) {
  if (d.shape != DecoratorShape::PassThrough) return d.shape != DecoratorShape::NotADecorator;
  // `def identity(x): return x` has the pass-through shape but is rarely a decorator: keep it
  // only when some layer uses it or its body does something besides returning.
  uint32_t statements = 0;
  forEachNamedChild(ts_node_child_by_field_id(def, symbols().fieldBody),
                    [&](TSNode) { ++statements; });
  if (d.docstring) --statements;
  return statements > 1 && d.decorator && d.decorator->returnsResult == PathCoverage::AllPaths;
}

DecoratorModel DecoratorModelBuilder::build(TSNode root) {
  DecoratorModel model;
  if (ts_node_is_null(root)) return model;
  walkBlock(root, Context{}, 0);
  if (!definitionOrder_.empty()) std::stable_sort(definitionOrder_.begin(), definitionOrder_.end());

  model.decorated_.reserve(pendingDecorated_.size());
  for (const PendingDecorated& pending : pendingDecorated_) {
    DecoratedDefinition decorated = buildDecorated(pending);
    // A decorator list whose definition did not parse has nothing to decorate yet.
    if (!decorated.name.empty()) model.decorated_.push_back(std::move(decorated));
  }

  // Keep the definitions that are decorators or that some layer refers to; renumber the layers.
  // Only candidates can be decorators: the others are analysed only when a layer refers to them.
  size_t count = pendingDefinitions_.size();
  std::vector<uint8_t> keep(count, 0);
  for (size_t i = 0; i < count; ++i) {
    if (!pendingDefinitions_[i].candidate) continue;
    const DecoratorDefinition& d = definitionAt(static_cast<int>(i));
    keep[i] = kept(d, pendingDefinitions_[i].node);
  }
  for (const DecoratedDefinition& d : model.decorated_)
    for (const DecoratorLayer& layer : d.layers)
      if (layer.resolution.definition >= 0)
        keep[static_cast<size_t>(layer.resolution.definition)] = 1;
  std::vector<int> remap(count, -1);
  for (size_t i = 0; i < count; ++i) {
    if (!keep[i]) continue;
    remap[i] = static_cast<int>(model.definitions_.size());
    definitionAt(static_cast<int>(i));
    model.definitions_.push_back(
        std::move(analysed_[static_cast<size_t>(pendingDefinitions_[i].analysed)]));
    model.moduleLevel_.push_back(pendingDefinitions_[i].moduleLevel ? 1 : 0);
  }
  for (DecoratedDefinition& d : model.decorated_)
    for (DecoratorLayer& layer : d.layers)
      if (layer.resolution.definition >= 0)
        layer.resolution.definition = remap[static_cast<size_t>(layer.resolution.definition)];
  model.externals_ = std::move(externalDefinitions_);
  return model;
}

DecoratorModel DecoratorModel::build(TSNode root, std::string_view source,
                                     const ExternalDecorators* externals,
                                     const StatementIndex* statements) {
  return DecoratorModelBuilder(source, externals, statements).build(root);
}

void DecoratorModelBuilder::recordModuleBindings(TSNode root) {
  const Symbols& sym = symbols();
  auto visit = [&](TSNode stmt, int, bool) {
    TSNode def = stmt;
    if (ts_node_symbol(stmt) == sym.decoratedDefinition)
      def = ts_node_child_by_field_id(stmt, sym.fieldDefinition);
    const TSSymbol type = ts_node_is_null(def) ? 0 : ts_node_symbol(def);
    if (type != sym.functionDefinition && type != sym.classDefinition) {
      bindings_.recordStatement(0, stmt, source_);
      return isCompoundStatement(ts_node_symbol(stmt));
    }
    TSNode name = ts_node_child_by_field_id(def, sym.fieldName);
    if (isNamed(name, sym.identifier)) {
      Binding binding;
      binding.name = nodeText(name, source_);
      binding.kind = type == sym.functionDefinition ? BindingKind::Function : BindingKind::Class;
      binding.node = def;
      binding.site = rangeOf(stmt);
      binding.statement = stmt;
      bindings_.recordBinding(0, std::move(binding));
    }
    return false;
  };
  walkStatements(root, 0, visit, [] {});
}

bool DecoratorModelBuilder::statementMayMatter(TSNode root, TSNode block, TSNode statement,
                                               bool classBody) {
  recordModuleBindings(root);
  keywordsStart_ = ts_node_start_byte(statement);
  keywordsEnd_ = ts_node_end_byte(statement);
  Context ctx;
  int depth = 0;
  if (classBody) {
    // Stand-ins for the class around the statement: a method's first parameter is self, and a
    // `__call__` makes the class a candidate.
    ctx.scope = bindings_.openScope(BindingScopeKind::Class, 0);
    ctx.classBody = 0;
    PendingDefinition& klass = pendingDefinitions_.emplace_back();
    klass.node = ts_node_parent(block);
    klass.statement = klass.node;
    depth = 2;
  }
  walkBlock(block, ctx, depth, classBody, statement);
  if (!pendingDecorated_.empty()) return true;
  // A candidate matters if the model keeps it. Its shape is worked out as the model would, with
  // names looked up in the module (this statement's own bindings there are as in the model's).
  for (size_t i = 0; i < pendingDefinitions_.size(); ++i) {
    const PendingDefinition& pending = pendingDefinitions_[i];
    if (!pending.candidate) continue;
    if (classBody && i == 0) return true; // the class: class-based decorator
    if (pending.passThroughOnSomePaths && !ts_node_has_error(pending.node)) continue;
    ScopedResolver resolver(*this, pending.scope);
    DecoratorDefinition d =
        analyzeDecoratorDefinition(pending.statement, source_, resolver, pending.method);
    if (kept(d, pending.node)) return true;
  }
  return false;
}

bool statementMayHoldDecorators(TSNode root, TSNode block, TSNode statement,
                                std::string_view source, bool classBody,
                                const ExternalDecorators* externals) {
  return DecoratorModelBuilder(source, externals)
      .statementMayMatter(root, block, statement, classBody);
}

const DecoratorDefinition* DecoratorModel::definitionNamed(std::string_view name) const {
  const DecoratorDefinition* first = nullptr;
  for (size_t i = 0; i < definitions_.size(); ++i) {
    if (definitions_[i].name != name) continue;
    if (moduleLevel_[i]) return &definitions_[i];
    if (!first) first = &definitions_[i];
  }
  return first;
}

const DecoratedDefinition* DecoratorModel::at(uint32_t byte) const {
  const DecoratedDefinition* best = nullptr;
  for (const DecoratedDefinition& d : decorated_) {
    if (byte < d.range.start || byte >= d.range.end) continue;
    if (!best || d.range.end - d.range.start < best->range.end - best->range.start) best = &d;
  }
  return best;
}

const DecoratorDefinition* DecoratorModel::definitionOf(const DecoratorLayer& layer) const {
  int index = layer.resolution.definition;
  if (index < 0 || static_cast<size_t>(index) >= definitions_.size()) return nullptr;
  return &definitions_[static_cast<size_t>(index)];
}

const DecoratorFunction* DecoratorModel::appliedDecorator(const DecoratorLayer& layer) const {
  const DecoratorDefinition* d = layerDefinition(layer);
  if (!d) return nullptr;
  switch (layer.role) {
  case LayerRole::Plain:
  case LayerRole::PassThrough:
  case LayerRole::Factory:
    return d->decorator ? &*d->decorator : nullptr;
  case LayerRole::ClassFactory:
    return d->classDecorator && d->classDecorator->callAsDecorator
               ? &*d->classDecorator->callAsDecorator
               : nullptr;
  default:
    return nullptr;
  }
}

std::string_view toString(DecoratorShape shape) {
  switch (shape) {
  case DecoratorShape::NotADecorator:
    return "not-a-decorator";
  case DecoratorShape::Plain:
    return "plain";
  case DecoratorShape::Factory:
    return "factory";
  case DecoratorShape::ClassBased:
    return "class-based";
  case DecoratorShape::PassThrough:
    return "pass-through";
  }
  return "?";
}

std::string_view toString(LayerRole role) {
  switch (role) {
  case LayerRole::Plain:
    return "plain";
  case LayerRole::Factory:
    return "factory";
  case LayerRole::ClassInstance:
    return "class-instance";
  case LayerRole::ClassFactory:
    return "class-factory";
  case LayerRole::PassThrough:
    return "pass-through";
  case LayerRole::Descriptor:
    return "descriptor";
  case LayerRole::Stdlib:
    return "stdlib";
  case LayerRole::Unknown:
    return "unknown";
  }
  return "?";
}

std::string_view toString(ResolutionKind kind) {
  switch (kind) {
  case ResolutionKind::SameFileFunction:
    return "same-file-function";
  case ResolutionKind::SameFileClass:
    return "same-file-class";
  case ResolutionKind::Import:
    return "import";
  case ResolutionKind::Stdlib:
    return "stdlib";
  case ResolutionKind::Parameter:
    return "parameter";
  case ResolutionKind::Unknown:
    return "unknown";
  }
  return "?";
}

std::string_view toString(ResultFlow flow) {
  switch (flow) {
  case ResultFlow::NotCalled:
    return "not-called";
  case ResultFlow::ReturnedDirectly:
    return "returned-directly";
  case ResultFlow::StoredThenReturned:
    return "stored-then-returned";
  case ResultFlow::ReturnedTransformed:
    return "returned-transformed";
  case ResultFlow::DiscardedCall:
    return "discarded-call";
  case ResultFlow::StoredNeverReturned:
    return "stored-never-returned";
  case ResultFlow::SomePathsFallOff:
    return "some-paths-fall-off";
  }
  return "?";
}

std::string_view toString(PathCoverage coverage) {
  switch (coverage) {
  case PathCoverage::Never:
    return "never";
  case PathCoverage::SomePaths:
    return "some-paths";
  case PathCoverage::AllPaths:
    return "all-paths";
  }
  return "?";
}

std::string_view toString(WrapsForm form) {
  switch (form) {
  case WrapsForm::None:
    return "none";
  case WrapsForm::Decorator:
    return "decorator";
  case WrapsForm::AppliedCall:
    return "applied-call";
  case WrapsForm::UpdateWrapper:
    return "update-wrapper";
  }
  return "?";
}

} // namespace closurelens::analysis
