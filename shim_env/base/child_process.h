// A child process with piped stdin, stdout and stderr. The destructor kills
// and reaps it, so no exit path leaves a worker behind.
#ifndef XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_
#define XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_

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

class ChildProcess {
 public:
  // Runs `path` with argv {path, args...} and the parent's environment with
  // `env` set on top. The child gets SIGKILL if this process dies. Returns
  // nullptr and sets *error when the program cannot be started.
  static std::unique_ptr<ChildProcess> Spawn(
      const std::string& path, const std::vector<std::string>& args,
      const std::vector<EnvironmentVariable>& env, std::string* error);

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
  ChildProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err);

  pid_t pid_;
  UniqueFd stdin_;
  UniqueFd stdout_;
  UniqueFd stderr_;
  bool exited_ = false;
  int wait_status_ = 0;
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_CHILD_PROCESS_H_
