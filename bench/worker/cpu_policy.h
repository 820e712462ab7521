// The CPU scheduling policy a worker runs itself under.
#ifndef XSB_BENCH_WORKER_CPU_POLICY_H_
#define XSB_BENCH_WORKER_CPU_POLICY_H_

#include <sys/types.h>

#include <string>

namespace xsb {

// "normal" leaves the process as started. "idle" moves it to SCHED_IDLE and
// nice 19, which needs no privilege; threads created afterwards inherit it.
// Returns false with *error when the name is unknown or the kernel refuses.
bool ApplyCpuPolicy(const std::string& name, std::string* error);

// The calling thread's policy and nice value, e.g. "SCHED_IDLE nice 19".
std::string DescribeCpuPolicy();

// Every thread of process `pid` (an exec model's program, which inherits
// the worker's policy): "SCHED_IDLE nice 19 (all 5 threads of pid 123)",
// or each policy with its thread count when they differ. "" when /proc
// cannot tell.
std::string DescribeProcessCpuPolicy(pid_t pid);

}  // namespace xsb

#endif  // XSB_BENCH_WORKER_CPU_POLICY_H_
