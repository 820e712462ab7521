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
  MutableRegisteredCases().push_back(
      {spec.name, spec.scenario.warmup_s + spec.scenario.duration_s});
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
