// Which workload each role runs: the MLP, or a kernel trace replayed
// (docs/workloads.md), from --xsb_{hp,lp}_model or the scenario.
#ifndef XSB_BENCH_CLI_MODEL_CHOICE_H_
#define XSB_BENCH_CLI_MODEL_CHOICE_H_

#include <string>
#include <utility>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "bench/cli/scenarios.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// A role's workload: trace_path empty means the MLP.
struct RoleModel {
  std::string trace_path;
  // "resnet_infer.json (xsb-trace): 53 kernels, 2.410 ms GPU"; "" for MLP.
  std::string description;
  // Set by --xsb_{hp,lp}_model: then it overrides every scenario, "mlp"
  // included.
  bool given = false;
};

// The setter of --xsb_{hp,lp}_model: "mlp" or "trace:FILE", where FILE
// must parse (kernels/trace/kernel_trace.h); the error names the row.
Setter ModelFlag(RoleModel* target);

// The folder the example traces are copied to: traces/ beside xsb_bench.
std::string ExampleTraceDir();

// The role's model in `scenario`: `flag` when it was given (it overrides
// every scenario), else the scenario's example trace, else the
// MLP. False with *error when the scenario's example does not load.
bool ResolveRoleModel(const Scenario& scenario, WorkerRole role,
                      const RoleModel& flag, RoleModel* out,
                      std::string* error);

// One line per scenario in `names` whose traces do not load.
void CheckScenarioTraces(const std::vector<std::string>& names,
                         const RoleModel& hp_flag, const RoleModel& lp_flag,
                         std::vector<std::string>* problems);

// Context entries naming each trace replayed: xsb_trace_<scenario>_<role>.
std::vector<std::pair<std::string, std::string>> TraceContextEntries(
    const std::vector<std::string>& names, const RoleModel& hp_flag,
    const RoleModel& lp_flag);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_MODEL_CHOICE_H_
