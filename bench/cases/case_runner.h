// One benchmark case = one scenario run per repetition: builds the worker
// plans, runs them and turns the report into counters.
#ifndef XSB_BENCH_CASES_CASE_RUNNER_H_
#define XSB_BENCH_CASES_CASE_RUNNER_H_

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/cases/xsched_session.h"
#include "bench/cli/scenarios.h"
#include "bench/cli/suite_options.h"
#include "bench/orchestrate/orchestrator.h"
#include "shim_env/base/text.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// What every case shares: the options and what the backend probe found.
struct SuiteContext {
  SuiteOptions options;
  BackendRequest backend =
      BackendRequest::kCpu;  // kCpu or kGpu: workers' config
  ReadyMessage device;       // from the probe
  std::string worker_path;
  // The xsched scheduler's state; null when no xsched case is registered.
  XschedSession* xsched = nullptr;
};

struct CaseSpec {
  std::string name;
  Scenario scenario;  // overrides applied
  Scheduler scheduler = Scheduler::kBaseline;
  bool run_hp = true;
  bool run_lp = true;
  // kXsched: the LP queue's sweep point (lp_threshold, lp_batch_size).
  XschedSweepPoint xsched_lp;
};

ScenarioPlan BuildScenarioPlan(const CaseSpec& spec, const SuiteContext& suite);

// Sets the hp_* counters when the report has an HP worker and the lp_* ones
// when it has an LP worker, including each worker's standalone forward time
// (hp_standalone_forward_ms, lp_standalone_forward_ms). Returns false with
// *error when the window holds no HP request or no LP iteration: all-zero
// counters would pass for a perfect result. Also the intervals at
// `confidence`, the window's length and whether it ended early; a note per
// HP percentile the window holds too few requests for
// ("P99.9 not supported: ...") in *notes.
bool SetCounters(const ScenarioReport& report, const Scenario& scenario,
                 double confidence, benchmark::State& state,
                 std::vector<std::string>* notes, std::string* error);

// The benchmark body; failures become SkipWithError and are counted. An
// xsched case that cannot run because of its environment (no install, the
// CPU backend, no daemon) is skipped the same way with one line naming the
// cause, and counted apart: it is not a failure of the system under test.
void RunCase(benchmark::State& state, const CaseSpec& spec,
             const SuiteContext& suite);

// Cases that failed (a worker died, hung, broke the protocol, or an xsched
// worker ran without an active shim) so far.
int FailedCaseCount();
// Cases skipped because their environment lacks something so far.
int SkippedCaseCount();

}  // namespace xsb

#endif  // XSB_BENCH_CASES_CASE_RUNNER_H_
