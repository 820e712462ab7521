#include "bench/cases/round_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "bench/cases/fixtures.h"
#include "bench/measure/percentile_ci.h"

namespace xsb {

namespace {

// One scenario at one --xsb_sweep point: the cases a baseline pairs with.
bool SameScenarioPoint(const Scenario& a, const Scenario& b) {
  return a.name == b.name && a.hp_rate_per_s == b.hp_rate_per_s &&
         a.lp_batch == b.lp_batch && a.duration_s == b.duration_s;
}

}  // namespace

RoundPlan::RoundPlan(const std::vector<CaseSpec>& dual_model,
                     const std::vector<CaseSpec>& standalone,
                     const std::vector<CaseSpec>& preemption,
                     const NameMatcher& matches, const RoundRule& rule,
                     bool standalone_every_round)
    : rule_(rule), standalone_every_round_(standalone_every_round) {
  AddFamily(dual_model, true, matches);
  for (const CaseSpec& spec : standalone) {
    if (matches(spec.name)) {
      cases_.push_back({spec, -1, standalone_every_round});
    }
  }
  AddFamily(preemption, false, matches);
  FindPairs();
  const bool any_every_round =
      std::any_of(cases_.begin(), cases_.end(),
                  [](const RoundCase& c) { return c.every_round; });
  max_rounds_ = any_every_round ? rule.max_rounds : 1;
}

// A group: the consecutive cases of one scenario at one sweep point
// (DualModel) or one LP kernel length (Preemption, Capacity).
void RoundPlan::AddFamily(const std::vector<CaseSpec>& specs, bool dual_model,
                          const NameMatcher& matches) {
  const CaseSpec* previous = nullptr;
  for (const CaseSpec& spec : specs) {
    const bool same_group =
        previous != nullptr &&
        (dual_model ? SameScenarioPoint(previous->scenario, spec.scenario)
                    : previous->lp_spin_us == spec.lp_spin_us);
    if (!same_group) ++groups_;
    previous = &spec;
    if (matches(spec.name)) cases_.push_back({spec, groups_ - 1, true});
  }
}

void RoundPlan::FindPairs() {
  for (size_t b = 0; b < cases_.size(); ++b) {
    const CaseSpec& base = cases_[b].spec;
    if (!StartsWith(base.name, "DualModel/") ||
        base.scheduler->name != "baseline") {
      continue;
    }
    for (size_t c = 0; c < cases_.size(); ++c) {
      const CaseSpec& candidate = cases_[c].spec;
      if (c == b || cases_[c].group != cases_[b].group) continue;
      pairs_.push_back({b, c,
                        CandidateTitle(candidate) + " vs baseline (" +
                            base.scenario.name + ")"});
    }
  }
}

std::vector<const RoundCase*> RoundPlan::Round(int round) const {
  std::vector<const RoundCase*> order;
  for (size_t i = 0; i < cases_.size();) {
    size_t end = i + 1;
    while (end < cases_.size() && cases_[i].group >= 0 &&
           cases_[end].group == cases_[i].group) {
      ++end;
    }
    std::vector<const RoundCase*> group;
    for (size_t k = i; k < end; ++k) {
      if (cases_[k].every_round || round == 0) group.push_back(&cases_[k]);
    }
    if (round % 2 == 1) std::reverse(group.begin(), group.end());
    order.insert(order.end(), group.begin(), group.end());
    i = end;
  }
  return order;
}

std::vector<PlannedCase> RoundPlan::Planned() const {
  std::vector<PlannedCase> planned;
  for (const RoundCase& c : cases_) {
    planned.push_back({c.spec.name,
                       c.spec.scenario.warmup_s + c.spec.scenario.duration_s,
                       c.every_round ? max_rounds_ : 1});
  }
  return planned;
}

RoundRule ResolveRoundRule(const RoundOptions& options,
                           const std::vector<CaseSpec>& dual_model,
                           double confidence, std::string* note) {
  RoundRule rule;
  if (!options.automatic) {
    rule.min_rounds = rule.max_rounds = options.rounds;
    return rule;
  }
  rule.automatic = true;
  rule.max_rounds = options.max_rounds;
  if (options.min_rounds) {
    rule.min_rounds = *options.min_rounds;
    return rule;
  }
  double fewest = std::numeric_limits<double>::infinity();
  for (const CaseSpec& spec : dual_model) {
    // Tenants cases have no HP rate of their own and no verdict pair.
    if (IsTenantCase(spec)) continue;
    const Scenario& s = spec.scenario;
    const double window = s.auto_duration ? s.min_duration_s : s.duration_s;
    fewest = std::min(fewest, s.hp_rate_per_s * window);
  }
  const int64_t needed = MinSamplesForUpperBound(0.99, confidence);
  rule.min_rounds = DefaultMinRounds(needed, std::isinf(fewest) ? 0 : fewest);
  if (rule.min_rounds > rule.max_rounds) {
    *note = "--xsb_rounds=auto: a P99 bound needs " + std::to_string(needed) +
            " HP requests a side, " + std::to_string(rule.min_rounds) +
            " rounds of " + FormatNumber(fewest) + "; the first look is at " +
            "round " + std::to_string(rule.max_rounds) +
            " (--xsb_rounds_max), where the HP verdict may lack them";
    rule.min_rounds = rule.max_rounds;
  }
  return rule;
}

RoundPlan MakeRoundPlan(const SuiteContext& suite,
                        const std::vector<const SchedulerSpec*>& schedulers,
                        const std::string& filter) {
  // A capacity search replaces the DualModel and Standalone cases.
  const bool capacity = !suite.options.study.capacity.tenant.empty();
  const std::vector<CaseSpec> dual_model =
      capacity ? std::vector<CaseSpec>{}
               : DualModelCaseSpecs(suite, schedulers);
  std::string note;
  const RoundRule rule = ResolveRoundRule(suite.options.rounds, dual_model,
                                          suite.options.confidence, &note);
  if (!note.empty()) std::fprintf(stderr, "xsb: %s\n", note.c_str());
  NameMatcher matches;
  if (!MakeFilterMatcher(filter, &matches)) {
    matches = [](const std::string&) { return true; };
  }
  std::vector<CaseSpec> others = PreemptionCaseSpecs(suite, schedulers);
  for (const CaseSpec& spec : CapacityCaseSpecs(suite, schedulers)) {
    others.push_back(spec);
  }
  return RoundPlan(
      dual_model,
      suite.options.standalone && !capacity ? StandaloneCaseSpecs(suite)
                                            : std::vector<CaseSpec>{},
      others, matches, rule, suite.options.rounds.standalone_every_round);
}

std::vector<std::string> RoundPlanLines(const RoundPlan& plan,
                                        const RunProgress& progress) {
  const RoundRule& rule = plan.rule();
  int every_round = 0;
  int first_only = 0;
  for (const RoundCase& c : plan.cases()) {
    ++(c.every_round ? every_round : first_only);
  }
  const std::string up_to = rule.automatic ? "up to " : "";
  std::string runs = "xsb: " + up_to + std::to_string(progress.total_runs()) +
                     " run(s): " + std::to_string(every_round) + " case(s) x " +
                     up_to + std::to_string(plan.max_rounds()) + " round(s)";
  if (first_only > 0) {
    runs += " + " + std::to_string(first_only) +
            " standalone reference(s) in round 1";
  }
  const std::string time = FormatDuration(progress.EstimatedTotalS());
  if (!rule.automatic) return {runs + ", about " + time};
  return {runs,
          "xsb: rounds stop once every pair is PASS or FAIL, from round " +
              std::to_string(rule.min_rounds) + " on; at most about " + time};
}

RoundReporter::RepetitionsOf PlannedRunsByName(const RoundPlan& plan) {
  std::map<std::string, int64_t> runs;
  for (const PlannedCase& c : plan.Planned()) {
    runs[c.name + kRegisteredNameSuffix] = c.runs;
  }
  return [runs](const std::string& name) {
    const auto it = runs.find(name);
    return it == runs.end() ? int64_t{1} : it->second;
  };
}

std::string CandidateTitle(const CaseSpec& spec) {
  std::string title = spec.scheduler->name;
  const std::string point = SweepSuffix(spec.point);
  if (!point.empty()) title += " " + point.substr(1);
  return title;
}

}  // namespace xsb
