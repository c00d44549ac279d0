#include "server/workspace_index.hpp"

#include "analysis/decorator_model.hpp"
#include "analysis/module_resolution.hpp"
#include "analysis/summary_source.hpp"
#include "analysis/syntax_tree.hpp"
#include "server/file_read.hpp"
#include "server/module_naming.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace closurelens::server {

namespace fs = std::filesystem;
using analysis::ModuleLocation;
using analysis::ModuleSummary;
using SummaryPtr = std::shared_ptr<const ModuleSummary>;

struct WorkspaceIndex::State {
  std::map<std::string, SummaryPtr, std::less<>> byPath;
  // Module name -> summaries bearing it: by their own name first, then by path.
  std::map<std::string, std::vector<SummaryPtr>, std::less<>> byModule;
  uint64_t generation = 0;
};

namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(100);

void addNames(WorkspaceIndex::State& state, const SummaryPtr& summary) {
  auto add = [&](const std::string& name) {
    if (name.empty()) return;
    std::vector<SummaryPtr>& list = state.byModule[name];
    list.push_back(summary);
    std::sort(list.begin(), list.end(), [&](const SummaryPtr& a, const SummaryPtr& b) {
      bool aOwn = a->location.module == name, bOwn = b->location.module == name;
      if (aOwn != bOwn) return aOwn;
      return a->location.path < b->location.path;
    });
  };
  add(summary->location.module);
  add(summary->location.folderModule);
}

void removeNames(WorkspaceIndex::State& state, const SummaryPtr& summary) {
  for (const std::string* name : {&summary->location.module, &summary->location.folderModule}) {
    auto it = state.byModule.find(*name);
    if (it == state.byModule.end()) continue;
    std::erase(it->second, summary);
    if (it->second.empty()) state.byModule.erase(it);
  }
}

// `scratch` holds the reduced text (summary_source.hpp): a third of the bytes to parse, typically.
SummaryPtr summarizeText(TSParser* parser, const std::string& text, std::string& scratch,
                         ModuleLocation location) {
  std::string_view source = analysis::reduceForSummary(text, scratch) ? scratch : text;
  analysis::TreePtr tree = analysis::parsePython(parser, source);
  TSNode root = ts_tree_root_node(tree.get());
  analysis::DecoratorModel model = analysis::DecoratorModel::build(root, source);
  return analysis::summarizeModule(std::move(location), root, source, model);
}

// The modules a summary can be found as.
void addKeys(std::set<std::string, std::less<>>& keys, const ModuleSummary& summary) {
  for (const std::string* name : {&summary.location.module, &summary.location.folderModule})
    if (!name->empty()) keys.emplace(moduleKey(*name));
}

} // namespace

std::string_view moduleKey(std::string_view module) {
  size_t dot = module.rfind('.');
  return dot == std::string_view::npos ? module : module.substr(dot + 1);
}

WorkspaceIndex::View::View(std::shared_ptr<const State> state, ModuleLocation importer)
    : state_(std::move(state)), importer_(std::move(importer)) {}

analysis::ExternalResolution WorkspaceIndex::View::find(std::string_view module,
                                                        std::string_view member) const {
  return analysis::resolveImportedName(*this, importer_, module, member);
}

uint64_t WorkspaceIndex::View::generation() const {
  return state_->generation;
}

SummaryPtr WorkspaceIndex::View::module(std::string_view name, const ModuleLocation& from) const {
  {
    std::lock_guard lock(mutex_);
    std::string_view key = moduleKey(name);
    if (std::find(lookedUp_.begin(), lookedUp_.end(), key) == lookedUp_.end())
      lookedUp_.emplace_back(key);
  }
  // As Python would find it from the importer's sys.path entry first: its siblings (a script's
  // folder) and the packages beside its top package.
  if (!from.importRoot.empty()) {
    std::string base = from.importRoot;
    if (!base.ends_with('/')) base += '/';
    for (char c : name)
      base += c == '.' ? '/' : c;
    for (const char* suffix : {".py", "/__init__.py"}) {
      auto it = state_->byPath.find(base + suffix);
      if (it != state_->byPath.end()) return it->second;
    }
  }
  auto it = state_->byModule.find(name);
  return it == state_->byModule.end() || it->second.empty() ? nullptr : it->second.front();
}

std::vector<std::string> WorkspaceIndex::View::lookedUp() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out = lookedUp_;
  std::sort(out.begin(), out.end());
  return out;
}

WorkspaceIndex::WorkspaceIndex(WorkspaceIndexOptions options, Events events)
    : options_(options), events_(std::move(events)), state_(std::make_shared<State>()) {
  thread_ = std::thread([this] { run(); });
}

WorkspaceIndex::~WorkspaceIndex() {
  stop();
}

void WorkspaceIndex::stop() {
  {
    std::lock_guard lock(taskMutex_);
    stopping_ = true;
  }
  taskReady_.notify_all();
  if (thread_.joinable()) thread_.join();
  idle_.notify_all();
}

void WorkspaceIndex::start(const std::vector<fs::path>& folders, WorkspaceScanOptions scan) {
  {
    std::lock_guard lock(stateMutex_);
    if (started_) return;
    started_ = true;
    for (const fs::path& folder : folders)
      folders_.push_back(folder.lexically_normal());
    scan_ = scan;
  }
  enqueue({Task::Kind::IndexFolders, {}});
}

void WorkspaceIndex::fileChanged(const fs::path& file) {
  enqueue({Task::Kind::Reread, file.lexically_normal()});
}

void WorkspaceIndex::fileDeleted(const fs::path& path) {
  enqueue({Task::Kind::Remove, path.lexically_normal()});
}

void WorkspaceIndex::enqueue(Task task) {
  {
    std::lock_guard lock(taskMutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  taskReady_.notify_one();
}

void WorkspaceIndex::run() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(taskMutex_);
      taskReady_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
      busy_ = true;
    }
    switch (task.kind) {
    case Task::Kind::IndexFolders:
      indexFolders();
      break;
    case Task::Kind::Reread:
      reread(task.path);
      break;
    case Task::Kind::Remove:
      remove(task.path);
      break;
    }
    {
      std::lock_guard lock(taskMutex_);
      busy_ = false;
    }
    idle_.notify_all();
  }
}

void WorkspaceIndex::waitUntilIdle() {
  std::unique_lock lock(taskMutex_);
  idle_.wait(lock, [&] { return stopping_ || (tasks_.empty() && !busy_); });
}

std::vector<fs::path> WorkspaceIndex::folders() const {
  std::lock_guard lock(stateMutex_);
  return folders_;
}

bool WorkspaceIndex::isEditorPath(const std::string& path) const {
  std::lock_guard lock(stateMutex_);
  return editorPaths_.count(path) != 0;
}

ModuleLocation WorkspaceIndex::locate(const fs::path& file) const {
  fs::path folder = file.parent_path();
  for (const fs::path& candidate : folders()) {
    fs::path relative = file.lexically_relative(candidate);
    if (!relative.empty() && *relative.begin() != "..") {
      folder = candidate;
      break;
    }
  }
  ModuleLocation out;
  out.path = file.string();
  fs::path display = file.lexically_relative(folder);
  out.displayPath = display.empty() ? out.path : display.string();
  std::error_code ec;
  PackageTest isPackage = [&](const fs::path& dir) { return fs::exists(dir / "__init__.py", ec); };
  if (std::optional<ModuleNaming> naming = nameModule(file, folder, isPackage)) {
    out.module = std::move(naming->module);
    out.isPackage = naming->isPackage;
    out.importRoot = naming->importRoot.string();
    out.folderModule = std::move(naming->folderModule);
  } else {
    out.importRoot = file.parent_path().string();
  }
  return out;
}

void WorkspaceIndex::indexFolders() {
  auto started = std::chrono::steady_clock::now();
  std::vector<fs::path> roots;
  WorkspaceScanOptions scanOptions;
  {
    std::lock_guard lock(stateMutex_);
    roots = folders_;
    scanOptions = scan_;
  }
  WorkspaceIndexStatistics stats;
  std::vector<ScannedFile> files;
  for (const fs::path& root : roots) {
    WorkspaceScan scan = scanWorkspace(root, scanOptions, stopping_);
    stats.skippedFolders += scan.skippedFolders;
    stats.skippedLinks += scan.skippedLinks;
    stats.skippedLarge += scan.skippedLarge;
    stats.truncated = stats.truncated || scan.truncated;
    if (events_.warning) {
      for (const std::string& problem : scan.problems)
        events_.warning("workspace index: " + problem);
    }
    for (ScannedFile& file : scan.files)
      files.push_back(std::move(file));
  }
  // Nested or repeated folders list a file more than once.
  std::sort(files.begin(), files.end(),
            [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
  files.erase(
      std::unique(files.begin(), files.end(),
                  [](const ScannedFile& a, const ScannedFile& b) { return a.path == b.path; }),
      files.end());
  if (events_.started) events_.started(files.size());

  std::vector<ModuleLocation> locations;
  locations.reserve(files.size());
  for (const ScannedFile& file : files) {
    if (stopping_) return;
    locations.push_back(locate(file.path));
  }

  std::vector<SummaryPtr> results(files.size());
  std::atomic<size_t> next{0}, done{0}, unreadable{0};
  std::atomic<int64_t> lastReport{std::chrono::steady_clock::now().time_since_epoch().count()};
  auto work = [&] {
    analysis::ParserPtr parser = analysis::makePythonParser();
    std::string text, scratch;
    for (;;) {
      if (stopping_) return;
      size_t i = next.fetch_add(1);
      if (i >= files.size()) return;
      if (readWholeFile(files[i].path.string(), text, nullptr, scanOptions.maxFileBytes))
        results[i] = summarizeText(parser.get(), text, scratch, std::move(locations[i]));
      else
        ++unreadable;
      size_t finished = done.fetch_add(1) + 1;
      int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
      int64_t last = lastReport.load();
      if (events_.progress &&
          now - last >= std::chrono::steady_clock::duration(kProgressInterval).count() &&
          lastReport.compare_exchange_strong(last, now))
        events_.progress(finished, files.size());
    }
  };
  unsigned helpers = std::min<size_t>(std::max(options_.threads, 1U) - 1, files.size());
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (unsigned i = 0; i < helpers; ++i)
    threads.emplace_back(work);
  work();
  for (std::thread& thread : threads)
    thread.join();
  if (stopping_) return;

  stats.unreadable = unreadable;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  put(std::move(results));
  {
    std::lock_guard lock(stateMutex_);
    statistics_ = stats;
  }
  if (events_.finished) events_.finished(statistics());
  changed(std::nullopt);
}

void WorkspaceIndex::reread(const fs::path& file) {
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(file, ec))) {
    rescanFolder(file);
    return;
  }
  if (isEditorPath(file.string())) return;
  WorkspaceScanOptions scanOptions;
  {
    std::lock_guard lock(stateMutex_);
    scanOptions = scan_;
  }
  bool belongs = false;
  for (const fs::path& folder : folders())
    belongs = belongs || isWorkspaceFile(file, folder, scanOptions);
  std::string text;
  if (!belongs || !readWholeFile(file.string(), text, nullptr, scanOptions.maxFileBytes)) {
    remove(file);
    return;
  }
  analysis::ParserPtr parser = analysis::makePythonParser();
  std::string scratch;
  // (An open document's text, even one opened while this file was read, keeps precedence.)
  if (auto modules = put({summarizeText(parser.get(), text, scratch, locate(file))}))
    changed(modules);
}

void WorkspaceIndex::rescanFolder(const fs::path& dir) {
  WorkspaceScanOptions scanOptions;
  {
    std::lock_guard lock(stateMutex_);
    scanOptions = scan_;
  }
  std::vector<fs::path> roots = folders();
  if (std::none_of(roots.begin(), roots.end(),
                   [&](const fs::path& folder) { return isWorkspaceFolder(dir, folder); }))
    return;
  WorkspaceScan scan = scanWorkspace(dir, scanOptions, stopping_);
  analysis::ParserPtr parser = analysis::makePythonParser();
  std::string text, scratch;
  std::vector<SummaryPtr> summaries;
  for (const ScannedFile& file : scan.files) {
    if (stopping_) return;
    if (readWholeFile(file.path.string(), text, nullptr, scanOptions.maxFileBytes))
      summaries.push_back(summarizeText(parser.get(), text, scratch, locate(file.path)));
  }
  if (auto modules = put(std::move(summaries))) changed(modules);
}

void WorkspaceIndex::remove(const fs::path& path) {
  std::string key = path.string();
  std::string below = key.ends_with('/') ? key : key + "/";
  std::set<std::string, std::less<>> modules;
  {
    std::lock_guard lock(stateMutex_);
    if (editorPaths_.count(key)) return;
    std::vector<std::string> gone;
    for (auto it = state_->byPath.lower_bound(key);
         it != state_->byPath.end() && (it->first == key || it->first.starts_with(below)); ++it)
      if (!editorPaths_.count(it->first)) gone.push_back(it->first);
    if (gone.empty()) return;
    auto next = std::make_shared<State>(*state_);
    for (const std::string& file : gone) {
      auto it = next->byPath.find(file);
      addKeys(modules, *it->second);
      removeNames(*next, it->second);
      next->byPath.erase(it);
    }
    next->generation = state_->generation + 1;
    state_ = std::move(next);
    generation_ = state_->generation;
  }
  changed(modules);
}

std::optional<std::set<std::string, std::less<>>>
WorkspaceIndex::put(std::vector<SummaryPtr> summaries, bool editor) {
  std::lock_guard lock(stateMutex_);
  std::set<std::string, std::less<>> modules;
  std::shared_ptr<State> next;
  for (SummaryPtr& summary : summaries) {
    if (!summary) continue;
    const std::string& path = summary->location.path;
    if (!editor && editorPaths_.count(path)) continue;
    auto held = state_->byPath.find(path);
    if (held != state_->byPath.end() && held->second->fingerprint == summary->fingerprint) continue;
    // Copied once, on the first summary that says something new.
    if (!next) next = std::make_shared<State>(*state_);
    addKeys(modules, *summary);
    auto it = next->byPath.find(path);
    if (it != next->byPath.end()) {
      addKeys(modules, *it->second);
      removeNames(*next, it->second);
      it->second = summary;
    } else {
      next->byPath.emplace(path, summary);
    }
    addNames(*next, summary);
  }
  if (!next) return std::nullopt;
  next->generation = state_->generation + 1;
  state_ = std::move(next);
  generation_ = state_->generation;
  return modules;
}

void WorkspaceIndex::useEditorText(const fs::path& file,
                                   const analysis::AnalyzedDocument& document) {
  fs::path normal = file.lexically_normal();
  SummaryPtr summary = analysis::summarizeModule(locate(normal), document.snapshot.root(),
                                                 document.source(), document.decorators);
  {
    std::lock_guard lock(stateMutex_);
    editorPaths_.insert(summary->location.path);
  }
  if (auto modules = put({std::move(summary)}, true)) changed(modules);
}

void WorkspaceIndex::editorClosed(const fs::path& file) {
  fs::path normal = file.lexically_normal();
  {
    std::lock_guard lock(stateMutex_);
    if (editorPaths_.erase(normal.string()) == 0) return;
  }
  // Back to what the disk holds; reread drops files outside the folders.
  enqueue({Task::Kind::Reread, normal});
}

std::shared_ptr<const WorkspaceIndex::View>
WorkspaceIndex::externalsFor(const fs::path& importer) const {
  std::shared_ptr<const State> state;
  {
    std::lock_guard lock(stateMutex_);
    state = state_;
  }
  ModuleLocation location;
  if (!importer.empty()) {
    fs::path normal = importer.lexically_normal();
    auto it = state->byPath.find(normal.string());
    location = it != state->byPath.end() ? it->second->location : locate(normal);
  }
  return std::make_shared<View>(std::move(state), std::move(location));
}

std::shared_ptr<const ModuleSummary> WorkspaceIndex::summaryOf(const fs::path& file) const {
  std::lock_guard lock(stateMutex_);
  auto it = state_->byPath.find(file.lexically_normal().string());
  return it == state_->byPath.end() ? nullptr : it->second;
}

WorkspaceIndexStatistics WorkspaceIndex::statistics() const {
  std::lock_guard lock(stateMutex_);
  WorkspaceIndexStatistics out = statistics_;
  out.files = state_->byPath.size();
  out.decorators = 0;
  out.summaryBytes = 0;
  for (const auto& [path, summary] : state_->byPath) {
    out.decorators += summary->decorators.size();
    out.summaryBytes += summary->heapBytes();
  }
  return out;
}

void WorkspaceIndex::changed(const ChangedModules& modules) {
  if (events_.changed) events_.changed(modules);
}

} // namespace closurelens::server
