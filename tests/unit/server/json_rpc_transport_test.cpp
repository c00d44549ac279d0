#include "server/json_rpc_transport.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace closurelens::server {
namespace {

using namespace std::chrono_literals;

JsonRpcTransport::ReadFn noInput() {
  return [](char*, std::size_t) -> std::size_t { return 0; };
}

// A peer that reads nothing: each write waits until it is abandoned.
struct StuckPeer {
  std::atomic<int> writes{0};
  std::atomic<bool> sawAbandon{false};
  JsonRpcTransport::WriteFn writer() {
    return [this](std::string_view, const std::atomic<bool>& abandon) {
      ++writes;
      while (!abandon)
        std::this_thread::sleep_for(1ms);
      sawAbandon = true;
      return false;
    };
  }
};

TEST(JsonRpcTransportTest, WritesWhatIsQueuedInOrderBeforeClosing) {
  std::mutex mutex;
  std::string written;
  std::ostringstream log;
  Logger logger(LogLevel::Info, log);
  JsonRpcTransport transport(
      noInput(),
      [&](std::string_view bytes, const std::atomic<bool>&) {
        std::lock_guard lock(mutex);
        written.append(bytes);
        return true;
      },
      TransportLimits{}, logger);
  transport.send("{\"a\":1}");
  transport.send("{\"b\":2}");
  transport.close();
  EXPECT_EQ(written, "Content-Length: 7\r\n\r\n{\"a\":1}Content-Length: 7\r\n\r\n{\"b\":2}");
  transport.send("{\"late\":3}"); // after close: dropped
  EXPECT_EQ(written.find("late"), std::string::npos);
}

TEST(JsonRpcTransportTest, GivesTheOutputUpWhenTooMuchWaitsBehindAStuckWrite) {
  StuckPeer peer;
  std::ostringstream log;
  Logger logger(LogLevel::Info, log);
  TransportLimits limits;
  limits.maxQueuedOutputBytes = 1000;
  JsonRpcTransport transport(noInput(), peer.writer(), limits, logger);
  std::string body(300, 'x');
  transport.send(body); // taken by the writer, which then waits
  ASSERT_TRUE([&] {
    for (int i = 0; i < 10000 && peer.writes == 0; ++i)
      std::this_thread::sleep_for(1ms);
    return peer.writes == 1;
  }());
  for (int i = 0; i < 3; ++i)
    transport.send(body); // 3 x 322 bytes wait: under the limit
  EXPECT_FALSE(peer.sawAbandon);
  EXPECT_EQ(log.str().find("not reading"), std::string::npos);
  transport.send(body); // one more would be over it
  transport.close();
  EXPECT_TRUE(peer.sawAbandon);
  EXPECT_EQ(peer.writes, 1) << "what waited was dropped, not written";
  EXPECT_NE(log.str().find("not reading"), std::string::npos);
}

TEST(JsonRpcTransportTest, CloseGivesUpOnAPeerThatDoesNotRead) {
  StuckPeer peer;
  std::ostringstream log;
  Logger logger(LogLevel::Info, log);
  TransportLimits limits;
  limits.closeTimeout = 20ms;
  JsonRpcTransport transport(noInput(), peer.writer(), limits, logger);
  transport.send("{}");
  transport.send("{}");
  transport.close(); // returns: the stuck write is abandoned after the close timeout
  EXPECT_TRUE(peer.sawAbandon);
}

TEST(JsonRpcTransportTest, OneMessageLargerThanTheLimitIsStillWritten) {
  std::atomic<std::size_t> written{0};
  std::ostringstream log;
  Logger logger(LogLevel::Info, log);
  TransportLimits limits;
  limits.maxQueuedOutputBytes = 10;
  JsonRpcTransport transport(
      noInput(),
      [&](std::string_view bytes, const std::atomic<bool>&) {
        written += bytes.size();
        return true;
      },
      limits, logger);
  transport.send(std::string(100, 'x'));
  transport.close();
  EXPECT_EQ(written, 100 + std::string("Content-Length: 100\r\n\r\n").size());
  EXPECT_EQ(log.str().find("not reading"), std::string::npos);
}

// fdWriter over a pipe and over a socket: everything arrives when the peer reads, and a write
// to a peer that does not read returns once abandoned instead of blocking in the kernel.
class FdWriterTest : public ::testing::TestWithParam<bool> {
protected:
  void SetUp() override {
    int fds[2];
    if (GetParam()) {
      ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    } else {
      ASSERT_EQ(::pipe(fds), 0);
    }
    readEnd_ = fds[0];
    writeEnd_ = fds[1];
  }
  void TearDown() override {
    if (readEnd_ >= 0) ::close(readEnd_);
    ::close(writeEnd_);
  }
  int readEnd_ = -1;
  int writeEnd_ = -1;
};

TEST_P(FdWriterTest, WritesEverythingToAReadingPeer) {
  std::string data(1 << 20, 'a');
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>('a' + i % 26);
  std::string received;
  std::thread reader([&] {
    char buffer[65536];
    while (received.size() < data.size()) {
      ssize_t n = ::read(readEnd_, buffer, sizeof buffer);
      if (n <= 0) break;
      received.append(buffer, static_cast<std::size_t>(n));
    }
  });
  std::atomic<bool> abandon{false};
  EXPECT_TRUE(fdWriter(writeEnd_)(data, abandon));
  reader.join();
  EXPECT_EQ(received, data);
}

TEST_P(FdWriterTest, ReturnsOnceAbandonedWhileThePeerDoesNotRead) {
  std::atomic<bool> abandon{false};
  std::thread later([&] {
    std::this_thread::sleep_for(50ms);
    abandon = true;
  });
  // Far more than a pipe or socket buffer holds: without poll() this would block for good.
  EXPECT_FALSE(fdWriter(writeEnd_)(std::string(8 << 20, 'x'), abandon));
  later.join();
}

TEST_P(FdWriterTest, ReportsAPeerThatIsGone) {
  // As the server does (serve_command.cpp): a closed pipe fails the write instead of killing us.
  auto previous = std::signal(SIGPIPE, SIG_IGN);
  ::close(readEnd_);
  readEnd_ = -1;
  std::atomic<bool> abandon{false};
  EXPECT_FALSE(fdWriter(writeEnd_)("hello", abandon));
  std::signal(SIGPIPE, previous);
}

INSTANTIATE_TEST_SUITE_P(Descriptors, FdWriterTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Socket" : "Pipe"; });

} // namespace
} // namespace closurelens::server
