#include "bench/noise/window_noise.h"

#include <algorithm>

#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// Whether a process that is gone at the end was reaped by an own process
// still there: its parent at the start is, or is gone too and was (a
// chain of exits); its time then went into that process's children's time.
bool ReapedByOwn(const ProcessTimes& gone,
                 const std::map<ProcessKey, ProcessTimes>& start,
                 const std::map<ProcessKey, ProcessTimes>& end) {
  std::map<int64_t, const ProcessTimes*> start_by_pid;
  for (const auto& [key, times] : start) start_by_pid[key.first] = &times;
  const ProcessTimes* process = &gone;
  for (size_t steps = 0; steps < start.size(); ++steps) {
    const auto parent = start_by_pid.find(process->ppid);
    if (parent == start_by_pid.end()) return false;
    const ProcessKey key{parent->second->pid, parent->second->start_ticks};
    if (end.count(key) > 0) return true;
    process = parent->second;
  }
  return false;
}

}  // namespace

std::map<ProcessKey, ProcessTimes> ProcessTree(
    const std::vector<ProcessTimes>& processes,
    const std::vector<int64_t>& roots) {
  std::multimap<int64_t, const ProcessTimes*> children;
  std::map<int64_t, const ProcessTimes*> by_pid;
  for (const ProcessTimes& p : processes) {
    children.emplace(p.ppid, &p);
    by_pid[p.pid] = &p;
  }
  std::map<ProcessKey, ProcessTimes> tree;
  std::vector<const ProcessTimes*> pending;
  for (int64_t root : roots) {
    const auto found = by_pid.find(root);
    if (found != by_pid.end()) pending.push_back(found->second);
  }
  while (!pending.empty()) {
    const ProcessTimes* p = pending.back();
    pending.pop_back();
    if (!tree.emplace(ProcessKey{p->pid, p->start_ticks}, *p).second) continue;
    const auto range = children.equal_range(p->pid);
    for (auto it = range.first; it != range.second; ++it) {
      pending.push_back(it->second);
    }
  }
  return tree;
}

bool TakeSnapshot(ProcSource& proc, const std::vector<int64_t>& roots,
                  int64_t now_ns, NoiseSnapshot* snapshot, std::string* error) {
  std::string text;
  if (!proc.Read("stat", &text)) {
    *error = "cannot read /proc/stat";
    return false;
  }
  NoiseSnapshot taken;
  taken.time_ns = now_ns;
  if (!ParseCpuTimes(text, &taken.cpu, error)) return false;
  std::string ignored;
  if (proc.Read("loadavg", &text)) {
    ParseLoadAverage(text, &taken.load_1m, &ignored);
  }
  std::vector<ProcessTimes> processes;
  for (int64_t pid : proc.Pids()) {
    ProcessTimes times;
    // A process that exits between the listing and its read is skipped.
    if (proc.Read(std::to_string(pid) + "/stat", &text) &&
        ParseProcessStat(text, &times, &ignored)) {
      processes.push_back(times);
    }
  }
  taken.own = ProcessTree(processes, roots);
  *snapshot = std::move(taken);
  return true;
}

int64_t OwnTicks(const std::map<ProcessKey, ProcessTimes>& start,
                 const std::map<ProcessKey, ProcessTimes>& end) {
  int64_t ticks = 0;
  for (const auto& [key, times] : end) {
    const auto before = start.find(key);
    ticks += times.WithReapedChildren() -
             (before == start.end() ? 0 : before->second.WithReapedChildren());
  }
  for (const auto& [key, times] : start) {
    if (end.count(key) == 0 && ReapedByOwn(times, start, end)) {
      ticks -= times.WithReapedChildren();
    }
  }
  return std::max<int64_t>(ticks, 0);
}

WindowNoise CompareSnapshots(const NoiseSnapshot& start,
                             const NoiseSnapshot& end, int64_t ticks_per_s) {
  WindowNoise noise;
  const double seconds = NsToSeconds(end.time_ns - start.time_ns);
  if (seconds <= 0 || ticks_per_s <= 0) return noise;
  const double ticks = static_cast<double>(ticks_per_s);
  const int64_t busy = end.cpu.Busy() - start.cpu.Busy();
  const int64_t all = end.cpu.Total() - start.cpu.Total();
  const int64_t own = OwnTicks(start.own, end.own);
  noise.seconds = seconds;
  noise.own_cpu_cores = own / ticks / seconds;
  noise.other_cpu_cores = std::max<int64_t>(busy - own, 0) / ticks / seconds;
  if (all > 0) {
    noise.steal_pct = 100.0 * (end.cpu.steal - start.cpu.steal) / all;
  }
  noise.load_avg = end.load_1m;
  return noise;
}

}  // namespace xsb
