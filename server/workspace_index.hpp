// The workspace index: a summary (analysis/module_summary.hpp) of every Python file of the
// workspace folders, made in the background after `initialized`, kept up to date from file events
// and from the text of open documents, and asked by each document's analysis for the decorators
// it imports (externalsFor). Only summaries are kept: no trees, no file contents.
// Threads: the index runs its own thread (indexing the folders with helper threads, re-reading
// changed files); every public member may be called from any thread. Lookups read an immutable
// snapshot of the summaries, so a request never waits for indexing.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/external_decorators.hpp"
#include "analysis/module_resolution.hpp"
#include "analysis/module_summary.hpp"
#include "server/workspace_scan.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace closurelens::server {

struct WorkspaceIndexOptions {
  unsigned threads = 2; // summarising threads while the folders are indexed
};

// Which modules a change concerns, by the last component of their names (`util` for app.util and
// for app/util/__init__.py): whoever looked up a module by a name ending so may see a difference.
// Nullopt: any module.
using ChangedModules = std::optional<std::set<std::string, std::less<>>>;

struct WorkspaceIndexStatistics {
  size_t files = 0;      // summaries held
  size_t decorators = 0; // decorator definitions among them
  size_t unreadable = 0; // files the last indexing could not read
  size_t skippedFolders = 0, skippedLinks = 0, skippedLarge = 0;
  bool truncated = false;  // the scan stopped at WorkspaceScanOptions::maxFiles
  size_t summaryBytes = 0; // heap held by the summaries, roughly
  double seconds = 0;      // wall time of indexing the folders
};

class WorkspaceIndex {
public:
  // Called on the index's threads (or, for `changed`, on the thread whose call changed a summary).
  struct Events {
    std::function<void(size_t files)> started;               // the folders hold `files` to index
    std::function<void(size_t done, size_t files)> progress; // at most every 100 ms
    std::function<void(const WorkspaceIndexStatistics&)> finished;
    // generation() moved; analyses that looked up one of `modules` are stale.
    std::function<void(const ChangedModules& modules)> changed;
    std::function<void(const std::string&)> warning;
  };

  explicit WorkspaceIndex(WorkspaceIndexOptions options = {}, Events events = {});
  ~WorkspaceIndex();
  WorkspaceIndex(const WorkspaceIndex&) = delete;
  WorkspaceIndex& operator=(const WorkspaceIndex&) = delete;

  // Indexes the Python files of `folders` (absolute) in the background. Once: later calls do
  // nothing. Files that change meanwhile are re-read after it.
  void start(const std::vector<std::filesystem::path>& folders, WorkspaceScanOptions scan = {});
  // A file (or a folder: its files) was created or changed on disk: re-read in the background,
  // if it belongs to a workspace folder.
  void fileChanged(const std::filesystem::path& path);
  // A file or a folder was deleted: its summaries go.
  void fileDeleted(const std::filesystem::path& path);
  // An open document's text stands for its file until editorClosed, whatever the disk holds.
  // Summarised on the calling thread from the document's analysis (cheap: no parsing).
  void useEditorText(const std::filesystem::path& file, const analysis::AnalyzedDocument& document);
  void editorClosed(const std::filesystem::path& file);

  class View;
  // What `importer` (a file's path; empty for a document without one) sees of other modules.
  std::shared_ptr<const View> externalsFor(const std::filesystem::path& importer) const;
  // Bumped whenever a summary is added, removed or changes what it says.
  uint64_t generation() const { return generation_.load(); }

  std::shared_ptr<const analysis::ModuleSummary> summaryOf(const std::filesystem::path& file) const;
  WorkspaceIndexStatistics statistics() const;
  // Blocks until the index thread has nothing left to do (tests and benchmarks).
  void waitUntilIdle();
  // Stops the index thread; pending work is dropped. The destructor calls it.
  void stop();

  struct State; // the immutable snapshot lookups read (workspace_index.cpp)

private:
  struct Task {
    enum class Kind { IndexFolders, Reread, Remove } kind;
    std::filesystem::path path;
  };
  void run();
  void enqueue(Task task);
  void indexFolders();
  void reread(const std::filesystem::path& file);
  void rescanFolder(const std::filesystem::path& dir);
  void remove(const std::filesystem::path& path);
  // Replaces the summaries of their files in one new snapshot, those of open documents aside
  // unless `editor` (they come from the editor). Nullopt when none says anything new, else the
  // modules the change concerns.
  std::optional<std::set<std::string, std::less<>>>
  put(std::vector<std::shared_ptr<const analysis::ModuleSummary>> summaries, bool editor = false);
  analysis::ModuleLocation locate(const std::filesystem::path& file) const;
  std::vector<std::filesystem::path> folders() const;
  bool isEditorPath(const std::string& path) const;
  void changed(const ChangedModules& modules);

  const WorkspaceIndexOptions options_;
  const Events events_;

  mutable std::mutex stateMutex_;
  std::shared_ptr<const State> state_;
  std::atomic<uint64_t> generation_{0};
  WorkspaceIndexStatistics statistics_; // guarded by stateMutex_, summary counts aside
  std::set<std::string> editorPaths_;   // guarded by stateMutex_
  std::vector<std::filesystem::path> folders_;
  WorkspaceScanOptions scan_;
  bool started_ = false;

  std::mutex taskMutex_;
  std::condition_variable taskReady_;
  std::condition_variable idle_;
  std::deque<Task> tasks_;
  bool busy_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// One importing file's view of a snapshot of the index: answers the decorator model's questions
// and remembers which modules it was asked about (see ChangedModules). Used by one analysis at a
// time; lookedUp() may be read once the analysis is done.
class WorkspaceIndex::View final : public analysis::ExternalDecorators,
                                   public analysis::ModuleSource {
public:
  View(std::shared_ptr<const State> state, analysis::ModuleLocation importer);

  analysis::ExternalResolution find(std::string_view module,
                                    std::string_view member) const override;
  uint64_t generation() const override;
  std::shared_ptr<const analysis::ModuleSummary>
  module(std::string_view name, const analysis::ModuleLocation& from) const override;

  // The last components of the module names asked for, sorted, without repeats.
  std::vector<std::string> lookedUp() const;

private:
  std::shared_ptr<const State> state_;
  analysis::ModuleLocation importer_;
  mutable std::mutex mutex_;
  mutable std::vector<std::string> lookedUp_;
};

// The name ChangedModules files a module under: the last component of `module`.
std::string_view moduleKey(std::string_view module);

} // namespace closurelens::server
