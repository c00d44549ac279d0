#include "analysis/external_decorators.hpp"

namespace closurelens::analysis {

uint32_t mentions::inText(std::string_view text) {
  uint32_t out = 0;
  auto note = [&](std::string_view word, uint32_t bit) {
    if (text.find(word) != std::string_view::npos) out |= bit;
  };
  note("__func__", DunderFunc);
  note("__get__", DunderGet);
  note("fget", Fget);
  note("classmethod", Classmethod);
  note("staticmethod", Staticmethod);
  note("property", Property);
  return out;
}

uint32_t mentions::ofKind(std::string_view kind) {
  if (kind == "classmethod") return Classmethod;
  if (kind == "staticmethod") return Staticmethod;
  if (kind == "property") return Property;
  return 0;
}

const ExternalDecorator* DecoratorModel::externalOf(const DecoratorLayer& layer) const {
  int index = layer.resolution.external;
  if (index < 0 || static_cast<size_t>(index) >= externals_.size()) return nullptr;
  return externals_[static_cast<size_t>(index)].get();
}

const DecoratorDefinition* DecoratorModel::layerDefinition(const DecoratorLayer& layer) const {
  if (const DecoratorDefinition* local = definitionOf(layer)) return local;
  const ExternalDecorator* external = externalOf(layer);
  return external ? &external->definition : nullptr;
}

} // namespace closurelens::analysis
