// Registration of the benchmark families, one file per family.
#ifndef XSB_BENCH_CASES_FIXTURES_H_
#define XSB_BENCH_CASES_FIXTURES_H_

#include <string>
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

// Case names, without Google Benchmark's "/iterations:1/real_time".
// Without the sweep point's suffix (SweepSuffix).
std::string DualModelCaseName(const SchedulerSpec& scheduler,
                              const Scenario& scenario);
std::string StandaloneHpCaseName(const Scenario& scenario);
std::string StandaloneLpCaseName(const Scenario& scenario);

std::string CapacityCaseName(const SchedulerSpec& scheduler,
                             const Scenario& scenario, double slo_p99_ms);

// Each returns how many cases it registered.
// A case per scenario, scheduler and sweep point (SchedulerSweep).
int RegisterDualModelCases(const SuiteContext& suite,
                           const std::vector<const SchedulerSpec*>& schedulers);
int RegisterStandaloneCases(const SuiteContext& suite);
// Only under --xsb_capacity: a Capacity case per scenario, scheduler and
// scheduler sweep point (bench/cases/capacity_case.cc).
int RegisterCapacityCases(const SuiteContext& suite,
                          const std::vector<const SchedulerSpec*>& schedulers);
// Only under --xsb_preemption (PreemptionOptions); the specs are what
// RegisterPreemptionCases registers, in order.
std::vector<CaseSpec> PreemptionCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers);
int RegisterPreemptionCases(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers);

// Whether --benchmark_filter (`filter`, as Google Benchmark matches it)
// matches none of the cases registered for `schedulers`; then *why names
// the flag that left out cases it would match, e.g. "the smoke scenario is
// not registered: --xsb_scenarios=original leaves it out;
// --xsb_scenarios=original,smoke registers it", or is empty. False when
// the filter does not compile (Google Benchmark reports that).
bool FilterMatchesNoCase(const SuiteContext& suite,
                         const std::vector<const SchedulerSpec*>& schedulers,
                         const std::string& filter, std::string* why);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_FIXTURES_H_
