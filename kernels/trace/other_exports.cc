#include "kernels/trace/other_exports.h"

#include <algorithm>

namespace xsb {
namespace {

constexpr char kNsysProfile[] =
    "record with Nsight Systems (nsys profile -t cuda -o run PROGRAM), then ";
constexpr char kNsysTimeline[] =
    "export the timeline: nsys stats --report cuda_gpu_trace --format csv "
    "--output run run.nsys-rep (writes run_cuda_gpu_trace.csv)";
constexpr char kRocprofTimeline[] =
    "record the kernel trace instead: rocprof --timestamp on -o results.csv "
    "(results.csv), or rocprofv3 --kernel-trace --output-format csv "
    "(*_kernel_trace.csv)";

// A file recognised by columns its header must all have: what it is, and
// what to record instead.
struct OtherExport {
  std::vector<std::string> columns;
  std::string what;
  std::string instead;
};

const std::vector<OtherExport>& OtherExports() {
  // The most specific first: an nsys kernel summary also has the column of
  // every nsys summary.
  static const std::vector<OtherExport> kExports = {
      {{"Start", "Duration", "Grid X", "Block X", "Name"},
       "this is nvprof's GPU trace (nvprof --print-gpu-trace --csv), which "
       "the replay does not read",
       std::string(kNsysProfile) + kNsysTimeline},
      {{"Type", "Time(%)", "Calls", "Name"},
       "this is nvprof's summary (nvprof --csv): one row per kernel name with "
       "totals, no timeline to replay",
       std::string(kNsysProfile) + kNsysTimeline},
      {{"Total Time (ns)", "Instances", "Name"},
       "this is Nsight Systems' kernel summary (nsys stats --report "
       "cuda_gpu_kern_sum, *_cuda_gpu_kern_sum.csv): one row per kernel name "
       "with totals, no timeline to replay",
       std::string("instead, ") + kNsysTimeline},
      {{"Total Time (ns)"},
       "this is an Nsight Systems summary (nsys stats --report *_sum): "
       "totals, no timeline to replay",
       std::string("instead, ") + kNsysTimeline},
      {{"Name", "Calls", "TotalDurationNs", "AverageNs"},
       "this is a rocprof summary (rocprof --stats: results.stats.csv, or "
       "rocprofv3 --stats: *_kernel_stats.csv): one row per name with "
       "totals, no timeline to replay",
       kRocprofTimeline},
  };
  return kExports;
}

}  // namespace

std::string DescribeOtherExport(const std::vector<std::string>& header) {
  for (const OtherExport& other : OtherExports()) {
    const bool all = std::all_of(
        other.columns.begin(), other.columns.end(), [&](const std::string& c) {
          return std::find(header.begin(), header.end(), c) != header.end();
        });
    if (all) return other.what + "; " + other.instead;
  }
  return "";
}

}  // namespace xsb
