// Standalone/hp/... and Standalone/lp/...: each model alone, the reference
// for the HP P99 slowdown and the LP throughput retention.
#include <set>

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

namespace {

// HP alone and LP alone at this point; a name already taken (LP alone
// across a sweep of the HP rate) is not added twice.
void AddStandalonePair(const Scenario& scenario, std::set<std::string>* names,
                       std::vector<CaseSpec>* specs) {
  CaseSpec hp;
  hp.name = StandaloneHpCaseName(scenario);
  hp.scenario = scenario;
  hp.run_lp = false;
  CaseSpec lp;
  lp.name = StandaloneLpCaseName(scenario);
  lp.scenario = scenario;
  lp.run_hp = false;
  for (const CaseSpec& spec : {hp, lp}) {
    if (names->insert(spec.name).second) specs->push_back(spec);
  }
}

}  // namespace

std::vector<CaseSpec> StandaloneCaseSpecs(const SuiteContext& suite) {
  std::vector<CaseSpec> specs;
  std::set<std::string> names;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    for (const Scenario& scenario : ScenarioPoints(base, suite.options)) {
      if (HasStandaloneCases(scenario)) {
        AddStandalonePair(scenario, &names, &specs);
      }
    }
  }
  return specs;
}

}  // namespace xsb
