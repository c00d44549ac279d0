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

std::shared_ptr<OpenDocument> DocumentStore::open(const std::string& uri) {
  std::lock_guard lock(mutex_);
  std::shared_ptr<OpenDocument> previous;
  if (auto open = documents_.find(uri); open != documents_.end()) {
    previous = open->second;
  } else if (auto closed = closing_.find(uri); closed != closing_.end()) {
    previous = closed->second.lock();
    closing_.erase(closed);
  }
  auto entry = std::make_shared<OpenDocument>(
      uri, previous ? previous->strand : asio::make_strand(pool_.get_executor()));
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

} // namespace closurelens::server
