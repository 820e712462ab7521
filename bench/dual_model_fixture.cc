// DualModel/<scheduler>/<scenario>/rate:R/batch:B/duration_s:D: the HP and
// LP workers together under one scheduler.
#include "bench/fixtures.h"

namespace xsb {

int RegisterDualModelCases(const SuiteContext& suite,
                           const std::vector<Scheduler>& schedulers) {
  int count = 0;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    const Scenario scenario = ApplyOverrides(base, suite.options);
    for (Scheduler scheduler : schedulers) {
      CaseSpec spec;
      spec.name = std::string("DualModel/") + SchedulerName(scheduler) + "/" +
                  scenario.name +
                  "/rate:" + FormatNumber(scenario.hp_rate_per_s) +
                  "/batch:" + std::to_string(scenario.lp_batch) +
                  "/duration_s:" + FormatNumber(scenario.duration_s);
      spec.scenario = scenario;
      spec.scheduler = scheduler;
      RegisterCase(spec, suite);
      ++count;
    }
  }
  return count;
}

}  // namespace xsb
