// The decorator stacks of a file: one walk collects the decorated definitions, every def/class
// (candidate decorator definitions) and the names each scope binds; then each layer is resolved,
// classified and the metadata is pushed through the stack from the bottom up.
#include "analysis/decorator_model.hpp"
#include "analysis/decorator_syntax.hpp"
#include "analysis/module_bindings.hpp"

#include <unordered_map>

namespace closurelens::analysis {

using namespace decorator_syntax;

namespace {

constexpr int kMaxStatementDepth = 200;
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

} // namespace

class DecoratorModelBuilder {
public:
  explicit DecoratorModelBuilder(std::string_view source) : source_(source) {}

  DecoratorModel build(TSNode root);

private:
  struct Context {
    BindingScopeId scope = 0;
    std::string_view enclosingClass;
    std::string_view enclosingFunction;
  };
  struct PendingDecorated {
    TSNode node;
    Context context;
  };
  struct PendingDefinition {
    TSNode node;          // function_definition or class_definition
    TSNode statement;     // the decorated_definition around it, or the node itself
    BindingScopeId scope; // where names in its body are looked up
    bool moduleLevel;
    bool method; // defined directly in a class body: the first parameter is self/cls
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

  void walkBlock(TSNode block, const Context& ctx, int depth);
  void walkStatement(TSNode stmt, const Context& ctx, int depth);
  void walkCompound(TSNode node, const Context& ctx, int depth);

  HeadResolution resolveHead(TSNode expr, BindingScopeId scope, uint32_t useByte, int depth) const;
  // Whether the statement `outer` (a decorated_definition) defines a property.
  bool isPropertyDef(TSNode outer, BindingScopeId scope, int depth) const;
  int definitionIndex(TSNode def) const;

  DecoratedDefinition buildDecorated(const PendingDecorated& pending);
  void classifyLayer(DecoratorLayer& layer) const;
  void applyLayer(const DecoratorLayer& layer, int index, Metadata& meta) const;
  void applyFunction(const DecoratorFunction& fn, int index, Metadata& meta) const;

  std::string_view source_;
  NameBindings bindings_;
  std::vector<PendingDecorated> pendingDecorated_;
  std::vector<PendingDefinition> pendingDefinitions_;
  std::unordered_map<uint32_t, int> definitionByStart_; // def node start byte -> index
  std::vector<DecoratorDefinition> all_;                // one per pending definition
};

void DecoratorModelBuilder::walkBlock(TSNode block, const Context& ctx, int depth) {
  if (depth > kMaxStatementDepth) return;
  forEachNamedChild(block, [&](TSNode stmt) { walkStatement(stmt, ctx, depth + 1); });
}

void DecoratorModelBuilder::walkCompound(TSNode node, const Context& ctx, int depth) {
  if (depth > kMaxStatementDepth) return;
  const Symbols& sym = symbols();
  forEachNamedChild(node, [&](TSNode child) {
    TSSymbol type = ts_node_symbol(child);
    if (type == sym.block)
      walkBlock(child, ctx, depth + 1);
    else if (type == sym.elifClause || type == sym.elseClause || type == sym.exceptClause ||
             type == sym.exceptGroupClause || type == sym.finallyClause || type == sym.caseClause)
      walkCompound(child, ctx, depth + 1);
  });
}

void DecoratorModelBuilder::walkStatement(TSNode stmt, const Context& ctx, int depth) {
  if (depth > kMaxStatementDepth) return;
  const Symbols& sym = symbols();
  TSSymbol type = ts_node_symbol(stmt);
  if (type == sym.error) {
    // Whatever parsed inside an ERROR node is still analysed, as statements of this scope.
    walkBlock(stmt, ctx, depth + 1);
    return;
  }
  bindings_.recordStatement(ctx.scope, stmt, source_);
  TSNode def = stmt;
  if (type == sym.decoratedDefinition) {
    pendingDecorated_.push_back({stmt, ctx});
    def = ts_node_child_by_field_id(stmt, sym.fieldDefinition);
    if (ts_node_is_null(def)) return;
    type = ts_node_symbol(def);
  }
  if (type == sym.functionDefinition) {
    BindingScopeId inner = bindings_.openScope(BindingScopeKind::Function, ctx.scope);
    bindings_.recordParameters(inner, ts_node_child_by_field_id(def, sym.fieldParameters), source_);
    definitionByStart_[ts_node_start_byte(def)] = static_cast<int>(pendingDefinitions_.size());
    pendingDefinitions_.push_back(
        {def, stmt, inner, ctx.scope == 0, bindings_.kind(ctx.scope) == BindingScopeKind::Class});
    Context nested{inner, {}, nodeText(ts_node_child_by_field_id(def, sym.fieldName), source_)};
    walkBlock(ts_node_child_by_field_id(def, sym.fieldBody), nested, depth + 1);
    return;
  }
  if (type == sym.classDefinition) {
    definitionByStart_[ts_node_start_byte(def)] = static_cast<int>(pendingDefinitions_.size());
    BindingScopeId inner = bindings_.openScope(BindingScopeKind::Class, ctx.scope);
    pendingDefinitions_.push_back({def, stmt, ctx.scope, ctx.scope == 0, false});
    Context nested{inner, nodeText(ts_node_child_by_field_id(def, sym.fieldName), source_),
                   ctx.enclosingFunction};
    walkBlock(ts_node_child_by_field_id(def, sym.fieldBody), nested, depth + 1);
    return;
  }
  walkCompound(stmt, ctx, depth + 1);
}

int DecoratorModelBuilder::definitionIndex(TSNode def) const {
  auto it = definitionByStart_.find(ts_node_start_byte(def));
  return it == definitionByStart_.end() ? -1 : it->second;
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
      module += '.';
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

void DecoratorModelBuilder::classifyLayer(DecoratorLayer& layer) const {
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
  case ResolutionKind::SameFileClass: {
    if (r.definition < 0) return;
    const DecoratorDefinition& d = all_[static_cast<size_t>(r.definition)];
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
    return;
  }
  default:
    return;
  }
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
    std::string_view written =
        source_.substr(misuse.range.start, misuse.range.end - misuse.range.start);
    while (!written.empty() && (written.back() == '\n' || written.back() == '\r' ||
                                written.back() == ' ' || written.back() == '\t'))
      written.remove_suffix(1);
    if (written.ends_with(')')) {
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

void DecoratorModelBuilder::applyLayer(const DecoratorLayer& layer, int index,
                                       Metadata& meta) const {
  using S = MetadataValue::State;
  auto unknown = [&] {
    assign(meta.name, state(S::Unknown, index), index);
    assign(meta.doc, state(S::Unknown, index), index);
  };
  const LayerResolution& r = layer.resolution;
  const DecoratorDefinition* d =
      r.definition >= 0 ? &all_[static_cast<size_t>(r.definition)] : nullptr;
  switch (layer.role) {
  case LayerRole::Unknown:
    unknown();
    return;
  case LayerRole::PassThrough:
    if (layer.callMismatch || !d || !d->decorator) return unknown();
    applyFunction(*d->decorator, index, meta);
    return;
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
    int index = definitionIndex(def);
    if (index >= 0) {
      out.isAsync = all_[static_cast<size_t>(index)].isAsync;
      out.signature = all_[static_cast<size_t>(index)].signature;
      docstring = all_[static_cast<size_t>(index)].docstring;
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

DecoratorModel DecoratorModelBuilder::build(TSNode root) {
  DecoratorModel model;
  if (ts_node_is_null(root)) return model;
  walkBlock(root, Context{}, 0);

  all_.reserve(pendingDefinitions_.size());
  for (const PendingDefinition& pending : pendingDefinitions_) {
    ScopedResolver resolver(*this, pending.scope);
    all_.push_back(
        analyzeDecoratorDefinition(pending.statement, source_, resolver, pending.method));
  }

  model.decorated_.reserve(pendingDecorated_.size());
  for (const PendingDecorated& pending : pendingDecorated_) {
    DecoratedDefinition decorated = buildDecorated(pending);
    // A decorator list whose definition did not parse has nothing to decorate yet.
    if (!decorated.name.empty()) model.decorated_.push_back(std::move(decorated));
  }

  // Keep the definitions that are decorators or that some layer refers to; renumber the layers.
  std::vector<uint8_t> keep(all_.size(), 0);
  for (size_t i = 0; i < all_.size(); ++i) {
    keep[i] = all_[i].shape != DecoratorShape::NotADecorator;
    // `def identity(x): return x` has the pass-through shape but is rarely a decorator: keep it
    // only when some layer uses it or its body does something besides returning.
    if (all_[i].shape == DecoratorShape::PassThrough) {
      uint32_t statements = 0;
      forEachNamedChild(ts_node_child_by_field_id(pendingDefinitions_[i].node, symbols().fieldBody),
                        [&](TSNode) { ++statements; });
      if (all_[i].docstring) --statements;
      keep[i] = statements > 1 && all_[i].decorator &&
                all_[i].decorator->returnsResult == PathCoverage::AllPaths;
    }
  }
  for (const DecoratedDefinition& d : model.decorated_)
    for (const DecoratorLayer& layer : d.layers)
      if (layer.resolution.definition >= 0)
        keep[static_cast<size_t>(layer.resolution.definition)] = 1;
  std::vector<int> remap(all_.size(), -1);
  for (size_t i = 0; i < all_.size(); ++i) {
    if (!keep[i]) continue;
    remap[i] = static_cast<int>(model.definitions_.size());
    model.definitions_.push_back(std::move(all_[i]));
    model.moduleLevel_.push_back(pendingDefinitions_[i].moduleLevel ? 1 : 0);
  }
  for (DecoratedDefinition& d : model.decorated_)
    for (DecoratorLayer& layer : d.layers)
      if (layer.resolution.definition >= 0)
        layer.resolution.definition = remap[static_cast<size_t>(layer.resolution.definition)];
  return model;
}

DecoratorModel DecoratorModel::build(TSNode root, std::string_view source) {
  return DecoratorModelBuilder(source).build(root);
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
  const DecoratorDefinition* d = definitionOf(layer);
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
