#include "shim_env/plan/xsched_plan.h"

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

std::vector<EnvironmentVariable> XschedWorkerEnv(const LaunchContext& context,
                                                 WorkerRole role) {
  const XschedQueueSettings& queue =
      role == WorkerRole::kHp ? context.xsched_hp : context.xsched_lp;
  std::vector<EnvironmentVariable> env;
  if (ShimLoadingFor(context.backend) == ShimLoading::kPreload) {
    env.emplace_back("LD_PRELOAD",
                     PrependToPathList(context.xsched_lib_dir + "/" +
                                           XschedShimFileName(context.backend),
                                       context.inherited_ld_preload));
  } else {
    env.emplace_back("LD_LIBRARY_PATH",
                     PrependToPathList(context.xsched_lib_dir,
                                       context.inherited_ld_library_path));
  }
  env.emplace_back(kXschedSchedulerEnv, "GLB");
  env.emplace_back(kXschedAutoXqueueEnv, "ON");
  env.emplace_back(kXschedPriorityEnv, std::to_string(queue.priority));
  env.emplace_back(kXschedLevelEnv, std::to_string(queue.level));
  env.emplace_back(kXschedThresholdEnv, std::to_string(queue.threshold));
  env.emplace_back(kXschedBatchSizeEnv, std::to_string(queue.batch_size));
  // INFO is enough for the line naming its scheduler, which the activation
  // check reads (CheckXschedSchedulerLog); unset, XSched logs at DEBG.
  env.emplace_back(kXlogLevelEnv, "INFO");
  return env;
}

std::string DescribeXschedQueue(const XschedQueueSettings& settings) {
  return "priority=" + std::to_string(settings.priority) +
         " level=" + std::to_string(settings.level) +
         " threshold=" + std::to_string(settings.threshold) +
         " batch_size=" + std::to_string(settings.batch_size);
}

}  // namespace xsb
