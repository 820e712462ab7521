#include "bench/orchestrate/hp_capacity.h"

#include <cstdio>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// What makes one request shorter, by what the worker runs.
std::string ShorterRequest(const WorkerConfig& config) {
  if (!config.trace_path.empty()) {
    return "replay a trace of one request (cut the CSV to one request's "
           "rows)";
  }
  if (config.spin_us > 0) return "shorten --xsb_preempt_hp_kernel_us";
  return "choose a smaller HP model (--xsb_hp_layers, --xsb_hp_hidden)";
}

}  // namespace

bool CheckHpKeepsUp(const ScenarioPlan& plan,
                    const std::vector<WorkerReport>& workers,
                    std::string* error) {
  for (size_t i = 0; i < plan.workers.size() && i < workers.size(); ++i) {
    const WorkerConfig& config = plan.workers[i].config;
    if (config.role != WorkerRole::kHp || config.rate_per_s <= 0) continue;
    const double pass_ms = workers[i].ready.forward_ms;
    const double interval_ms = 1000 / config.rate_per_s;
    if (pass_ms < interval_ms) continue;
    char highest[32];
    std::snprintf(highest, sizeof highest, "%.3g", 1000 / pass_ms);
    *error = WorkerName(plan.workers[i]) +
             " worker cannot keep up: one request takes " +
             FormatMilliseconds(pass_ms) +
             " standalone (measured before the window), but at " +
             FormatNumber(config.rate_per_s) + " req/s one is due every " +
             FormatMilliseconds(interval_ms) +
             ", so requests would queue and latency grow for the whole "
             "window; lower --xsb_hp_rate below " +
             highest + " req/s, or " + ShorterRequest(config);
    return false;
  }
  return true;
}

}  // namespace xsb
