// Capacity/<scheduler>/<scenario>/slo_p99_ms:S/batch:B/duration_s:D: the
// highest HP rate whose P99 upper bound stays under the SLO, by bisection
// over rates (bench/measure/capacity_search.h); each probe is one run of
// the scenario at that rate.
#include <cstdio>

#include "bench/cases/case_runner.h"
#include "bench/cases/fixtures.h"
#include "bench/measure/capacity_search.h"
#include "bench/orchestrate/hp_capacity.h"

namespace xsb {
namespace {

CapacitySettings SettingsFor(const Scenario& scenario,
                             const SuiteOptions& options) {
  const CapacityOptions& c = options.study.capacity;
  CapacitySettings s;
  s.low_rate = c.low_rate.value_or(scenario.hp_rate_per_s / 4);
  s.high_rate = c.high_rate.value_or(scenario.hp_rate_per_s * 4);
  s.tolerance = c.tolerance;
  s.max_probes = c.max_probes;
  s.slo_p99_ms = c.slo_p99_ms.value_or(0);
  s.confidence = options.confidence;
  return s;
}

// One run of the case's scenario at `rate`, long enough for a P99 upper
// bound at `confidence`, under the case's scheduler and its proof.
bool RunProbe(const CaseSpec& spec, const SuiteContext& suite, double rate,
              double confidence, CapacityProbe* out, std::string* error) {
  CaseSpec probe = spec;
  probe.capacity = false;
  probe.scenario.hp_rate_per_s = rate;
  probe.scenario.duration_s =
      ProbeWindowS(rate, spec.scenario.duration_s, confidence);
  probe.name = spec.name + " at " + FormatNumber(rate) + " req/s";
  ScenarioPlan plan = BuildScenarioPlan(probe, suite);
  std::vector<std::string> evidence;
  CheckProofOnReady(FindRuntime(suite, spec.scheduler), probe, &plan,
                    &evidence);
  std::fprintf(stderr, "xsb: %s: probe (%s window)\n", probe.name.c_str(),
               FormatSeconds(probe.scenario.duration_s).c_str());
  ScenarioReport report;
  CounterValues values;
  std::vector<std::string> notes;
  if (!RunScenario(suite.worker_path, plan, &report, error)) {
    // A rate HP alone cannot serve fails the probe; it is not an error.
    std::string unused;
    out->overloaded = !CheckHpKeepsUp(plan, report.workers, &unused);
    if (out->overloaded) return true;
    *error += " (the probe at " + FormatNumber(rate) + " req/s)";
    return false;
  }
  if (!ComputeCounters(report, probe.scenario, confidence, &values, &notes,
                       error)) {
    *error += " (the probe at " + FormatNumber(rate) + " req/s)";
    return false;
  }
  out->valid = values[Counter::kHpP99Valid] > 0;
  out->p99_ms = values[Counter::kHpP99Ms];
  out->p99_high_ms = values[Counter::kHpP99CiHighMs];
  out->lp_iter_per_s = values[Counter::kLpIterPerS];
  return true;
}

// 3 significant digits: what a reader compares.
std::string Short(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

// "50 pass (P99 3.1, bound 4.2 ms)".
std::string DescribeProbe(const CapacityProbe& p) {
  if (p.overloaded) return FormatNumber(p.rate) + " fail (HP cannot keep up)";
  return FormatNumber(p.rate) + (p.passed ? " pass" : " fail") + " (P99 " +
         Short(p.p99_ms) + ", bound " +
         (p.valid ? Short(p.p99_high_ms) + " ms)" : "none)");
}

// The one line a user quotes, then each probe.
std::string DescribeCapacity(const CapacitySettings& s,
                             const CapacityResult& r) {
  std::string text =
      "capacity under SLO (HP P99 <= " + FormatNumber(s.slo_p99_ms) +
      " ms at " + FormatNumber(s.confidence * 100) + " %): ";
  const CapacityProbe* at = r.at_capacity();
  if (at == nullptr) {
    text += "below " + FormatNumber(s.low_rate) + " req/s (the lowest probed)";
  } else {
    text += FormatNumber(r.capacity_rate) + " req/s";
    text += r.failing_rate > 0
                ? " (fails at " + FormatNumber(r.failing_rate) +
                      (r.within_tolerance ? ", within " : ", NOT within ") +
                      FormatNumber(s.tolerance * 100) + " %)"
                : " or more (the top of the range passed)";
    text += "; LP " + Short(at->lp_iter_per_s) + " iter/s at that rate";
  }
  text += "; probes at " + FormatNumber(r.probe_confidence * 100) + " %:";
  for (const CapacityProbe& p : r.probes) text += " " + DescribeProbe(p) + ";";
  text.pop_back();
  return text;
}

}  // namespace

bool MeasureCapacity(benchmark::State& state, const CaseSpec& spec,
                     const SuiteContext& suite, std::string* label,
                     std::string* error) {
  const CapacitySettings settings = SettingsFor(spec.scenario, suite.options);
  CapacityResult result;
  const ProbeFn probe = [&](double rate, double confidence, CapacityProbe* out,
                            std::string* why) {
    return RunProbe(spec, suite, rate, confidence, out, why);
  };
  if (!SearchCapacity(settings, probe, &result, error)) return false;
  const CapacityProbe* at = result.at_capacity();
  const auto set = [&state](Counter c, double value) {
    state.counters[CounterName(c)] = value;
  };
  set(Counter::kCapacityReqPerS, result.capacity_rate);
  set(Counter::kCapacityFailingReqPerS, result.failing_rate);
  set(Counter::kCapacityLpIterPerS, at ? at->lp_iter_per_s : 0);
  set(Counter::kCapacityHpP99Ms, at ? at->p99_ms : 0);
  set(Counter::kCapacityHpP99CiHighMs, at ? at->p99_high_ms : 0);
  set(Counter::kCapacityProbes, static_cast<double>(result.probes.size()));
  *label = DescribeCapacity(settings, result);
  std::fprintf(stderr, "xsb: %s: %s\n", spec.name.c_str(), label->c_str());
  return true;
}

std::string CapacityCaseName(const SchedulerSpec& scheduler,
                             const Scenario& scenario, double slo_p99_ms) {
  return "Capacity/" + scheduler.name + "/" + scenario.name +
         "/slo_p99_ms:" + FormatNumber(slo_p99_ms) +
         "/batch:" + std::to_string(scenario.lp_batch) +
         "/duration_s:" + DurationName(scenario);
}

std::vector<CaseSpec> CapacityCaseSpecs(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers) {
  const CapacityOptions& c = suite.options.study.capacity;
  std::vector<CaseSpec> specs;
  if (c.tenant.empty()) return specs;
  for (const std::string& name : suite.options.scenarios) {
    Scenario base;
    if (!FindScenario(name, &base)) continue;
    for (const SchedulerSpec* scheduler : schedulers) {
      CaseSpec spec;
      spec.scenario = ApplyOverrides(base, suite.options);
      spec.scheduler = scheduler;
      spec.capacity = true;
      AppendSweepPoints(
          spec,
          CapacityCaseName(*scheduler, spec.scenario, c.slo_p99_ms.value_or(0)),
          suite.options, &specs);
    }
  }
  return specs;
}

}  // namespace xsb
