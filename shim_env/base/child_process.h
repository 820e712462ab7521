// A child process with piped stdin, stdout and stderr (or, on request, in a
// process group of its own with this process's stderr). The destructor kills
// and reaps it, so no exit path leaves a worker behind.
#ifndef XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_
#define XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shim_env/base/environment_variable.h"
#include "shim_env/base/unique_fd.h"

namespace xsb {

// "exited with code 3" or "was killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int wait_status);

// How Spawn starts a child beyond its program, arguments and environment.
struct SpawnOptions {
  // A process group of its own (the child's pid): Stop, the destructor and
  // reaping signal the whole group, so the child's own children end with
  // it. The group is swept with SIGKILL before the child is reaped, while
  // its id cannot have been reused.
  bool own_process_group = false;
  // Instead of pipes: stdin reads /dev/null, stdout and stderr are this
  // process's stderr (a program whose output is not a protocol).
  bool output_to_stderr = false;
  // Descriptors the child keeps under the same numbers (they stay
  // close-on-exec here); each must be above 2.
  std::vector<int> inherited_fds;
  // What the child gets when the thread that started it ends. SIGTERM lets
  // a child that owns processes of its own stop them first.
  int parent_death_signal = SIGKILL;
};

class ChildProcess {
 public:
  // Runs `path` with argv {path, args...} and the parent's environment with
  // `env` set on top. The child gets options.parent_death_signal (SIGKILL)
  // if the thread that started it ends. Returns nullptr and sets *error
  // when the program cannot be started.
  static std::unique_ptr<ChildProcess> Spawn(
      const std::string& path, const std::vector<std::string>& args,
      const std::vector<EnvironmentVariable>& env, std::string* error);
  static std::unique_ptr<ChildProcess> Spawn(
      const std::string& path, const std::vector<std::string>& args,
      const std::vector<EnvironmentVariable>& env, const SpawnOptions& options,
      std::string* error);

  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return stdin_.get(); }
  int stdout_fd() const { return stdout_.get(); }
  int stderr_fd() const { return stderr_.get(); }
  void CloseStdin() { stdin_.Reset(); }

  // Reaps the child if it has exited; never blocks.
  bool TryReap();
  bool exited() const { return exited_; }
  int wait_status() const { return wait_status_; }

  // Waits up to timeout_ns for the child to exit on its own.
  bool WaitForExit(int64_t timeout_ns);
  // SIGTERM, up to grace_ns to exit, then SIGKILL; returns once reaped.
  void Stop(int64_t grace_ns);

 private:
  ChildProcess(pid_t pid, bool group, UniqueFd in, UniqueFd out, UniqueFd err);
  // Sends `signal` to the child, or to its whole group.
  void Signal(int signal);
  // After the child exited (a zombie, not yet reaped): kills what is left
  // of its group, then reaps it.
  void Reap(bool block);

  pid_t pid_;
  bool group_;
  UniqueFd stdin_;
  UniqueFd stdout_;
  UniqueFd stderr_;
  bool exited_ = false;
  int wait_status_ = 0;
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_
