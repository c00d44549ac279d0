#include "server/json_rpc_transport.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace closurelens::server {
namespace {

// How often a writer waiting for the peer looks at `abandon`.
constexpr int kPollMilliseconds = 100;

} // namespace

JsonRpcTransport::JsonRpcTransport(ReadFn read, WriteFn write, TransportLimits limits,
                                   Logger& logger)
    : reader_(std::move(read), limits.maxMessageBytes), write_(std::move(write)), limits_(limits),
      logger_(logger), writer_([this] { writeLoop(); }) {}

JsonRpcTransport::~JsonRpcTransport() {
  close();
}

void JsonRpcTransport::send(std::string_view body) {
  std::string framed = protocol::frameMessage(body);
  std::size_t heldBytes = 0;
  {
    std::lock_guard lock(mutex_);
    if (closing_ || peerGone_) return;
    // One message is always taken, however large: the limit is on what waits behind the write.
    if (queuedBytes_ == 0 || queuedBytes_ + framed.size() <= limits_.maxQueuedOutputBytes) {
      queuedBytes_ += framed.size();
      queue_.push_back(std::move(framed));
    } else {
      heldBytes = queuedBytes_ + framed.size();
      peerGone_ = true;
      abandon_ = true;
      queue_.clear();
      queuedBytes_ = 0;
    }
  }
  if (heldBytes == 0) {
    wake_.notify_one();
    return;
  }
  // After peerGone_ is set: the copy of this line for the client is dropped, not queued.
  logger_.error("the client is not reading the server's output: " + std::to_string(heldBytes) +
                " bytes of answers would wait behind a write that does not complete (limit " +
                std::to_string(limits_.maxQueuedOutputBytes) +
                "); the output is given up, input is still read until exit");
}

void JsonRpcTransport::close() {
  std::unique_lock lock(mutex_);
  if (!writer_.joinable()) return;
  closing_ = true;
  wake_.notify_one();
  if (!drained_.wait_for(lock, limits_.closeTimeout, [this] { return writerDone_; })) {
    abandon_ = true; // the peer does not read: what is left will never get there
  }
  lock.unlock();
  writer_.join();
}

void JsonRpcTransport::writeLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) break; // closing and drained
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    queuedBytes_ -= next.size();
    lock.unlock();
    bool ok = write_(next, abandon_);
    lock.lock();
    if (!ok) {
      peerGone_ = true;
      queue_.clear();
      queuedBytes_ = 0;
    }
  }
  writerDone_ = true;
  drained_.notify_all();
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
  struct stat info {};
  bool known = ::fstat(fd, &info) == 0;
  bool socket = known && S_ISSOCK(info.st_mode);
  // A pipe with room for any byte has room for PIPE_BUF, so such a write does not block; other
  // descriptors (files, terminals) do not wait on a reader and take whole writes.
  bool pipe = known && S_ISFIFO(info.st_mode);
  return [fd, socket, pipe](std::string_view bytes, const std::atomic<bool>& abandon) {
    while (!bytes.empty()) {
      if (abandon) return false;
      pollfd ready{fd, POLLOUT, 0};
      int n = ::poll(&ready, 1, kPollMilliseconds);
      if (n < 0 && errno != EINTR) return false;
      if (n <= 0) continue;
      std::size_t size = pipe ? std::min<std::size_t>(bytes.size(), PIPE_BUF) : bytes.size();
      ssize_t written = socket ? ::send(fd, bytes.data(), size, MSG_DONTWAIT | MSG_NOSIGNAL)
                               : ::write(fd, bytes.data(), size);
      if (written < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
  };
}

} // namespace closurelens::server
