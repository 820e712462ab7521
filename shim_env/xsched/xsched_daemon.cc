#include "shim_env/xsched/xsched_daemon.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <mutex>
#include <thread>

#include "shim_env/base/last_lines.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"
#include "shim_env/base/unique_fd.h"

namespace xsb {
namespace {

constexpr int kConnectTimeoutMs = 200;
constexpr int64_t kReadyPollNs = 10'000'000;  // between connect attempts
constexpr size_t kOutputTailBytes = 4096;
constexpr size_t kOutputTailLines = 3;
// A start given up on: a daemon that never served has nothing to shut down
// cleanly, and the run is on its way out.
constexpr double kCancelledStopGraceS = 0.5;

}  // namespace

// Reads the daemon's stdout and stderr on a thread of its own for as long
// as it runs: a daemon that logs every client would otherwise fill the
// pipe and block in the middle of a run. Keeps the last few KiB.
class XschedDaemon::OutputTail {
 public:
  OutputTail(int out_fd, int err_fd) : fds_{out_fd, err_fd} {
    int wake[2];
    if (pipe2(wake, O_CLOEXEC) == 0) {
      wake_read_ = UniqueFd(wake[0]);
      wake_write_ = UniqueFd(wake[1]);
    }
    thread_ = std::thread([this] { Drain(); });
  }
  ~OutputTail() { Finish(); }
  OutputTail(const OutputTail&) = delete;
  OutputTail& operator=(const OutputTail&) = delete;

  // Once the daemon has exited: reads what it left in the pipes and ends
  // the thread. Safe to call twice.
  void Finish() {
    if (!thread_.joinable()) return;
    if (wake_write_.valid()) (void)!write(wake_write_.get(), "x", 1);
    thread_.join();
  }

  std::string Text() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }

 private:
  // Reads one readable pipe; false at its end.
  bool ReadOnce(int fd) {
    char buffer[4096];
    ssize_t n;
    do {
      n = read(fd, buffer, sizeof buffer);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    text_.append(buffer, static_cast<size_t>(n));
    if (text_.size() > kOutputTailBytes) {
      text_.erase(0, text_.size() - kOutputTailBytes);
    }
    return true;
  }

  // Reads until both pipes end; after a wake-up, only what is already there
  // (bounded: a grandchild could hold a pipe open and keep writing).
  void Drain() {
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

  int fds_[2];
  UniqueFd wake_read_;
  UniqueFd wake_write_;
  mutable std::mutex mutex_;
  std::string text_;
  std::thread thread_;
};

bool PortAcceptsConnections(int port) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&address),
              sizeof address) == 0) {
    return true;
  }
  if (errno != EINPROGRESS) return false;
  pollfd wait{fd.get(), POLLOUT, 0};
  if (poll(&wait, 1, kConnectTimeoutMs) != 1) return false;
  int error = 0;
  socklen_t length = sizeof error;
  return getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) == 0 &&
         error == 0;
}

XschedDaemon::XschedDaemon(const Options& options) : options_(options) {}

XschedDaemon::~XschedDaemon() { Stop(); }

std::unique_ptr<XschedDaemon> XschedDaemon::Start(const Options& options,
                                                  std::string* error) {
  std::unique_ptr<XschedDaemon> daemon(new XschedDaemon(options));
  const std::vector<std::string> args = {options.policy,
                                         std::to_string(options.port)};
  daemon->process_ = ChildProcess::Spawn(options.xserver, args, {}, error);
  if (daemon->process_ == nullptr) {
    *error = "cannot start the XSched daemon: " + *error;
    return nullptr;
  }
  daemon->process_->CloseStdin();
  daemon->output_ = std::make_unique<OutputTail>(daemon->process_->stdout_fd(),
                                                 daemon->process_->stderr_fd());

  const int64_t deadline =
      MonotonicNowNs() + SecondsToNs(options.ready_timeout_s);
  while (!PortAcceptsConnections(options.port)) {
    // First: a Ctrl+C reaches the daemon too, and its death then is the
    // interrupt's doing, not a failure to report.
    if (options.cancel && options.cancel()) {
      daemon->Stop(kCancelledStopGraceS);
      *error = "interrupted";
      return nullptr;
    }
    if (daemon->process_->TryReap()) {
      daemon->output_->Finish();
      *error =
          daemon->Named() + " " +
          DescribeWaitStatus(daemon->process_->wait_status()) +
          " before it listened on 127.0.0.1:" + std::to_string(options.port) +
          daemon->OutputSuffix();
      daemon->Stop();
      return nullptr;
    }
    if (MonotonicNowNs() >= deadline) {
      daemon->Stop();
      *error = daemon->Named() +
               " did not listen on 127.0.0.1:" + std::to_string(options.port) +
               " within " + FormatSeconds(options.ready_timeout_s) +
               " and was stopped" + daemon->OutputSuffix();
      return nullptr;
    }
    const timespec pause{0, kReadyPollNs};
    nanosleep(&pause, nullptr);
  }
  return daemon;
}

std::unique_ptr<XschedDaemon> XschedDaemon::Attach(int port,
                                                   std::string* error) {
  if (!PortAcceptsConnections(port)) {
    *error = "no XSched daemon accepts connections on 127.0.0.1:" +
             std::to_string(port) +
             " (--xsched_server=external: start xserver first)";
    return nullptr;
  }
  Options options;
  options.port = port;
  return std::unique_ptr<XschedDaemon>(new XschedDaemon(options));
}

bool XschedDaemon::Alive(std::string* error) {
  if (!started()) {
    if (PortAcceptsConnections(options_.port)) return true;
    *error = "the external XSched daemon on 127.0.0.1:" +
             std::to_string(options_.port) + " no longer accepts connections";
    return false;
  }
  if (!process_->TryReap()) return true;
  output_->Finish();
  *error = Named() + " " + DescribeWaitStatus(process_->wait_status()) +
           OutputSuffix();
  return false;
}

void XschedDaemon::Stop() { Stop(options_.stop_grace_s); }

void XschedDaemon::Stop(double grace_s) {
  if (!started()) return;
  if (!process_->TryReap()) {
    kill(process_->pid(), SIGINT);
    if (!process_->WaitForExit(SecondsToNs(grace_s))) {
      process_->Stop(0);  // SIGTERM, then at once SIGKILL; reaped
    }
  }
  output_->Finish();
}

std::string XschedDaemon::Describe() const {
  if (!started()) {
    return "external, on 127.0.0.1:" + std::to_string(options_.port);
  }
  return "started by xsb_bench (pid " + std::to_string(process_->pid()) + ": " +
         options_.xserver + " " + options_.policy + " " +
         std::to_string(options_.port) + ")";
}

std::string XschedDaemon::Named() const {
  return "the XSched daemon xsb_bench started (pid " + std::to_string(pid()) +
         ", " + options_.xserver + " " + options_.policy + " " +
         std::to_string(options_.port) + ")";
}

std::string XschedDaemon::OutputSuffix() const {
  const std::string tail = LastLines(output_->Text(), kOutputTailLines);
  return tail.empty() ? "" : "; its last output: " + tail;
}

}  // namespace xsb
