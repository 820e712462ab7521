// Preemption/<scheduler>/lp_kernel_us:K/hp_kernel_us:H/rate:R/duration_s:D:
// XSched's fig. 9 set-up. LP keeps its stream full of spin kernels of K us,
// HP launches one spin kernel of H us at Poisson times; the HP latency from
// the launch as scheduled to completion is the preemption latency. A
// scheduler with swept parameters adds the case's point, as in DualModel.
#include "bench/cases/fixtures.h"

namespace xsb {

std::vector<CaseSpec> PreemptionCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers) {
  const PreemptionOptions& p = suite.options.preemption;
  std::vector<CaseSpec> specs;
  if (!p.enabled) return specs;
  for (int64_t lp_us : p.lp_kernel_us) {
    for (const SchedulerSpec* scheduler : schedulers) {
      CaseSpec spec;
      spec.scenario = {"preemption", p.rate_per_s, 1, p.duration_s, p.warmup_s};
      spec.scheduler = scheduler;
      spec.hp_spin_us = p.hp_kernel_us;
      spec.lp_spin_us = static_cast<double>(lp_us);
      spec.lp_queue_depth = p.queue_depth;
      AppendSweepPoints(spec,
                        "Preemption/" + scheduler->name +
                            "/lp_kernel_us:" + std::to_string(lp_us) +
                            "/hp_kernel_us:" + std::to_string(p.hp_kernel_us) +
                            "/rate:" + FormatNumber(p.rate_per_s) +
                            "/duration_s:" + FormatNumber(p.duration_s),
                        suite.options, &specs);
    }
  }
  return specs;
}

}  // namespace xsb
