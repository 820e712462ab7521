#include "shim_env/plan/xsched_plan.h"

#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/scheduler_plan.h"

namespace xsb {

ShimLoading ShimLoadingFor(Backend backend) {
  return backend == Backend::kCuda ? ShimLoading::kLibraryPath
                                   : ShimLoading::kPreload;
}

const char* XschedShimFileName(Backend backend) {
  return ShimLoadingFor(backend) == ShimLoading::kLibraryPath ? "libcuda.so.1"
                                                              : "libshimhip.so";
}

std::string PrependToPathList(const std::string& first,
                              const std::string& inherited) {
  return inherited.empty() ? first : first + ":" + inherited;
}

SubstitutionValues XschedRoleValues(const LaunchContext& context,
                                    WorkerRole role) {
  const XschedQueueSettings& queue =
      role == WorkerRole::kHp ? context.xsched_hp : context.xsched_lp;
  SubstitutionValues values;
  values.values = {{"xsched_lib", context.xsched_lib_dir},
                   {"priority", std::to_string(queue.priority)},
                   {"level", std::to_string(queue.level)},
                   {"threshold", std::to_string(queue.threshold)},
                   {"batch_size", std::to_string(queue.batch_size)}};
  return values;
}

std::vector<EnvironmentVariable> XschedWorkerEnv(const LaunchContext& context,
                                                 WorkerRole role) {
  RolePlanInputs inputs;
  inputs.backend = context.backend;
  inputs.role = role;
  inputs.values = XschedRoleValues(context, role);
  inputs.inherited_ld_preload = context.inherited_ld_preload;
  inputs.inherited_ld_library_path = context.inherited_ld_library_path;
  WorkerLaunchPlan plan;
  std::string error;
  // Every name the file uses has a value above; scheduler_plan_test plans
  // the built-in file, so a failure here cannot happen.
  if (!PlanRole(*FindBuiltinScheduler(kXschedSchedulerName), inputs, &plan,
                &error)) {
    return {};
  }
  return plan.env;
}

WorkerLaunchPlan XschedWorkerPlan(const LaunchContext& context,
                                  WorkerRole role) {
  WorkerLaunchPlan plan;
  plan.env = XschedWorkerEnv(context, role);
  return plan;
}

std::string DescribeXschedQueue(const XschedQueueSettings& settings) {
  return "priority=" + std::to_string(settings.priority) +
         " level=" + std::to_string(settings.level) +
         " threshold=" + std::to_string(settings.threshold) +
         " batch_size=" + std::to_string(settings.batch_size);
}

}  // namespace xsb
