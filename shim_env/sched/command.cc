#include "shim_env/sched/command.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "shim_env/base/child_process.h"
#include "shim_env/base/last_lines.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr size_t kOutputBytes = 64 * 1024;
constexpr size_t kOutputLines = 3;

// Reads stdout and stderr until both end or `deadline_ns`; false when the
// deadline came first.
bool ReadUntilClosed(ChildProcess& child, int64_t deadline_ns,
                     std::string* output) {
  pollfd fds[2] = {{child.stdout_fd(), POLLIN, 0},
                   {child.stderr_fd(), POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    const int64_t left_ms = (deadline_ns - MonotonicNowNs()) / 1'000'000;
    if (left_ms <= 0) return false;
    const int ready =
        poll(fds, 2, static_cast<int>(std::min<int64_t>(left_ms, 1'000'000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    for (pollfd& fd : fds) {
      if (fd.revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fd.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fd.fd = -1;
        --open;
        continue;
      }
      output->append(buffer, static_cast<size_t>(n));
      if (output->size() > kOutputBytes) {
        output->erase(0, output->size() - kOutputBytes);
      }
    }
  }
  return true;
}

}  // namespace

bool FindProgram(const std::string& program, const std::string& path_list,
                 std::string* found) {
  if (program.find('/') != std::string::npos) {
    *found = program;
    return access(program.c_str(), X_OK) == 0;
  }
  size_t begin = 0;
  while (begin <= path_list.size()) {
    size_t end = path_list.find(':', begin);
    if (end == std::string::npos) end = path_list.size();
    const std::string dir = path_list.substr(begin, end - begin);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) {
      *found = candidate;
      return true;
    }
    begin = end + 1;
  }
  return false;
}

std::string ChildPath(const std::vector<EnvironmentVariable>& env) {
  for (const EnvironmentVariable& var : env) {
    if (var.first == "PATH") return var.second;
  }
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/bin:/bin";
}

bool RunCommand(const std::vector<std::string>& argv,
                const std::vector<EnvironmentVariable>& env, double timeout_s,
                CommandOutcome* outcome, std::string* error) {
  std::string program;
  if (argv.empty() || !FindProgram(argv[0], ChildPath(env), &program)) {
    *error =
        "cannot run " + QuoteCommand(argv) + ": no program " +
        (argv.empty() ? std::string("given") : "'" + argv[0] + "'") + " found" +
        (argv.empty() || argv[0].find('/') != std::string::npos ? ""
                                                                : " on PATH");
    return false;
  }
  std::unique_ptr<ChildProcess> child = ChildProcess::Spawn(
      program, std::vector<std::string>(argv.begin() + 1, argv.end()), env,
      error);
  if (child == nullptr) return false;
  child->CloseStdin();
  CommandOutcome result;
  const int64_t deadline = MonotonicNowNs() + SecondsToNs(timeout_s);
  const bool closed = ReadUntilClosed(*child, deadline, &result.output);
  const int64_t left = std::max<int64_t>(0, deadline - MonotonicNowNs());
  if (!closed || !child->WaitForExit(left)) {
    result.timed_out = true;
    child->Stop(0);  // SIGTERM, then SIGKILL; reaped
  }
  result.wait_status = child->wait_status();
  *outcome = result;
  return true;
}

bool Succeeded(const CommandOutcome& outcome) {
  return !outcome.timed_out && WIFEXITED(outcome.wait_status) &&
         WEXITSTATUS(outcome.wait_status) == 0;
}

std::string QuoteCommand(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return "`" + text + "`";
}

std::string DescribeOutcome(const std::vector<std::string>& argv,
                            const CommandOutcome& outcome, double timeout_s) {
  const std::string how =
      outcome.timed_out
          ? "did not end within " + FormatSeconds(timeout_s) + " and was killed"
          : DescribeWaitStatus(outcome.wait_status);
  const std::string tail = LastLines(outcome.output, kOutputLines);
  return QuoteCommand(argv) + " " + how + (tail.empty() ? "" : ": " + tail);
}

}  // namespace xsb
