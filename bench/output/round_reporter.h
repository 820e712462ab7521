// xsb_bench calls Google Benchmark once per round (bench/cases/round_loop.h);
// this adaptor lets one reporter see the rounds as one run: each run
// reported gets repetition_index = its round and a stable family_index, so
// Google Benchmark's JSON shows rounds as repetitions and its readers
// (tools/compare.py of either project) keep working; the context goes
// through once, and Finalize only at the end of the last round.
#ifndef XSB_BENCH_OUTPUT_ROUND_REPORTER_H_
#define XSB_BENCH_OUTPUT_ROUND_REPORTER_H_

#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace xsb {

// Run's fields set to what rounds mean: repetition_index = round (0-based),
// repetitions = *repetitions (the case's), family_index = *family.
void SetRoundFields(int round, int64_t repetitions, int64_t family,
                    benchmark::BenchmarkReporter::Run* run);

class RoundReporter : public benchmark::BenchmarkReporter {
 public:
  // The number of repetitions a case's runs say they belong to.
  using RepetitionsOf = std::function<int64_t(const std::string& case_name)>;

  // `inner` is not owned and takes this adaptor's place for Google
  // Benchmark. `repetitions_of`: null gives the case's runs so far.
  RoundReporter(benchmark::BenchmarkReporter* inner,
                RepetitionsOf repetitions_of = nullptr);

  void BeginRound(int round) { round_ = round; }
  // The inner reporter's Finalize, once, after the last round.
  void FinishRounds();

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override {}

 private:
  benchmark::BenchmarkReporter* inner_;
  RepetitionsOf repetitions_of_;
  int round_ = 0;
  bool context_reported_ = false;
  bool context_ok_ = false;  // what the inner reporter said to it
  bool finished_ = false;
  std::map<std::string, int64_t> family_;  // by case name, first seen order
  std::map<std::string, int64_t> runs_;    // by case name, so far
};

}  // namespace xsb

#endif  // XSB_BENCH_OUTPUT_ROUND_REPORTER_H_
