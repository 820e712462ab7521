#include "bench/cases/fixtures.h"

namespace xsb {

void RegisterCase(const CaseSpec& spec, const SuiteContext& suite) {
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
