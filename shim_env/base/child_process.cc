#include "shim_env/base/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "shim_env/base/monotonic_time.h"

extern char** environ;

namespace xsb {
namespace {

bool MakePipe(UniqueFd* read_end, UniqueFd* write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  *read_end = UniqueFd(fds[0]);
  *write_end = UniqueFd(fds[1]);
  return true;
}

// Everything the child needs is built before fork: after it, only
// async-signal-safe calls are allowed.
std::vector<std::string> MergeEnvironment(
    const std::vector<EnvironmentVariable>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const char* eq = std::strchr(*entry, '=');
    if (eq == nullptr) continue;
    merged[std::string(*entry, static_cast<size_t>(eq - *entry))] = eq + 1;
  }
  for (const EnvironmentVariable& var : overrides)
    merged[var.first] = var.second;
  std::vector<std::string> result;
  for (const auto& [key, value] : merged) result.push_back(key + "=" + value);
  return result;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void ExecChild(pid_t parent, int in, int out, int err,
                            int report_fd, char* const* argv,
                            char* const* envp) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died before prctl took effect.
  if (getppid() != parent) _exit(127);
  signal(SIGPIPE, SIG_DFL);
  const int wanted[3][2] = {{in, 0}, {out, 1}, {err, 2}};
  for (const auto& [from, to] : wanted) {
    // When a pipe already landed on its target (the parent ran with that
    // descriptor closed), dup2 is a no-op that would leave O_CLOEXEC set.
    const int ok = from == to ? fcntl(to, F_SETFD, 0) : dup2(from, to);
    if (ok < 0) {
      const int e = errno;
      (void)!write(report_fd, &e, sizeof e);
      _exit(127);
    }
  }
  execve(argv[0], argv, envp);
  const int e = errno;
  (void)!write(report_fd, &e, sizeof e);
  _exit(127);
}

}  // namespace

std::string DescribeWaitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    const char* name = strsignal(sig);
    return "was killed by signal " + std::to_string(sig) + " (" +
           (name != nullptr ? name : "unknown") + ")";
  }
  return "ended with wait status " + std::to_string(wait_status);
}

std::unique_ptr<ChildProcess> ChildProcess::Spawn(
    const std::string& path, const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, std::string* error) {
  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<std::string> env_strings = MergeEnvironment(env);
  std::vector<char*> envp = Pointers(env_strings);

  UniqueFd in_read, in_write, out_read, out_write, err_read, err_write;
  UniqueFd report_read, report_write;
  if (!MakePipe(&in_read, &in_write) || !MakePipe(&out_read, &out_write) ||
      !MakePipe(&err_read, &err_write) ||
      !MakePipe(&report_read, &report_write)) {
    *error = std::string("cannot create pipes: ") + std::strerror(errno);
    return nullptr;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("fork failed: ") + std::strerror(errno);
    return nullptr;
  }
  if (pid == 0) {
    ExecChild(parent, in_read.get(), out_write.get(), err_write.get(),
              report_write.get(), argv.data(), envp.data());
  }
  report_write.Reset();
  std::unique_ptr<ChildProcess> child(new ChildProcess(
      pid, std::move(in_write), std::move(out_read), std::move(err_read)));
  // The report pipe closes on a successful exec (O_CLOEXEC) with nothing
  // written; otherwise it carries the child's errno.
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report_read.get(), &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    *error = "cannot run " + path + ": " + std::strerror(child_errno);
    return nullptr;  // the destructor reaps the failed child
  }
  return child;
}

ChildProcess::ChildProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err)
    : pid_(pid),
      stdin_(std::move(in)),
      stdout_(std::move(out)),
      stderr_(std::move(err)) {}

ChildProcess::~ChildProcess() {
  if (!exited_) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

bool ChildProcess::TryReap() {
  if (exited_) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exited_ = true;
    wait_status_ = status;
  }
  return exited_;
}

bool ChildProcess::WaitForExit(int64_t timeout_ns) {
  const int64_t deadline = MonotonicNowNs() + timeout_ns;
  // waitpid has no timeout; a 1 ms poll is far below any phase timeout.
  while (!TryReap()) {
    if (MonotonicNowNs() >= deadline) return false;
    const timespec pause{0, 1'000'000};
    nanosleep(&pause, nullptr);
  }
  return true;
}

void ChildProcess::Stop(int64_t grace_ns) {
  if (TryReap()) return;
  kill(pid_, SIGTERM);
  if (WaitForExit(grace_ns)) return;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exited_ = true;
  wait_status_ = status;
}

}  // namespace xsb
