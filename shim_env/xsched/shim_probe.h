// What a worker reports about the scheduler shim in its own process: the
// shim and GPU driver libraries mapped into it (/proc/self/maps) and the
// XSched variables in its environment. xsb_bench checks them against the
// plan (shim_env/xsched_activation.h), so an "xsched" result can only come
// from a worker whose shim was really loaded.
#ifndef XSB_SHIM_ENV_XSCHED_SHIM_PROBE_H_
#define XSB_SHIM_ENV_XSCHED_SHIM_PROBE_H_

#include <string>
#include <vector>

#include "shim_env/base/proc_maps.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// The paths in `maps_text` (the format of /proc/<pid>/maps) whose file name
// marks an XSched shim (libshim*) or a GPU driver or runtime that a shim
// stands in for (libcuda.so*, libamdhip64.so*), each once, in the order they
// first appear. The kernel shows the file a symlink points to, so
// <xsched>/lib/libcuda.so.1 appears as <xsched>/lib/libshimcuda.so.
std::vector<std::string> MappedShimLibraries(const std::string& maps_text);

// This process's /proc/self/maps; "" when it cannot be read.
std::string ReadSelfMaps();

// The XSCHED_* and XLOG_* entries of a NAME=VALUE environment block (ended
// by a null pointer), sorted by name.
std::vector<EnvironmentVariable> SchedulerVariables(const char* const* envp);
// The same of process `pid`'s environment as it was started
// (/proc/<pid>/environ); none when it cannot be read.
std::vector<EnvironmentVariable> ProcessSchedulerVariables(int pid);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_XSCHED_SHIM_PROBE_H_
