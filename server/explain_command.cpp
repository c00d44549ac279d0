// `closurelens explain`: prints a rule's page, or the index of all rules.
#include "server/commands.hpp"
#include "server/rule_catalog.hpp"

#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::server {
namespace {

constexpr std::string_view kExplainUsage = R"(Usage:
  closurelens explain CODE...   print the documentation of a rule: a code (CL201, cl201), a name
                                (missing-wraps) or another tool's code for it (B023)
  closurelens explain [--list]  print every rule: code, name, default severity, summary
)";

void printIndex(std::ostream& out) {
  std::size_t nameWidth = 0;
  std::size_t severityWidth = 0;
  for (const RuleInfo& rule : allRules()) {
    nameWidth = std::max(nameWidth, rule.name.size());
    severityWidth = std::max(severityWidth, rule.defaultSeverity.size());
  }
  auto pad = [&out](std::string_view text, std::size_t width) {
    out << text << std::string(width - text.size() + 2, ' ');
  };
  for (const RuleInfo& rule : allRules()) {
    out << rule.code << "  ";
    pad(rule.name, nameWidth);
    pad(rule.defaultSeverity, severityWidth);
    out << rule.summary << '\n';
  }
}

void printValidCodes(std::ostream& err) {
  err << "valid codes:";
  for (const RuleInfo& rule : allRules())
    err << ' ' << rule.code;
  err << "\nrun `closurelens explain --list` for their names and summaries\n";
}

} // namespace

int runExplainCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || (args.size() == 1 && args.front() == "--list")) {
    printIndex(out);
    return 0;
  }
  if (args.size() == 1 && (args.front() == "--help" || args.front() == "-h")) {
    out << kExplainUsage;
    return 0;
  }
  // Resolve every argument before printing anything, so that a typo in the second code does not
  // leave half an answer on stdout.
  std::vector<const RuleInfo*> rules;
  for (const std::string& arg : args) {
    if (arg.starts_with("-")) {
      err << "closurelens: explain: unknown option '" << arg << "'\n" << kExplainUsage;
      return 2;
    }
    const RuleInfo* rule = findRule(arg);
    if (rule == nullptr) {
      err << "closurelens: explain: no rule is called '" << arg << "'\n";
      printValidCodes(err);
      return 2;
    }
    rules.push_back(rule);
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (i > 0) out << '\n';
    if (rules[i]->documentation.empty()) {
      // Only a build that lost its embedded pages gets here; say where the page lives instead.
      out << "# " << rules[i]->code << ' ' << rules[i]->name << "\n\n"
          << rules[i]->summary << "\n\n"
          << ruleDocumentationUrl(rules[i]->code) << '\n';
      continue;
    }
    out << rules[i]->documentation;
  }
  return 0;
}

} // namespace closurelens::server
