// The rule checks: each a pure function from an analysed document to findings, one file per rule
// family under analysis/checks/. Any thread may run them on an immutable AnalyzedDocument.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"

#include <vector>

namespace closurelens::analysis {

// CL101 late-binding-closure, CL104 captured-exception-name.
void checkLateBinding(const AnalyzedDocument& doc, std::vector<Finding>& out);
// CL102 unbound-local-capture, CL103 nonlocal-without-binding.
void checkNameBinding(const AnalyzedDocument& doc, std::vector<Finding>& out);
// CL105 unsynchronized-closure-state, CL106 unbounded-closure-state.
void checkClosureState(const AnalyzedDocument& doc, std::vector<Finding>& out);
// CL201 missing-wraps, CL202 wrapper-discards-result, CL203 decorator-returns-none,
// CL204 wrapper-drops-arguments, CL209 wraps-misuse.
void checkWrappers(const AnalyzedDocument& doc, std::vector<Finding>& out);
// CL205 decorator-call-mismatch, CL206 decorator-order, CL207 cached-method,
// CL208 class-decorator-without-get.
void checkDecoratorUse(const AnalyzedDocument& doc, std::vector<Finding>& out);

// Every check, findings sorted by position. Suppression and configuration are applied by the
// caller (they depend on comments and settings, not on the analysis).
std::vector<Finding> runAllChecks(const AnalyzedDocument& doc);

} // namespace closurelens::analysis
