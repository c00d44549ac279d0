#include "server/json_rpc_transport.hpp"

#include <cerrno>
#include <unistd.h>

namespace closurelens::server {

JsonRpcTransport::JsonRpcTransport(ReadFn read, WriteFn write, std::size_t maxMessageBytes)
    : reader_(std::move(read), maxMessageBytes), write_(std::move(write)),
      writer_([this] { writeLoop(); }) {}

JsonRpcTransport::~JsonRpcTransport() {
  close();
}

void JsonRpcTransport::send(std::string_view body) {
  std::string framed = protocol::frameMessage(body);
  {
    std::lock_guard lock(mutex_);
    if (closing_ || peerGone_) return;
    queue_.push_back(std::move(framed));
  }
  wake_.notify_one();
}

void JsonRpcTransport::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
}

void JsonRpcTransport::writeLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return; // closing and drained
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    bool ok = write_(next);
    lock.lock();
    if (!ok) {
      peerGone_ = true;
      queue_.clear();
    }
  }
}

JsonRpcTransport::ReadFn fdReader(int fd) {
  return [fd](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      ssize_t n = ::read(fd, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return 0;
    }
  };
}

JsonRpcTransport::WriteFn fdWriter(int fd) {
  return [fd](std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  };
}

} // namespace closurelens::server
