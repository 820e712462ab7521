// The xsched scheduler's flags (--xsched_*): what they hold, how they are
// parsed and the checks that need more than one value or the backend.
#ifndef XSB_BENCH_CLI_XSCHED_OPTIONS_H_
#define XSB_BENCH_CLI_XSCHED_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "kernels/workload.h"
#include "shim_env/plan/xsched_settings.h"

namespace xsb {

// Defaults and their reasons are in docs/xsched.md.
enum class XschedServerMode {
  kAuto,      // use a daemon listening on the port, else start bin/xserver
  kExternal,  // require one listening on the port
};

struct XschedOptions {
  std::string root;                           // the install: lib/, bin/
  std::string root_source = "--xsched_root";  // or XSCHED_ROOT
  XschedServerMode server = XschedServerMode::kAuto;
  std::string policy = "HPF";    // xserver's policy: highest priority first
  int port = 50000;              // xserver's HTTP port (XSched's default)
  double server_timeout_s = 10;  // for a started xserver to listen
  // Per role; LP's threshold and batch size come from the sweep lists.
  XschedQueueSettings hp = kXschedHpDefaults;
  XschedQueueSettings lp = kXschedLpDefaults;
  // One xsched case per pair (see XschedLpSweep). --xsched_lp_threshold=T is
  // the same as --xsched_lp_thresholds=T.
  std::vector<int64_t> lp_thresholds = {kXschedLpDefaults.threshold};
  std::vector<int64_t> lp_batch_sizes = {kXschedLpDefaults.batch_size};
  // Test only (--xsb_xsched_allow_cpu): run the xsched cases on the CPU
  // backend, where XSched has no queue to schedule, to test the pipeline.
  bool allow_cpu = false;
};

struct XschedSweepPoint {
  int64_t threshold = 0;
  int64_t batch_size = 0;
};

// The LP settings of the xsched cases: each threshold with each batch size
// that is at most the threshold (XSched aborts a worker otherwise), in the
// order given. The pairs left out are described in *left_out.
std::vector<XschedSweepPoint> XschedLpSweep(const XschedOptions& options,
                                            std::vector<std::string>* left_out);

// Levels the probed `backend` ("cpu", "hip" or "cuda") cannot run: XSched's
// HIP shim supports preemption level 1 only (NVIDIA GPUs before Hopper
// have levels 2 and 3). False with one line per such flag in *error.
bool CheckXschedLevels(const XschedOptions& options, Backend backend,
                       std::string* error);

// XSCHED_ROOT's value (`env_value`, null when unset) when no --xsched_root
// was given.
void ApplyXschedRootFallback(const char* env_value, XschedOptions* options);

// The --xsched_* flags (names without the prefix), setting `options`.
std::vector<Flag> MakeXschedFlags(XschedOptions* options);

// Settings each valid alone but not together; one line each in *problems.
void ValidateXsched(const XschedOptions& options,
                    std::vector<std::string>* problems);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_XSCHED_OPTIONS_H_
