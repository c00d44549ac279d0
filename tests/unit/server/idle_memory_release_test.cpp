#include "server/idle_memory_release.hpp"

#include <asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>

namespace closurelens::server {
namespace {

using namespace std::chrono_literals;

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
  for (auto waited = 0ms; waited < limit && !condition(); waited += 1ms)
    std::this_thread::sleep_for(1ms);
  return condition();
}

TEST(IdleMemoryReleaseTest, ReleasesOnceAfterEachQuietSpell) {
  asio::thread_pool pool(1);
  std::atomic<int> releases{0};
  IdleMemoryRelease release(pool.get_executor(), 5ms, [&] { ++releases; });
  release.activity();
  release.activity();
  ASSERT_TRUE(waitFor([&] { return releases == 1; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(releases, 1) << "no activity, no further release";
  release.activity();
  ASSERT_TRUE(waitFor([&] { return releases == 2; }));
  release.stop();
  pool.join();
}

// Calls activity() every millisecond until stopped: a session that is never quiet.
class BusyClient {
public:
  explicit BusyClient(IdleMemoryRelease& release)
      : thread_([this, &release] {
          while (!done_) {
            release.activity();
            std::this_thread::sleep_for(1ms);
          }
        }) {}
  ~BusyClient() {
    done_ = true;
    thread_.join();
  }
  BusyClient(const BusyClient&) = delete;
  BusyClient& operator=(const BusyClient&) = delete;

private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

constexpr std::size_t kMiB = std::size_t{1} << 20;

// Resident memory as the busy periods see it: `before` for the first `periods` probes, then
// `after`. Returns the probe count at the first release (0: none within `wait`).
int probesAtFirstRelease(std::size_t before, std::size_t after, int periods,
                         std::chrono::milliseconds wait) {
  asio::thread_pool pool(1);
  std::atomic<int> probes{0};
  std::atomic<int> atRelease{0};
  // Periods long enough that the client's 1 ms calls never leave one quiet (a quiet release).
  IdleMemoryRelease release(
      pool.get_executor(), 100ms, [&] { atRelease.store(probes.load()); },
      [&]() -> std::optional<std::size_t> { return ++probes <= periods ? before : after; });
  {
    BusyClient client(release);
    waitFor([&] { return atRelease.load() != 0; }, wait);
  }
  release.stop();
  pool.join();
  return atRelease.load();
}

TEST(IdleMemoryReleaseTest, BusySessionReleasesOnceResidentMemoryGrowsByATenth) {
  EXPECT_EQ(probesAtFirstRelease(100 * kMiB, 112 * kMiB, 3, 10s), 4);
}

TEST(IdleMemoryReleaseTest, BusySessionWithFlatOrSlightlyGrowingMemoryIsLeftAlone) {
  // 8% more: below the share. 10 busy periods, far from the every-30-periods release.
  EXPECT_EQ(probesAtFirstRelease(100 * kMiB, 108 * kMiB, 3, 1s), 0);
  // A small process: a tenth is less than the 1 MiB floor.
  EXPECT_EQ(probesAtFirstRelease(4 * kMiB, 5 * kMiB - 1, 3, 1s), 0);
}

TEST(IdleMemoryReleaseTest, StopCancelsTheWaitSoThatThePoolCanJoin) {
  asio::thread_pool pool(1);
  std::atomic<int> releases{0};
  IdleMemoryRelease release(pool.get_executor(), std::chrono::hours(1), [&] { ++releases; });
  release.activity();
  release.stop();
  pool.join(); // would wait an hour for the timer if stop() left it pending
  EXPECT_EQ(releases, 0);
}

TEST(IdleMemoryReleaseTest, ZeroQuietDisablesIt) {
  asio::thread_pool pool(1);
  std::atomic<int> releases{0};
  IdleMemoryRelease release(pool.get_executor(), 0ms, [&] { ++releases; });
  release.activity();
  pool.join();
  EXPECT_EQ(releases, 0);
}

} // namespace
} // namespace closurelens::server
