// DualModel/<scheduler>/<scenario>/rate:R/batch:B/duration_s:D: the HP and
// LP workers together under one scheduler. xsched cases add the LP queue's
// sweep point: .../duration_s:D/lp_threshold:T/lp_batch_size:S.
#include "bench/cases/fixtures.h"

namespace xsb {

std::string DualModelCaseName(Scheduler scheduler, const Scenario& scenario) {
  return std::string("DualModel/") + SchedulerName(scheduler) + "/" +
         scenario.name + "/rate:" + FormatNumber(scenario.hp_rate_per_s) +
         "/batch:" + std::to_string(scenario.lp_batch) +
         "/duration_s:" + DurationName(scenario);
}

std::string XschedSweepSuffix(const XschedSweepPoint& point) {
  return "/lp_threshold:" + std::to_string(point.threshold) +
         "/lp_batch_size:" + std::to_string(point.batch_size);
}

std::vector<CaseSpec> DualModelCaseSpecs(
    const SuiteContext& suite, const std::vector<Scheduler>& schedulers) {
  std::vector<std::string> left_out;
  const std::vector<XschedSweepPoint> sweep =
      XschedLpSweep(suite.options.xsched, &left_out);
  std::vector<CaseSpec> specs;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    const Scenario scenario = ApplyOverrides(base, suite.options);
    for (Scheduler scheduler : schedulers) {
      CaseSpec spec;
      spec.name = DualModelCaseName(scheduler, scenario);
      spec.scenario = scenario;
      spec.scheduler = scheduler;
      if (scheduler != Scheduler::kXsched) {
        specs.push_back(spec);
        continue;
      }
      const std::string base_name = spec.name;
      for (const XschedSweepPoint& point : sweep) {
        spec.name = base_name + XschedSweepSuffix(point);
        spec.xsched_lp = point;
        specs.push_back(spec);
      }
    }
  }
  return specs;
}

}  // namespace xsb
