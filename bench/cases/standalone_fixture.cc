// Standalone/hp/... and Standalone/lp/...: each model alone, the reference
// for the HP P99 slowdown and the LP throughput retention.
#include "bench/cases/fixtures.h"

namespace xsb {

std::string StandaloneHpCaseName(const Scenario& scenario) {
  return "Standalone/hp/" + scenario.name +
         "/rate:" + FormatNumber(scenario.hp_rate_per_s) +
         "/duration_s:" + DurationName(scenario);
}

std::string StandaloneLpCaseName(const Scenario& scenario) {
  return "Standalone/lp/" + scenario.name +
         "/batch:" + std::to_string(scenario.lp_batch) +
         "/duration_s:" + DurationName(scenario);
}

bool HasStandaloneCases(const Scenario& scenario) {
  return scenario.tenants.empty() || IsPair(scenario);
}

std::vector<CaseSpec> StandaloneCaseSpecs(const SuiteContext& suite) {
  std::vector<CaseSpec> specs;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    const Scenario scenario = ApplyOverrides(base, suite.options);
    if (!HasStandaloneCases(scenario)) continue;

    CaseSpec hp;
    hp.name = StandaloneHpCaseName(scenario);
    hp.scenario = scenario;
    hp.run_lp = false;
    specs.push_back(hp);

    CaseSpec lp;
    lp.name = StandaloneLpCaseName(scenario);
    lp.scenario = scenario;
    lp.run_hp = false;
    specs.push_back(lp);
  }
  return specs;
}

}  // namespace xsb
