#include "analysis/module_bindings.hpp"

#include "analysis/decorator_syntax.hpp"

#include <algorithm>

namespace closurelens::analysis {

using namespace decorator_syntax;

namespace {

// Compares a binding index with a name, both ways, for equal_range over a scope's index.
struct NameOrder {
  const std::vector<Binding>& bindings;
  bool operator()(uint32_t index, std::string_view name) const {
    return bindings[index].name < name;
  }
  bool operator()(std::string_view name, uint32_t index) const {
    return name < bindings[index].name;
  }
};

} // namespace

NameBindings::NameBindings() {
  scopes_.push_back(Scope{BindingScopeKind::Module, 0, {}, {}, {}});
}

BindingScopeId NameBindings::openScope(BindingScopeKind kind, BindingScopeId parent) {
  scopes_.push_back(Scope{kind, parent, {}, {}, {}});
  return static_cast<BindingScopeId>(scopes_.size() - 1);
}

void NameBindings::defer(BindingScopeId scope, Deferred entry, std::string_view source) {
  if (scope >= scopes_.size()) return;
  if (source.data() != source_.data() || source.size() != source_.size()) {
    // Deferred nodes are read with the source they were recorded with.
    for (Scope& s : scopes_)
      materialize(s);
    source_ = source;
  }
  scopes_[scope].deferred.push_back(entry);
}

void NameBindings::recordStatement(BindingScopeId scope, TSNode statement,
                                   std::string_view source) {
  defer(scope, Deferred{statement, DeferredKind::Statement, 0}, source);
}

void NameBindings::recordParameters(BindingScopeId scope, TSNode parameters,
                                    std::string_view source) {
  defer(scope, Deferred{parameters, DeferredKind::Parameters, 0}, source);
}

void NameBindings::recordBlock(BindingScopeId scope, TSNode block, std::string_view source,
                               int depth) {
  defer(scope, Deferred{block, DeferredKind::Block, static_cast<uint32_t>(depth)}, source);
}

void NameBindings::recordBinding(BindingScopeId scope, Binding binding) {
  if (scope >= scopes_.size()) return;
  scopes_[scope].deferred.push_back(
      Deferred{{}, DeferredKind::Ready, static_cast<uint32_t>(ready_.size())});
  ready_.push_back(std::move(binding));
}

void NameBindings::bindBlock(Scope& scope, TSNode block, int depth) const {
  auto visit = [&](TSNode stmt, int, bool) {
    bindStatement(scope, stmt);
    return isCompoundStatement(ts_node_symbol(stmt));
  };
  walkStatements(block, depth, visit, [] {});
}

void NameBindings::materialize(Scope& scope) const {
  if (scope.deferred.empty()) return;
  for (const Deferred& entry : scope.deferred) {
    switch (entry.kind) {
    case DeferredKind::Statement:
      bindStatement(scope, entry.node);
      break;
    case DeferredKind::Parameters:
      bindParameters(scope, entry.node);
      break;
    case DeferredKind::Block:
      bindBlock(scope, entry.node, static_cast<int>(entry.value));
      break;
    case DeferredKind::Ready:
      add(scope, std::move(ready_[entry.value]));
      break;
    }
  }
  scope.deferred.clear();
  scope.deferred.shrink_to_fit();
  scope.indexed = false;
}

void NameBindings::add(Scope& scope, Binding binding) const {
  if (binding.name.empty()) return;
  scope.bindings.push_back(std::move(binding));
}

void NameBindings::bindTarget(Scope& scope, TSNode target, TSNode value, ByteRange site) const {
  const Symbols& sym = symbols();
  std::string_view source = source_;
  if (isNamed(target, sym.identifier)) {
    add(scope, Binding{nodeText(target, source), BindingKind::Assignment, value, site, {}, {}});
    return;
  }
  // Tuple/list/star targets: every identifier inside is rebound, to something we do not follow.
  walkNamed(target, [&](TSNode node) {
    if (isNamed(node, sym.attribute) || isNamed(node, sym.subscript)) return false;
    if (isNamed(node, sym.identifier))
      add(scope, Binding{nodeText(node, source), BindingKind::Other, {}, site, {}, {}});
    return true;
  });
}

void NameBindings::bindParameters(Scope& scope, TSNode parameters) const {
  const Symbols& sym = symbols();
  std::string_view source = source_;
  forEachNamedChild(parameters, [&](TSNode param) {
    TSNode name = param;
    if (!isNamed(name, sym.identifier)) {
      TSNode field = ts_node_child_by_field_id(param, sym.fieldName);
      name = ts_node_is_null(field) ? ts_node_named_child(param, 0) : field;
    }
    // typed_parameter wraps the splat pattern: `*args: int`.
    if (isNamed(name, sym.listSplatPattern) || isNamed(name, sym.dictionarySplatPattern))
      name = ts_node_named_child(name, 0);
    if (isNamed(name, sym.identifier))
      add(scope,
          Binding{nodeText(name, source), BindingKind::Parameter, {}, rangeOf(param), {}, {}});
  });
}

void NameBindings::bindStatement(Scope& scope, TSNode stmt) const {
  const Symbols& sym = symbols();
  std::string_view source = source_;
  TSSymbol type = ts_node_symbol(stmt);
  ByteRange site = rangeOf(stmt);
  TSNode statement = stmt;
  if (type == sym.decoratedDefinition) {
    stmt = ts_node_child_by_field_id(stmt, sym.fieldDefinition);
    type = ts_node_symbol(stmt);
  }
  if (type == sym.functionDefinition || type == sym.classDefinition) {
    TSNode name = ts_node_child_by_field_id(stmt, sym.fieldName);
    if (isNamed(name, sym.identifier))
      add(scope,
          Binding{nodeText(name, source),
                  type == sym.functionDefinition ? BindingKind::Function : BindingKind::Class,
                  stmt,
                  site,
                  {},
                  {},
                  statement});
  } else if (type == sym.expressionStatement) {
    forEachNamedChild(stmt, [&](TSNode expr) {
      if (isNamed(expr, sym.assignment)) {
        // `a = b = value`: every left side is bound to the innermost value.
        TSNode value = expr;
        for (int guard = 0; guard < 64 && isNamed(value, sym.assignment); ++guard)
          value = ts_node_child_by_field_id(value, sym.fieldRight);
        for (TSNode a = expr; isNamed(a, sym.assignment);
             a = ts_node_child_by_field_id(a, sym.fieldRight))
          bindTarget(scope, ts_node_child_by_field_id(a, sym.fieldLeft), value, site);
      } else if (isNamed(expr, sym.augmentedAssignment)) {
        bindTarget(scope, ts_node_child_by_field_id(expr, sym.fieldLeft), TSNode{}, site);
        // A rebinding through += is not followed: mark it as Other.
        if (!scope.bindings.empty() && scope.bindings.back().site.start == site.start)
          scope.bindings.back().kind = BindingKind::Other;
      }
    });
  } else if (type == sym.importStatement) {
    forEachNamedChild(stmt, [&](TSNode name) {
      if (isNamed(name, sym.aliasedImport)) {
        TSNode dotted = ts_node_child_by_field_id(name, sym.fieldName);
        TSNode alias = ts_node_child_by_field_id(name, sym.fieldAlias);
        std::string full;
        forEachNamedChild(dotted, [&](TSNode part) {
          if (!full.empty()) full += '.';
          full += nodeText(part, source);
        });
        add(scope, Binding{nodeText(alias, source), BindingKind::Import, {}, site, full, {}});
      } else if (isNamed(name, sym.dottedName)) {
        // `import a.b` binds `a`, the top-level package.
        TSNode first = ts_node_named_child(name, 0);
        std::string_view top = nodeText(first, source);
        add(scope, Binding{top, BindingKind::Import, {}, site, std::string(top), {}});
      }
    });
  } else if (type == sym.importFromStatement) {
    TSNode moduleNode = ts_node_child_by_field_id(stmt, sym.fieldModuleName);
    std::string module;
    // Relative imports keep their dots (".pkg"); whitespace inside a dotted name is dropped.
    walkNamed(moduleNode, [&](TSNode node) {
      if (ts_node_symbol(node) == sym.dottedName) {
        bool first = true;
        forEachNamedChild(node, [&](TSNode part) {
          if (!first) module += '.';
          module += nodeText(part, source);
          first = false;
        });
        return false;
      }
      if (ts_node_symbol(node) != sym.relativeImport) {
        module += nodeText(node, source); // import_prefix: the dots
        return false;
      }
      return true;
    });
    forEachNamedChild(stmt, [&](TSNode name) {
      if (ts_node_eq(name, moduleNode)) return;
      TSNode dotted = name, bound = name;
      if (isNamed(name, sym.aliasedImport)) {
        dotted = ts_node_child_by_field_id(name, sym.fieldName);
        bound = ts_node_child_by_field_id(name, sym.fieldAlias);
      } else if (isNamed(name, sym.wildcardImport)) {
        // Binds names we cannot list; recorded as "*" so a lookup can fall back on the module.
        add(scope, Binding{"*", BindingKind::ImportFrom, {}, site, module, "*"});
        return;
      } else if (!isNamed(name, sym.dottedName)) {
        return;
      }
      std::string_view member = nodeText(dotted, source);
      std::string_view boundName = nodeText(bound, source);
      add(scope, Binding{boundName, BindingKind::ImportFrom, {}, site, module, member});
    });
  } else if (type == sym.globalStatement || type == sym.nonlocalStatement) {
    BindingKind kind = type == sym.globalStatement ? BindingKind::Global : BindingKind::Nonlocal;
    forEachNamedChild(stmt, [&](TSNode name) {
      if (isNamed(name, sym.identifier))
        add(scope, Binding{nodeText(name, source), kind, {}, site, {}, {}});
    });
  } else if (type == sym.forStatement) {
    // Sites of compound statements are their targets, so that sites stay in document order
    // with the statements nested in their bodies.
    TSNode target = ts_node_child_by_field_id(stmt, sym.fieldLeft);
    ByteRange targetSite = rangeOf(target);
    bindTarget(scope, target, TSNode{}, targetSite);
    if (!scope.bindings.empty() && scope.bindings.back().site.start == targetSite.start)
      scope.bindings.back().kind = BindingKind::Other;
  } else if (type == sym.withStatement) {
    // `with x as name`: the targets are the `alias` of as_pattern nodes; rebinding is all we need.
    walkNamed(stmt, [&](TSNode node) {
      if (isNamed(node, sym.block)) return false;
      TSNode alias = ts_node_child_by_field_id(node, sym.fieldAlias);
      if (!ts_node_is_null(alias)) {
        walkNamed(alias, [&](TSNode id) {
          if (isNamed(id, sym.identifier))
            add(scope,
                Binding{nodeText(id, source), BindingKind::Other, {}, rangeOf(alias), {}, {}});
          return true;
        });
      }
      return true;
    });
  }
}

const Binding* NameBindings::lookupIn(BindingScopeId scope, std::string_view name,
                                      uint32_t useByte) const {
  Scope& s = scopes_[scope];
  materialize(s);
  if (!s.indexed) {
    s.byName.resize(s.bindings.size());
    for (uint32_t i = 0; i < s.byName.size(); ++i)
      s.byName[i] = i;
    // Ties keep document order: the index breaks them.
    std::sort(s.byName.begin(), s.byName.end(), [&](uint32_t a, uint32_t b) {
      int order = s.bindings[a].name.compare(s.bindings[b].name);
      return order != 0 ? order < 0 : a < b;
    });
    s.indexed = true;
  }
  auto [first, last] =
      std::equal_range(s.byName.begin(), s.byName.end(), name, NameOrder{s.bindings});
  if (first == last) return nullptr;
  // A name is bound when its statement has run: `@x.setter def x` still sees the old x. Sites
  // are recorded in document order, so the last one ending before the use is found by bisection.
  auto after = std::partition_point(first, last,
                                    [&](uint32_t i) { return s.bindings[i].site.end <= useByte; });
  uint32_t chosen = after == first ? *first : *(after - 1);
  return &s.bindings[chosen];
}

std::span<const Binding> NameBindings::bindingsOf(BindingScopeId scope) const {
  if (scope >= scopes_.size()) return {};
  Scope& s = scopes_[scope];
  materialize(s);
  return s.bindings;
}

const Binding* NameBindings::resolve(BindingScopeId scope, std::string_view name,
                                     uint32_t useByte) const {
  if (scope >= scopes_.size()) return nullptr;
  bool first = true;
  for (int guard = 0; guard < 1024; ++guard) {
    const Scope& s = scopes_[scope];
    // Class bodies are visible only to code directly in them, not to nested functions.
    if (first || s.kind != BindingScopeKind::Class) {
      if (const Binding* b = lookupIn(scope, name, useByte)) {
        if (b->kind == BindingKind::Global) return lookupIn(0, name, useByte);
        if (b->kind != BindingKind::Nonlocal) return b;
      }
    }
    if (scope == 0) return nullptr;
    scope = s.parent;
    first = false;
  }
  return nullptr;
}

} // namespace closurelens::analysis
