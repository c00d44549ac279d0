// Writes the server's log lines to stderr and, once a client is attached, as window/logMessage.
// Any thread may call it; lines are written whole, in the order the calls take the lock.
#pragma once

#include <functional>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace closurelens::server {

// Numbered as LSP's MessageType so that a level converts to it directly.
enum class LogLevel { Error = 1, Warning = 2, Info = 3, Debug = 4 };

std::optional<LogLevel> parseLogLevel(std::string_view name);
std::string_view logLevelName(LogLevel level);

class Logger {
public:
  using Sink = std::function<void(LogLevel, const std::string&)>;

  Logger(LogLevel level, std::ostream& err) : level_(level), err_(err) {}

  LogLevel level() const { return level_; }
  // The client sink receives every line at or above the level; set it once the client may
  // receive notifications (after initialize), clear it before the transport closes.
  void setClientSink(Sink sink);

  void log(LogLevel level, std::string_view message);
  void error(std::string_view message) { log(LogLevel::Error, message); }
  void warning(std::string_view message) { log(LogLevel::Warning, message); }
  void info(std::string_view message) { log(LogLevel::Info, message); }
  void debug(std::string_view message) { log(LogLevel::Debug, message); }

private:
  LogLevel level_;
  std::ostream& err_;
  std::mutex mutex_;
  Sink sink_;
};

} // namespace closurelens::server
