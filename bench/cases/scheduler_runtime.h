// One scheduler over one xsb_bench run, as the case runner sees every
// scheduler: whether its cases can run, each worker's plan, the proof that
// it was active, what happens before and after each case, and what its
// label and the JSON context say. FileScheduler runs what a scheduler file
// describes; XschedSession is the C++ the xsched engine adds.
#ifndef XSB_BENCH_CASES_SCHEDULER_RUNTIME_H_
#define XSB_BENCH_CASES_SCHEDULER_RUNTIME_H_

#include <string>
#include <utility>
#include <vector>

#include "bench/protocol/worker_protocol.h"
#include "shim_env/plan/scheduler_plan.h"
#include "shim_env/plan/scheduler_spec.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// Whether a case can run, and if not whose fault that is.
enum class SchedulerReadiness {
  kReady,
  // What the environment lacks (an install, a program, a daemon that
  // would not start): a skip, not a failure.
  kUnavailable,
  // The scheduler broke under the suite (a daemon xsb_bench started died, a
  // command after the case failed): a failure, reported by the case that
  // found it.
  kFailed,
};

class SchedulerRuntime {
 public:
  virtual ~SchedulerRuntime() = default;

  virtual const SchedulerSpec& spec() const = 0;
  // Why none of its cases can run; empty when they can.
  virtual const std::string& unavailable() const = 0;
  // It does not apply to the run's CPU backend and runs there only as a
  // test of the pipeline (--xsb_schedulers_allow_cpu).
  virtual bool test_only() const = 0;
  // Whether anything happens besides the workers' plans (a daemon,
  // commands, a proof): the plan-only built-ins need none of the rest.
  virtual bool plan_only() const = 0;

  // Before case `case_name` runs (its daemon started, its commands run);
  // otherwise why not in *why.
  virtual SchedulerReadiness Prepare(const std::string& case_name,
                                     std::string* why) = 0;
  // What `role`'s worker is started with at `point`. False with *error
  // only for a scheduler whose unavailable() says why.
  virtual bool Plan(WorkerRole role, const SweepPoint& point,
                    WorkerLaunchPlan* plan, std::string* error) const = 0;
  // Once a worker is ready: the proof that the scheduler is active in it.
  // *evidence (for the label) on success; else *error, a phrase after the
  // worker's name.
  virtual bool CheckWorker(WorkerRole role, const SweepPoint& point,
                           const WorkerLaunchPlan& plan,
                           const ReadyMessage& ready,
                           const std::string& worker_stderr,
                           std::string* evidence, std::string* error) = 0;
  // After a case Prepare readied, whether it ran or failed (its daemon
  // stopped or checked, its commands run).
  virtual SchedulerReadiness AfterCase(const std::string& case_name,
                                       std::string* why) = 0;

  // What the label says after "scheduler=NAME": " TEST-ONLY(...)",
  // " daemon=...", or "".
  virtual std::string LabelSuffix() const = 0;
  // Key/value pairs for the JSON context.
  virtual std::vector<std::pair<std::string, std::string>> ContextEntries()
      const = 0;
};

}  // namespace xsb

#endif  // XSB_BENCH_CASES_SCHEDULER_RUNTIME_H_
