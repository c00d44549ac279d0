// The documents the client has open, by URI. The map is guarded by a mutex and may be used from
// any thread; each OpenDocument's contents are touched only on that document's strand.
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
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

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

  // Strand only. Empty until didOpen has run on the strand, and again once an edit did not fit:
  // then the text no longer matches the client's and requests are refused until it reopens.
  std::optional<analysis::Document> document;
  int64_t version = 0;
  std::string outOfSyncReason;

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
  // Strand only. Drops the analysis and findings when the workspace index changed something the
  // analysis looked up (`modules`, see ChangedModules); returns whether it did.
  bool indexChanged(const ChangedModules& modules);
  // Strand only. How many times indexChanged dropped the analysis (part of pull result ids).
  uint32_t indexRefreshes = 0;

private:
  std::shared_ptr<const analysis::AnalyzedDocument> analyzed_;
  std::shared_ptr<const analysis::AnalyzedDocument> earlier_;
  // The modules the last analysis looked up in the index (WorkspaceIndex::View::lookedUp).
  std::vector<std::string> indexLookups_;
  std::optional<protocol::LineIndex> lineIndex_;
};

class DocumentStore {
public:
  explicit DocumentStore(asio::thread_pool& pool, const WorkspaceIndex* index = nullptr)
      : pool_(pool), index_(index) {}

  // A fresh entry for `uri`, replacing any previous one (whose queued work still completes).
  std::shared_ptr<OpenDocument> open(const std::string& uri);
  std::shared_ptr<OpenDocument> find(const std::string& uri) const;
  // Removes and returns the entry, or null when `uri` was not open.
  std::shared_ptr<OpenDocument> close(const std::string& uri);
  std::size_t size() const;
  std::vector<std::shared_ptr<OpenDocument>> all() const;

private:
  asio::thread_pool& pool_;
  const WorkspaceIndex* index_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<OpenDocument>, std::less<>> documents_;
};

} // namespace closurelens::server
