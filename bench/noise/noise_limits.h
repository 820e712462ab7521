// When a measurement window counts as disturbed: what else used the machine
// (window_noise.h), other processes on the GPU, or an HP send lag far above
// what the machine gives when it is quiet. The limits are fixed facts of a
// run: xsb_bench writes them into the JSON context (docs/metrics.md,
// "Noise"), where the measurement behind each is described.
#ifndef XSB_BENCH_NOISE_NOISE_LIMITS_H_
#define XSB_BENCH_NOISE_NOISE_LIMITS_H_

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench/noise/window_noise.h"

namespace xsb {

struct NoiseLimits {
  double max_other_cpu_cores = 0.5;
  double max_steal_pct = 5;
  int max_gpu_other_procs = 0;
  // HP send lag P99 may be at most max(floor, factor x the scenario's
  // standalone HP send lag P99, from an undisturbed standalone run); the
  // floor alone without one.
  double send_lag_floor_us = 20000;
  double send_lag_factor = 10;
};

inline constexpr NoiseLimits kNoiseLimits{};

// One run's figures; NaN or -1 where the run has none.
struct NoiseReading {
  WindowNoise window;
  int gpu_other_procs = -1;  // -1: no GPU telemetry
  double send_lag_p99_us = NAN;
  double standalone_send_lag_p99_us = NAN;
};

// max(floor, factor x standalone), or the floor when standalone is NaN.
double SendLagLimitUs(const NoiseLimits& limits, double standalone_us);

// Why the run counts as disturbed, one phrase per limit crossed ("1.3
// cores of other work > 0.5"); empty when it does not.
std::vector<std::string> DisturbedReasons(const NoiseReading& reading,
                                          const NoiseLimits& limits);

// The send lag references of a run: per scenario, the smallest send lag
// P99 of its undisturbed standalone HP runs so far (a disturbed one would
// raise the limit by the very noise it is meant to show).
class SendLagReferences {
 public:
  // NaN when the scenario has none yet.
  double Get(const std::string& scenario) const;
  void Offer(const std::string& scenario, double send_lag_p99_us,
             bool disturbed);

 private:
  std::map<std::string, double> lags_us_;
};

// The limits as JSON context entries (xsb_noise_*).
std::vector<std::pair<std::string, std::string>> NoiseLimitsContext(
    const NoiseLimits& limits);

}  // namespace xsb

#endif  // XSB_BENCH_NOISE_NOISE_LIMITS_H_
