// One benchmark case = one scenario run per repetition: builds the worker
// plans, runs them and turns the report into counters.
#ifndef XSB_BENCH_CASES_CASE_RUNNER_H_
#define XSB_BENCH_CASES_CASE_RUNNER_H_

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "bench/cases/run_progress.h"
#include "bench/cases/scheduler_runtime.h"
#include "bench/cli/scenarios.h"
#include "bench/cli/suite_options.h"
#include "bench/orchestrate/orchestrator.h"
#include "bench/protocol/counters.h"
#include "bench/telemetry/gpu_telemetry.h"
#include "shim_env/base/text.h"
#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/scheduler_plan.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// What every case shares: the options and what the backend probe found.
struct SuiteContext {
  SuiteOptions options;
  BackendRequest backend =
      BackendRequest::kCpu;  // kCpu or kGpu: workers' config
  ReadyMessage device;       // from the probe
  std::string worker_path;
  // The registered schedulers' run-time state (FileScheduler or the xsched
  // engine's XschedSession), in registration order; owned by main.
  std::vector<SchedulerRuntime*> schedulers;
  // Device telemetry; null without a library or under --xsb_telemetry=false.
  GpuTelemetry* telemetry = nullptr;
};

struct CaseSpec {
  std::string name;
  Scenario scenario;  // overrides applied
  // Standalone cases run under baseline (plans that change nothing).
  const SchedulerSpec* scheduler = FindBuiltinScheduler("baseline");
  // The case's values of the scheduler's swept parameters (its name ends
  // with them).
  SweepPoint point;
  bool run_hp = true;
  bool run_lp = true;
  // A Preemption case: spin kernels instead of the models (> 0: HP's and
  // LP's lengths), LP keeping lp_queue_depth of them in flight.
  double hp_spin_us = 0;
  double lp_spin_us = 0;
  int lp_queue_depth = 1;
  // A Capacity case (--xsb_capacity): the body searches the HP rate
  // (MeasureCapacity) instead of running the scenario once.
  bool capacity = false;
};

// A case of a scenario other than the classic pair (IsPair): one worker
// per tenant, in the file's order, and t_<tenant>_* counters.
bool IsTenantCase(const CaseSpec& spec);

ScenarioPlan BuildScenarioPlan(const CaseSpec& spec, const SuiteContext& suite);

// The registered scheduler's run-time state, or null for one that is not
// registered (a Standalone case's baseline): its plans are all it has.
SchedulerRuntime* FindRuntime(const SuiteContext& suite,
                              const SchedulerSpec* spec);

// The counters of one run, by counter; what SetCounters reports.
using CounterValues = std::map<Counter, double>;

// The hp_* counters when the report has an HP worker and the lp_* ones when
// it has an LP worker, including each worker's standalone forward time
// (hp_standalone_forward_ms, lp_standalone_forward_ms), each in the unit
// its name ends with (bench/protocol/counters.h); also the intervals at
// `confidence`, the window's length and whether it ended early, and a note
// per HP percentile the window holds too few requests for ("P99.9 not
// supported: ...") in *notes. Returns false with *error when the window
// holds no HP request or no LP iteration: all-zero counters would pass for
// a perfect result. Pure: tested against a known report.
bool ComputeCounters(const ScenarioReport& report, const Scenario& scenario,
                     double confidence, CounterValues* values,
                     std::vector<std::string>* notes, std::string* error);

// The Preemption cases' counters: preempt_p50_us, preempt_p99_us,
// preempt_max_us (HP launch as scheduled -> completion), the HP kernel's
// standalone time, LP kernels completed per second, HP launches. False with
// *error when the window holds no HP launch or no LP kernel. Pure.
bool ComputePreemptionCounters(const ScenarioReport& report,
                               const Scenario& scenario, CounterValues* values,
                               std::string* error);

// The case's counters (ComputeCounters, or ComputePreemptionCounters for a
// Preemption case) into the benchmark's counters.
bool SetCounters(const ScenarioReport& report, const CaseSpec& spec,
                 double confidence, benchmark::State& state,
                 std::vector<std::string>* notes, std::string* error);

// The benchmark body; failures become SkipWithError and are counted. A
// case whose scheduler cannot run because of its environment (no install,
// a missing program, the CPU backend, no daemon) is skipped the same way
// with one line naming the cause, and counted apart: it is not a failure
// of the system under test.
// A note per exec model that did not acknowledge the stream priority its
// scheduler asked for (XSB_STREAM_PRIORITY, docs/workloads.md): its work
// may have run at the default priority, so its result may be the
// baseline's. Pure.
void AddExecPriorityNotes(const ScenarioPlan& plan,
                          const ScenarioReport& report,
                          std::vector<std::string>* notes);

// Has the scheduler's proof checked of each worker once it is ready; what
// proved it goes to `evidence` (one entry per worker). No-op without a
// runtime or for a plan-only one.
void CheckProofOnReady(SchedulerRuntime* runtime, const CaseSpec& spec,
                       ScenarioPlan* plan, std::vector<std::string>* evidence);

// A Capacity case's body (bench/cases/capacity_case.cc): the search, its
// counters on `state` and its result in *label. False with *error when a
// probe failed to run.
bool MeasureCapacity(benchmark::State& state, const CaseSpec& spec,
                     const SuiteContext& suite, std::string* label,
                     std::string* error);

// The case's headline figure in seconds, its manual iteration time (what
// Google Benchmark's compare.py and CI trackers read as real_time): the HP
// P99 latency when the case has one (a Preemption case's preemption P99),
// else the seconds per LP iteration; 0 when the counters hold neither.
double HeadlineSeconds(const benchmark::UserCounters& counters);

// The benchmark body; failures become SkipWithError and are counted. An
// xsched case that cannot run because of its environment (no install, the
// CPU backend, no daemon) is skipped the same way with one line naming the
// cause, and counted apart: it is not a failure of the system under test.
void RunCase(benchmark::State& state, const CaseSpec& spec,
             const SuiteContext& suite);

// Cases that failed (a worker died, hung, broke the protocol, or ran
// without its scheduler's proof of activation) so far.
int FailedCaseCount();
// Which run of how many, for the start and progress lines; main plans it
// once every case is registered.
RunProgress& SuiteRunProgress();
// Cases skipped because their environment lacks something so far.
int SkippedCaseCount();

}  // namespace xsb

#endif  // XSB_BENCH_CASES_CASE_RUNNER_H_
