// DualModel/<scheduler>/<scenario>/rate:R/batch:B/duration_s:D: the HP and
// LP workers together under one scheduler. A scheduler with swept
// parameters adds the case's point: .../duration_s:D/<name>:<value>...
// (XSched: /lp_threshold:T/lp_batch_size:S). Under --xsb_sweep, one case
// per point: the swept field's value is in the name already (rate, batch
// or duration_s).
// (XSched: /lp_threshold:T/lp_batch_size:S).
// Tenants/<scheduler>/<scenario>/tenants:N/duration_s:D: a scenario other
// than the classic pair, one worker per tenant (docs/scenarios.md).
#include "bench/cases/fixtures.h"
#include "bench/cli/scheduler_catalog.h"

namespace xsb {

std::string DualModelCaseName(const SchedulerSpec& scheduler,
                              const Scenario& scenario) {
  return "DualModel/" + scheduler.name + "/" + scenario.name +
         "/rate:" + FormatNumber(scenario.hp_rate_per_s) +
         "/batch:" + std::to_string(scenario.lp_batch) +
         "/duration_s:" + DurationName(scenario);
}

std::string ScenarioCaseName(const SchedulerSpec& scheduler,
                             const Scenario& scenario) {
  if (scenario.tenants.empty() || IsPair(scenario)) {
    return DualModelCaseName(scheduler, scenario);
  }
  return "Tenants/" + scheduler.name + "/" + scenario.name +
         "/tenants:" + std::to_string(scenario.tenants.size()) +
         "/duration_s:" + DurationName(scenario);
}

namespace {

// The scenario point's case per scheduler and scheduler sweep point.
void AddScenarioCases(const Scenario& scenario, const SuiteContext& suite,
                      const std::vector<const SchedulerSpec*>& schedulers,
                      std::vector<CaseSpec>* specs) {
  for (const SchedulerSpec* scheduler : schedulers) {
    CaseSpec spec;
    spec.scenario = scenario;
    spec.scheduler = scheduler;
    AppendSweepPoints(spec, ScenarioCaseName(*scheduler, scenario),
                      suite.options, specs);
  }
}

}  // namespace

void AppendSweepPoints(CaseSpec spec, const std::string& base_name,
                       const SuiteOptions& options,
                       std::vector<CaseSpec>* specs) {
  for (const SweepPoint& point : SchedulerSweep(*spec.scheduler, options)) {
    spec.name = base_name + SweepSuffix(point);
    spec.point = point;
    specs->push_back(spec);
  }
}

std::vector<CaseSpec> DualModelCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers) {
  std::vector<CaseSpec> specs;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    for (const Scenario& scenario : ScenarioPoints(base, suite.options)) {
      AddScenarioCases(scenario, suite, schedulers, &specs);
    }
  }
  return specs;
}

}  // namespace xsb
