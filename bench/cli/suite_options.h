// xsb_bench's own flags (--xsb_*), parsed and validated before any case
// is registered; Google Benchmark's flags are left to it.
#ifndef XSB_BENCH_CLI_SUITE_OPTIONS_H_
#define XSB_BENCH_CLI_SUITE_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/cli/load_study.h"
#include "bench/cli/model_choice.h"
#include "bench/cli/round_options.h"
#include "bench/cli/scenarios.h"
#include "bench/cli/xsched_options.h"
#include "bench/measure/arrival_schedule.h"
#include "kernels/workload.h"
#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

struct ModelOptions {
  int layers = 4;
  int hidden = 512;
  int threads = 0;  // CPU backend host threads; 0: all cores
};

// The Preemption/* cases (docs/metrics.md): LP keeps its stream full of
// spin kernels of each length in lp_kernel_us, HP launches one short spin
// kernel at Poisson times.
struct PreemptionOptions {
  bool enabled = false;  // --xsb_preemption: register the family
  std::vector<int64_t> lp_kernel_us = {100, 1000, 2000};
  int hp_kernel_us = 50;
  int queue_depth = 8;     // LP kernels in flight
  double rate_per_s = 50;  // HP launches per second (Poisson)
  double duration_s = 10;  // measured window per case
  double warmup_s = 1;
};

struct SuiteOptions {
  std::string backend = "auto";  // auto, cpu or gpu
  // --xsb_device: the GPU both workers select, as the runtime numbers them
  // (after HIP_VISIBLE_DEVICES / CUDA_VISIBLE_DEVICES); the CPU has only 0.
  int device_index = 0;
  std::vector<std::string> scenarios = {"original", "intensive", "smoke"};
  std::vector<std::string> schedulers;  // empty: the default ones (below)
  // --xsb_scheduler_file: schedulers beside the built-ins, in the order
  // given (bench/cli/scheduler_catalog.h).
  std::vector<SchedulerSpec> scheduler_files;
  // --xsb_scenario_file: the files loaded (their scenarios are added to
  // FindScenario's, bench/cli/scenarios.h).
  std::vector<std::string> scenario_files;
  // Test only (--xsb_schedulers_allow_cpu): run schedulers that do not
  // apply to the CPU backend on it (their label and context say
  // TEST-ONLY); implies --xsb_xsched_allow_cpu.
  bool schedulers_allow_cpu = false;
  bool standalone = true;         // register Standalone/* cases
  RoundOptions rounds;            // --xsb_rounds and companions
  std::optional<double> hp_rate;  // overrides of every scenario
  std::optional<int> lp_batch;
  std::optional<double> duration_s;
  // --xsb_duration_s=auto and its bounds (Scenario::auto_duration).
  bool auto_duration = false;
  std::optional<double> min_duration_s;  // default: min(30 s, the longest)
  std::optional<double> max_duration_s;  // default: the scenario's duration
  double target_ci = 0.05;
  // Of every interval xsb_bench reports (docs/metrics.md).
  double confidence = 0.95;
  // The HP client sleeps until this long before each request and spins the
  // rest, so the timer's wake-up latency does not show as send lag.
  int send_spin_us = 200;
  std::optional<double> warmup_s;
  // The HP arrival process, a sweep, the capacity search.
  LoadStudyOptions study;
  uint64_t seed = 42;
  // The HP model spreads over every core, as a GPU kernel spreads over
  // every compute unit, so it contends with LP for the whole device.
  ModelOptions hp{4, 512, 0};
  int hp_batch = 1;
  ModelOptions lp{4, 512, 0};
  // --xsb_{hp,lp}_model: a trace replayed instead of the MLP in every
  // scenario; empty: the scenario's own choice (the MLP but for trace-*).
  RoleModel hp_model;
  RoleModel lp_model;
  Gemm gemm = Gemm::kBuiltin;  // the MLP's matrix products
  std::string worker_path;     // empty: xsb_worker beside xsb_bench
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
  PreemptionOptions preemption;
  // Device telemetry (NVML, ROCm SMI) around each case, sampled every
  // telemetry_interval_ms in xsb_bench (bench/telemetry).
  bool telemetry = true;
  int telemetry_interval_ms = 100;
};

// Removes every --xsb_* and --xsched_* argument from argv and applies it.
// Returns false with *error holding one line per bad flag, each naming the
// flag and the problem; once every value is valid alone, one line per pair
// of settings that contradict each other.
bool ParseSuiteFlags(int* argc, char** argv, SuiteOptions* options,
                     std::string* error);

// One line per flag, for --help.
std::string SuiteFlagsHelp();

struct FlagDescription {
  std::string name;        // with its prefix: "--xsb_backend"
  std::string value_help;  // what follows '='
};
// Every --xsb_* flag, then every --xsched_* flag, in --help's order.
std::vector<FlagDescription> SuiteFlagList();

// The scenario with the user's overrides applied.
Scenario ApplyOverrides(const Scenario& scenario, const SuiteOptions& options);

// The scenario with the overrides applied at each point of the sweep
// (SweepScenarios): what the run registers for it.
std::vector<Scenario> ScenarioPoints(const Scenario& scenario,
                                     const SuiteOptions& options);

// The warm-up of the scenarios the run registers, for the JSON context
// (xsb_warmup_s): "3" when they all have the same, else each scenario's,
// "original:5,smoke:1". Not in the case names, so the context carries it.
std::string WarmupDescription(const SuiteOptions& options);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SUITE_OPTIONS_H_
