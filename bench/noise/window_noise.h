// What else used the machine during a window, from two snapshots of the
// kernel's accounting: one at the window's start, one at its end. Other
// work = every CPU's busy time (/proc/stat) less the CPU time of the case's
// own processes: xsb_bench, its workers and every descendant of them
// (/proc/<pid>/stat). Pure but for TakeSnapshot, which reads a ProcSource.
#ifndef XSB_BENCH_NOISE_WINDOW_NOISE_H_
#define XSB_BENCH_NOISE_WINDOW_NOISE_H_

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench/noise/proc_parse.h"
#include "bench/noise/proc_source.h"

namespace xsb {

// A process, told apart from a later one that reuses its pid.
using ProcessKey = std::pair<int64_t, int64_t>;  // pid, start_ticks

struct NoiseSnapshot {
  int64_t time_ns = 0;  // CLOCK_MONOTONIC, when it was taken
  CpuTimes cpu;
  double load_1m = NAN;  // NaN when /proc/loadavg was unreadable
  // The roots and every descendant of them alive (or not yet reaped).
  std::map<ProcessKey, ProcessTimes> own;
};

// `roots` and every process whose parent chain reaches one of them, among
// `processes` (a snapshot of every process).
std::map<ProcessKey, ProcessTimes> ProcessTree(
    const std::vector<ProcessTimes>& processes,
    const std::vector<int64_t>& roots);

// Reads /proc/stat, /proc/loadavg and every process's stat (a process that
// exits meanwhile is skipped). False with *error when /proc/stat cannot be
// read or parsed.
bool TakeSnapshot(ProcSource& proc, const std::vector<int64_t>& roots,
                  int64_t now_ns, NoiseSnapshot* snapshot, std::string* error);

// CPU time, in ticks, the own processes used between the snapshots:
// - alive at both: the growth of their time with their reaped children's;
// - new at the end: all of their time (they started inside the window);
// - gone at the end: their time after the start is in the parent's reaped
//   children's time once an own parent reaped them, together with their
//   time before the start, which is taken off again. One that no own
//   process reaped (re-parented away) is lost: its time after the start
//   counts as other work, so the error is on the side of "disturbed".
int64_t OwnTicks(const std::map<ProcessKey, ProcessTimes>& start,
                 const std::map<ProcessKey, ProcessTimes>& end);

struct WindowNoise {
  double seconds = 0;          // between the snapshots
  double other_cpu_cores = 0;  // busy time of other work / seconds (>= 0)
  double own_cpu_cores = 0;    // the case's own processes' / seconds
  double steal_pct = 0;        // stolen ticks / all ticks, in percent
  double load_avg = NAN;       // 1-minute, at the end (own tasks included)
};

// The window between two snapshots; all zero when they are not in order.
WindowNoise CompareSnapshots(const NoiseSnapshot& start,
                             const NoiseSnapshot& end, int64_t ticks_per_s);

}  // namespace xsb

#endif  // XSB_BENCH_NOISE_WINDOW_NOISE_H_
