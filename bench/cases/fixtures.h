// Registration of the benchmark families, one file per family.
#ifndef XSB_BENCH_CASES_FIXTURES_H_
#define XSB_BENCH_CASES_FIXTURES_H_

#include <string>
#include <vector>

#include "bench/cases/case_runner.h"

namespace xsb {

// Registers one case with Google Benchmark: one scenario run, its manual
// time the case's headline figure (HeadlineSeconds): in ms for a case with
// an HP worker, in s for Standalone/lp. The round loop registers each round's
// cases anew (bench/cases/round_loop.h).
void RegisterCase(const CaseSpec& spec, const SuiteContext& suite);
// What Google Benchmark appends to each registered name (RegisterCase's
// settings), as the filter sees it.
inline constexpr char kRegisteredNameSuffix[] = "/iterations:1/manual_time";

// Case names, without Google Benchmark's "/iterations:1/manual_time".
// Without the sweep point's suffix (SweepSuffix).
std::string DualModelCaseName(const SchedulerSpec& scheduler,
                              const Scenario& scenario);
// DualModelCaseName for the classic pair, else Tenants/<scheduler>/
// <scenario>/tenants:N/duration_s:D.
std::string ScenarioCaseName(const SchedulerSpec& scheduler,
                             const Scenario& scenario);
// Only the classic pair has Standalone/hp and /lp references (a scenario
// of other tenants has none yet).
bool HasStandaloneCases(const Scenario& scenario);
std::string StandaloneHpCaseName(const Scenario& scenario);
std::string StandaloneLpCaseName(const Scenario& scenario);

std::string CapacityCaseName(const SchedulerSpec& scheduler,
                             const Scenario& scenario, double slo_p99_ms);

// Appends `spec` once per sweep point of its scheduler (SchedulerSweep),
// each named base_name + the point's suffix: every family's cases are
// multiplied by the scheduler's sweep the same way.
void AppendSweepPoints(CaseSpec spec, const std::string& base_name,
                       const SuiteOptions& options,
                       std::vector<CaseSpec>* specs);

// The cases of each family, in registration order: DualModel scenario by
// scenario (the schedulers in order within each), Standalone (hp, lp per
// scenario), Preemption (only under --xsb_preemption) LP kernel length by
// length. DualModel: a case per scenario, scheduler and sweep point
// (SchedulerSweep).
std::vector<CaseSpec> DualModelCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers);
std::vector<CaseSpec> StandaloneCaseSpecs(const SuiteContext& suite);
std::vector<CaseSpec> PreemptionCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers);
// Only under --xsb_capacity (which then replaces the DualModel and
// Standalone cases): a Capacity case per scenario, scheduler and scheduler
// sweep point (bench/cases/capacity_case.cc).
std::vector<CaseSpec> CapacityCaseSpecs(
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
