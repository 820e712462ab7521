#include "bench/noise/noise_limits.h"

#include <algorithm>
#include <cstdio>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// 1 decimal: "1.3".
std::string Tenths(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

double SendLagLimitUs(const NoiseLimits& limits, double standalone_us) {
  if (std::isnan(standalone_us)) return limits.send_lag_floor_us;
  return std::max(limits.send_lag_floor_us,
                  limits.send_lag_factor * standalone_us);
}

std::vector<std::string> DisturbedReasons(const NoiseReading& reading,
                                          const NoiseLimits& limits) {
  std::vector<std::string> reasons;
  const WindowNoise& w = reading.window;
  if (w.other_cpu_cores > limits.max_other_cpu_cores) {
    reasons.push_back(Tenths(w.other_cpu_cores) + " cores of other work > " +
                      FormatNumber(limits.max_other_cpu_cores));
  }
  if (w.steal_pct > limits.max_steal_pct) {
    reasons.push_back("steal " + Tenths(w.steal_pct) + " % > " +
                      FormatNumber(limits.max_steal_pct) + " %");
  }
  if (reading.gpu_other_procs > limits.max_gpu_other_procs) {
    reasons.push_back(std::to_string(reading.gpu_other_procs) +
                      " other process(es) on the GPU");
  }
  const double lag_limit =
      SendLagLimitUs(limits, reading.standalone_send_lag_p99_us);
  if (reading.send_lag_p99_us > lag_limit) {
    reasons.push_back("HP send lag P99 " +
                      FormatNumber(std::round(reading.send_lag_p99_us)) +
                      " us > " + FormatNumber(std::round(lag_limit)) + " us" +
                      (std::isnan(reading.standalone_send_lag_p99_us)
                           ? std::string()
                           : " (standalone " +
                                 FormatNumber(std::round(
                                     reading.standalone_send_lag_p99_us)) +
                                 " us)"));
  }
  return reasons;
}

double SendLagReferences::Get(const std::string& scenario) const {
  const auto found = lags_us_.find(scenario);
  return found == lags_us_.end() ? NAN : found->second;
}

void SendLagReferences::Offer(const std::string& scenario,
                              double send_lag_p99_us, bool disturbed) {
  if (disturbed || std::isnan(send_lag_p99_us)) return;
  const auto [lag, added] = lags_us_.emplace(scenario, send_lag_p99_us);
  if (!added) lag->second = std::min(lag->second, send_lag_p99_us);
}

std::vector<std::pair<std::string, std::string>> NoiseLimitsContext(
    const NoiseLimits& limits) {
  return {
      {"xsb_noise_max_other_cpu_cores",
       FormatNumber(limits.max_other_cpu_cores)},
      {"xsb_noise_max_steal_pct", FormatNumber(limits.max_steal_pct)},
      {"xsb_noise_max_gpu_other_procs",
       std::to_string(limits.max_gpu_other_procs)},
      {"xsb_noise_send_lag_floor_us", FormatNumber(limits.send_lag_floor_us)},
      {"xsb_noise_send_lag_factor", FormatNumber(limits.send_lag_factor)},
  };
}

}  // namespace xsb
