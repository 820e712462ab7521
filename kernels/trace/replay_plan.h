// A kernel trace turned into what one replayed pass does, in order: kernels
// of the trace's durations and grids, host gaps and synchronisations. Pure;
// the device-side replay is TraceModel (trace_model.h).
#ifndef XSB_KERNELS_TRACE_REPLAY_PLAN_H_
#define XSB_KERNELS_TRACE_REPLAY_PLAN_H_

#include <cstdint>
#include <vector>

#include "kernels/trace/kernel_trace.h"
#include "kernels/workload.h"

namespace xsb {

enum class ReplayStepKind {
  kKernel,   // a kernel: microseconds, blocks, kind
  kSync,     // wait for the stream
  kHostGap,  // wait for the stream, then `microseconds` on the host
};

struct ReplayStep {
  ReplayStepKind kind = ReplayStepKind::kKernel;
  double microseconds = 0;
  int64_t blocks = 0;
  KernelKind kernel_kind = KernelKind::kCompute;
};

// A gap shorter than this is the launch pipeline, not host work: the
// replay's own launches fill it.
constexpr double kDefaultMinHostGapUs = 20;

// Kernel rows become kernels; a gap of at least min_host_gap_us before a
// row becomes a host gap (the device was idle: the host computed or waited);
// sync_after rows are followed by a sync. Adjacent syncs merge, and a sync
// before a host gap is dropped (the gap waits for the stream itself).
std::vector<ReplayStep> MakeReplayPlan(
    const KernelTrace& trace, double min_host_gap_us = kDefaultMinHostGapUs);

}  // namespace xsb

#endif  // XSB_KERNELS_TRACE_REPLAY_PLAN_H_
