#include "bench/cases/case_runner.h"

#include <cstdio>
#include <exception>
#include <iterator>
#include <map>
#include <set>

#include "bench/cases/case_noise.h"
#include "bench/cases/case_telemetry.h"
#include "bench/cases/round_ledger.h"
#include "bench/cases/tenant_counters.h"
#include "bench/cli/model_choice.h"
#include "bench/measure/clock.h"
#include "bench/orchestrate/interrupt.h"
#include "bench/output/samples_writer.h"
#include "bench/protocol/counters.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

int g_failed_cases = 0;
int g_skipped_cases = 0;

// A scheduler without run-time state (a Standalone case's baseline): its
// file's plan, with nothing to fill in but the role's.
WorkerLaunchPlan PlanUnregistered(const SchedulerSpec& scheduler,
                                  WorkerRole role, Backend backend) {
  RolePlanInputs inputs;
  inputs.backend = backend;
  inputs.role = role;
  WorkerLaunchPlan plan;
  std::string unused;  // a plan-only built-in names nothing else
  PlanRole(scheduler, inputs, &plan, &unused);
  return plan;
}

// What one worker runs: a role of the pair, or a tenant.
struct WorkerChoice {
  WorkerRole role = WorkerRole::kHp;            // open or closed loop
  WorkerRole scheduler_role = WorkerRole::kHp;  // the scheduler file's part
  const ModelOptions* shape = nullptr;
  int batch = 1;
  double rate_per_s = 0;
  ArrivalSpec arrival;
  RoleModel model;
  SweepPoint point;
};

WorkerSpec MakeChosenWorker(const WorkerChoice& c, const CaseSpec& spec,
                            const SuiteContext& suite) {
  const SuiteOptions& o = suite.options;
  const bool hp = c.role == WorkerRole::kHp;
  WorkerSpec w;
  w.config.role = c.role;
  w.config.backend = suite.backend;
  w.config.shape = {c.shape->layers, c.shape->hidden, c.batch};
  w.config.host_threads = c.shape->threads;
  w.config.seed = o.seed;
  w.config.rate_per_s = c.rate_per_s;
  w.config.arrival = c.arrival;
  // Several reports per printed line keep the printed counts fresh, and
  // several per watchdog period keep a healthy worker from looking hung.
  w.config.progress_interval_s = std::min(1.0, o.progress_s / 4);
  if (o.watchdog_s > 0) {
    w.config.progress_interval_s =
        std::min(w.config.progress_interval_s, o.watchdog_s / 4);
  }
  w.config.memory_limit_mib = o.memory_limit_mib;
  w.config.spin_us = hp ? spec.hp_spin_us : spec.lp_spin_us;
  if (!hp) w.config.queue_depth = spec.lp_queue_depth;
  // XSched's fig. 9 launches HP kernels at random times.
  if (spec.hp_spin_us > 0) {
    w.config.arrival = ArrivalSpec();
    w.config.arrival.process = ArrivalDistribution::kPoisson;
  }
  w.config.device_index = o.device_index;
  w.config.shape.gemm = o.gemm;
  w.config.trace_path = c.model.trace_path;
  w.config.exec_argv = c.model.exec_argv;
  w.config.stream_samples = spec.scenario.auto_duration;
  if (hp) w.config.send_spin_ns = int64_t{o.send_spin_us} * 1000;
  if (SchedulerRuntime* runtime = FindRuntime(suite, spec.scheduler)) {
    // An unavailable scheduler's cases are skipped before they start.
    std::string unused;
    runtime->Plan(c.scheduler_role, c.point, &w.launch, &unused);
  } else {
    w.launch = PlanUnregistered(*spec.scheduler, c.scheduler_role,
                                suite.device.device.backend);
  }
  w.config.priority = w.launch.stream_priority;
  w.config.cu_mask_percent = w.launch.cu_mask_percent;
  return w;
}

WorkerSpec MakeWorker(WorkerRole role, const CaseSpec& spec,
                      const SuiteContext& suite) {
  const SuiteOptions& o = suite.options;
  const bool hp = role == WorkerRole::kHp;
  WorkerChoice c;
  c.role = c.scheduler_role = role;
  c.shape = hp ? &o.hp : &o.lp;
  c.batch = hp ? o.hp_batch : spec.scenario.lp_batch;
  c.rate_per_s = hp ? spec.scenario.hp_rate_per_s : 0;
  c.arrival = o.study.arrival;
  // A pair's file may give HP a batch and an arrival of its own (checked
  // when the file was read).
  std::string unused;
  if (hp && IsPair(spec.scenario)) {
    const Tenant& t = spec.scenario.tenants[0];
    if (t.batch > 0) c.batch = t.batch;
    if (!t.arrival.empty()) ParseArrivalSpec(t.arrival, &c.arrival, &unused);
  }
  // Checked when the flags were parsed: a failure here cannot happen.
  ResolveRoleModel(spec.scenario, role, hp ? o.hp_model : o.lp_model, &c.model,
                   &unused);
  c.point = spec.point;
  return MakeChosenWorker(c, spec, suite);
}

// A tenant's sweep point: the case's, with an integer level as the
// scheduler file's {priority} ("high" and "low" are the role's 1 and 0).
SweepPoint TenantPoint(const Tenant& tenant, const SweepPoint& point) {
  SweepPoint p = point;
  if (tenant.priority != "high" && tenant.priority != "low") {
    p.emplace_back("priority", tenant.priority);
  }
  return p;
}

WorkerSpec MakeTenantWorker(const Tenant& t, const CaseSpec& spec,
                            const SuiteContext& suite) {
  const SuiteOptions& o = suite.options;
  const bool latency = t.kind == TenantKind::kLatency;
  WorkerChoice c;
  c.role = latency ? WorkerRole::kHp : WorkerRole::kLp;
  c.scheduler_role = t.scheduler_role;
  c.shape = latency ? &o.hp : &o.lp;
  c.batch = t.batch > 0 ? t.batch : o.hp_batch;
  c.rate_per_s = t.rate_per_s;
  c.arrival = o.study.arrival;
  std::string unused;  // checked when the file and flags were parsed
  if (!t.arrival.empty()) ParseArrivalSpec(t.arrival, &c.arrival, &unused);
  ResolveTenantModel(spec.scenario.name, t.model, &c.model, &unused);
  c.point = TenantPoint(t, spec.point);
  WorkerSpec w = MakeChosenWorker(c, spec, suite);
  w.name = t.name;
  return w;
}

// The trace the role replays (DescribeTrace), or "" for the MLP.
std::string TraceOfRole(const CaseSpec& spec, const SuiteContext& suite,
                        WorkerRole role) {
  const SuiteOptions& o = suite.options;
  RoleModel chosen;
  std::string unused;
  if (!ResolveRoleModel(spec.scenario, role,
                        role == WorkerRole::kHp ? o.hp_model : o.lp_model,
                        &chosen, &unused)) {
    return "";
  }
  return chosen.description;
}

// The trace worker `index` of the plan replays, as TraceOfRole: a tenant's
// in a Tenants case.
std::string TraceOfWorker(const CaseSpec& spec, const SuiteContext& suite,
                          size_t index, WorkerRole role) {
  if (!IsTenantCase(spec)) return TraceOfRole(spec, suite, role);
  RoleModel chosen;
  std::string unused;
  ResolveTenantModel(spec.scenario.name, spec.scenario.tenants[index].model,
                     &chosen, &unused);
  return chosen.trace_path.empty() ? "" : chosen.description;
}

// What worker `index` ran: "; exec MODEL on DEVICE, batch B, pid P:
// COMMAND" for a program (as it described itself), "; trace FILE (FORMAT):
// N kernels + C copies, ..." for a replay, "" for the MLP (the context
// describes it).
std::string DescribeWorkerModel(const CaseSpec& spec, const SuiteContext& suite,
                                size_t index, const WorkerReport& report) {
  const ExecReport& exec = report.ready.exec;
  if (exec.pid == 0) {
    const std::string trace = TraceOfWorker(spec, suite, index, report.role);
    return trace.empty() ? "" : "; trace " + trace;
  }
  return "; exec " + exec.model + " on " + exec.device + ", batch " +
         std::to_string(exec.batch) +
         (exec.stream_priority.empty()
              ? ""
              : ", stream priority " + exec.stream_priority) +
         ", pid " + std::to_string(exec.pid) + ": " + exec.command;
}

// The worker's name in labels and announcements: its role, or its tenant.
std::string WorkerName(const CaseSpec& spec, size_t index, WorkerRole role) {
  return IsTenantCase(spec) ? "tenant:" + spec.scenario.tenants[index].name
                            : WorkerRoleName(role);
}

// Before a case's first run, a line per replayed trace on stderr: how much
// of a pass is GPU time and how much host gaps, copies apart from kernels,
// and overlapping rows the replay serialises.
void AnnounceTraces(const CaseSpec& spec, const SuiteContext& suite,
                    const ScenarioPlan& plan) {
  if (spec.hp_spin_us > 0) return;  // Preemption cases run spin kernels
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    const WorkerRole role = plan.workers[i].config.role;
    const std::string trace = TraceOfWorker(spec, suite, i, role);
    if (!trace.empty()) {
      std::fprintf(stderr, "xsb: %s: %s replays %s\n", spec.name.c_str(),
                   WorkerName(spec, i, role).c_str(), trace.c_str());
    }
  }
}

// `evidence`: what proved the scheduler active in the worker ("shim
// mapped: ..." for XSched, "proof: ..." for a file's proof), or "".
std::string DescribeWorker(const std::string& who, const WorkerSpec& spec,
                           const WorkerReport& report,
                           const std::string& evidence,
                           const std::string& model) {
  char forward[32];
  std::snprintf(forward, sizeof forward, "%.3f", report.ready.forward_ms);
  return who + "[" + DescribeLaunchPlan(spec.launch) + "; " +
         report.ready.cpu_policy + model + "; forward " + forward + " ms" +
         (evidence.empty() ? "" : "; " + evidence) + "]";
}

// The label's first part: the scheduler, whether it ran only as a test,
// and its daemon.
std::string DescribeScheduler(const CaseSpec& spec, const SuiteContext& suite) {
  const SchedulerRuntime* runtime = FindRuntime(suite, spec.scheduler);
  return "scheduler=" + spec.scheduler->name +
         (runtime != nullptr ? runtime->LabelSuffix() : "");
}

// An environment-caused skip: one line naming the cause, no failure.
void SkipForEnvironment(benchmark::State& state, const CaseSpec& spec,
                        const std::string& why) {
  ++g_skipped_cases;
  SuiteRoundLedger().Record(spec.name, RunOutcome::kSkipped);
  std::fprintf(stderr, "xsb: %s: skipped: %s\n", spec.name.c_str(),
               why.c_str());
  state.SkipWithError(("skipped: " + why).c_str());
}

// A failure of the case (exit code 1), unless the run was interrupted: a
// failure then is the interrupt's doing.
void FailCase(benchmark::State& state, const CaseSpec& spec,
              const std::string& error) {
  if (!InterruptSignal()) ++g_failed_cases;
  SuiteRoundLedger().Record(spec.name, InterruptSignal()
                                           ? RunOutcome::kInterrupted
                                           : RunOutcome::kFailed);
  std::fprintf(stderr, "xsb: %s: %s\n", spec.name.c_str(), error.c_str());
  state.SkipWithError(error.c_str());
}

// A case its scheduler says cannot run: a skip for what its environment
// lacks, a failure when the scheduler broke (a daemon xsb_bench started
// died). False when it can run.
bool ReportNotReady(benchmark::State& state, const CaseSpec& spec,
                    SchedulerReadiness readiness, const std::string& why) {
  switch (readiness) {
    case SchedulerReadiness::kReady:
      return false;
    case SchedulerReadiness::kUnavailable:
      SkipForEnvironment(state, spec, why);
      return true;
    case SchedulerReadiness::kFailed:
      FailCase(state, spec, why);
      return true;
  }
  return false;
}

// After SIGINT or SIGTERM: the run is skipped quickly, so the whole run
// ends and the finished cases are saved. False when not interrupted.
bool SkipIfInterrupted(benchmark::State& state, const CaseSpec& spec) {
  const int signal = InterruptSignal();
  if (signal == 0) return false;
  SuiteRoundLedger().Record(spec.name, RunOutcome::kInterrupted);
  state.SkipWithError(
      (std::string("not run: interrupted by ") + InterruptSignalName(signal))
          .c_str());
  return true;
}

// With --xsb_samples_dir, the run's per-request samples go to a side file.
bool SaveSamples(const CaseSpec& spec, const ScenarioReport& report,
                 const std::vector<GpuSample>& gpu, int repetition,
                 const SuiteContext& suite, std::string* error) {
  if (suite.options.samples_dir.empty()) return true;
  std::string path;
  if (WriteSamplesFile(suite.options.samples_dir, spec.name, repetition, report,
                       gpu, &path, error)) {
    return true;
  }
  *error = "samples: " + *error;
  return false;
}

// "60" or "auto: 30 to 180".
std::string DescribeDuration(const ScenarioPlan& plan) {
  if (!plan.adaptive.enabled) return FormatNumber(plan.duration_s);
  return "auto: " + FormatNumber(plan.adaptive.min_duration_s) + " to " +
         FormatNumber(plan.duration_s);
}

// The label's window part, for an adaptive window only.
std::string DescribeWindow(const ScenarioReport& report) {
  if (report.end_reason.empty()) return "";
  return " window[" + FormatSeconds(report.window.seconds()) + ", " +
         report.end_reason + "]";
}

// The label of a run that measured: the scheduler, each worker, the
// adaptive window and the notes (each also said on stderr, once per case:
// rounds would repeat it), bracketed so a reader can split the label at its
// top-level spaces.
std::string DescribeRun(const CaseSpec& spec, const SuiteContext& suite,
                        const ScenarioPlan& plan, const ScenarioReport& report,
                        const std::vector<std::string>& evidence,
                        const std::vector<std::string>& notes) {
  std::string label = DescribeScheduler(spec, suite);
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    const WorkerSpec& worker = plan.workers[i];
    label += " " + DescribeWorker(
                       WorkerName(spec, i, worker.config.role), worker,
                       report.workers[i], evidence[i],
                       DescribeWorkerModel(spec, suite, i, report.workers[i]));
  }
  label += DescribeWindow(report);
  std::string joined;
  static std::set<std::string> said;
  for (const std::string& note : notes) {
    if (said.insert(spec.name + ": " + note).second) {
      std::fprintf(stderr, "xsb: %s: %s\n", spec.name.c_str(), note.c_str());
    }
    joined += (joined.empty() ? "" : "; ") + note;
  }
  if (!joined.empty()) label += " notes[" + joined + "]";
  return label;
}

}  // namespace

bool IsTenantCase(const CaseSpec& spec) {
  return !spec.scenario.tenants.empty() && !IsPair(spec.scenario) &&
         spec.hp_spin_us == 0;
}

SchedulerRuntime* FindRuntime(const SuiteContext& suite,
                              const SchedulerSpec* spec) {
  for (SchedulerRuntime* runtime : suite.schedulers) {
    if (&runtime->spec() == spec || runtime->spec().name == spec->name) {
      return runtime;
    }
  }
  return nullptr;
}

ScenarioPlan BuildScenarioPlan(const CaseSpec& spec,
                               const SuiteContext& suite) {
  ScenarioPlan plan;
  plan.name = spec.name;
  if (IsTenantCase(spec)) {
    for (const Tenant& t : spec.scenario.tenants) {
      plan.workers.push_back(MakeTenantWorker(t, spec, suite));
    }
  } else {
    if (spec.run_hp)
      plan.workers.push_back(MakeWorker(WorkerRole::kHp, spec, suite));
    if (spec.run_lp)
      plan.workers.push_back(MakeWorker(WorkerRole::kLp, spec, suite));
  }
  plan.warmup_s = spec.scenario.warmup_s;
  plan.duration_s = spec.scenario.duration_s;
  plan.progress_interval_s = suite.options.progress_s;
  plan.timeouts.ready_s = suite.options.ready_timeout_s;
  plan.timeouts.result_grace_s = suite.options.result_grace_s;
  plan.timeouts.watchdog_s = suite.options.watchdog_s;
  plan.adaptive.enabled = spec.scenario.auto_duration;
  plan.adaptive.min_duration_s = spec.scenario.min_duration_s;
  plan.adaptive.target_ci = spec.scenario.target_ci;
  plan.adaptive.confidence = suite.options.confidence;
  return plan;
}

namespace {

// The HP percentiles' intervals and validity; a note per percentile the
// window holds too few requests for.
void ComputeHpIntervals(const HpStats& hp, double confidence,
                        CounterValues* values,
                        std::vector<std::string>* notes) {
  struct Row {
    Counter low, high, valid;
  };
  static constexpr Row kRows[] = {
      {Counter::kHpP50CiLowMs, Counter::kHpP50CiHighMs, Counter::kHpP50Valid},
      {Counter::kHpP90CiLowMs, Counter::kHpP90CiHighMs, Counter::kHpP90Valid},
      {Counter::kHpP99CiLowMs, Counter::kHpP99CiHighMs, Counter::kHpP99Valid},
      {Counter::kHpP999CiLowMs, Counter::kHpP999CiHighMs,
       Counter::kHpP999Valid}};
  static_assert(std::size(kRows) == std::size(kReportedPercentiles));
  for (size_t i = 0; i < std::size(kRows); ++i) {
    const ReportedPercentile& p = kReportedPercentiles[i];
    const PercentileInterval& interval = hp.*p.interval;
    (*values)[kRows[i].low] = NsToMs(interval.low);
    (*values)[kRows[i].high] = NsToMs(interval.high);
    (*values)[kRows[i].valid] = interval.valid ? 1 : 0;
    if (!interval.valid) {
      notes->push_back(
          std::string(p.title) + " not supported: needs >= " +
          std::to_string(MinSamplesForUpperBound(p.percent / 100, confidence)) +
          " requests in the window, had " + std::to_string(hp.requests));
    }
  }
}

// Why a window held no LP iteration, and what to change: a trace's pass
// is as long as the trace, whatever the batch.
std::string NoLpIterationError(const std::string& window,
                               const WorkerReport& lp) {
  const std::string pass = FormatMilliseconds(lp.ready.forward_ms);
  if (!lp.replays_trace) {
    return "no LP iteration completed inside the " + window + " (one took " +
           pass +
           " standalone); lengthen --xsb_duration_s or shrink "
           "--xsb_lp_batch";
  }
  return "no LP iteration completed inside the " + window +
         " (one pass of the LP trace took " + pass +
         " standalone); lengthen --xsb_duration_s to at least " +
         FormatSeconds(2 * MsToSeconds(lp.ready.forward_ms)) +
         " (two passes), or replay a shorter trace";
}

}  // namespace

bool ComputeCounters(const ScenarioReport& report, const Scenario& scenario,
                     double confidence, CounterValues* values,
                     std::vector<std::string>* notes, std::string* error) {
  const std::string window =
      FormatNumber(report.window.seconds()) + " s window";
  CounterValues& set = *values;
  set[Counter::kWindowS] = report.window.seconds();
  set[Counter::kWindowEndedEarly] = report.ended_early ? 1 : 0;
  for (const WorkerReport& worker : report.workers) {
    // Measured by each worker before the start, so per case; the JSON
    // context is written before any case runs.
    set[worker.role == WorkerRole::kHp ? Counter::kHpStandaloneForwardMs
                                       : Counter::kLpStandaloneForwardMs] =
        worker.ready.forward_ms;
    if (worker.role == WorkerRole::kHp) {
      const HpStats hp =
          SummarizeHp(worker.result.requests, report.window, confidence);
      if (hp.requests == 0) {
        *error = "no HP request was due inside the " + window + " at " +
                 FormatNumber(scenario.hp_rate_per_s) +
                 " req/s; raise --xsb_hp_rate or --xsb_duration_s";
        return false;
      }
      set[Counter::kHpP50Ms] = NsToMs(hp.latency.p50_ns);
      set[Counter::kHpP90Ms] = NsToMs(hp.latency.p90_ns);
      set[Counter::kHpP99Ms] = NsToMs(hp.latency.p99_ns);
      set[Counter::kHpP999Ms] = NsToMs(hp.latency.p999_ns);
      set[Counter::kHpMaxMs] = NsToMs(hp.latency.max_ns);
      set[Counter::kHpMeanMs] = NsToMs(hp.latency.mean_ns);
      set[Counter::kHpRequests] = static_cast<double>(hp.requests);
      set[Counter::kHpTargetRps] = scenario.hp_rate_per_s;
      set[Counter::kHpAchievedRps] = hp.achieved_rps;
      set[Counter::kHpSendLagP99Us] = NsToUs(hp.send_lag_p99_ns);
      ComputeHpIntervals(hp, confidence, values, notes);
    } else {
      const LpStats lp =
          SummarizeLp(worker.result.completions_ns, report.window,
                      scenario.lp_batch, confidence);
      if (lp.iterations == 0) {
        *error = NoLpIterationError(window, worker);
        return false;
      }
      set[Counter::kLpIterPerS] = lp.iter_per_s;
      set[Counter::kLpSamplesPerS] = lp.samples_per_s;
      set[Counter::kLpIters] = static_cast<double>(lp.iterations);
      set[Counter::kLpCiLowIterPerS] = lp.iter_per_s_interval.low;
      set[Counter::kLpCiHighIterPerS] = lp.iter_per_s_interval.high;
    }
  }
  return true;
}

bool ComputePreemptionCounters(const ScenarioReport& report,
                               const Scenario& scenario, CounterValues* values,
                               std::string* error) {
  const std::string window =
      FormatNumber(report.window.seconds()) + " s window";
  CounterValues& set = *values;
  for (const WorkerReport& worker : report.workers) {
    if (worker.role == WorkerRole::kHp) {
      const HpStats hp = SummarizeHp(worker.result.requests, report.window);
      if (hp.requests == 0) {
        *error = "no HP launch was due inside the " + window +
                 "; raise --xsb_preempt_rate or --xsb_preempt_duration_s";
        return false;
      }
      set[Counter::kPreemptP50Us] = NsToUs(hp.latency.p50_ns);
      set[Counter::kPreemptP99Us] = NsToUs(hp.latency.p99_ns);
      set[Counter::kPreemptMaxUs] = NsToUs(hp.latency.max_ns);
      set[Counter::kHpKernelStandaloneUs] = worker.ready.forward_ms * 1e3;
      set[Counter::kHpRequests] = static_cast<double>(hp.requests);
      set[Counter::kHpTargetRps] = scenario.hp_rate_per_s;
    } else {
      const LpStats lp =
          SummarizeLp(worker.result.completions_ns, report.window, 1);
      if (lp.iterations == 0) {
        *error = "no LP kernel completed inside the " + window +
                 "; lengthen --xsb_preempt_duration_s";
        return false;
      }
      set[Counter::kLpKernelsPerS] = lp.iter_per_s;
    }
  }
  return true;
}

bool SetCounters(const ScenarioReport& report, const CaseSpec& spec,
                 double confidence, benchmark::State& state,
                 std::vector<std::string>* notes, std::string* error) {
  if (IsTenantCase(spec)) {
    NamedCounters named;
    if (!ComputeTenantCounters(report, spec.scenario, confidence, &named, notes,
                               error)) {
      return false;
    }
    for (const auto& [name, value] : named) state.counters[name] = value;
    return true;
  }
  CounterValues values;
  const bool preemption = spec.hp_spin_us > 0;
  if (!(preemption
            ? ComputePreemptionCounters(report, spec.scenario, &values, error)
            : ComputeCounters(report, spec.scenario, confidence, &values, notes,
                              error))) {
    return false;
  }
  for (const auto& [counter, value] : values) {
    state.counters[CounterName(counter)] = value;
  }
  return true;
}

double HeadlineSeconds(const benchmark::UserCounters& counters) {
  const auto value = [&counters](Counter counter) {
    const auto it = counters.find(CounterName(counter));
    return it == counters.end() ? 0.0 : it->second.value;
  };
  if (value(Counter::kHpP99Ms) > 0) return value(Counter::kHpP99Ms) / 1e3;
  if (value(Counter::kPreemptP99Us) > 0) {
    return value(Counter::kPreemptP99Us) / 1e6;
  }
  const double lp = value(Counter::kLpIterPerS);
  return lp > 0 ? 1 / lp : 0;
}

void AddExecPriorityNotes(const ScenarioPlan& plan,
                          const ScenarioReport& report,
                          std::vector<std::string>* notes) {
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    const StreamPriority asked = plan.workers[i].launch.stream_priority;
    const ExecReport& exec = report.workers[i].ready.exec;
    if (exec.pid == 0 || asked == StreamPriority::kDefault ||
        exec.stream_priority == StreamPriorityName(asked)) {
      continue;
    }
    notes->push_back(std::string(WorkerRoleName(report.workers[i].role)) +
                     " exec model did not acknowledge XSB_STREAM_PRIORITY=" +
                     StreamPriorityName(asked) + " (it said '" +
                     exec.stream_priority +
                     "'): its work may have run at the default priority");
  }
}

namespace {

// The scenario with telemetry around it, its counters and samples. False
// with *error when any part failed.
bool MeasureCase(benchmark::State& state, const CaseSpec& spec,
                 const SuiteContext& suite, const ScenarioPlan& plan,
                 int repetition, ScenarioReport* report,
                 std::vector<std::string>* notes, std::string* error) {
  try {
    std::unique_ptr<TelemetrySampler> sampler;
    if (suite.telemetry != nullptr) {
      ReportGpuBeforeCase(spec.name, *suite.telemetry);
      sampler = std::make_unique<TelemetrySampler>(
          *suite.telemetry,
          std::chrono::milliseconds(suite.options.telemetry_interval_ms));
    }
    bool ok = RunScenario(suite.worker_path, plan, report, error);
    const std::vector<GpuSample> gpu =
        sampler ? sampler->Stop() : std::vector<GpuSample>{};
    ok = ok &&
         SetCounters(*report, spec,
                     report->interval_confidence > 0
                         ? report->interval_confidence
                         : suite.options.confidence,
                     state, notes, error) &&
         SaveSamples(spec, *report, gpu, repetition, suite, error);
    if (ok) SetTelemetryCounters(gpu, report->window, state);
    if (ok) AddExecPriorityNotes(plan, *report, notes);
    return ok;
  } catch (const std::exception& e) {
    *error = std::string("internal error: ") + e.what();
    return false;
  }
}

}  // namespace

void RunCase(benchmark::State& state, const CaseSpec& spec,
             const SuiteContext& suite) {
  // Every path, skips included, goes through the loop below: a run that
  // returns before it has 0 iterations, a run inside it 1, and Google
  // Benchmark (Debian's 1.7.1 is a DEBUG build) aborts when the
  // repetitions of one case differ in that.
  SchedulerRuntime* runtime = FindRuntime(suite, spec.scheduler);
  ScenarioPlan plan = BuildScenarioPlan(spec, suite);
  // Each round runs a case once: its samples file is the round's.
  const int repetition = SuiteRoundLedger().round();
  static std::set<std::string> announced;
  if (announced.insert(spec.name).second) AnnounceTraces(spec, suite, plan);
  const RunStart run = SuiteRunProgress().Begin(spec.name, MonotonicNowNs());
  plan.progress_tag = run.Tag();
  plan.remaining_after_s = run.remaining_after_s;
  plan.eta_is_upper_bound = run.up_to;
  std::vector<std::string> evidence;
  CheckProofOnReady(runtime, spec, &plan, &evidence);
  for (auto _ : state) {
    // Once interrupted, no daemon is started and no case runs.
    if (SkipIfInterrupted(state, spec)) continue;
    std::string why;
    if (runtime != nullptr) {
      const SchedulerReadiness readiness = runtime->Prepare(spec.name, &why);
      // An interrupt during a daemon's start ends that start.
      if (readiness != SchedulerReadiness::kReady &&
          SkipIfInterrupted(state, spec)) {
        continue;
      }
      if (ReportNotReady(state, spec, readiness, why)) continue;
    }
    std::fprintf(
        stderr, "xsb: %s: running (%s warm-up + %s window)\n",
        run.Describe(spec.name).c_str(), FormatSeconds(plan.warmup_s).c_str(),
        plan.adaptive.enabled ? (DescribeDuration(plan) + " s").c_str()
                              : FormatSeconds(plan.duration_s).c_str());
    std::string error;
    ScenarioReport report;
    std::vector<std::string> notes;
    CaseNoise noise(suite.telemetry);
    noise.Watch(&plan);
    std::string capacity;  // a Capacity case's result
    const bool ok = spec.capacity
                        ? MeasureCapacity(state, spec, suite, &capacity, &error)
                        : MeasureCase(state, spec, suite, plan, repetition,
                                      &report, &notes, &error);
    if (ok && !spec.capacity) noise.SetCounters(spec, state, &notes);
    // A daemon that died during the run explains a failure, and makes a
    // success meaningless: its workers were no longer scheduled. (Ctrl+C
    // reaches the daemon too: an interrupted run is reported as such.)
    if (runtime != nullptr) {
      const SchedulerReadiness after = runtime->AfterCase(spec.name, &why);
      if (!InterruptSignal() && ReportNotReady(state, spec, after, why)) {
        continue;
      }
    }
    if (ok) {
      state.SetLabel(spec.capacity ? capacity
                                   : DescribeRun(spec, suite, plan, report,
                                                 evidence, notes));
      state.SetIterationTime(HeadlineSeconds(state.counters));
      SuiteRoundLedger().RecordMeasured(spec.name, state.counters);
      continue;
    }
    FailCase(state, spec, error);
  }
  SuiteRunProgress().End(MonotonicNowNs());
}

void CheckProofOnReady(SchedulerRuntime* runtime, const CaseSpec& spec,
                       ScenarioPlan* plan, std::vector<std::string>* evidence) {
  evidence->assign(plan->workers.size(), "");
  if (runtime == nullptr || runtime->plan_only()) return;
  const std::vector<WorkerSpec>& workers = plan->workers;
  plan->check_ready = [runtime, &spec, &workers, evidence](
                          size_t worker, const ReadyMessage& ready,
                          const std::string& worker_stderr,
                          std::string* error) {
    const WorkerSpec& w = workers[worker];
    if (IsTenantCase(spec)) {
      const Tenant& t = spec.scenario.tenants[worker];
      return runtime->CheckWorker(t.scheduler_role, TenantPoint(t, spec.point),
                                  w.launch, ready, worker_stderr,
                                  &(*evidence)[worker], error);
    }
    return runtime->CheckWorker(w.config.role, spec.point, w.launch, ready,
                                worker_stderr, &(*evidence)[worker], error);
  };
}

int FailedCaseCount() { return g_failed_cases; }

int SkippedCaseCount() { return g_skipped_cases; }

RunProgress& SuiteRunProgress() {
  static RunProgress progress;
  return progress;
}

}  // namespace xsb
