// The byte streams to one client. Reading is done by the single reader thread; sending may be done
// from any thread: messages are queued and written in order by the transport's own writer thread,
// so a client that is slow to read never blocks the reader or the analysis threads.
#pragma once

#include "protocol/message_framing.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace closurelens::server {

class JsonRpcTransport {
public:
  using ReadFn = std::function<std::size_t(char* buffer, std::size_t capacity)>;
  // Writes all of `bytes`; returns false once the peer is gone.
  using WriteFn = std::function<bool(std::string_view bytes)>;

  JsonRpcTransport(ReadFn read, WriteFn write, std::size_t maxMessageBytes);
  ~JsonRpcTransport();
  JsonRpcTransport(const JsonRpcTransport&) = delete;
  JsonRpcTransport& operator=(const JsonRpcTransport&) = delete;

  // Reader thread only.
  protocol::FramedMessage read() { return reader_.next(); }

  // Any thread. Frames `body` and queues it; dropped once the peer is gone or after close().
  void send(std::string_view body);

  // Writes what is queued, then stops the writer thread. Idempotent.
  void close();

private:
  void writeLoop();

  protocol::MessageReader reader_;
  WriteFn write_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool closing_ = false;
  bool peerGone_ = false;
  std::thread writer_;
};

// Byte sources and sinks over file descriptors (stdin/stdout) for JsonRpcTransport.
JsonRpcTransport::ReadFn fdReader(int fd);
JsonRpcTransport::WriteFn fdWriter(int fd);

} // namespace closurelens::server
