// XSched's daemon (xserver), which schedules the XQueues of every worker
// whose shim runs with XSCHED_SCHEDULER=GLB. Either started here and owned
// (stopped and reaped on every exit path), or run by someone else and only
// checked.
#ifndef XSB_SHIM_ENV_XSCHED_XSCHED_DAEMON_H_
#define XSB_SHIM_ENV_XSCHED_XSCHED_DAEMON_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>

#include "shim_env/base/child_process.h"
#include "shim_env/base/loopback_port.h"
#include "shim_env/base/output_tail.h"

namespace xsb {

class XschedDaemon {
 public:
  struct Options {
    std::string xserver;  // the program
    std::string policy;   // its first argument, e.g. HPF
    int port = 50000;     // its second: the HTTP port it listens on
    double ready_timeout_s = 10;
    double stop_grace_s = 2;
    // Asked between connection attempts while Start waits: true gives up
    // (an interrupted run). Empty: never. shim_env knows nothing of the
    // caller's signal handling, hence a predicate.
    std::function<bool()> cancel;
  };

  // Starts `xserver POLICY PORT` and waits until it accepts connections on
  // 127.0.0.1:PORT, checking all the while that it still runs and that
  // Options::cancel is not true; no fixed sleep. Returns nullptr with
  // *error (what happened and its last output lines) when it exits first or
  // does not listen in time, or with *error "interrupted" when cancelled;
  // it is then stopped and reaped.
  static std::unique_ptr<XschedDaemon> Start(const Options& options,
                                             std::string* error);
  // A daemon run by someone else; nullptr with *error when nothing accepts
  // connections on the port.
  static std::unique_ptr<XschedDaemon> Attach(int port, std::string* error);

  ~XschedDaemon();
  XschedDaemon(const XschedDaemon&) = delete;
  XschedDaemon& operator=(const XschedDaemon&) = delete;

  bool started() const { return process_ != nullptr; }
  pid_t pid() const { return process_ ? process_->pid() : 0; }
  int port() const { return options_.port; }

  // True while it can serve: the started daemon still runs, or the attached
  // one still accepts connections. Otherwise false with *error, e.g. "the
  // XSched daemon xsb_bench started (pid 7, xserver HPF 50000) exited with
  // code 1; its last output: ...".
  bool Alive(std::string* error);

  // The started daemon: SIGINT (xserver's own clean shutdown), SIGKILL after
  // the grace (Options::stop_grace_s unless given), reaped. Nothing for an
  // attached one. Safe to call twice.
  void Stop();
  void Stop(double grace_s);

  // "started by xsb_bench (pid 7: /opt/xsched/bin/xserver HPF 50000)" or
  // "external, on 127.0.0.1:50000".
  std::string Describe() const;

 private:
  explicit XschedDaemon(const Options& options);
  std::string Named() const;
  std::string OutputSuffix() const;

  Options options_;
  std::unique_ptr<ChildProcess> process_;
  std::unique_ptr<OutputTail> output_;
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_XSCHED_XSCHED_DAEMON_H_
