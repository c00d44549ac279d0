#include "server/work_done_progress.hpp"

#include <algorithm>

namespace closurelens::server {

using nlohmann::json;

WorkDoneProgress::WorkDoneProgress(std::string token, std::string title,
                                   std::function<void(const json&)> send)
    : token_(std::move(token)), title_(std::move(title)), send_(std::move(send)) {}

void WorkDoneProgress::sendBegin() {
  send_({{"token", token_},
         {"value",
          {{"kind", "begin"},
           {"title", title_},
           {"message", message_},
           {"percentage", percentage_},
           {"cancellable", false}}}});
  lastReported_ = percentage_;
}

void WorkDoneProgress::sendEnd() {
  send_({{"token", token_}, {"value", {{"kind", "end"}, {"message", message_}}}});
}

void WorkDoneProgress::created() {
  std::lock_guard lock(mutex_);
  if (tokenState_ != Token::Pending) return;
  tokenState_ = Token::Created;
  if (work_ == Work::NotStarted) return;
  // The work began (and may have ended) while the client was answering.
  sendBegin();
  if (work_ == Work::Ended) sendEnd();
}

void WorkDoneProgress::refused() {
  std::lock_guard lock(mutex_);
  if (tokenState_ == Token::Pending) tokenState_ = Token::Refused;
}

void WorkDoneProgress::begin(std::string message) {
  std::lock_guard lock(mutex_);
  if (work_ != Work::NotStarted) return;
  work_ = Work::Running;
  message_ = std::move(message);
  percentage_ = 0;
  if (tokenState_ == Token::Created) sendBegin();
}

void WorkDoneProgress::report(std::string message, unsigned percentage) {
  std::lock_guard lock(mutex_);
  if (work_ != Work::Running) return;
  message_ = std::move(message);
  percentage_ = std::min(percentage, 100U);
  if (tokenState_ != Token::Created || lastReported_ == percentage_) return;
  send_({{"token", token_},
         {"value", {{"kind", "report"}, {"message", message_}, {"percentage", percentage_}}}});
  lastReported_ = percentage_;
}

void WorkDoneProgress::end(std::string message) {
  std::lock_guard lock(mutex_);
  if (work_ == Work::Ended) return;
  bool begun = work_ == Work::Running;
  work_ = Work::Ended;
  message_ = std::move(message);
  if (tokenState_ != Token::Created) return;
  if (!begun) sendBegin();
  sendEnd();
}

} // namespace closurelens::server
