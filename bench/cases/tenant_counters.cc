#include "bench/cases/tenant_counters.h"

#include "bench/cases/case_runner.h"
#include "bench/protocol/counters.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

// The tenant's SLO verdict from its renamed counters.
void AddSlo(const Tenant& t, NamedCounters* values) {
  if (t.slo_p99_ms <= 0) return;
  NamedCounters& v = *values;
  const std::string prefix = "t_" + t.name + "_";
  v[prefix + "slo_p99_ms"] = t.slo_p99_ms;
  const bool met = v[prefix + "p99_valid"] == 1 &&
                   v[prefix + "p99_ci_high_ms"] <= t.slo_p99_ms;
  v[prefix + "slo_met"] = met ? 1 : 0;
}

}  // namespace

std::string TenantCounterName(const std::string& tenant,
                              const std::string& counter) {
  if (StartsWith(counter, "hp_") || StartsWith(counter, "lp_")) {
    return "t_" + tenant + "_" + counter.substr(3);
  }
  return counter;
}

bool ComputeTenantCounters(const ScenarioReport& report,
                           const Scenario& scenario, double confidence,
                           NamedCounters* values,
                           std::vector<std::string>* notes,
                           std::string* error) {
  for (size_t i = 0; i < report.workers.size() && i < scenario.tenants.size();
       ++i) {
    const Tenant& t = scenario.tenants[i];
    ScenarioReport alone = report;
    alone.workers = {report.workers[i]};
    Scenario rates = scenario;
    rates.hp_rate_per_s = t.rate_per_s;
    rates.lp_batch = t.batch;
    CounterValues own;
    std::vector<std::string> own_notes;
    if (!ComputeCounters(alone, rates, confidence, &own, &own_notes, error)) {
      *error = "tenant " + t.name + ": " + *error;
      return false;
    }
    for (const auto& [counter, value] : own) {
      (*values)[TenantCounterName(t.name, CounterName(counter))] = value;
    }
    for (const std::string& note : own_notes) {
      notes->push_back("tenant " + t.name + ": " + note);
    }
    AddSlo(t, values);
  }
  return true;
}

}  // namespace xsb
