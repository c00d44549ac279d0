// Server-initiated work-done progress (LSP `window/workDoneProgress/create` + `$/progress`) for one
// piece of work. The token is usable only once the client has answered the create request; until
// then the state is kept and sent on the answer (begin, then end if the work is already over), and
// nothing is ever sent if the client refuses. Thread-safe: the work reports from its own threads,
// the answer arrives on the reader thread.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace closurelens::server {

class WorkDoneProgress {
public:
  // `send` receives the params of each `$/progress` notification.
  WorkDoneProgress(std::string token, std::string title,
                   std::function<void(const nlohmann::json&)> send);

  const std::string& token() const { return token_; }

  // The client's answer to the create request.
  void created();
  void refused();

  void begin(std::string message);
  // Sent at most once per percentage point change.
  void report(std::string message, unsigned percentage);
  void end(std::string message);

private:
  enum class Token { Pending, Created, Refused };
  enum class Work { NotStarted, Running, Ended };
  void sendBegin();
  void sendEnd();

  const std::string token_;
  const std::string title_;
  std::function<void(const nlohmann::json&)> send_;
  std::mutex mutex_;
  Token tokenState_ = Token::Pending;
  Work work_ = Work::NotStarted;
  std::string message_;
  unsigned percentage_ = 0;
  std::optional<unsigned> lastReported_;
};

} // namespace closurelens::server
