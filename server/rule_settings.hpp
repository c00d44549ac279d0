// Which rules run and how loudly: the settings of [tool.closurelens] in pyproject.toml and of the
// LSP `closurelens.*` configuration, their validation (with the place of every problem), and how
// the two combine. RuleSettings and the parse functions are plain values and pure functions (any
// thread); PyprojectLoader is the only part that reads files, and is safe to share between threads.
#pragma once

#include "analysis/scope_tree.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace closurelens::server {

// The LSP DiagnosticSeverity values.
enum class Severity : uint8_t { Error = 1, Warning = 2, Information = 3, Hint = 4 };

// "error", "warning", "information", "hint".
std::string_view severityName(Severity severity);
// A rule's default severity from the catalogue (Warning for a code the catalogue does not know).
Severity defaultSeverity(std::string_view code);

// What a user may write to name rules in select, ignore, severity and per-file-ignores: a code
// ("CL201"), a rule name ("missing-wraps") or another tool's alias ("B023"), a prefix of codes
// ("CL2", "CL"), or "ALL". Normalised to the canonical code or prefix ("" for ALL); nullopt when
// it names nothing closurelens has.
std::optional<std::string> normalizeRuleSelector(std::string_view text);

// One `per-file-ignores` entry: files matching `pattern` do not get the rules `selectors` name.
struct PerFileIgnore {
  std::string pattern;                // glob; a leading "!" applies to the files NOT matching
  std::vector<std::string> selectors; // normalised (see normalizeRuleSelector)
};

// Every field is optional: unset means "not configured here", so that mergeSettings can let a
// setting made in one place fall through to another.
struct RuleSettings {
  std::optional<std::vector<std::string>> select; // normalised selectors; unset = every rule
  std::optional<std::vector<std::string>> ignore; // normalised selectors
  // Selector -> severity; nullopt as the value turns the rule off.
  std::optional<std::map<std::string, std::optional<Severity>>> severity;
  std::optional<std::vector<PerFileIgnore>> perFileIgnores;
  std::optional<analysis::PythonVersion> pythonVersion;
};

// `override_` wins field by field, an unset field falls through to `base`. The maps merge key by
// key (severity) and entry by entry (per-file-ignores: same pattern replaced), so a client can add
// one override without restating the project's. The lists (select, ignore) replace as a whole.
RuleSettings mergeSettings(const RuleSettings& base, const RuleSettings& override_);

// Whether `code` runs under these settings, before per-file-ignores and suppression comments: the
// most specific selector of select (unset = ALL) and ignore that matches decides, ignore winning a
// tie (ruff's rule, so `select = ["CL"], ignore = ["CL1"]` and `ignore = ["CL1"], select =
// ["CL101"]` both do what they say).
bool ruleSelected(const RuleSettings& settings, std::string_view code);
// The severity `code` is reported with; nullopt when the settings turn it off. The most specific
// matching key of `severity` wins; no key falls back to the catalogue's default.
std::optional<Severity> ruleSeverity(const RuleSettings& settings, std::string_view code);
// Whether per-file-ignores removes `code` from the file at `pathForGlobs` (the file's path
// relative to the folder of the pyproject.toml or workspace the patterns were written for).
bool ignoredForFile(const RuleSettings& settings, std::string_view code,
                    std::string_view pathForGlobs);
// Glob match as ruff does it for per-file-ignores: `*` and `**` match any run of characters
// (slashes included), `?` one character, `[abc]`/`[!a-z]` a class; a pattern without a slash also
// matches the path's last component ("__init__.py" matches "pkg/__init__.py").
bool pathMatchesGlob(std::string_view pattern, std::string_view path);

// "3.11" -> {3, 11}; also "py311". nullopt when it is not a Python 3 version.
std::optional<analysis::PythonVersion> parsePythonVersion(std::string_view text);

struct ConfigProblem {
  std::string file;    // the pyproject.toml, as its path was given
  uint32_t line = 0;   // 1-based; 0 when the problem has no place (unreadable file)
  uint32_t column = 0; // 1-based, as toml++ counts it (characters)
  std::string message; // "[tool.closurelens] severity.CL105: unknown severity 'loud' ..."
};

struct PyprojectSettings {
  std::filesystem::path file;  // the pyproject.toml read; empty when none applies
  bool hasToolSection = false; // [tool.closurelens] is present
  RuleSettings settings;       // the valid parts; a bad part is left unset (defaults)
  std::vector<ConfigProblem> problems;
};

// The path per-file-ignores patterns are matched against for `file`: relative to the folder of
// the pyproject.toml that configures it, else to `fallbackRoot` (the workspace folder, or the
// current folder for the CLI); '/'-separated. A file outside that folder gets its absolute path.
std::string pathForGlobs(const std::filesystem::path& file, const PyprojectSettings& config,
                         const std::filesystem::path& fallbackRoot);

// Parses the text of a pyproject.toml. Never throws; problems carry line and column.
PyprojectSettings parsePyproject(std::string_view text, const std::string& fileForProblems);

// The LSP `closurelens` section (select, ignore, severity, perFileIgnores, pythonVersion). Null or
// missing fields stay unset; a bad field is left unset and described in `problems` (when given),
// e.g. "closurelens.select[1]: unknown rule 'XX1'".
RuleSettings parseLspSettings(const nlohmann::json& closurelensSection,
                              std::vector<std::string>* problems);

// Finds and parses the pyproject.toml that configures a file: the nearest one upward from the
// file's folder that has a [tool.closurelens] table (a pyproject.toml without one is passed over,
// as ruff does; one that is not valid TOML stops the search and reports its problem). Parsed files
// are cached by path, modification time and size. Thread-safe.
class PyprojectLoader {
public:
  // Never null; `file` empty when no pyproject.toml configures `pythonFile`.
  std::shared_ptr<const PyprojectSettings> settingsFor(const std::filesystem::path& pythonFile);
  // Reads and parses one pyproject.toml (through the cache).
  std::shared_ptr<const PyprojectSettings> load(const std::filesystem::path& pyproject);
  // The pyproject.toml in `folder` when it ends the search (see above); null when the search goes
  // on upward.
  std::shared_ptr<const PyprojectSettings> configuring(const std::filesystem::path& folder);

private:
  struct CacheEntry {
    std::filesystem::file_time_type mtime;
    uintmax_t size = 0;
    std::shared_ptr<const PyprojectSettings> parsed;
  };
  std::mutex mutex_;
  std::map<std::string, CacheEntry> cache_;
};

// One run's answers of the loader, remembered per folder (and every folder above it): a batch of
// files does not change while `closurelens check` reads it, and its files share a few folders, so
// the search upward is made once per folder instead of once per file. The language server, whose
// files do change, asks the loader each time. Thread-safe.
class PyprojectLookup {
public:
  explicit PyprojectLookup(PyprojectLoader& loader) : loader_(loader) {}
  // As PyprojectLoader::settingsFor.
  std::shared_ptr<const PyprojectSettings> settingsFor(const std::filesystem::path& pythonFile);

private:
  PyprojectLoader& loader_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const PyprojectSettings>> byFolder_;
};

} // namespace closurelens::server
