// The console's default report: per case, the counters a verdict rests on,
// with their units, in lines under 100 characters (Google Benchmark's table
// puts every counter, alphabetically, on one line of ~600 characters, with
// Time and CPU columns that mean nothing for a scenario run). The JSON file
// is untouched: it keeps every counter. --benchmark_counters_tabular=true
// or --benchmark_format=json|csv bring back Google Benchmark's reporters.
#ifndef XSB_BENCH_OUTPUT_SUMMARY_REPORTER_H_
#define XSB_BENCH_OUTPUT_SUMMARY_REPORTER_H_

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace xsb {

inline constexpr size_t kSummaryWidth = 100;

// The lines for one run: its name (and round or aggregate), HP
// latency (P50, P99 with its interval when the run has one, P99.9, max),
// HP rate and send lag, LP throughput, the window and standalone times,
// then the label, one scheduler or worker a line; or the error, on one
// line of its own whatever its length, as Google Benchmark words it
// ("ERROR OCCURRED: '...'").
std::vector<std::string> SummarizeRun(
    const benchmark::BenchmarkReporter::Run& run);

// `text` broken at spaces into lines of at most `width` characters, the
// first as it is, the others indented by `indent` spaces. A word longer
// than a line stays whole.
std::vector<std::string> WrapText(const std::string& text, size_t width,
                                  size_t indent);

class SummaryReporter : public benchmark::BenchmarkReporter {
 public:
  // `context_lines`: what ReportContext prints instead of Google
  // Benchmark's 25 lines (the run's plan); the full context still goes to
  // the JSON.
  explicit SummaryReporter(std::vector<std::string> context_lines);

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;

 private:
  std::vector<std::string> context_lines_;
};

}  // namespace xsb

#endif  // XSB_BENCH_OUTPUT_SUMMARY_REPORTER_H_
