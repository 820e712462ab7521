#include "kernels/trace/trace_summary.h"

#include <cstdio>

namespace xsb {
namespace {

std::string Ms(int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", ns / 1e6);
  return text;
}

// "1 kernel", "3 copies".
std::string Count(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

TraceSummary SummarizeTrace(const KernelTrace& trace, double min_host_gap_us) {
  TraceSummary s;
  for (const TraceKernel& k : trace.kernels) {
    ++(k.copy ? s.copies : s.kernels);
    s.gpu_ns += k.duration_ns;
    if (k.gap_before_ns / 1e3 >= min_host_gap_us) {
      s.host_gap_ns += k.gap_before_ns;
    }
  }
  s.overlapping_rows = trace.overlapping_rows;
  s.span_ns = trace.span_ns;
  return s;
}

std::string DescribeTrace(const std::string& path, const KernelTrace& trace) {
  const TraceSummary s = SummarizeTrace(trace);
  const size_t slash = path.find_last_of('/');
  std::string text =
      (slash == std::string::npos ? path : path.substr(slash + 1)) + " (" +
      EnumToName(kTraceFormatNames, trace.format) +
      "): " + Count(s.kernels, "kernel", "kernels") + " + " +
      Count(s.copies, "copy", "copies") + ", " + Ms(s.gpu_ns) + " GPU + " +
      Ms(s.host_gap_ns) + " host gaps = " + Ms(s.pass_ns()) + " a pass";
  if (s.overlapping_rows > 0) {
    text += ", " +
            Count(s.overlapping_rows, "overlapping row", "overlapping rows") +
            " serialised: recorded span " + Ms(s.span_ns) + ", replayed " +
            Ms(s.pass_ns());
  }
  return text;
}

}  // namespace xsb
