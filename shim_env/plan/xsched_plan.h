// The XSched scheduler's part of a worker's launch plan: which shim file
// the worker must load, how it is loaded on each backend, and the XSCHED_*
// variables that make the shim schedule the worker's stream. Pure functions,
// tested down to each variable (tests/xsched_plan_test.cc).
#ifndef XSB_SHIM_ENV_PLAN_XSCHED_PLAN_H_
#define XSB_SHIM_ENV_PLAN_XSCHED_PLAN_H_

#include <string>
#include <vector>

#include "shim_env/plan/substitution.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// Variables XSched reads (its protocol/def.h).
inline constexpr char kXschedSchedulerEnv[] = "XSCHED_SCHEDULER";
inline constexpr char kXschedPolicyEnv[] = "XSCHED_POLICY";
inline constexpr char kXschedAutoXqueueEnv[] = "XSCHED_AUTO_XQUEUE";
inline constexpr char kXschedPriorityEnv[] = "XSCHED_AUTO_XQUEUE_PRIORITY";
inline constexpr char kXschedLevelEnv[] = "XSCHED_AUTO_XQUEUE_LEVEL";
inline constexpr char kXschedThresholdEnv[] = "XSCHED_AUTO_XQUEUE_THRESHOLD";
inline constexpr char kXschedBatchSizeEnv[] = "XSCHED_AUTO_XQUEUE_BATCH_SIZE";
// Its log level (utils/include/xsched/utils/log.h): ERRO, WARN, INFO, DEBG.
inline constexpr char kXlogLevelEnv[] = "XLOG_LEVEL";

enum class ShimLoading {
  // LD_PRELOAD=<lib>/libshimhip.so: the HIP shim overrides hip* calls.
  kPreload,
  // <lib> first on LD_LIBRARY_PATH: the CUDA runtime opens libcuda.so.1 by
  // name, and XSched's lib/ holds libcuda.so.1 -> libshimcuda.so. A preload
  // alone is not on the runtime's search path.
  kLibraryPath,
};

// cuda: kLibraryPath; hip, and cpu (the test-only run of the pipeline on
// the CPU backend, see docs/xsched.md): kPreload.
ShimLoading ShimLoadingFor(Backend backend);

// The file under the install's lib/ that a worker of `backend` loads:
// "libcuda.so.1" for cuda, "libshimhip.so" otherwise.
const char* XschedShimFileName(Backend backend);

// `first`, then the inherited ':'-separated list unless it is empty.
std::string PrependToPathList(const std::string& first,
                              const std::string& inherited);

// The xsched built-in scheduler's name (schedulers/xsched.json).
inline constexpr char kXschedSchedulerName[] = "xsched";

// The substitutions schedulers/xsched.json uses for `role`: {xsched_lib},
// and the role's queue settings as {priority}, {level}, {threshold} and
// {batch_size}.
SubstitutionValues XschedRoleValues(const LaunchContext& context,
                                    WorkerRole role);

// What schedulers/xsched.json plans for `role` in `context`, in this order:
// the loader variable (LD_PRELOAD or LD_LIBRARY_PATH, with the inherited
// value kept after the shim's), XSCHED_SCHEDULER=GLB (the daemon schedules
// across the workers), XSCHED_AUTO_XQUEUE=ON (without it the shim schedules
// nothing), then the role's PRIORITY, LEVEL, THRESHOLD and BATCH_SIZE, and
// XLOG_LEVEL=INFO (XSched names its scheduler at INFO).
std::vector<EnvironmentVariable> XschedWorkerEnv(const LaunchContext& context,
                                                 WorkerRole role);

// The whole launch plan of an xsched worker: XschedWorkerEnv's variables;
// no arguments, the default stream priority (XSched's queue priority
// decides).
WorkerLaunchPlan XschedWorkerPlan(const LaunchContext& context,
                                  WorkerRole role);

// "priority=1 level=1 threshold=16 batch_size=8", for labels and context.
std::string DescribeXschedQueue(const XschedQueueSettings& settings);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_XSCHED_PLAN_H_
