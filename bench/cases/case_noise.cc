#include "bench/cases/case_noise.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "bench/noise/noise_limits.h"
#include "bench/protocol/counters.h"

namespace xsb {
namespace {

// The references of this run (xsb_bench runs one suite per process).
SendLagReferences& RunSendLagReferences() {
  static SendLagReferences references;
  return references;
}

bool IsStandaloneHp(const CaseSpec& spec) {
  return spec.run_hp && !spec.run_lp && spec.hp_spin_us == 0;
}

// Processes on the GPU that are not the case's own.
int CountOtherGpuProcesses(GpuTelemetry& telemetry,
                           const std::vector<int64_t>& own) {
  int others = 0;
  for (const GpuProcess& p : telemetry.Processes()) {
    if (std::find(own.begin(), own.end(), p.pid) == own.end()) ++others;
  }
  return others;
}

// The counter's value in `state`, or NaN.
double CounterOrNan(const benchmark::State& state, Counter counter) {
  const auto found = state.counters.find(CounterName(counter));
  return found == state.counters.end() ? NAN : found->second.value;
}

}  // namespace

CaseNoise::CaseNoise(GpuTelemetry* telemetry)
    : proc_(OpenProcFs()), monitor_(*proc_), telemetry_(telemetry) {}

void CaseNoise::Watch(ScenarioPlan* plan) {
  plan->on_window_edge =
      [this](WindowEdge edge, const std::vector<int64_t>& worker_pids,
             int64_t now_ns) { OnEdge(edge, worker_pids, now_ns); };
}

void CaseNoise::OnEdge(WindowEdge edge, const std::vector<int64_t>& worker_pids,
                       int64_t now_ns) {
  std::vector<int64_t> roots = worker_pids;
  roots.push_back(getpid());
  if (edge == WindowEdge::kStart) {
    monitor_.Start(roots, now_ns);
  } else {
    monitor_.End(roots, now_ns);
  }
  if (telemetry_ != nullptr) {
    gpu_other_procs_ =
        std::max(gpu_other_procs_,
                 CountOtherGpuProcesses(*telemetry_, monitor_.OwnPids()));
  }
}

void CaseNoise::SetCounters(const CaseSpec& spec, benchmark::State& state,
                            std::vector<std::string>* notes) {
  NoiseReading reading;
  std::string why;
  if (!monitor_.Result(&reading.window, &why)) {
    notes->push_back("noise: not measured: " + why);
    return;
  }
  reading.gpu_other_procs = gpu_other_procs_;
  reading.send_lag_p99_us = CounterOrNan(state, Counter::kHpSendLagP99Us);
  if (!IsStandaloneHp(spec)) {
    reading.standalone_send_lag_p99_us =
        RunSendLagReferences().Get(spec.scenario.name);
  }
  const std::vector<std::string> reasons =
      DisturbedReasons(reading, kNoiseLimits);
  auto set = [&state](Counter counter, double value) {
    state.counters[CounterName(counter)] = value;
  };
  set(Counter::kNoiseOtherCpuCores, reading.window.other_cpu_cores);
  set(Counter::kNoiseOwnCpuCores, reading.window.own_cpu_cores);
  set(Counter::kNoiseStealPct, reading.window.steal_pct);
  if (!std::isnan(reading.window.load_avg)) {
    set(Counter::kNoiseLoadAvg, reading.window.load_avg);
  }
  if (gpu_other_procs_ >= 0) {
    set(Counter::kNoiseGpuOtherProcs, gpu_other_procs_);
  }
  set(Counter::kNoiseDisturbed, reasons.empty() ? 0 : 1);
  if (IsStandaloneHp(spec)) {
    RunSendLagReferences().Offer(spec.scenario.name, reading.send_lag_p99_us,
                                 !reasons.empty());
  }
  std::string joined;
  for (const std::string& reason : reasons) {
    joined += (joined.empty() ? "" : ", ") + reason;
  }
  if (!joined.empty()) notes->push_back("noise: disturbed: " + joined);
}

void AddNoiseContext() {
  for (const auto& [key, value] : NoiseLimitsContext(kNoiseLimits)) {
    benchmark::AddCustomContext(key, value);
  }
}

}  // namespace xsb
