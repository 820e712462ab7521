// The load studies over a scenario: the HP tenant's arrival process
// (--xsb_hp_arrival), sweeps of a numeric field (--xsb_sweep) and the
// capacity search's settings (--xsb_capacity, docs/user-guide.md).
#ifndef XSB_BENCH_CLI_LOAD_STUDY_H_
#define XSB_BENCH_CLI_LOAD_STUDY_H_

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "bench/cli/scenarios.h"
#include "bench/measure/arrival_schedule.h"

namespace xsb {

// --xsb_sweep=FIELD:V1,V2,...: one case per value of a scenario field.
struct LoadSweep {
  std::string field;  // hp_rate, lp_batch or duration_s
  std::vector<double> values;
};

// --xsb_capacity=hp and its settings (docs/metrics.md, "Capacity").
struct CapacityOptions {
  std::string tenant;  // "": no capacity search; "hp"
  std::optional<double> slo_p99_ms;
  // The rates searched; unset: the scenario's rate / 4 and x 4.
  std::optional<double> low_rate;
  std::optional<double> high_rate;
  double tolerance = 0.1;  // relative width of the final bracket
  int max_probes = 8;
};

struct LoadStudyOptions {
  ArrivalSpec arrival;  // the HP tenant's (kUniform by default)
  std::optional<LoadSweep> sweep;
  CapacityOptions capacity;
};

// --xsb_hp_arrival (and its older name --xsb_arrival), --xsb_sweep,
// --xsb_capacity, --xsb_slo_p99_ms, --xsb_capacity_range,
// --xsb_capacity_tolerance and --xsb_capacity_max_probes. A replay file is
// read and checked when the flag is parsed, its path made absolute.
std::vector<Flag> MakeLoadStudyFlags(LoadStudyOptions* o);

// Settings that contradict each other or the other flags given (by name,
// as in SuiteOptions::given_flags; auto_duration: --xsb_duration_s=auto):
// one line each into *problems.
void ValidateLoadStudy(const LoadStudyOptions& o,
                       const std::set<std::string>& given_flags,
                       bool auto_duration, std::vector<std::string>* problems);

// The scenario at each point of the sweep, in the sweep's order; the
// scenario alone without a sweep. An on/off arrival with a fixed period
// sets the rate it offers (OfferedRate).
std::vector<Scenario> SweepScenarios(const Scenario& scenario,
                                     const LoadStudyOptions& o);

// The JSON context entries of the studies asked for: xsb_sweep
// ("hp_rate:10,20"), xsb_capacity (tenant, SLO, range, tolerance, probes
// and the per-probe confidence); none when neither was asked for.
std::vector<std::pair<std::string, std::string>> LoadStudyContext(
    const LoadStudyOptions& o, double confidence);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_LOAD_STUDY_H_
