// Every counter a case reports: the one source of truth for their names,
// units and which way is better. tools/xsb_compare/counters.py and
// docs/metrics.md must list exactly these (`xsb_bench --xsb_list_counters`
// prints them; tests/integration/counters_test.py compares).
#ifndef XSB_BENCH_PROTOCOL_COUNTERS_H_
#define XSB_BENCH_PROTOCOL_COUNTERS_H_

#include <cstddef>
#include <iterator>

#include "shim_env/base/text.h"

namespace xsb {

enum class Counter {
  kHpP50Ms,
  kHpP90Ms,
  kHpP99Ms,
  kHpP999Ms,
  kHpMaxMs,
  kHpMeanMs,
  kHpRequests,
  kHpTargetRps,
  kHpAchievedRps,
  kHpSendLagP99Us,
  kLpIterPerS,
  kLpSamplesPerS,
  kLpIters,
  kHpStandaloneForwardMs,
  kLpStandaloneForwardMs,
  kHpP50CiLowMs,
  kHpP50CiHighMs,
  kHpP90CiLowMs,
  kHpP90CiHighMs,
  kHpP99CiLowMs,
  kHpP99CiHighMs,
  kHpP999CiLowMs,
  kHpP999CiHighMs,
  kHpP50Valid,
  kHpP90Valid,
  kHpP99Valid,
  kHpP999Valid,
  kLpCiLowIterPerS,
  kLpCiHighIterPerS,
  kWindowS,
  kWindowEndedEarly,
  kPreemptP50Us,
  kPreemptP99Us,
  kPreemptMaxUs,
  kHpKernelStandaloneUs,
  kLpKernelsPerS,
  kGpuUtilMeanPct,
  kGpuClockMinMhz,
  kGpuMemUsedMaxMib,
  kGpuTempMaxC,
  kGpuPowerMaxW,
  kNoiseOtherCpuCores,
  kNoiseOwnCpuCores,
  kNoiseStealPct,
  kNoiseLoadAvg,
  kNoiseGpuOtherProcs,
  kNoiseDisturbed,
  kCapacityReqPerS,
  kCapacityFailingReqPerS,
  kCapacityLpIterPerS,
  kCapacityHpP99Ms,
  kCapacityHpP99CiHighMs,
  kCapacityProbes,
};

// Which way a scheduler should move a counter: kNeutral for counts and
// settings, which have no better side.
enum class Direction { kLower, kHigher, kNeutral };
inline constexpr EnumName<Direction> kDirectionNames[] = {
    {Direction::kLower, "lower"},
    {Direction::kHigher, "higher"},
    {Direction::kNeutral, "neutral"}};

struct CounterInfo {
  Counter counter;
  const char* name;  // as in the JSON output: snake_case, unit last
  const char* unit;
  Direction direction;
};

// In the order docs/metrics.md lists them.
inline constexpr CounterInfo kCounters[] = {
    {Counter::kHpP50Ms, "hp_p50_ms", "ms", Direction::kLower},
    {Counter::kHpP90Ms, "hp_p90_ms", "ms", Direction::kLower},
    {Counter::kHpP99Ms, "hp_p99_ms", "ms", Direction::kLower},
    {Counter::kHpP999Ms, "hp_p999_ms", "ms", Direction::kLower},
    {Counter::kHpMaxMs, "hp_max_ms", "ms", Direction::kLower},
    {Counter::kHpMeanMs, "hp_mean_ms", "ms", Direction::kLower},
    {Counter::kHpRequests, "hp_requests", "requests", Direction::kNeutral},
    {Counter::kHpTargetRps, "hp_target_rps", "requests/s", Direction::kNeutral},
    {Counter::kHpAchievedRps, "hp_achieved_rps", "requests/s",
     Direction::kHigher},
    {Counter::kHpSendLagP99Us, "hp_send_lag_p99_us", "us", Direction::kLower},
    {Counter::kLpIterPerS, "lp_iter_per_s", "iterations/s", Direction::kHigher},
    {Counter::kLpSamplesPerS, "lp_samples_per_s", "samples/s",
     Direction::kHigher},
    {Counter::kLpIters, "lp_iters", "iterations", Direction::kNeutral},
    // A fact about the model and the device, measured before the run: not
    // something the scheduler under test changes.
    {Counter::kHpStandaloneForwardMs, "hp_standalone_forward_ms", "ms",
     Direction::kNeutral},
    {Counter::kLpStandaloneForwardMs, "lp_standalone_forward_ms", "ms",
     Direction::kNeutral},
    // Confidence intervals (at the run's xsb_confidence) and validity: they
    // qualify a figure, they are not better or worse themselves.
    {Counter::kHpP50CiLowMs, "hp_p50_ci_low_ms", "ms", Direction::kNeutral},
    {Counter::kHpP50CiHighMs, "hp_p50_ci_high_ms", "ms", Direction::kNeutral},
    {Counter::kHpP90CiLowMs, "hp_p90_ci_low_ms", "ms", Direction::kNeutral},
    {Counter::kHpP90CiHighMs, "hp_p90_ci_high_ms", "ms", Direction::kNeutral},
    {Counter::kHpP99CiLowMs, "hp_p99_ci_low_ms", "ms", Direction::kNeutral},
    {Counter::kHpP99CiHighMs, "hp_p99_ci_high_ms", "ms", Direction::kNeutral},
    {Counter::kHpP999CiLowMs, "hp_p999_ci_low_ms", "ms", Direction::kNeutral},
    {Counter::kHpP999CiHighMs, "hp_p999_ci_high_ms", "ms", Direction::kNeutral},
    {Counter::kHpP50Valid, "hp_p50_valid", "0/1", Direction::kNeutral},
    {Counter::kHpP90Valid, "hp_p90_valid", "0/1", Direction::kNeutral},
    {Counter::kHpP99Valid, "hp_p99_valid", "0/1", Direction::kNeutral},
    {Counter::kHpP999Valid, "hp_p999_valid", "0/1", Direction::kNeutral},
    {Counter::kLpCiLowIterPerS, "lp_ci_low_iter_per_s", "iterations/s",
     Direction::kNeutral},
    {Counter::kLpCiHighIterPerS, "lp_ci_high_iter_per_s", "iterations/s",
     Direction::kNeutral},
    // The measurement window: its length, and whether the adaptive rule
    // (--xsb_duration_s=auto) ended it before its longest.
    {Counter::kWindowS, "window_s", "s", Direction::kNeutral},
    {Counter::kWindowEndedEarly, "window_ended_early", "0/1",
     Direction::kNeutral},
    // Preemption/*: HP spin kernel launch as scheduled -> completion behind
    // a stream full of LP spin kernels.
    {Counter::kPreemptP50Us, "preempt_p50_us", "us", Direction::kLower},
    {Counter::kPreemptP99Us, "preempt_p99_us", "us", Direction::kLower},
    {Counter::kPreemptMaxUs, "preempt_max_us", "us", Direction::kLower},
    {Counter::kHpKernelStandaloneUs, "hp_kernel_standalone_us", "us",
     Direction::kNeutral},
    {Counter::kLpKernelsPerS, "lp_kernels_per_s", "kernels/s",
     Direction::kHigher},
    // Device telemetry sampled during the case (NVML, ROCm SMI): facts
    // that explain a result, not something to be better at.
    {Counter::kGpuUtilMeanPct, "gpu_util_mean_pct", "%", Direction::kNeutral},
    {Counter::kGpuClockMinMhz, "gpu_clock_min_mhz", "MHz", Direction::kNeutral},
    {Counter::kGpuMemUsedMaxMib, "gpu_mem_used_max_mib", "MiB",
     Direction::kNeutral},
    {Counter::kGpuTempMaxC, "gpu_temp_max_c", "C", Direction::kNeutral},
    {Counter::kGpuPowerMaxW, "gpu_power_max_w", "W", Direction::kNeutral},
    // The noise monitor (bench/noise): what else used the machine during
    // the window, and whether that crossed the limits in the context.
    {Counter::kNoiseOtherCpuCores, "noise_other_cpu_cores", "cores",
     Direction::kNeutral},
    {Counter::kNoiseOwnCpuCores, "noise_own_cpu_cores", "cores",
     Direction::kNeutral},
    {Counter::kNoiseStealPct, "noise_steal_pct", "%", Direction::kNeutral},
    {Counter::kNoiseLoadAvg, "noise_load_avg", "tasks", Direction::kNeutral},
    {Counter::kNoiseGpuOtherProcs, "noise_gpu_other_procs", "processes",
     Direction::kNeutral},
    {Counter::kNoiseDisturbed, "noise_disturbed", "0/1", Direction::kNeutral},
    // Capacity/*: the highest HP rate whose P99 upper bound stays under the
    // SLO, the lowest rate above it that failed (0: none did), LP's
    // throughput and HP's P99 at the capacity, probes run.
    {Counter::kCapacityReqPerS, "capacity_req_per_s", "requests/s",
     Direction::kHigher},
    {Counter::kCapacityFailingReqPerS, "capacity_failing_req_per_s",
     "requests/s", Direction::kNeutral},
    {Counter::kCapacityLpIterPerS, "capacity_lp_iter_per_s", "iterations/s",
     Direction::kHigher},
    {Counter::kCapacityHpP99Ms, "capacity_hp_p99_ms", "ms",
     Direction::kNeutral},
    {Counter::kCapacityHpP99CiHighMs, "capacity_hp_p99_ci_high_ms", "ms",
     Direction::kNeutral},
    {Counter::kCapacityProbes, "capacity_probes", "probes",
     Direction::kNeutral},
};

// kCounters is indexed by Counter: one row per enumerator, in its order.
constexpr bool CountersFollowTheEnum() {
  for (size_t i = 0; i < std::size(kCounters); ++i) {
    if (static_cast<size_t>(kCounters[i].counter) != i) return false;
  }
  return true;
}
static_assert(CountersFollowTheEnum(),
              "kCounters must list every Counter, in the enum's order");

inline const CounterInfo& GetCounterInfo(Counter counter) {
  return kCounters[static_cast<size_t>(counter)];
}
inline const char* CounterName(Counter counter) {
  return GetCounterInfo(counter).name;
}

}  // namespace xsb

#endif  // XSB_BENCH_PROTOCOL_COUNTERS_H_
