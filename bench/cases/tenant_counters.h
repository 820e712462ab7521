// The counters of a case with tenants (docs/metrics.md, "Tenants"): each
// tenant's as the pair's hp_* or lp_* counters, renamed t_<tenant>_*, and
// its SLO. Pure: tested against a known report.
#ifndef XSB_BENCH_CASES_TENANT_COUNTERS_H_
#define XSB_BENCH_CASES_TENANT_COUNTERS_H_

#include <map>
#include <string>
#include <vector>

#include "bench/cli/scenarios.h"
#include "bench/orchestrate/orchestrator.h"

namespace xsb {

using NamedCounters = std::map<std::string, double>;

// "hp_p99_ms" of tenant "web" -> "t_web_p99_ms"; a counter of neither
// role (window_s) keeps its name.
std::string TenantCounterName(const std::string& tenant,
                              const std::string& counter);

// report.workers[i] is scenario.tenants[i]'s. Each tenant's counters
// (ComputeCounters of that worker alone at its rate and batch), renamed;
// window_s and window_ended_early once; with an SLO, t_<tenant>_slo_p99_ms
// and t_<tenant>_slo_met (1 when the P99's interval is valid and its upper
// bound is at most the SLO, else 0). Notes and *error start with
// "tenant NAME: ". False when a tenant's window holds no request or
// iteration.
bool ComputeTenantCounters(const ScenarioReport& report,
                           const Scenario& scenario, double confidence,
                           NamedCounters* values,
                           std::vector<std::string>* notes, std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_TENANT_COUNTERS_H_
