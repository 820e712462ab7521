// Runs one scenario: starts the workers, walks them through
// config -> ready -> start -> result with every phase bounded by a timeout,
// and stops and reaps every worker on every exit path.
#ifndef XSB_BENCH_ORCHESTRATE_ORCHESTRATOR_H_
#define XSB_BENCH_ORCHESTRATE_ORCHESTRATOR_H_

#include <functional>
#include <string>
#include <vector>

#include "bench/measure/window_stats.h"
#include "bench/protocol/worker_protocol.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

struct WorkerSpec {
  WorkerConfig config;
  WorkerLaunchPlan launch;
};

struct PhaseTimeouts {
  double ready_s = 120;  // model set-up, e.g. a large batch's allocation
  // After the window ends: the last LP iteration and the result transfer.
  // 20 standalone iterations are added, so slow models get longer.
  double result_grace_s = 30;
  double exit_s = 5;
  // Longest silence from a running worker before it counts as hung; 0 means
  // derived from the case (see WatchdogSeconds).
  double watchdog_s = 0;
};

// --xsb_duration_s=auto: the window [begin, begin + duration_s) ends early,
// for every worker at once, at the first of the looks fixed in advance
// (bench/measure/adaptive_window.h: from min_duration_s on) where the
// interval of the HP P99 (of LP throughput in a case without HP), at that
// look's share of the confidence, is as narrow as target_ci. Workers must
// stream their samples (WorkerConfig::stream_samples).
struct AdaptiveWindow {
  bool enabled = false;
  double min_duration_s = 0;
  double target_ci = 0.05;  // relative half-width
  double confidence = 0.95;
};

// The measurement window's edges (ScenarioPlan::on_window_edge).
enum class WindowEdge { kStart, kEnd };

struct ScenarioPlan {
  std::string name;  // for progress lines and errors
  // What progress lines start with, e.g. "[2/5]" (the run's place in the
  // whole run); empty: the name.
  std::string progress_tag;
  // Estimated seconds the rest of the run takes after this scenario, for
  // the ETA on progress lines; negative: no ETA.
  double remaining_after_s = -1;
  // The ETA is an upper bound (--xsb_rounds=auto may stop sooner).
  bool eta_is_upper_bound = false;
  std::vector<WorkerSpec> workers;
  double warmup_s = 0;
  double duration_s = 0;
  double progress_interval_s = 5;
  PhaseTimeouts timeouts;
  AdaptiveWindow adaptive;
  // When set, called with each worker's ready message and what it printed
  // on stderr so far (its first 16 KiB); false with *error (a phrase that
  // follows the worker's name) stops the run before it starts. The xsched
  // scheduler checks here that each worker's shim is active and that
  // XSched's log names the global scheduler.
  std::function<bool(size_t worker, const ReadyMessage& ready,
                     const std::string& worker_stderr, std::string* error)>
      check_ready;
  // When set, called once as the measurement window starts and once as it
  // ends (an adaptive window's early end included), with the workers' pids:
  // from the result phase's loop, so within its poll period (200 ms) of
  // each edge, and at the latest once every result is in. The noise
  // monitor's hook (bench/cases/case_noise.h).
  std::function<void(WindowEdge edge, const std::vector<int64_t>& worker_pids,
                     int64_t now_ns)>
      on_window_edge;
};

struct WorkerReport {
  WorkerRole role = WorkerRole::kHp;
  // It replayed a kernel trace (WorkerConfig::trace_path): what advice to
  // give when it did too little.
  bool replays_trace = false;
  ReadyMessage ready;
  ResultMessage result;
};

struct ScenarioReport {
  int64_t t0_ns = 0;  // the start every worker was given (CLOCK_MONOTONIC)
  MeasurementWindow window;
  std::vector<WorkerReport> workers;  // in the plan's order
  // Adaptive window only: whether the rule ended it before its longest,
  // and a phrase saying why it ended ("" for a fixed window).
  bool ended_early = false;
  std::string end_reason;
  // Adaptive window only: the level its intervals hold at, the share of
  // the confidence of the look that ended it (0: the plan's confidence).
  double interval_confidence = 0;
};

// The watchdog period of a plan: timeouts.watchdog_s when set, otherwise
// max(10 s, duration / 10) plus 20 of the slowest worker's standalone
// forward passes (LP reports only after an iteration, which contention can
// stretch) plus two HP arrival intervals (a margin: HP also reports while
// it waits for a request, bench/load_loops.h).
double WatchdogSeconds(const ScenarioPlan& plan, double slowest_forward_ms);

// False with *error when timeouts.watchdog_s is set and shorter than 2
// standalone forward passes of the slowest of `workers`, which reports
// progress only after each pass and so would be killed as hung: the
// one-line error that fails the case before it starts.
bool CheckExplicitWatchdog(const ScenarioPlan& plan,
                           const std::vector<WorkerReport>& workers,
                           std::string* error);

// Returns false with *error (one line naming the worker and what happened)
// when a worker cannot start, fails, dies, hangs or talks nonsense.
bool RunScenario(const std::string& worker_path, const ScenarioPlan& plan,
                 ScenarioReport* report, std::string* error);

// Starts `xsb_worker --probe --backend=<request> --device=<device_index>`
// and returns what device it opened. Returns false with *error when it
// cannot.
bool ProbeBackend(const std::string& worker_path, const std::string& request,
                  int device_index, double timeout_s, ReadyMessage* device,
                  std::string* error);
// Device 0.
bool ProbeBackend(const std::string& worker_path, const std::string& request,
                  double timeout_s, ReadyMessage* device, std::string* error);
// Starts `xsb_worker --probe ARGS` with `env` on top of this process's and
// returns its ready message; `name` names it in errors.
bool ProbeWorker(const std::string& name, const std::string& worker_path,
                 const std::vector<std::string>& args,
                 const std::vector<EnvironmentVariable>& env, double timeout_s,
                 ReadyMessage* ready, std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_ORCHESTRATE_ORCHESTRATOR_H_
