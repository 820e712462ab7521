// The daemon a scheduler file describes (its "daemon" section, with every
// substitution filled in): started and waited for until it is ready,
// watched, stopped as the file says, and cleaned up after when it had to be
// killed. Owned: stopped and reaped on every exit path.
#ifndef XSB_SHIM_ENV_SCHED_SCHEDULER_DAEMON_H_
#define XSB_SHIM_ENV_SCHED_SCHEDULER_DAEMON_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "shim_env/base/child_process.h"
#include "shim_env/base/environment_variable.h"
#include "shim_env/base/output_tail.h"
#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

struct DaemonOptions {
  std::string scheduler;  // its name, for messages
  std::vector<std::string> run;
  std::vector<EnvironmentVariable> env;  // also for stop and cleanup
  ReadyKind ready = ReadyKind::kFile;
  int port = 0;            // kPort
  std::string ready_file;  // kFile: removed before the start, so an old
                           // one is not taken for readiness
  std::string ready_log;   // kLog: a regular expression over Log()
  double ready_timeout_s = 10;
  std::string log_file;  // read after its size at the start
  std::vector<std::string> stop_command;
  int stop_signal = 15;  // SIGTERM
  double stop_timeout_s = 5;
  std::vector<std::string> cleanup;
  double command_timeout_s = 30;
  // Asked while Start waits: true gives up (an interrupted run).
  std::function<bool()> cancel;
};

// "TERM" -> SIGTERM, for the names a file may use (ReadStop); 0 otherwise.
int SignalNumber(const std::string& name);

class SchedulerDaemon {
 public:
  // Starts it (the program found on the child's PATH) and waits, polling
  // every 10 ms without a fixed sleep, until the readiness check holds,
  // checking all the while that it still runs. nullptr with *error (what
  // happened and its last output) when it exits first, is not ready in
  // time (it is then stopped), or with "interrupted" when cancelled.
  static std::unique_ptr<SchedulerDaemon> Start(const DaemonOptions& options,
                                                std::string* error);
  ~SchedulerDaemon();
  SchedulerDaemon(const SchedulerDaemon&) = delete;
  SchedulerDaemon& operator=(const SchedulerDaemon&) = delete;

  pid_t pid() const { return process_->pid(); }

  // True while it runs; else false with *error, e.g. "the mps daemon
  // xsb_bench started (pid 7, ...) exited with code 1; its last output: ...".
  bool Alive(std::string* error);

  // The stop command (when the file gives one), then the stop signal, each
  // given stop_timeout_s to end it, then SIGKILL and the cleanup command.
  // Reaped. Returns how it ended, for the log; *problem (may be null) gets
  // a failed cleanup. Safe to call twice.
  std::string Stop(std::string* problem);

  // Its output so far, then what its log file gained since the start.
  std::string Log() const;

  // "started by xsb_bench (pid 7: nvidia-cuda-mps-control -f)".
  std::string Describe() const;

 private:
  explicit SchedulerDaemon(const DaemonOptions& options);
  bool Ready() const;
  std::string Named() const;
  std::string OutputSuffix() const;
  bool WaitForExit(double seconds);
  bool StoppedByCommand();
  bool StoppedBySignal();
  std::string KillAndCleanUp(std::string* problem);

  DaemonOptions options_;
  std::unique_ptr<ChildProcess> process_;
  std::unique_ptr<OutputTail> output_;
  long log_offset_ = 0;
  std::string stopped_;  // how Stop ended it, once it has
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_SCHED_SCHEDULER_DAEMON_H_
