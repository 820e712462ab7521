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

namespace {

// HP alone and LP alone at this point; a name already registered (LP alone
// across a sweep of the HP rate) is not registered twice.
int RegisterStandalonePair(const Scenario& scenario, const SuiteContext& suite,
                           std::set<std::string>* names) {
  CaseSpec hp;
  hp.name = StandaloneHpCaseName(scenario);
  hp.scenario = scenario;
  hp.run_lp = false;
  CaseSpec lp;
  lp.name = StandaloneLpCaseName(scenario);
  lp.scenario = scenario;
  lp.run_hp = false;
  int count = 0;
  for (const CaseSpec& spec : {hp, lp}) {
    if (!names->insert(spec.name).second) continue;
    RegisterCase(spec, suite);
    ++count;
  }
  return count;
}

}  // namespace

int RegisterStandaloneCases(const SuiteContext& suite) {
  int count = 0;
  std::set<std::string> names;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    for (const Scenario& scenario : ScenarioPoints(base, suite.options)) {
      count += RegisterStandalonePair(scenario, suite, &names);
    }
  }
  return count;
}

}  // namespace xsb
