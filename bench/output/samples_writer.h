// Per-request samples of one case run, written to a side file when
// --xsb_samples_dir is given, so that tools/compare.py can plot latency
// distributions and latency over time (the counters keep only summaries).
#ifndef XSB_BENCH_OUTPUT_SAMPLES_WRITER_H_
#define XSB_BENCH_OUTPUT_SAMPLES_WRITER_H_

#include <cstdint>
#include <string>

#include "bench/orchestrate/orchestrator.h"
#include "bench/telemetry/gpu_telemetry.h"

namespace xsb {

// The file one case's repetition goes to: the case name with every
// character other than letters, digits, '.', '-' and '_' replaced by '_',
// then ".rep<N>.json". The case name itself is inside the file.
std::string SamplesFileName(const std::string& case_name, int repetition);

// Checks, leaving nothing behind, that PrepareSamplesDir can succeed: a
// file can be created in `dir`, or `dir` can be created (then it is
// removed again). Returns false with a reason otherwise. For flag parsing,
// where a run may still stop (another bad flag, --help,
// --benchmark_list_tests).
bool CheckSamplesDir(const std::string& dir, std::string* error);

// Once cases will run: CheckSamplesDir, then creates `dir` (one level) when
// it does not exist, and removes the temporary sample files that runs
// killed half-way left in it (RemoveStaleTemporaryFiles). Returns false
// with a reason when it cannot.
bool PrepareSamplesDir(const std::string& dir, std::string* error);

// The side file's JSON: every HP request (scheduled, sent, completed,
// latency, in-window flag) and every LP completion (time, in-window flag),
// times in ns relative to the report's T0, and the device telemetry
// sampled during the run when there is any. See docs/metrics.md for the
// format.
std::string SamplesJson(const std::string& case_name, int repetition,
                        const ScenarioReport& report,
                        const std::vector<GpuSample>& gpu = {});

// Writes SamplesJson to dir/SamplesFileName atomically: a temporary file in
// the same directory, renamed over the target once complete, so a reader
// never sees half a file. Returns false with *error (one line) on failure
// and leaves no temporary file behind; *path gets the target's path.
bool WriteSamplesFile(const std::string& dir, const std::string& case_name,
                      int repetition, const ScenarioReport& report,
                      const std::vector<GpuSample>& gpu, std::string* path,
                      std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_OUTPUT_SAMPLES_WRITER_H_
