// How much memory a worker's model needs, whether it fits, and the one-line
// message with the remedy when it does not. The one place for both, used by
// every backend: on a GPU the budget is the free device memory (and the
// suite's --xsb_memory_limit_mib when it is lower), on the CPU backend the
// limit alone, so a GPU out-of-memory failure can be reproduced without one.
#ifndef XSB_BENCH_WORKER_MEMORY_CHECK_H_
#define XSB_BENCH_WORKER_MEMORY_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "kernels/workload.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// Bytes of the model's device buffers: weights, biases and the two
// activation buffers the layers alternate between (kernels/gpu/gpu_model.h).
// The CPU backend is checked against the same figure. A double, so absurd
// shapes cannot overflow.
double ModelMemoryBytes(const MlpShape& shape);

struct MemoryBudget {
  Backend backend = Backend::kCpu;
  std::optional<int64_t> free_bytes;  // the device's free memory, if it has
  int64_t limit_mib = 0;              // --xsb_memory_limit_mib; 0: none
};

// True when the model fits the budget; else false with *error: one line
// naming what it needs, what is available, and the flag to change, e.g.
// "LP batch 1024 needs 9.1 GiB of GPU memory, 2.0 GiB are free; try a
// smaller --xsb_lp_batch (1024 -> 512 -> 256)".
bool CheckModelMemory(WorkerRole role, const MlpShape& shape,
                      const MemoryBudget& budget, std::string* error);

// The message for an allocation that failed although the check passed
// (other processes took memory meanwhile, or the runtime's own overhead):
// what the model needs, what was free afterwards, and a smaller batch.
std::string DescribeFailedAllocation(WorkerRole role, const MlpShape& shape,
                                     const MemoryBudget& budget);

}  // namespace xsb

#endif  // XSB_BENCH_WORKER_MEMORY_CHECK_H_
