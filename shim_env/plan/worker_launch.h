// What each worker process is started with: its role, and the plan a
// scheduler (shim_env/plan/scheduler_plan.h) gives it. Pure: the
// orchestrator applies the plan, tests check it.
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

struct WorkerLaunchPlan {
  std::vector<std::string> args;         // appended to the worker's argv
  std::vector<EnvironmentVariable> env;  // set on top of the inherited one
  // The priority of the stream the worker creates for its model.
  StreamPriority stream_priority = StreamPriority::kDefault;
  // > 0: the stream gets this share of the compute units (hip only; see
  // kernels/workload.h StreamOptions).
  int cu_mask_percent = 0;
};

// What the xsched engine's plan depends on besides the role
// (shim_env/plan/xsched_plan.h).
struct LaunchContext {
  Backend backend = Backend::kCpu;  // what the workers run
  // The XSched install's lib/ folder and each role's queue settings.
  std::string xsched_lib_dir;
  XschedQueueSettings xsched_hp = kXschedHpDefaults;
  XschedQueueSettings xsched_lp = kXschedLpDefaults;
  // xsb_bench's own LD_PRELOAD and LD_LIBRARY_PATH: the shim goes in front
  // of them, so whatever the user preloads or points at still loads.
  std::string inherited_ld_preload;
  std::string inherited_ld_library_path;
};

// "K=V K=V ... --arg stream_priority=... cu_mask=50%" for logs and labels;
// "default" when the plan is empty.
std::string DescribeLaunchPlan(const WorkerLaunchPlan& plan);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_WORKER_LAUNCH_H_
