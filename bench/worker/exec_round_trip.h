// The exec protocol's own cost: round trips to a program whose forward
// does nothing, timed by the worker's clock as it times requests. xsb_bench
// measures it at the start of a run with an exec model (the JSON context's
// xsb_exec_round_trip_*; docs/workloads.md).
#ifndef XSB_BENCH_WORKER_EXEC_ROUND_TRIP_H_
#define XSB_BENCH_WORKER_EXEC_ROUND_TRIP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/protocol/worker_protocol.h"

namespace xsb {

// Starts `argv` as an HP exec model on the CPU (batch 1), sends it
// `warmup` untimed and then `count` timed forward requests, and reports
// the program's handshake with round_trips = count and the P50 and P99 of
// the round trips in microseconds. Throws DeviceError when the program
// fails (one line naming it).
ExecReport MeasureExecRoundTrip(const std::vector<std::string>& argv,
                                int warmup, int count);

}  // namespace xsb

#endif  // XSB_BENCH_WORKER_EXEC_ROUND_TRIP_H_
