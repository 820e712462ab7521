#include "shim_env/base/output_tail.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace xsb {

OutputTail::OutputTail(int out_fd, int err_fd, size_t max_bytes)
    : fds_{out_fd, err_fd}, max_bytes_(max_bytes) {
  int wake[2];
  if (pipe2(wake, O_CLOEXEC) == 0) {
    wake_read_ = UniqueFd(wake[0]);
    wake_write_ = UniqueFd(wake[1]);
  }
  thread_ = std::thread([this] { Drain(); });
}

OutputTail::~OutputTail() { Finish(); }

void OutputTail::Finish() {
  if (!thread_.joinable()) return;
  if (wake_write_.valid()) (void)!write(wake_write_.get(), "x", 1);
  thread_.join();
}

std::string OutputTail::Text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return text_;
}

// Reads one readable pipe; false at its end.
bool OutputTail::ReadOnce(int fd) {
  char buffer[4096];
  ssize_t n;
  do {
    n = read(fd, buffer, sizeof buffer);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  text_.append(buffer, static_cast<size_t>(n));
  if (text_.size() > max_bytes_) text_.erase(0, text_.size() - max_bytes_);
  return true;
}

// Reads until both pipes end; after a wake-up, only what is already there
// (bounded: a grandchild could hold a pipe open and keep writing).
void OutputTail::Drain() {
  pollfd fds[3] = {{fds_[0], POLLIN, 0},
                   {fds_[1], POLLIN, 0},
                   {wake_read_.get(), POLLIN, 0}};
  int open = 2;
  int timeout_ms = -1;
  int reads_left = 64;
  while (open > 0 && reads_left > 0) {
    const int ready = poll(fds, 3, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return;
    if (fds[2].revents != 0) {
      timeout_ms = 0;
      fds[2].fd = -1;
    }
    if (timeout_ms == 0) --reads_left;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents != 0 && !ReadOnce(fds[i].fd)) {
        fds[i].fd = -1;  // poll skips negative descriptors
        --open;
      }
    }
  }
}

std::unique_ptr<ChildProcess> SpawnDrained(
    const std::string& path, const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, size_t max_bytes,
    std::unique_ptr<OutputTail>* tail, std::string* error) {
  std::unique_ptr<ChildProcess> child =
      ChildProcess::Spawn(path, args, env, error);
  if (child == nullptr) return nullptr;
  child->CloseStdin();
  *tail = std::make_unique<OutputTail>(child->stdout_fd(), child->stderr_fd(),
                                       max_bytes);
  return child;
}

}  // namespace xsb
