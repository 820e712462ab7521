// The one check on the samples workers stream for the adaptive window
// (WorkerConfig::stream_samples): each progress message carries only what
// completed since the previous one.
#ifndef XSB_BENCH_ORCHESTRATE_STREAMED_SAMPLES_H_
#define XSB_BENCH_ORCHESTRATE_STREAMED_SAMPLES_H_

#include <cstdint>
#include <string>

#include "bench/protocol/worker_protocol.h"

namespace xsb {

// Adds the samples `progress` carries to *streamed (the worker's total so
// far). False with *error when the total exceeds the requests or
// iterations the worker says it completed: it re-sent earlier samples.
// Rejected rather than de-duplicated: the stream is what the adaptive rule
// decides on, and a worker that repeats it cannot be trusted to have sent
// the rest once; duplicates would inflate the rule's count and could end a
// window early.
bool AddStreamedSamples(const ProgressMessage& progress, int64_t* streamed,
                        std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_ORCHESTRATE_STREAMED_SAMPLES_H_
