// --benchmark_out, kept safe: the file is rewritten whole after every case,
// atomically, so a run that is interrupted or killed leaves a valid file
// holding every case that finished.
#ifndef XSB_BENCH_OUTPUT_OUTPUT_FILE_H_
#define XSB_BENCH_OUTPUT_OUTPUT_FILE_H_

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

namespace xsb {

struct OutputFileRequest {
  std::string path;             // empty: no --benchmark_out
  std::string format = "json";  // json, csv or console
};

// Takes --benchmark_out=PATH and --benchmark_out_format=FMT out of argv's
// hands: Google Benchmark is pointed at /dev/null instead (it insists on
// opening a file for a file reporter) and the request is returned. False
// with *error for an unknown format or a path that cannot be written.
// Removes the path's temporary files that runs killed half-way left behind
// (RemoveStaleTemporaryFiles), never a running process's.
bool TakeOutputFileRequest(int argc, char** argv, OutputFileRequest* request,
                           std::string* error);

// Where the file keeps failed and skipped runs, beside "benchmarks".
inline constexpr char kFailedRunsKey[] = "xsb_failed_runs";

// Google Benchmark's JSON (1.7.1's JSONReporter, one key a line) made
// strict and honest for other readers (docs/metrics.md): a value that is
// not finite (bare NaN or Infinity, e.g. the _cv of an all-zero counter)
// becomes null, and the failed runs (error_occurred, real_time 0) move out
// of "benchmarks" into kFailedRunsKey, so that neither compare.py nor a CI
// tracker reads a failure's 0 as a measurement.
std::string StrictBenchmarkJson(const std::string& json);

// A file reporter that ignores the stream Google Benchmark gives it and
// instead renders everything reported so far with the reporter of the
// requested format, replacing the file after each case.
class OutputFileReporter : public benchmark::BenchmarkReporter {
 public:
  explicit OutputFileReporter(OutputFileRequest request);

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

  // The first write error, if any ("" otherwise); later writes still try.
  const std::string& error() const { return error_; }

 private:
  void Rewrite();

  OutputFileRequest request_;
  std::unique_ptr<Context> context_;
  std::vector<Run> runs_;
  std::string error_;
};

}  // namespace xsb

#endif  // XSB_BENCH_OUTPUT_OUTPUT_FILE_H_
