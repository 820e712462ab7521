// The xsched scheduler over one xsb_bench run: whether its cases can run at
// all (the install, the backend), each case's launch context, and the
// daemon, started (or found) by the first case that needs it and stopped
// when the session ends, on every exit path.
#ifndef XSB_BENCH_CASES_XSCHED_SESSION_H_
#define XSB_BENCH_CASES_XSCHED_SESSION_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/cases/scheduler_runtime.h"
#include "bench/cli/suite_options.h"
#include "shim_env/plan/worker_launch.h"
#include "shim_env/xsched/xsched_daemon.h"
#include "shim_env/xsched/xsched_install.h"

namespace xsb {

class XschedSession : public SchedulerRuntime {
 public:
  // `backend` is what the probe found: "cpu", "hip" or "cuda".
  // `compiled_gpu_backend` ("hip", "cuda" or "none") names the shim to look
  // for when the run is on the CPU.
  XschedSession(const XschedOptions& options, Backend backend,
                const std::string& compiled_gpu_backend);
  // Stops a daemon it started; after SIGINT or SIGTERM with a short grace,
  // so the whole run is gone within 2 s.
  ~XschedSession() override;
  XschedSession(const XschedSession&) = delete;
  XschedSession& operator=(const XschedSession&) = delete;

  // Why no xsched case can run (no install, a part missing, the CPU
  // backend); empty when they can.
  const std::string& unavailable() const override { return unavailable_; }
  // The CPU backend under --xsb_xsched_allow_cpu: the pipeline runs, but
  // XSched has no queue to schedule.
  bool test_only() const override { return test_only_; }
  bool plan_only() const override { return false; }
  // schedulers/xsched.json.
  const SchedulerSpec& spec() const override;
  const XschedInstall& install() const { return install_; }

  // Before case `case_name` runs: everything is in place and the daemon
  // serves (started or found on the first call). Otherwise why not, in
  // *why; once the daemon failed to start or died, every later case gets
  // kUnavailable naming that. kFailed when the daemon xsb_bench started,
  // which served until now, has died: XSched crashed under the suite.
  SchedulerReadiness Prepare(const std::string& case_name,
                             std::string* why) override;
  // After case `case_name` ran: the daemon still serves.
  SchedulerReadiness AfterCase(const std::string& case_name,
                               std::string* why) override;
  // schedulers/xsched.json's plan with this run's install and queue
  // settings, LP's threshold and batch size from the case's point.
  bool Plan(WorkerRole role, const SweepPoint& point, WorkerLaunchPlan* plan,
            std::string* error) const override;
  // The shim mapped, the planned variables seen, XSched's log not on a
  // fallback scheduler (shim_env/xsched/xsched_activation.h).
  bool CheckWorker(WorkerRole role, const SweepPoint& point,
                   const WorkerLaunchPlan& plan, const ReadyMessage& ready,
                   const std::string& worker_stderr, std::string* evidence,
                   std::string* error) override;
  // " TEST-ONLY(...)" on the CPU, then " daemon=..." (DaemonDescription).
  std::string LabelSuffix() const override;
  // For labels: how the daemon runs.
  std::string DaemonDescription() const;

  // The workers' launch context with the LP queue at `lp_threshold` and
  // `lp_batch_size`.
  LaunchContext Context(int64_t lp_threshold, int64_t lp_batch_size) const;

  // Key/value pairs for the JSON context (xsb_xsched_*).
  std::vector<std::pair<std::string, std::string>> ContextEntries()
      const override;

 private:
  // Whether the daemon still serves; `after_case` says when it is asked.
  SchedulerReadiness CheckDaemon(bool after_case, const std::string& case_name,
                                 std::string* why);

  XschedOptions options_;
  Backend backend_;       // the workers' backend
  Backend shim_backend_;  // the backend whose shim the workers load
  bool test_only_ = false;
  XschedInstall install_;
  std::string unavailable_;
  std::unique_ptr<XschedDaemon> daemon_;
  std::string daemon_failure_;  // sticky: a start failure or a death
};

}  // namespace xsb

#endif  // XSB_BENCH_CASES_XSCHED_SESSION_H_
