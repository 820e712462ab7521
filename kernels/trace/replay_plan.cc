#include "kernels/trace/replay_plan.h"

namespace xsb {
namespace {

void AddSync(std::vector<ReplayStep>* plan) {
  if (!plan->empty() && plan->back().kind == ReplayStepKind::kSync) return;
  plan->push_back({ReplayStepKind::kSync, 0, 0, KernelKind::kCompute});
}

}  // namespace

std::vector<ReplayStep> MakeReplayPlan(const KernelTrace& trace,
                                       double min_host_gap_us) {
  std::vector<ReplayStep> plan;
  for (const TraceKernel& k : trace.kernels) {
    const double gap_us = k.gap_before_ns / 1e3;
    if (gap_us >= min_host_gap_us) {
      // The gap waits for the stream itself.
      if (!plan.empty() && plan.back().kind == ReplayStepKind::kSync) {
        plan.pop_back();
      }
      plan.push_back(
          {ReplayStepKind::kHostGap, gap_us, 0, KernelKind::kCompute});
    }
    plan.push_back(
        {ReplayStepKind::kKernel, k.duration_ns / 1e3, k.blocks,
         k.memory_bound ? KernelKind::kMemory : KernelKind::kCompute});
    if (k.sync_after) AddSync(&plan);
  }
  return plan;
}

}  // namespace xsb
