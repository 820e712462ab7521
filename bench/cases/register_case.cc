#include "bench/cases/fixtures.h"

namespace xsb {
namespace {

std::vector<PlannedCase>& MutableRegisteredCases() {
  static std::vector<PlannedCase> cases;
  return cases;
}

}  // namespace

const std::vector<PlannedCase>& RegisteredCases() {
  return MutableRegisteredCases();
}

void RegisterCase(const CaseSpec& spec, const SuiteContext& suite) {
  // A capacity search runs up to max_probes windows.
  const int runs = spec.capacity ? suite.options.study.capacity.max_probes : 1;
  MutableRegisteredCases().push_back(
      {spec.name, runs * (spec.scenario.warmup_s + spec.scenario.duration_s)});
  // The suite context outlives every case: it lives in main until the run
  // ends.
  const SuiteContext* context = &suite;
  benchmark::RegisterBenchmark(spec.name.c_str(),
                               [spec, context](benchmark::State& state) {
                                 RunCase(state, spec, *context);
                               })
      // Together they make kRegisteredNameSuffix.
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kSecond);
}

}  // namespace xsb
