// Scheduler modes -> what each worker process is started with. Pure
// functions: the orchestrator applies the plan, tests check it.
#ifndef XSB_SHIM_ENV_PLAN_WORKER_LAUNCH_H_
#define XSB_SHIM_ENV_PLAN_WORKER_LAUNCH_H_

#include <string>
#include <utility>
#include <vector>

#include "kernels/workload.h"
#include "shim_env/base/environment_variable.h"
#include "shim_env/plan/xsched_settings.h"

namespace xsb {

enum class WorkerRole { kHp, kLp };
const char* WorkerRoleName(WorkerRole role);  // "hp" or "lp"
bool ParseWorkerRole(const std::string& text, WorkerRole* out);

enum class Scheduler {
  kBaseline,        // both workers as the user started xsb_bench
  kBaselineAgain,   // baseline under its own name: an A/A run's second arm
  kOsPriority,      // the LP worker at the lowest CPU priority (see below)
  kStreamPriority,  // HP on the device's highest stream priority, LP lowest
  kXsched,          // XSched's shim in each worker, its daemon across them
};

// Every scheduler, in the order cases are registered.
const std::vector<Scheduler>& AllSchedulers();
// "baseline, os-priority, ..." for error messages and --help.
std::string KnownSchedulerNames();
const char* SchedulerName(Scheduler scheduler);  // as in case names
bool ParseScheduler(const std::string& text, Scheduler* out);
// The schedulers that mean something on a backend ("cpu", "hip", "cuda")
// and need nothing installed: kXsched is never among them (xsb_bench adds
// it when an XSched install is configured; see docs/xsched.md).
std::vector<Scheduler> SchedulersForBackend(Backend backend);
// Whether `scheduler` may be asked for on `backend`: the backend's own,
// kBaselineAgain and kXsched (whose cases say why they cannot run).
bool SchedulerAppliesTo(Scheduler scheduler, Backend backend);

struct WorkerLaunchPlan {
  std::vector<std::string> args;         // appended to the worker's argv
  std::vector<EnvironmentVariable> env;  // set on top of the inherited one
  // The priority of the stream the worker creates for its model.
  StreamPriority stream_priority = StreamPriority::kDefault;
};

// What a plan depends on besides the scheduler and the role.
struct LaunchContext {
  Backend backend = Backend::kCpu;  // what the workers run
  // kXsched: the install's lib/ folder and each role's queue settings.
  std::string xsched_lib_dir;
  XschedQueueSettings xsched_hp = kXschedHpDefaults;
  XschedQueueSettings xsched_lp = kXschedLpDefaults;
  // xsb_bench's own LD_PRELOAD and LD_LIBRARY_PATH: the shim goes in front
  // of them, so whatever the user preloads or points at still loads.
  std::string inherited_ld_preload;
  std::string inherited_ld_library_path;
};

// kOsPriority asks the LP worker for `--cpu_policy=idle`: the worker moves
// itself to SCHED_IDLE at nice 19 before it starts any thread, so every LP
// thread runs only when no normal thread wants the core. kStreamPriority
// asks for the highest stream priority the device reports for HP and the
// lowest for LP; the GPU's own scheduler then favours HP's kernels.
// kXsched loads XSched's shim and sets the role's queue settings (see
// shim_env/xsched_plan.h); the stream keeps the default priority.
WorkerLaunchPlan PlanWorkerLaunch(Scheduler scheduler, WorkerRole role,
                                  const LaunchContext& context);
// The same with a default context (cpu backend, no XSched install).
WorkerLaunchPlan PlanWorkerLaunch(Scheduler scheduler, WorkerRole role);

// "K=V K=V ... --arg" for logs and labels; "default" when the plan is empty.
std::string DescribeLaunchPlan(const WorkerLaunchPlan& plan);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_WORKER_LAUNCH_H_
