#include "server/lsp_diagnostics.hpp"

#include "analysis/checks.hpp"
#include "server/finding_filter.hpp"
#include "server/rule_catalog.hpp"

#include <algorithm>

namespace closurelens::server {
namespace {

using nlohmann::json;

const std::vector<ReportedFinding>& reportedFindings(OpenDocument& document,
                                                     const DocumentSettings& settings) {
  if (!document.findings) {
    std::vector<ReportedFinding> out;
    if (auto analyzed = document.analyzed()) {
      out = selectFindings(analysis::runAllChecks(*analyzed), settings.rules, settings.pathForGlobs,
                           *analyzed);
    }
    document.findings = std::move(out);
  }
  return *document.findings;
}

json lspEdits(const std::vector<analysis::TextEdit>& edits, const protocol::LineIndex& lines,
              protocol::PositionEncoding encoding) {
  json out = json::array();
  for (const auto& edit : edits) {
    out.push_back({{"range", lines.rangeOf(edit.range.start, edit.range.end, encoding)},
                   {"newText", edit.newText}});
  }
  return out;
}

bool touches(const analysis::ByteRange& finding, uint32_t start, uint32_t end) {
  return finding.start <= end && start <= finding.end;
}

bool wanted(const std::vector<std::string>& only, std::string_view kind) {
  if (only.empty()) return true;
  return std::any_of(only.begin(), only.end(), [&](const std::string& prefix) {
    return kind == prefix ||
           (kind.size() > prefix.size() && kind.substr(0, prefix.size()) == prefix &&
            kind[prefix.size()] == '.');
  });
}

std::string_view kindName(analysis::FixKind kind) {
  return kind == analysis::FixKind::QuickFix ? "quickfix" : "refactor.rewrite";
}

} // namespace

protocol::Diagnostic toLspDiagnostic(const analysis::Finding& finding, Severity severity,
                                     const std::string& uri, const protocol::LineIndex& lines,
                                     protocol::PositionEncoding encoding) {
  protocol::Diagnostic d;
  d.range = lines.rangeOf(finding.range.start, finding.range.end, encoding);
  d.severity = static_cast<protocol::DiagnosticSeverity>(severity);
  d.code = finding.code;
  if (std::string href = ruleDocumentationUrl(finding.code); !href.empty()) {
    d.codeDescriptionHref = std::move(href);
  }
  d.source = "closurelens";
  d.message = finding.message;
  if (finding.unnecessary) d.tags.push_back(protocol::DiagnosticTag::Unnecessary);
  for (const auto& related : finding.related) {
    d.relatedInformation.push_back(
        {{uri, lines.rangeOf(related.range.start, related.range.end, encoding)}, related.message});
  }
  return d;
}

std::vector<protocol::Diagnostic> documentDiagnostics(OpenDocument& document,
                                                      const DocumentSettings& settings,
                                                      protocol::PositionEncoding encoding) {
  std::vector<protocol::Diagnostic> out;
  const protocol::LineIndex& lines = document.lineIndex();
  for (const ReportedFinding& f : reportedFindings(document, settings)) {
    out.push_back(toLspDiagnostic(f.finding, f.severity, document.uri, lines, encoding));
  }
  return out;
}

json codeActions(OpenDocument& document, const DocumentSettings& settings,
                 const protocol::Range& range, const std::vector<std::string>& only,
                 protocol::PositionEncoding encoding) {
  json actions = json::array();
  const protocol::LineIndex& lines = document.lineIndex();
  uint32_t start = lines.clampedOffsetOf(range.start, encoding);
  uint32_t end = lines.clampedOffsetOf(range.end, encoding);
  const std::vector<ReportedFinding>& findings = reportedFindings(document, settings);

  for (const ReportedFinding& f : findings) {
    if (!touches(f.finding.range, start, end)) continue;
    json diagnostic = toLspDiagnostic(f.finding, f.severity, document.uri, lines, encoding);
    for (const analysis::Fix& fix : f.finding.fixes) {
      if (!wanted(only, kindName(fix.kind))) continue;
      json action = {
          {"title", fix.title},
          {"kind", kindName(fix.kind)},
          {"diagnostics", json::array({diagnostic})},
          {"edit", {{"changes", {{document.uri, lspEdits(fix.edits, lines, encoding)}}}}}};
      if (fix.preferred) action["isPreferred"] = true;
      actions.push_back(std::move(action));
    }
  }

  if (!only.empty() && wanted(only, "source.fixAll.closurelens")) {
    // Every safe preferred fix, as long as its edits do not collide with one already taken;
    // identical edits (two fixes adding the same import) are made once.
    std::vector<analysis::TextEdit> taken;
    size_t fixes = 0;
    for (const ReportedFinding& f : findings) {
      auto fix = std::find_if(f.finding.fixes.begin(), f.finding.fixes.end(),
                              [](const analysis::Fix& x) { return x.preferred && x.safe; });
      if (fix == f.finding.fixes.end()) continue;
      std::vector<analysis::TextEdit> fresh;
      bool collides = false;
      for (const analysis::TextEdit& edit : fix->edits) {
        if (std::find(taken.begin(), taken.end(), edit) != taken.end()) continue;
        for (const analysis::TextEdit& other : taken) {
          bool sameInsertion = edit.range.start == edit.range.end &&
                               other.range.start == other.range.end &&
                               edit.range.start == other.range.start;
          if (sameInsertion ||
              (edit.range.start < other.range.end && other.range.start < edit.range.end)) {
            collides = true;
          }
        }
        fresh.push_back(edit);
      }
      if (collides) continue;
      taken.insert(taken.end(), fresh.begin(), fresh.end());
      ++fixes;
    }
    if (fixes > 0) {
      actions.push_back(
          {{"title", "closurelens: fix all (" + std::to_string(fixes) + ")"},
           {"kind", "source.fixAll.closurelens"},
           {"edit", {{"changes", {{document.uri, lspEdits(taken, lines, encoding)}}}}}});
    }
  }
  return actions;
}

} // namespace closurelens::server
