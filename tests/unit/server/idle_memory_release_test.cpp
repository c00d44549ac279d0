#include "server/idle_memory_release.hpp"

#include <asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace closurelens::server {
namespace {

using namespace std::chrono_literals;

bool waitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 10000 && !condition(); ++i)
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
