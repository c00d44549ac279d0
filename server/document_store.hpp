// The documents the client has open, by URI. The map is guarded by a mutex and may be used from
// any thread; each OpenDocument's contents are touched only on that document's strand. A URI that
// is opened again while its previous entry still has work queued gets that entry's strand, so that
// what the old entry still does (e.g. publish diagnostics) comes before what the new one does.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/document.hpp"
#include "analysis/finding.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/finding_filter.hpp"

#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace closurelens::server {

using Strand = asio::strand<asio::thread_pool::executor_type>;

struct OpenDocument {
  OpenDocument(std::string uri, Strand strand) : uri(std::move(uri)), strand(std::move(strand)) {}

  const std::string uri;
  // Orders every edit and request on this document.
  Strand strand;

  // Strand only. Empty until didOpen has run on the strand, and again once an edit did not fit:
  // then the text no longer matches the client's and requests are refused until it reopens.
  std::optional<analysis::Document> document;
  int64_t version = 0;
  std::string outOfSyncReason;
  // Strand only. Set once the client closed the document (or opened it anew): its queued work
  // still answers requests but publishes nothing more.
  bool closed = false;

  // Strand only. The findings to report for the current text (see lsp_diagnostics.hpp), the
  // version they were last published for, and the timer that debounces publishing.
  std::optional<std::vector<ReportedFinding>> findings;
  int64_t publishedVersion = -1;
  std::optional<asio::steady_timer> publishTimer;

  // Strand only. The analysis and line index of the current text, made when first asked for and
  // dropped by every edit.
  std::shared_ptr<const analysis::AnalyzedDocument> analyzed();
  const protocol::LineIndex& lineIndex();
  void textChanged();

private:
  std::shared_ptr<const analysis::AnalyzedDocument> analyzed_;
  std::optional<protocol::LineIndex> lineIndex_;
};

class DocumentStore {
public:
  explicit DocumentStore(asio::thread_pool& pool) : pool_(pool) {}

  // A fresh entry for `uri`, replacing any previous one (whose queued work still completes).
  std::shared_ptr<OpenDocument> open(const std::string& uri);
  // Removes and returns the entry, or null when `uri` was not open.
  std::shared_ptr<OpenDocument> find(const std::string& uri) const;
  std::shared_ptr<OpenDocument> close(const std::string& uri);
  std::size_t size() const;
  std::vector<std::shared_ptr<OpenDocument>> all() const;

private:
  asio::thread_pool& pool_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<OpenDocument>, std::less<>> documents_;
  // Entries closed, for as long as queued work keeps them alive (expired ones are swept).
  std::map<std::string, std::weak_ptr<OpenDocument>, std::less<>> closing_;
};

} // namespace closurelens::server
