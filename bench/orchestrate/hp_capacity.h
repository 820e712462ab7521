// Whether an HP worker can serve its arrival rate at all: its standalone
// pass, measured before the window, against the interval between requests.
#ifndef XSB_BENCH_ORCHESTRATE_HP_CAPACITY_H_
#define XSB_BENCH_ORCHESTRATE_HP_CAPACITY_H_

#include <string>
#include <vector>

#include "bench/orchestrate/orchestrator.h"

namespace xsb {

// False with *error (one line with the numbers: the pass, the rate, the
// highest rate it could serve, and what to change) when an HP worker's
// standalone pass is at least as long as its mean arrival interval. Alone
// it already cannot keep up: its requests would queue and its latency grow
// for the whole window, however long, so no percentile of it would mean
// anything, and the run would end long after the window.
bool CheckHpKeepsUp(const ScenarioPlan& plan,
                    const std::vector<WorkerReport>& workers,
                    std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_ORCHESTRATE_HP_CAPACITY_H_
