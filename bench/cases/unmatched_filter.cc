// Why --benchmark_filter matched nothing: the cases a flag left out that
// the filter would have matched, found by naming them as registration
// would and matching them as Google Benchmark does.
#include <algorithm>
#include <functional>

#include "bench/cases/case_filter.h"
#include "bench/cases/fixtures.h"
#include "bench/cli/scheduler_catalog.h"

namespace xsb {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    text += (text.empty() ? "" : ",") + name;
  }
  return text;
}

using Schedulers = std::vector<const SchedulerSpec*>;

bool Contains(const Schedulers& list, const SchedulerSpec* s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Whether a case of `scenario` (overrides applied) under one of
// `schedulers`, or a Standalone one when `standalone`, matches.
bool AnyCaseMatches(const Scenario& scenario, const Schedulers& schedulers,
                    bool standalone, const SuiteOptions& options,
                    const NameMatcher& matches) {
  for (const SchedulerSpec* scheduler : schedulers) {
    const std::string name = ScenarioCaseName(*scheduler, scenario);
    for (const SweepPoint& point : SchedulerSweep(*scheduler, options)) {
      if (matches(name + SweepSuffix(point))) return true;
    }
  }
  return standalone && HasStandaloneCases(scenario) &&
         (matches(StandaloneHpCaseName(scenario)) ||
          matches(StandaloneLpCaseName(scenario)));
}

// Under --xsb_capacity, whether a Capacity case's name matches.
bool AnyCapacityCaseMatches(const SuiteOptions& options,
                            const Schedulers& schedulers,
                            const NameMatcher& matches) {
  const CapacityOptions& c = options.study.capacity;
  if (c.tenant.empty()) return false;
  for (const std::string& name : options.scenarios) {
    Scenario s;
    if (!FindScenario(name, &s)) continue;
    for (const SchedulerSpec* scheduler : schedulers) {
      const std::string base = CapacityCaseName(
          *scheduler, ApplyOverrides(s, options), c.slo_p99_ms.value_or(0));
      for (const SweepPoint& point : SchedulerSweep(*scheduler, options)) {
        if (matches(base + SweepSuffix(point))) return true;
      }
    }
  }
  return false;
}

std::vector<Scenario> RegisteredScenarios(const SuiteOptions& options) {
  std::vector<Scenario> scenarios;
  for (const std::string& name : options.scenarios) {
    Scenario s;
    if (!FindScenario(name, &s)) continue;
    for (const Scenario& point : ScenarioPoints(s, options)) {
      scenarios.push_back(point);
    }
  }
  return scenarios;
}

std::string ExplainScheduler(const SuiteContext& suite,
                             const SchedulerSpec& scheduler,
                             const Schedulers& schedulers) {
  const std::string& name = scheduler.name;
  const Backend backend = suite.device.device.backend;
  const bool xsched = IsXschedEngine(scheduler);
  if (!xsched && !scheduler.AppliesTo(backend)) {
    return "the " + name + " scheduler does not apply to the " +
           BackendName(backend) + " backend";
  }
  std::vector<std::string> names;
  for (const SchedulerSpec* s : schedulers) names.push_back(s->name);
  const std::string registered = JoinNames(names);
  std::string text = "the " + name + " scheduler is not registered: ";
  text += suite.options.schedulers.empty()
              ? "by default only " + registered + " are"
              : "--xsb_schedulers=" + registered + " leaves it out";
  text += "; --xsb_schedulers=" + registered + "," + name + " registers it";
  if (xsched && suite.options.schedulers.empty()) {
    text += " (so does --xsched_root=DIR)";
  }
  return text;
}

// The flag that left out cases `matches` would have matched, or "".
std::string ExplainUnmatched(const SuiteContext& suite,
                             const Schedulers& schedulers,
                             const NameMatcher& matches) {
  const SuiteOptions& options = suite.options;
  for (const Scenario& builtin : BuiltinScenarios()) {
    const std::vector<std::string>& given = options.scenarios;
    if (std::find(given.begin(), given.end(), builtin.name) != given.end()) {
      continue;
    }
    const std::vector<Scenario> points = ScenarioPoints(builtin, options);
    if (std::any_of(points.begin(), points.end(), [&](const Scenario& s) {
          return AnyCaseMatches(s, schedulers, options.standalone, options,
                                matches);
        })) {
      return "the " + builtin.name +
             " scenario is not registered: --xsb_scenarios=" +
             JoinNames(given) +
             " leaves it out; --xsb_scenarios=" + JoinNames(given) + "," +
             builtin.name + " registers it";
    }
  }
  const std::vector<Scenario> registered = RegisteredScenarios(options);
  for (const SchedulerSpec* scheduler : SchedulerCatalog(options)) {
    if (Contains(schedulers, scheduler)) continue;
    for (const Scenario& scenario : registered) {
      if (AnyCaseMatches(scenario, {scheduler}, false, options, matches)) {
        return ExplainScheduler(suite, *scheduler, schedulers);
      }
    }
  }
  for (const Scenario& scenario : registered) {
    if (!options.standalone &&
        AnyCaseMatches(scenario, {}, true, options, matches)) {
      return "the Standalone cases are not registered: --xsb_standalone=false "
             "leaves them out";
    }
  }
  if (!options.preemption.enabled) {
    SuiteContext with_preemption = suite;
    with_preemption.options.preemption.enabled = true;
    for (const CaseSpec& spec :
         PreemptionCaseSpecs(with_preemption, schedulers)) {
      if (matches(spec.name)) {
        return "the Preemption cases are not registered: "
               "--xsb_preemption=true registers them";
      }
    }
  }
  return "";
}

}  // namespace

bool FilterMatchesNoCase(const SuiteContext& suite,
                         const Schedulers& schedulers,
                         const std::string& filter, std::string* why) {
  NameMatcher matches;
  if (!MakeFilterMatcher(filter, &matches)) return false;
  for (const Scenario& scenario : RegisteredScenarios(suite.options)) {
    if (AnyCaseMatches(scenario, schedulers, suite.options.standalone,
                       suite.options, matches)) {
      return false;
    }
  }
  for (const CaseSpec& spec : PreemptionCaseSpecs(suite, schedulers)) {
    if (matches(spec.name)) return false;
  }
  if (AnyCapacityCaseMatches(suite.options, schedulers, matches)) return false;
  *why = ExplainUnmatched(suite, schedulers, matches);
  return true;
}

}  // namespace xsb
