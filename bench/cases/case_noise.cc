#include "bench/cases/case_noise.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "bench/noise/noise_limits.h"
#include "bench/protocol/counters.h"

namespace xsb {
namespace {

// The smallest send lag P99 of each scenario's undisturbed Standalone HP
// runs so far: what the machine gives when it is quiet.
std::map<std::string, double>& StandaloneSendLag() {
  static std::map<std::string, double> lags;
  return lags;
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
  const auto standalone = StandaloneSendLag().find(spec.scenario.name);
  if (!IsStandaloneHp(spec) && standalone != StandaloneSendLag().end()) {
    reading.standalone_send_lag_p99_us = standalone->second;
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
  // Only a quiet standalone run is a reference: a disturbed one would
  // raise the limit by the very noise it is meant to show.
  if (IsStandaloneHp(spec) && reasons.empty() &&
      !std::isnan(reading.send_lag_p99_us)) {
    auto [lag, added] = StandaloneSendLag().emplace(spec.scenario.name,
                                                    reading.send_lag_p99_us);
    if (!added) lag->second = std::min(lag->second, reading.send_lag_p99_us);
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
