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

// What the child does between fork and exec; async-signal-safe calls only.
struct ChildSetup {
  pid_t parent;
  int in, out, err;  // become 0, 1, 2
  int report_fd;     // gets errno when something fails
  bool own_process_group;
  int death_signal;
  const std::vector<int>* inherited_fds;
};

[[noreturn]] void Fail(int report_fd) {
  const int e = errno;
  (void)!write(report_fd, &e, sizeof e);
  _exit(127);
}

[[noreturn]] void ExecChild(const ChildSetup& setup, char* const* argv,
                            char* const* envp) {
  if (setup.own_process_group && setpgid(0, 0) != 0) Fail(setup.report_fd);
  prctl(PR_SET_PDEATHSIG, setup.death_signal);
  // The parent may have died before prctl took effect.
  if (getppid() != setup.parent) _exit(127);
  signal(SIGPIPE, SIG_DFL);
  const int wanted[3][2] = {{setup.in, 0}, {setup.out, 1}, {setup.err, 2}};
  for (const auto& [from, to] : wanted) {
    // When a pipe already landed on its target (the parent ran with that
    // descriptor closed), dup2 is a no-op that would leave O_CLOEXEC set.
    const int ok = from == to ? fcntl(to, F_SETFD, 0) : dup2(from, to);
    if (ok < 0) Fail(setup.report_fd);
  }
  for (int fd : *setup.inherited_fds) {
    if (fcntl(fd, F_SETFD, 0) < 0) Fail(setup.report_fd);
  }
  execve(argv[0], argv, envp);
  Fail(setup.report_fd);
}

// The descriptors a child's 0, 1 and 2 come from, and the parent's ends.
struct ChildStdio {
  UniqueFd in_read, in_write, out_read, out_write, err_read, err_write;
};

bool MakeStdio(const SpawnOptions& options, ChildStdio* stdio,
               std::string* error) {
  if (options.output_to_stderr) {
    stdio->in_read = UniqueFd(open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (stdio->in_read.valid()) return true;
    *error = std::string("cannot open /dev/null: ") + std::strerror(errno);
    return false;
  }
  if (MakePipe(&stdio->in_read, &stdio->in_write) &&
      MakePipe(&stdio->out_read, &stdio->out_write) &&
      MakePipe(&stdio->err_read, &stdio->err_write)) {
    return true;
  }
  *error = std::string("cannot create pipes: ") + std::strerror(errno);
  return false;
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
  return Spawn(path, args, env, SpawnOptions{}, error);
}

std::unique_ptr<ChildProcess> ChildProcess::Spawn(
    const std::string& path, const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, const SpawnOptions& options,
    std::string* error) {
  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<std::string> env_strings = MergeEnvironment(env);
  std::vector<char*> envp = Pointers(env_strings);

  ChildStdio stdio;
  UniqueFd report_read, report_write;
  if (!MakeStdio(options, &stdio, error)) return nullptr;
  if (!MakePipe(&report_read, &report_write)) {
    *error = std::string("cannot create pipes: ") + std::strerror(errno);
    return nullptr;
  }
  const bool to_stderr = options.output_to_stderr;
  const ChildSetup setup{getpid(),
                         stdio.in_read.get(),
                         to_stderr ? STDERR_FILENO : stdio.out_write.get(),
                         to_stderr ? STDERR_FILENO : stdio.err_write.get(),
                         report_write.get(),
                         options.own_process_group,
                         options.parent_death_signal,
                         &options.inherited_fds};
  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("fork failed: ") + std::strerror(errno);
    return nullptr;
  }
  if (pid == 0) ExecChild(setup, argv.data(), envp.data());
  // Also here, so the group exists before anyone signals it (the child's
  // own call may not have run yet).
  if (options.own_process_group) setpgid(pid, pid);
  report_write.Reset();
  std::unique_ptr<ChildProcess> child(new ChildProcess(
      pid, options.own_process_group, std::move(stdio.in_write),
      std::move(stdio.out_read), std::move(stdio.err_read)));
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

ChildProcess::ChildProcess(pid_t pid, bool group, UniqueFd in, UniqueFd out,
                           UniqueFd err)
    : pid_(pid),
      group_(group),
      stdin_(std::move(in)),
      stdout_(std::move(out)),
      stderr_(std::move(err)) {}

ChildProcess::~ChildProcess() {
  if (!exited_) {
    Signal(SIGKILL);
    Reap(/*block=*/true);
  }
}

void ChildProcess::Signal(int signal) { kill(group_ ? -pid_ : pid_, signal); }

void ChildProcess::Reap(bool block) {
  if (group_) {
    // Peek without reaping: while the child is a zombie its pid, and so
    // the group's id, cannot be reused.
    siginfo_t info{};
    int r;
    do {
      r = waitid(P_PID, pid_, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
    } while (r < 0 && errno == EINTR);
    if (r != 0 || info.si_pid != pid_) return;
    kill(-pid_, SIGKILL);
  }
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    exited_ = true;
    wait_status_ = status;
  }
}

bool ChildProcess::TryReap() {
  if (!exited_) Reap(/*block=*/false);
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
  Signal(SIGTERM);
  if (WaitForExit(grace_ns)) return;
  Signal(SIGKILL);
  Reap(/*block=*/true);
}

}  // namespace xsb
