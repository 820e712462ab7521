#include "bench/output/round_reporter.h"

#include <utility>

namespace xsb {

void SetRoundFields(int round, int64_t repetitions, int64_t family,
                    benchmark::BenchmarkReporter::Run* run) {
  run->repetition_index = round;
  run->repetitions = repetitions;
  run->family_index = family;
  run->per_family_instance_index = 0;
}

RoundReporter::RoundReporter(benchmark::BenchmarkReporter* inner,
                             RepetitionsOf repetitions_of)
    : inner_(inner), repetitions_of_(std::move(repetitions_of)) {
  // Google Benchmark writes the case list (--benchmark_list_tests) and its
  // errors to the display reporter's streams: this adaptor's are the inner
  // reporter's.
  SetOutputStream(&inner->GetOutputStream());
  SetErrorStream(&inner->GetErrorStream());
}

bool RoundReporter::ReportContext(const Context& context) {
  // Each round's context is the same but for the custom keys added since,
  // which a file reporter renders from the global context when it writes.
  if (!context_reported_) {
    context_reported_ = true;
    context_ok_ = inner_->ReportContext(context);
  }
  return context_ok_;
}

void RoundReporter::ReportRuns(const std::vector<Run>& runs) {
  std::vector<Run> patched = runs;
  for (Run& run : patched) {
    const std::string name = run.run_name.str();
    const auto family =
        family_.emplace(name, static_cast<int64_t>(family_.size())).first;
    const int64_t so_far = ++runs_[name];
    SetRoundFields(round_, repetitions_of_ ? repetitions_of_(name) : so_far,
                   family->second, &run);
  }
  inner_->ReportRuns(patched);
}

void RoundReporter::FinishRounds() {
  if (finished_ || !context_reported_) return;
  finished_ = true;
  inner_->Finalize();
}

}  // namespace xsb
