// The documents the client has open, by URI. The map is guarded by a mutex and may be used from
// any thread; each OpenDocument's contents are touched only on that document's strand. Only the
// most recently used documents keep their syntax tree and analysis (about 30 bytes per source
// byte); the others rest as plain text until they are used again. A URI that is opened again while
// its previous entry still has work queued gets that entry's strand, so that what the old entry
// still does (e.g. publish diagnostics) comes before what the new one does.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/document.hpp"
#include "analysis/finding.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/finding_filter.hpp"
#include "server/workspace_index.hpp"

#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace closurelens::server {

using Strand = asio::strand<asio::thread_pool::executor_type>;

struct OpenDocument {
  OpenDocument(std::string uri, Strand strand, const WorkspaceIndex* index = nullptr)
      : uri(std::move(uri)), strand(std::move(strand)), index(index) {}

  const std::string uri;
  // Orders every edit and request on this document.
  Strand strand;
  // Where analyses find the decorators this document imports; may be null.
  const WorkspaceIndex* const index;

  // The strand's tasks hold this while they read or change the text, tree or analysis below, so
  // that another thread may put the document to rest (rest()) when it is idle.
  std::mutex useMutex;

  // Strand only. Empty until didOpen has run on the strand, and again once an edit did not fit:
  // then the text no longer matches the client's and requests are refused until it reopens.
  std::optional<analysis::Document> document;
  int64_t version = 0;
  std::string outOfSyncReason;
  // Strand only. Set once the client closed the document (or opened it anew): its queued work
  // still answers requests but publishes nothing more.
  bool closed = false;

  // Strand only. The findings to report for the current text (see lsp_diagnostics.hpp) and the
  // version they were last published for.
  std::optional<std::vector<ReportedFinding>> findings;
  int64_t publishedVersion = -1;

  // Any thread: edits posted to the strand and not applied yet. The reader thread counts an edit
  // up when it posts it and the strand counts it down when it applies it, so the strand knows
  // whether a newer edit waits behind the one it applies.
  std::atomic<uint32_t> queuedEdits{0};
  // Strand only. Debounces handing the edited text to the workspace index.
  std::optional<asio::steady_timer> indexTimer;

  // Strand only. The analysis and line index of the current text, made when first asked for and
  // dropped by every edit. The last analysis made is kept until the next one, which reuses what
  // the edits left unchanged (the analysis is also dropped by indexChanged).
  std::shared_ptr<const analysis::AnalyzedDocument> analyzed();
  const protocol::LineIndex& lineIndex();
  void textChanged();
  // Strand only. The options the analysis is made with (the Python version of the document's
  // settings); a change drops the analysis and the findings. `settingsGeneration` is the
  // server's settings generation they were worked out for.
  void setAnalysisOptions(const analysis::AnalysisOptions& options);
  uint64_t settingsGeneration = UINT64_MAX;
  // Strand only. Drops the analysis and findings when the workspace index changed something the
  // analysis looked up (`modules`, see ChangedModules); returns whether it did.
  bool indexChanged(const ChangedModules& modules);
  // Strand only. How many times indexChanged dropped the analysis (part of pull result ids).
  uint32_t indexRefreshes = 0;

  // With useMutex held. rest() drops the tree (with its parser), the analysis and the line index
  // and keeps the text, version and findings; wake() parses the text again. wake() returns whether
  // `document` is there to use: false before didOpen ran and once the document is out of sync.
  void rest();
  bool wake();
  std::size_t sourceBytes() const;

  // Edits applied to the tree and analysis since they were last built from scratch. Written on the
  // strand, read by any thread.
  std::atomic<uint32_t> editsSinceRebuild{0};
  // Strand only, with useMutex held. Parses the text from scratch and analyses it without the
  // earlier analysis; returns false (doing nothing) when there is no document to rebuild. The
  // answers stay the same: what changes is where the tree and analysis lie in memory. Incremental
  // edits keep the unchanged subtrees and statement analyses of many versions, each allocated
  // between the short-lived data of its own version; once those are freed, the survivors pin
  // pages the allocator cannot give back, and a long session's resident memory creeps up while
  // the memory in use stays flat. A rebuild in a quiet spell frees all of them at once.
  bool rebuild();

private:
  std::shared_ptr<const analysis::AnalyzedDocument> analyzed_;
  std::shared_ptr<const analysis::AnalyzedDocument> earlier_;
  analysis::AnalysisOptions analysisOptions_;
  // The modules the last analysis looked up in the index (WorkspaceIndex::View::lookedUp).
  std::vector<std::string> indexLookups_;
  std::optional<protocol::LineIndex> lineIndex_;
  std::shared_ptr<const std::string> restingText_;
};

class DocumentStore {
public:
  // `awakeSourceBytes`: how much source the awake documents may add up to (see touch); `index`:
  // where analyses find imported decorators, may be null.
  DocumentStore(asio::thread_pool& pool, std::size_t awakeSourceBytes,
                const WorkspaceIndex* index = nullptr)
      : pool_(pool), index_(index), awakeBudget_(awakeSourceBytes) {}

  // A fresh entry for `uri`, replacing any previous one (whose queued work still completes).
  std::shared_ptr<OpenDocument> open(const std::string& uri);
  // Removes and returns the entry, or null when `uri` was not open.
  std::shared_ptr<OpenDocument> find(const std::string& uri) const;
  std::shared_ptr<OpenDocument> close(const std::string& uri);
  std::size_t size() const;
  std::vector<std::shared_ptr<OpenDocument>> all() const;

  // Records that `entry`, now `sourceBytes` long, was just used, and returns the least recently
  // used awake documents that no longer fit the budget (never `entry` itself). The caller puts
  // each to rest on its own strand, unless isAwake says that it was used again meanwhile.
  std::vector<std::shared_ptr<OpenDocument>> touch(const std::shared_ptr<OpenDocument>& entry,
                                                   std::size_t sourceBytes);
  bool isAwake(const OpenDocument& entry) const;

private:
  void forgetAwake(const OpenDocument* entry); // mutex_ held

  asio::thread_pool& pool_;
  const WorkspaceIndex* index_;
  const std::size_t awakeBudget_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<OpenDocument>, std::less<>> documents_;
  // Most recently used first, with the source size each had when it was used.
  using AwakeList = std::list<std::pair<std::shared_ptr<OpenDocument>, std::size_t>>;
  AwakeList awake_;
  std::unordered_map<const OpenDocument*, AwakeList::iterator> awakeIndex_;
  std::size_t awakeBytes_ = 0;
  // Entries closed, for as long as queued work keeps them alive (expired ones are swept).
  std::map<std::string, std::weak_ptr<OpenDocument>, std::less<>> closing_;
};

} // namespace closurelens::server
