// Gives the memory the allocator keeps for reuse back to the operating system once the session has
// been quiet for a while, and while it never is, whenever resident memory has grown since the last
// release (see allocator_policy.hpp for why it matters). Any thread may call activity(); stop()
// before the pool joins.
#pragma once

#include "server/allocator_policy.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

namespace closurelens::server {

class IdleMemoryRelease {
public:
  using ResidentProbe = std::function<std::optional<std::size_t>()>;

  // A `quiet` of zero disables the release. `release` and `resident` run on `executor`.
  IdleMemoryRelease(const asio::any_io_executor& executor, std::chrono::milliseconds quiet,
                    std::function<void()> release = releaseFreeMemory,
                    ResidentProbe resident = residentBytes);
  IdleMemoryRelease(const IdleMemoryRelease&) = delete;
  IdleMemoryRelease& operator=(const IdleMemoryRelease&) = delete;

  // The session is busy: memory is released once `quiet` (to twice that) passes without a call.
  // While calls keep coming, it is released after a period of `quiet` in which resident memory
  // is more than kBusyGrowthShare (and kBusyGrowthFloor) above the lowest it has been since the
  // last release, and at the latest every kBusyPeriodsBeforeRelease periods.
  void activity();
  // No release after this; a pending wait is cancelled so that the executor can finish.
  void stop();

  static constexpr unsigned kBusyPeriodsBeforeRelease = 30;
  static constexpr double kBusyGrowthShare = 0.10;
  static constexpr std::size_t kBusyGrowthFloor = std::size_t{1} << 20;

private:
  void armLocked();
  void onTimer();
  // Whether resident memory grew enough since the last release to release it while busy.
  bool residentGrewLocked();

  std::chrono::milliseconds quiet_;
  std::function<void()> release_;
  ResidentProbe resident_;
  std::atomic<std::uint64_t> activity_{0};
  std::atomic<bool> armed_{false};
  std::mutex mutex_; // guards the timer and the fields below
  asio::steady_timer timer_;
  std::uint64_t seen_ = 0;
  unsigned busyPeriods_ = 0;
  std::size_t lowestResident_ = 0; // since the last release; 0: not measured yet
  bool stopped_ = false;
};

} // namespace closurelens::server
