// A kernel timeline read from a profiler's export: rocprof's kernel trace
// CSV (v1 results.csv, rocprofv2's kernel trace or rocprofv3's
// kernel_trace.csv), Nsight Systems' `nsys stats --report cuda_gpu_trace
// --format csv`, or the project's own JSON (docs/workloads.md). Pure host
// code: parsing only, no device.
#ifndef XSB_KERNELS_TRACE_KERNEL_TRACE_H_
#define XSB_KERNELS_TRACE_KERNEL_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "shim_env/base/text.h"

namespace xsb {

enum class TraceFormat { kRocprof, kRocprofV2, kRocprofV3, kNsys, kJson };
inline constexpr EnumName<TraceFormat> kTraceFormatNames[] = {
    {TraceFormat::kRocprof, "rocprof"},
    {TraceFormat::kRocprofV2, "rocprofv2"},
    {TraceFormat::kRocprofV3, "rocprofv3"},
    {TraceFormat::kNsys, "nsys"},
    {TraceFormat::kJson, "xsb-trace"}};

// One row of the timeline, in the order the GPU started them.
struct TraceKernel {
  std::string name;
  int64_t duration_ns = 0;
  // Blocks (work-groups) in the grid; 0 where the trace has none (copies):
  // the replay then occupies the whole device.
  int64_t blocks = 0;
  // The GPU was idle this long between the previous row's end and this
  // row's start (0 for the first row and for rows that overlap).
  int64_t gap_before_ns = 0;
  // Replayed by the memory-streaming kernel: marked in the JSON, or a name
  // that IsMemoryBoundName recognises.
  bool memory_bound = false;
  // The host waited for the device after this row: marked in the JSON, or
  // a device-to-host copy in an nsys trace.
  bool sync_after = false;
  // A copy or memset rather than a kernel: marked in the JSON, or a name
  // that IsCopyName recognises. Replayed like any row; counted apart.
  bool copy = false;
};

struct KernelTrace {
  TraceFormat format = TraceFormat::kJson;
  std::vector<TraceKernel> kernels;
  // The first row's start to the last row's end as recorded. Rows of
  // several queues (streams) may overlap; the replay runs them one after
  // another, which takes longer than this span. JSON rows are in sequence.
  int64_t span_ns = 0;
  // Rows that started before an earlier row had ended.
  int overlapping_rows = 0;
};

// Copies, memsets and element-wise kernels: names containing (any case)
// "copy", "memcpy", "memset", "elementwise", "fill" or "transpose".
bool IsMemoryBoundName(const std::string& name);

// Copies and memsets as profilers name them ("[CUDA memcpy
// Host-to-Device]", "[CUDA memset]"): names containing (any case)
// "memcpy" or "memset".
bool IsCopyName(const std::string& name);

// Parses the text of a trace; `text` is a CSV with one of the known
// header rows, or a JSON object. Returns false with *error (one line; for a
// bad row, its line number and what is wrong with it; for another export
// of a known profiler, such as a summary, what it is and what to record
// instead).
bool ParseKernelTrace(const std::string& text, KernelTrace* out,
                      std::string* error);

// Reads and parses `path`; *error starts with the path.
bool LoadKernelTrace(const std::string& path, KernelTrace* out,
                     std::string* error);

// Sum of the rows' durations, in nanoseconds.
int64_t TotalGpuNs(const KernelTrace& trace);

}  // namespace xsb

#endif  // XSB_KERNELS_TRACE_KERNEL_TRACE_H_
