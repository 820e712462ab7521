// Other files the profilers the replay reads also write: summaries with one
// row per kernel name and nvprof's exports. None holds a timeline the
// replay can use; recognising them turns "no known header" into what the
// file is and what to record instead.
#ifndef XSB_KERNELS_TRACE_OTHER_EXPORTS_H_
#define XSB_KERNELS_TRACE_OTHER_EXPORTS_H_

#include <string>
#include <vector>

namespace xsb {

// For a CSV header row of such a file, one line saying what the file is
// and what to record instead (docs/workloads.md); "" for any other row.
std::string DescribeOtherExport(const std::vector<std::string>& header);

}  // namespace xsb

#endif  // XSB_KERNELS_TRACE_OTHER_EXPORTS_H_
