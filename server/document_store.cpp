#include "server/document_store.hpp"

#include "server/file_uri.hpp"

namespace closurelens::server {

std::shared_ptr<const analysis::AnalyzedDocument> OpenDocument::analyzed() {
  if (!analyzed_ && document) {
    std::shared_ptr<const WorkspaceIndex::View> externals;
    if (index) externals = index->externalsFor(pathFromUri(uri).value_or(std::filesystem::path()));
    // Handed over, the earlier analysis gives up what the edits left unchanged instead of being
    // copied from and then freed.
    analyzed_ = analysis::AnalyzedDocument::analyzeAfter(document->snapshot(), std::move(earlier_),
                                                         analysisOptions_, externals.get());
    // A moved decorator model looked nothing up: it depends on what the previous one did.
    if (!analyzed_->reuse.decoratorsMoved)
      indexLookups_ = externals ? externals->lookedUp() : std::vector<std::string>{};
  }
  return analyzed_;
}

bool OpenDocument::indexChanged(const ChangedModules& modules) {
  // An analysis that looked nothing up saw no other module; none made yet has nothing to drop.
  if (!analyzed_ || indexLookups_.empty()) return false;
  if (modules) {
    bool concerned = false;
    for (const std::string& name : indexLookups_)
      concerned = concerned || modules->count(name) != 0;
    if (!concerned) return false;
  }
  earlier_ = std::move(analyzed_); // its scopes stay valid; the decorator model does not
  findings.reset();
  ++indexRefreshes;
  return true;
}

const protocol::LineIndex& OpenDocument::lineIndex() {
  if (!lineIndex_) lineIndex_.emplace(document ? std::string_view(document->text()) : "");
  return *lineIndex_;
}

void OpenDocument::setAnalysisOptions(const analysis::AnalysisOptions& options) {
  if (options == analysisOptions_) return;
  analysisOptions_ = options;
  // The earlier analysis stays for its tree; statements analysed under other options are not
  // reused (ScopeTree::buildIncremental compares them).
  if (analyzed_) earlier_ = std::move(analyzed_);
  findings.reset();
}

void OpenDocument::textChanged() {
  editsSinceRebuild.fetch_add(1, std::memory_order_relaxed);
  findings.reset();
  if (analyzed_) earlier_ = std::move(analyzed_);
  analyzed_.reset();
  lineIndex_.reset();
}

void OpenDocument::rest() {
  if (!document) return;
  restingText_ = document->snapshot().text;
  document.reset();
  editsSinceRebuild.store(0, std::memory_order_relaxed); // wake() parses from scratch
  analyzed_.reset();
  earlier_.reset();
  lineIndex_.reset();
}

bool OpenDocument::wake() {
  if (!document && restingText_) {
    document.emplace(std::string(*restingText_));
    restingText_.reset();
  }
  return document.has_value();
}

bool OpenDocument::rebuild() {
  editsSinceRebuild.store(0, std::memory_order_relaxed);
  if (!document) return false;
  // The old tree and analysis go first: the new ones then fill the holes they and the short-lived
  // data around them leave, instead of being laid beside them, and the pages that only kept
  // survivors of earlier versions come free together. (A request still holding the old analysis
  // keeps it alive until it answers.)
  std::string text = document->text();
  analyzed_.reset();
  earlier_.reset();
  lineIndex_.reset();
  document.reset();
  document.emplace(std::move(text));
  // Made now rather than by the next request, which then finds them ready.
  analyzed();
  lineIndex();
  return true;
}

std::size_t OpenDocument::sourceBytes() const {
  if (document) return document->text().size();
  return restingText_ ? restingText_->size() : 0;
}

std::shared_ptr<OpenDocument> DocumentStore::open(const std::string& uri) {
  std::lock_guard lock(mutex_);
  std::shared_ptr<OpenDocument> previous;
  if (auto open = documents_.find(uri); open != documents_.end()) {
    previous = open->second;
    forgetAwake(previous.get());
  } else if (auto closed = closing_.find(uri); closed != closing_.end()) {
    previous = closed->second.lock();
    closing_.erase(closed);
  }
  auto entry = std::make_shared<OpenDocument>(
      uri, previous ? previous->strand : asio::make_strand(pool_.get_executor()), index_);
  documents_[uri] = entry;
  return entry;
}

std::shared_ptr<OpenDocument> DocumentStore::find(const std::string& uri) const {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : it->second;
}

std::shared_ptr<OpenDocument> DocumentStore::close(const std::string& uri) {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(uri);
  if (it == documents_.end()) return nullptr;
  auto entry = std::move(it->second);
  documents_.erase(it);
  forgetAwake(entry.get());
  // Sweeps now and then, so that closing_ stays as small as the entries still alive in it.
  if (closing_.size() >= 64 + documents_.size()) {
    std::erase_if(closing_, [](const auto& item) { return item.second.expired(); });
  }
  closing_[uri] = entry;
  return entry;
}

std::vector<std::shared_ptr<OpenDocument>> DocumentStore::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<OpenDocument>> out;
  out.reserve(documents_.size());
  for (const auto& [uri, entry] : documents_)
    out.push_back(entry);
  return out;
}

std::size_t DocumentStore::size() const {
  std::lock_guard lock(mutex_);
  return documents_.size();
}

std::vector<std::shared_ptr<OpenDocument>>
DocumentStore::touch(const std::shared_ptr<OpenDocument>& entry, std::size_t sourceBytes) {
  std::lock_guard lock(mutex_);
  forgetAwake(entry.get());
  awake_.emplace_front(entry, sourceBytes);
  awakeIndex_[entry.get()] = awake_.begin();
  awakeBytes_ += sourceBytes;
  std::vector<std::shared_ptr<OpenDocument>> out;
  while (awakeBytes_ > awakeBudget_ && awake_.size() > 1) {
    awakeBytes_ -= awake_.back().second;
    awakeIndex_.erase(awake_.back().first.get());
    out.push_back(std::move(awake_.back().first));
    awake_.pop_back();
  }
  return out;
}

bool DocumentStore::isAwake(const OpenDocument& entry) const {
  std::lock_guard lock(mutex_);
  return awakeIndex_.count(&entry) != 0;
}

void DocumentStore::forgetAwake(const OpenDocument* entry) {
  auto it = awakeIndex_.find(entry);
  if (it == awakeIndex_.end()) return;
  awakeBytes_ -= it->second->second;
  awake_.erase(it->second);
  awakeIndex_.erase(it);
}

} // namespace closurelens::server
