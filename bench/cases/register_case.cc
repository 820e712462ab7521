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
      // Together they make kRegisteredNameSuffix. The iteration time is
      // the case's headline figure (HeadlineSeconds), so Google Benchmark's
      // own tools compare what the suite measures (docs/metrics.md).
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(spec.run_hp ? benchmark::kMillisecond : benchmark::kSecond);
}

}  // namespace xsb
