// Gives the memory the allocator keeps for reuse back to the operating system once the session has
// been quiet for a while (see allocator_policy.hpp for why it matters). Any thread may call
// activity(); stop() before the pool joins.
#pragma once

#include "server/allocator_policy.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

namespace closurelens::server {

class IdleMemoryRelease {
public:
  // A `quiet` of zero disables the release. `release` runs on `executor`.
  IdleMemoryRelease(const asio::any_io_executor& executor, std::chrono::milliseconds quiet,
                    std::function<void()> release = releaseFreeMemory);
  IdleMemoryRelease(const IdleMemoryRelease&) = delete;
  IdleMemoryRelease& operator=(const IdleMemoryRelease&) = delete;

  // The session is busy: memory is released once `quiet` (to twice that) passes without a call,
  // and every kBusyPeriodsBeforeRelease periods of `quiet` while calls keep coming.
  void activity();
  // No release after this; a pending wait is cancelled so that the executor can finish.
  void stop();

  static constexpr unsigned kBusyPeriodsBeforeRelease = 30;

private:
  void armLocked();
  void onTimer();

  std::chrono::milliseconds quiet_;
  std::function<void()> release_;
  std::atomic<std::uint64_t> activity_{0};
  std::atomic<bool> armed_{false};
  std::mutex mutex_; // guards the timer and the fields below
  asio::steady_timer timer_;
  std::uint64_t seen_ = 0;
  unsigned busyPeriods_ = 0;
  bool stopped_ = false;
};

} // namespace closurelens::server
