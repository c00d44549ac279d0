#include "analysis/checks.hpp"

#include <algorithm>

namespace closurelens::analysis {

std::vector<Finding> runAllChecks(const AnalyzedDocument& doc) {
  std::vector<Finding> out;
  checkLateBinding(doc, out);
  checkNameBinding(doc, out);
  checkClosureState(doc, out);
  checkWrappers(doc, out);
  checkDecoratorUse(doc, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.range.start != b.range.start ? a.range.start < b.range.start : a.code < b.code;
  });
  return out;
}

} // namespace closurelens::analysis
