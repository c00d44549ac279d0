#include "server/document_store.hpp"

namespace closurelens::server {

std::shared_ptr<const analysis::AnalyzedDocument> OpenDocument::analyzed() {
  if (!analyzed_ && document) analyzed_ = analysis::AnalyzedDocument::analyze(document->snapshot());
  return analyzed_;
}

const protocol::LineIndex& OpenDocument::lineIndex() {
  if (!lineIndex_) lineIndex_.emplace(document ? std::string_view(document->text()) : "");
  return *lineIndex_;
}

void OpenDocument::textChanged() {
  findings.reset();
  analyzed_.reset();
  lineIndex_.reset();
}

void OpenDocument::rest() {
  if (!document) return;
  restingText_ = document->snapshot().text;
  document.reset();
  analyzed_.reset();
  lineIndex_.reset();
}

bool OpenDocument::wake() {
  if (!document && restingText_) {
    document.emplace(std::string(*restingText_));
    restingText_.reset();
  }
  return document.has_value();
}

std::size_t OpenDocument::sourceBytes() const {
  if (document) return document->text().size();
  return restingText_ ? restingText_->size() : 0;
}

std::shared_ptr<OpenDocument> DocumentStore::open(const std::string& uri) {
  auto entry = std::make_shared<OpenDocument>(uri, asio::make_strand(pool_.get_executor()));
  std::lock_guard lock(mutex_);
  auto& slot = documents_[uri];
  if (slot) forgetAwake(slot.get());
  slot = entry;
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
