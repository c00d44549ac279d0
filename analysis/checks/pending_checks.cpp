// Temporary: rule families whose checks are being written in this session.
#include "analysis/checks.hpp"

namespace closurelens::analysis {
void checkLateBinding(const AnalyzedDocument&, std::vector<Finding>&) {}
void checkNameBinding(const AnalyzedDocument&, std::vector<Finding>&) {}
void checkClosureState(const AnalyzedDocument&, std::vector<Finding>&) {}
void checkWrappers(const AnalyzedDocument&, std::vector<Finding>&) {}
void checkDecoratorUse(const AnalyzedDocument&, std::vector<Finding>&) {}
} // namespace closurelens::analysis
