// The byte streams to one client. Reading is done by the single reader thread; sending may be done
// from any thread: messages are queued and written in order by the transport's own writer thread,
// so a client that is slow to read never blocks the reader or the analysis threads.
//
// The queue is bounded. A client that does not read what it asked for would otherwise make the
// server hold every answer: once more than `maxQueuedOutputBytes` wait behind a write that does
// not complete, the output is given up (as if the client had closed it) and said so on stderr. The
// reader goes on, so the client's writes never block and `shutdown`/`exit` still end the session.
#pragma once

#include "protocol/message_framing.hpp"
#include "server/logger.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace closurelens::server {

struct TransportLimits {
  std::size_t maxMessageBytes = protocol::MessageReader::kDefaultMaxMessageBytes;
  std::size_t maxQueuedOutputBytes = std::size_t{64} << 20;
  // How long close() waits for the queued messages to be written before it gives them up.
  std::chrono::milliseconds closeTimeout{5000};
};

class JsonRpcTransport {
public:
  using ReadFn = std::function<std::size_t(char* buffer, std::size_t capacity)>;
  // Writes all of `bytes`, waiting while the peer does not read; returns false once the peer is
  // gone, or soon after `abandon` turns true.
  using WriteFn = std::function<bool(std::string_view bytes, const std::atomic<bool>& abandon)>;

  JsonRpcTransport(ReadFn read, WriteFn write, TransportLimits limits, Logger& logger);
  ~JsonRpcTransport();
  JsonRpcTransport(const JsonRpcTransport&) = delete;
  JsonRpcTransport& operator=(const JsonRpcTransport&) = delete;

  // Reader thread only.
  protocol::FramedMessage read() { return reader_.next(); }

  // Any thread. Frames `body` and queues it; dropped once the peer is gone, the output was given
  // up, or after close().
  void send(std::string_view body);

  // Writes what is queued (for at most the close timeout), then stops the writer thread.
  // Idempotent.
  void close();

private:
  void writeLoop();

  protocol::MessageReader reader_;
  WriteFn write_;
  TransportLimits limits_;
  Logger& logger_;
  std::atomic<bool> abandon_{false};
  std::mutex mutex_;
  std::condition_variable wake_;    // the writer: something queued, or closing
  std::condition_variable drained_; // close(): the writer is done
  std::deque<std::string> queue_;
  std::size_t queuedBytes_ = 0;
  bool closing_ = false;
  bool peerGone_ = false;
  bool writerDone_ = false;
  std::thread writer_;
};

// Byte sources and sinks over file descriptors (stdin/stdout, a socket) for JsonRpcTransport.
// The sink never blocks in the kernel for long: it waits for the descriptor to take more with
// poll() and writes no more than it can take (PIPE_BUF to a pipe, non-blocking sends to a socket),
// so that `abandon` is seen while the peer does not read.
JsonRpcTransport::ReadFn fdReader(int fd);
JsonRpcTransport::WriteFn fdWriter(int fd);

} // namespace closurelens::server
