#include "bench/worker_channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace xsb {
namespace {

constexpr size_t kStderrTailBytes = 4096;
constexpr size_t kStderrTailLines = 3;
constexpr int64_t kExitWaitNs = 2'000'000'000;

std::string LastLines(const std::string& text, size_t count) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  std::string tail;
  for (size_t i = lines.size() > count ? lines.size() - count : 0;
       i < lines.size(); ++i) {
    if (!tail.empty()) tail += " | ";
    tail += lines[i];
  }
  return tail;
}

}  // namespace

std::unique_ptr<WorkerChannel> WorkerChannel::Start(
    const std::string& name, const std::string& path,
    const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, std::string* error) {
  std::unique_ptr<ChildProcess> process =
      ChildProcess::Spawn(path, args, env, error);
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

bool WorkerChannel::Send(const WorkerMessage& message, std::string* error) {
  const std::string line = EncodeMessage(message) + "\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n =
        write(process_->stdin_fd(), line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = name_ + " stopped reading its " + MessageTypeName(message) +
               " message (" + std::strerror(errno) + "); it " + DescribeEnd();
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
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
  if (n < 0) return (errno == EINTR || errno == EAGAIN) ? -1 : 0;
  const bool is_stdout = fd == process_->stdout_fd();
  if (n == 0) {
    (is_stdout ? stdout_open_ : stderr_open_) = false;
    return 0;
  }
  if (is_stdout) {
    stdout_lines_.Append(buffer, static_cast<size_t>(n));
  } else {
    stderr_tail_.append(buffer, static_cast<size_t>(n));
    if (stderr_tail_.size() > kStderrTailBytes) {
      stderr_tail_.erase(0, stderr_tail_.size() - kStderrTailBytes);
    }
  }
  return n;
}

std::string WorkerChannel::DescribeEnd() {
  std::string text;
  if (process_->WaitForExit(kExitWaitNs)) {
    text = DescribeWaitStatus(process_->wait_status());
  } else {
    text = "closed its output but is still running";
  }
  // Whatever it printed last before dying is usually the cause.
  while (stderr_open_ && ReadFrom(process_->stderr_fd()) > 0) {
  }
  const std::string tail = LastLines(stderr_tail_, kStderrTailLines);
  if (!tail.empty()) text += "; stderr: " + tail;
  return text;
}

}  // namespace xsb
