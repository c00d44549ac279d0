#include "server/logger.hpp"

#include <array>
#include <ostream>

namespace closurelens::server {
namespace {
constexpr std::array<std::string_view, 4> kNames = {"error", "warning", "info", "debug"};
}

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<LogLevel>(i + 1);
  }
  return std::nullopt;
}

std::string_view logLevelName(LogLevel level) {
  return kNames[static_cast<size_t>(level) - 1];
}

void Logger::setClientSink(Sink sink) {
  std::lock_guard lock(mutex_);
  sink_ = std::move(sink);
}

void Logger::log(LogLevel level, std::string_view message) {
  if (level > level_) return;
  std::string line(message);
  std::lock_guard lock(mutex_);
  err_ << "closurelens[" << logLevelName(level) << "] " << line << '\n' << std::flush;
  if (sink_) sink_(level, line);
}

} // namespace closurelens::server
