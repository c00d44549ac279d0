#include "server/idle_memory_release.hpp"

#include <algorithm>

namespace closurelens::server {

IdleMemoryRelease::IdleMemoryRelease(const asio::any_io_executor& executor,
                                     std::chrono::milliseconds quiet, std::function<void()> release,
                                     ResidentProbe resident)
    : quiet_(quiet), release_(std::move(release)), resident_(std::move(resident)),
      timer_(executor) {}

void IdleMemoryRelease::activity() {
  if (quiet_.count() == 0) return;
  activity_.fetch_add(1, std::memory_order_relaxed);
  // Only the first call after a release arms the timer; the others cost one atomic each.
  if (armed_.exchange(true)) return;
  std::lock_guard lock(mutex_);
  armLocked();
}

void IdleMemoryRelease::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  timer_.cancel();
}

void IdleMemoryRelease::armLocked() {
  if (stopped_) return;
  timer_.expires_after(quiet_);
  timer_.async_wait([this](const std::error_code& ec) {
    if (!ec) onTimer();
  });
}

bool IdleMemoryRelease::residentGrewLocked() {
  if (!resident_) return false;
  const std::optional<std::size_t> now = resident_();
  if (!now) return false;
  // The lowest level, not the one at the release: a release runs after the rebuilds it waits
  // for, so the memory it frees shows a few periods later.
  if (lowestResident_ == 0 || *now < lowestResident_) lowestResident_ = *now;
  const auto share =
      static_cast<std::size_t>(static_cast<double>(lowestResident_) * kBusyGrowthShare);
  return *now > lowestResident_ + std::max(share, kBusyGrowthFloor);
}

void IdleMemoryRelease::onTimer() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    std::uint64_t now = activity_.load(std::memory_order_relaxed);
    if (now != seen_) { // busy during the last period: look again after the next one
      seen_ = now;
      armLocked();
      // A client that is never quiet for long still gets its memory released when the freed
      // pages add up, and now and then in any case.
      const bool grew = residentGrewLocked();
      if (++busyPeriods_ < kBusyPeriodsBeforeRelease && !grew) return;
      busyPeriods_ = 0;
      lowestResident_ = 0;
    } else {
      busyPeriods_ = 0;
      lowestResident_ = 0;
      armed_ = false;
      // An activity() between the load and clearing armed_ saw the timer armed and left it
      // alone: the session is not quiet after all.
      if (activity_.load(std::memory_order_relaxed) != now) {
        if (!armed_.exchange(true)) armLocked();
        return;
      }
    }
  }
  release_();
}

} // namespace closurelens::server
