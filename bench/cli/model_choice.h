// Which workload each role runs: the MLP, a kernel trace replayed, or the
// user's own program (docs/workloads.md), from --xsb_{hp,lp}_model or the
// scenario.
#ifndef XSB_BENCH_CLI_MODEL_CHOICE_H_
#define XSB_BENCH_CLI_MODEL_CHOICE_H_

#include <string>
#include <utility>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "bench/cli/scenarios.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// A role's workload: the MLP when both trace_path and exec_argv are empty.
struct RoleModel {
  std::string trace_path;
  // exec:COMMAND: the program and its arguments, the program's path
  // resolved (absolute) when the flag was parsed.
  std::vector<std::string> exec_argv;
  // "resnet_infer.json (xsb-trace): 53 kernels, 2.410 ms GPU" for a trace,
  // the command for an exec model; "" for the MLP.
  std::string description;
  // Set by --xsb_{hp,lp}_model: then it overrides every scenario, "mlp"
  // included.
  bool given = false;
};

// The setter of --xsb_{hp,lp}_model: "mlp", "trace:FILE", where FILE must
// parse (kernels/trace/kernel_trace.h; the error names the row), or
// "exec:COMMAND", whose first word must name an executable file (a path,
// or a name on PATH); COMMAND is split into words as a shell would, but no
// shell runs it.
Setter ModelFlag(RoleModel* target);

// "trace <description>" or "exec <command>"; "" for the MLP.
std::string DescribeRoleModel(const RoleModel& model);

// The folder the example traces are copied to: traces/ beside xsb_bench.
std::string ExampleTraceDir();
// The folder the example exec models are copied to: examples/ beside
// xsb_bench.
std::string ExampleProgramDir();

// The role's model in `scenario`: `flag` when it was given (it overrides
// every scenario), else the scenario's example trace or program, else the
// MLP. False with *error when the scenario's example does not load (or no
// Python has what its program imports).
bool ResolveRoleModel(const Scenario& scenario, WorkerRole role,
                      const RoleModel& flag, RoleModel* out,
                      std::string* error);

// A tenant's model (scenario_file.h): its example program, exec program or
// trace, else the MLP; `scenario` names it in *error.
bool ResolveTenantModel(const std::string& scenario, const TenantModel& model,
                        RoleModel* out, std::string* error);

// One line per scenario in `names` whose traces or programs do not load.
void CheckScenarioModels(const std::vector<std::string>& names,
                         const RoleModel& hp_flag, const RoleModel& lp_flag,
                         std::vector<std::string>* problems);

// Context entries naming each trace replayed, xsb_trace_<scenario>_<role>,
// and each example program a scenario runs, xsb_exec_<scenario>_<role>.
std::vector<std::pair<std::string, std::string>> ScenarioModelContextEntries(
    const std::vector<std::string>& names, const RoleModel& hp_flag,
    const RoleModel& lp_flag);

// The first exec model's program among the roles of the scenarios in
// `names`; empty when none runs one.
std::vector<std::string> FirstExecModel(const std::vector<std::string>& names,
                                        const RoleModel& hp_flag,
                                        const RoleModel& lp_flag);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_MODEL_CHOICE_H_
