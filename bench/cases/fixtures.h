// Registration of the benchmark families, one file per family.
#ifndef XSB_BENCH_CASES_FIXTURES_H_
#define XSB_BENCH_CASES_FIXTURES_H_

#include <vector>

#include "bench/cases/case_runner.h"

namespace xsb {

// Registers one case with Google Benchmark: one scenario run per
// repetition, wall time in seconds.
void RegisterCase(const CaseSpec& spec, const SuiteContext& suite);
// Every case registered so far, with its warm-up + window, for the run's
// plan (RunProgress).
const std::vector<PlannedCase>& RegisteredCases();
// What Google Benchmark appends to each registered name (RegisterCase's
// settings), as the filter sees it.
inline constexpr char kRegisteredNameSuffix[] = "/iterations:1/real_time";

// Each returns how many cases it registered.
int RegisterDualModelCases(const SuiteContext& suite,
                           const std::vector<Scheduler>& schedulers);
int RegisterStandaloneCases(const SuiteContext& suite);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_FIXTURES_H_
