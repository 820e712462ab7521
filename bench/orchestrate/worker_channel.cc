#include "bench/orchestrate/worker_channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shim_env/base/last_lines.h"
#include "shim_env/base/write_all.h"

namespace xsb {
namespace {

constexpr size_t kStderrTailBytes = 4096;
constexpr size_t kStderrTailLines = 3;
constexpr size_t kStderrHeadBytes = 16384;
constexpr int64_t kExitWaitNs = 2'000'000'000;
constexpr int64_t kDestroyGraceNs = 1'000'000'000;

}  // namespace

std::unique_ptr<WorkerChannel> WorkerChannel::Start(
    const std::string& name, const std::string& path,
    const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, std::string* error) {
  // SIGTERM, not SIGKILL, when xsb_bench dies: a worker that runs an exec
  // model stops that model's whole process group on it (kernels/exec).
  SpawnOptions options;
  options.parent_death_signal = SIGTERM;
  std::unique_ptr<ChildProcess> process =
      ChildProcess::Spawn(path, args, env, options, error);
  if (process == nullptr) {
    *error = name + ": " + *error;
    return nullptr;
  }
  return std::unique_ptr<WorkerChannel>(
      new WorkerChannel(name, std::move(process)));
}

WorkerChannel::WorkerChannel(std::string name,
                             std::unique_ptr<ChildProcess> process)
    : name_(std::move(name)), process_(std::move(process)) {
  // Non-blocking reads let one poll loop serve every worker, and let
  // DescribeEnd collect stderr without waiting on a live process.
  for (int fd : {process_->stdout_fd(), process_->stderr_fd()}) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
}

WorkerChannel::~WorkerChannel() { process_->Stop(kDestroyGraceNs); }

bool WorkerChannel::Send(const WorkerMessage& message, std::string* error) {
  if (WriteAll(process_->stdin_fd(), EncodeMessage(message) + "\n"))
    return true;
  const std::string cause = std::strerror(errno);
  const std::string end = DescribeEnd();
  const std::string reported = UnreadError();
  *error = reported.empty()
               ? name_ + " stopped reading its " + MessageTypeName(message) +
                     " message (" + cause + "); it " + end
               : name_ + " failed: " + reported + "; it " + end;
  return false;
}

std::vector<int> WorkerChannel::OpenFds() const {
  std::vector<int> fds;
  if (stdout_open_) fds.push_back(process_->stdout_fd());
  if (stderr_open_) fds.push_back(process_->stderr_fd());
  return fds;
}

ssize_t WorkerChannel::ReadFrom(int fd) {
  char buffer[65536];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return -1;
  const bool is_stdout = fd == process_->stdout_fd();
  if (n <= 0) {  // end of file, or an error that will not go away
    (is_stdout ? stdout_open_ : stderr_open_) = false;
    return 0;
  }
  if (is_stdout) {
    stdout_lines_.Append(buffer, static_cast<size_t>(n));
  } else {
    stderr_tail_.append(buffer, static_cast<size_t>(n));
    if (stderr_head_.size() < kStderrHeadBytes) {
      stderr_head_.append(buffer,
                          std::min(static_cast<size_t>(n),
                                   kStderrHeadBytes - stderr_head_.size()));
    }
    if (stderr_tail_.size() > kStderrTailBytes) {
      stderr_tail_.erase(0, stderr_tail_.size() - kStderrTailBytes);
    }
  }
  return n;
}

std::string WorkerChannel::DescribeEnd() {
  std::string text = process_->WaitForExit(kExitWaitNs)
                         ? DescribeWaitStatus(process_->wait_status())
                         : "closed its output but is still running";
  return text + StderrSuffix();
}

const std::string& WorkerChannel::StderrHead() {
  while (stderr_open_ && ReadFrom(process_->stderr_fd()) > 0) {
  }
  return stderr_head_;
}

std::string WorkerChannel::StderrSuffix() {
  // Whatever it printed last is usually the cause; collect what is there.
  while (stderr_open_ && ReadFrom(process_->stderr_fd()) > 0) {
  }
  const std::string tail = LastLines(stderr_tail_, kStderrTailLines);
  return tail.empty() ? "" : "; stderr: " + tail;
}

std::string WorkerChannel::UnreadError() {
  while (stdout_open_ && ReadFrom(process_->stdout_fd()) > 0) {
  }
  // Only looks: a result sent just before the worker exited is still due
  // to whoever reads the channel next.
  std::string line;
  std::string reported;
  std::string unread;
  while (NextLine(&line)) {
    WorkerMessage message;
    std::string ignored;
    if (DecodeMessage(line, &message, &ignored)) {
      if (const auto* e = std::get_if<ErrorMessage>(&message))
        reported = e->message;
    }
    unread += line + '\n';
  }
  unread += stdout_lines_.partial();
  stdout_lines_ = LineBuffer();
  stdout_lines_.Append(unread.data(), unread.size());
  return reported;
}

}  // namespace xsb
