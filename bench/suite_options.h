// xsb_bench's own flags (--xsb_*), parsed and validated before any case
// is registered; Google Benchmark's flags are left to it.
#ifndef XSB_BENCH_SUITE_OPTIONS_H_
#define XSB_BENCH_SUITE_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/arrival_schedule.h"
#include "bench/scenarios.h"
#include "shim_env/xsched_settings.h"

namespace xsb {

struct ModelOptions {
  int layers = 4;
  int hidden = 512;
  int threads = 0;  // CPU backend host threads; 0: all cores
};

// The xsched scheduler's flags (--xsched_*); defaults and their reasons are
// in docs/xsched.md.
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
bool CheckXschedLevels(const XschedOptions& options, const std::string& backend,
                       std::string* error);

// XSCHED_ROOT's value (`env_value`, null when unset) when no --xsched_root
// was given.
void ApplyXschedRootFallback(const char* env_value, XschedOptions* options);

struct SuiteOptions {
  std::string backend = "auto";  // auto, cpu or gpu
  std::vector<std::string> scenarios = {"original", "intensive", "smoke"};
  std::vector<std::string> schedulers;  // empty: every one the backend has
  bool standalone = true;               // register Standalone/* cases
  std::optional<double> hp_rate;        // overrides of every scenario
  std::optional<int> lp_batch;
  std::optional<double> duration_s;
  std::optional<double> warmup_s;
  ArrivalDistribution arrival = ArrivalDistribution::kUniform;
  uint64_t seed = 42;
  // The HP model spreads over every core, as a GPU kernel spreads over
  // every compute unit, so it contends with LP for the whole device.
  ModelOptions hp{4, 512, 0};
  int hp_batch = 1;
  ModelOptions lp{4, 512, 0};
  std::string worker_path;  // empty: xsb_worker beside xsb_bench
  double ready_timeout_s = 120;
  double result_grace_s = 30;
  double watchdog_s = 0;  // 0: derived from each case (WatchdogSeconds)
  double progress_s = 5;
  std::string samples_dir;  // empty: no per-request sample files
  // The most memory each worker's model may use (bench/memory_check.h);
  // 0: no limit beyond the device's free memory.
  int memory_limit_mib = 0;
  // The --xsb_* flags given on the command line, by name ("hp_hidden"), so
  // backend defaults resolved later (bench/model_defaults.h) never override
  // them.
  std::set<std::string> given_flags;
  XschedOptions xsched;
};

// Removes every --xsb_* and --xsched_* argument from argv and applies it.
// Returns false with *error holding one line per bad flag, each naming the
// flag and the problem; once every value is valid alone, one line per pair
// of settings that contradict each other.
bool ParseSuiteFlags(int* argc, char** argv, SuiteOptions* options,
                     std::string* error);

// One line per flag, for --help.
std::string SuiteFlagsHelp();

// The scenario with the user's overrides applied.
Scenario ApplyOverrides(const Scenario& scenario, const SuiteOptions& options);

}  // namespace xsb

#endif  // XSB_BENCH_SUITE_OPTIONS_H_
