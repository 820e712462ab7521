// What one replayed pass of a trace is made of, in numbers: kernels and
// copies, GPU time and the host gaps the replay sleeps, and whether rows of
// several queues overlapped (the replay serialises them). For labels,
// progress lines and the errors that quote a pass's length.
#ifndef XSB_KERNELS_TRACE_TRACE_SUMMARY_H_
#define XSB_KERNELS_TRACE_TRACE_SUMMARY_H_

#include <cstdint>
#include <string>

#include "kernels/trace/kernel_trace.h"
#include "kernels/trace/replay_plan.h"

namespace xsb {

struct TraceSummary {
  int kernels = 0;          // rows that are not copies
  int copies = 0;           // copies and memsets (TraceKernel::copy)
  int64_t gpu_ns = 0;       // every row's duration, copies included
  int64_t host_gap_ns = 0;  // the gaps the replay sleeps on the host
  int overlapping_rows = 0;
  int64_t span_ns = 0;  // KernelTrace::span_ns: as recorded
  // One pass as replayed: every row one after another, with its host gaps.
  int64_t pass_ns() const { return gpu_ns + host_gap_ns; }
};

// The gaps of at least min_host_gap_us count as host gaps, as in
// MakeReplayPlan.
TraceSummary SummarizeTrace(const KernelTrace& trace,
                            double min_host_gap_us = kDefaultMinHostGapUs);

// For labels and the context: "run.csv (nsys): 42 kernels + 3 copies,
// 1.220 ms GPU + 427.780 ms host gaps = 429.000 ms a pass", and when rows
// overlap ", 5 overlapping rows serialised: recorded span 0.300 ms,
// replayed 0.800 ms".
std::string DescribeTrace(const std::string& path, const KernelTrace& trace);

}  // namespace xsb

#endif  // XSB_KERNELS_TRACE_TRACE_SUMMARY_H_
