// The proof that a worker ran under an active XSched shim: its report (the
// libraries mapped in its process and the XSched variables it saw) against
// what its launch plan asked for. A worker that fails this would produce a
// baseline result under the "xsched" name.
#ifndef XSB_SHIM_ENV_XSCHED_XSCHED_ACTIVATION_H_
#define XSB_SHIM_ENV_XSCHED_XSCHED_ACTIVATION_H_

#include <string>
#include <vector>

#include "shim_env/plan/worker_launch.h"

namespace xsb {

struct XschedExpectation {
  // The shim as the kernel names it in /proc/<pid>/maps: the resolved path
  // of <lib>/libshimhip.so or <lib>/libcuda.so.1.
  std::string shim_path;
  // Every XSCHED_* variable of the plan, with its value.
  std::vector<EnvironmentVariable> env;
};

// The expectation for a worker started with `plan` whose shim resolves to
// `shim_path`.
XschedExpectation ExpectXsched(const std::string& shim_path,
                               const WorkerLaunchPlan& plan);

// True when `mapped` holds the shim, every planned variable was seen with
// its value, and XSCHED_POLICY was not (it turns the global scheduler into
// one per process). Otherwise false, with *error naming the first problem as a
// phrase that follows the worker's name ("has no XSched shim mapped: ...").
bool CheckXschedActive(const XschedExpectation& expected,
                       const std::vector<std::string>& mapped,
                       const std::vector<EnvironmentVariable>& seen,
                       std::string* error);

// XSched's own word on its scheduler, from what a worker printed on stderr
// before its ready message (XSched logs at INFO when its shim loads, see
// XschedWorkerEnv's XLOG_LEVEL; sched/src/scheduler/scheduler.cpp):
// "using global scheduler" is what a cross-process run needs; "using
// app-managed scheduler" (XSCHED_SCHEDULER unset or unknown, e.g. the old
// spelling GBL) and "using local scheduler" (XSCHED_POLICY set) never
// preempt across processes. False with *error (a phrase that follows the
// worker's name) when the log says one of those; true when it says global
// or says nothing (a build that logs less).
bool CheckXschedSchedulerLog(const std::string& worker_stderr,
                             std::string* error);

// XSched's log lines (sched/src/scheduler/scheduler.cpp, XpuOS/xsched).
inline constexpr char kXschedGlobalSchedulerLog[] = "using global scheduler";
inline constexpr char kXschedAppManagedSchedulerLog[] =
    "using app-managed scheduler";
inline constexpr char kXschedLocalSchedulerLog[] = "using local scheduler";

}  // namespace xsb

#endif  // XSB_SHIM_ENV_XSCHED_XSCHED_ACTIVATION_H_
