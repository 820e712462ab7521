// The scenarios a run knows: the built-ins (the top-level scenarios/
// folder, compiled in) and the files --xsb_scenario_file loaded, each with
// its tenants (docs/scenarios.md, schema xsb-scenario/1).
#ifndef XSB_BENCH_CLI_SCENARIOS_H_
#define XSB_BENCH_CLI_SCENARIOS_H_

#include <string>
#include <vector>

#include "shim_env/plan/worker_launch.h"

namespace xsb {

// The only schema this build reads; a file names it in "schema".
inline constexpr char kScenarioSchema[] = "xsb-scenario/1";

enum class TenantKind {
  kLatency,     // open loop: requests on an arrival schedule (an HP worker)
  kThroughput,  // closed loop: batches back to back (an LP worker)
};
const char* TenantKindName(TenantKind kind);  // "latency" or "throughput"

// What a tenant runs; the MLP when every field is empty.
struct TenantModel {
  // A kernel trace: an absolute path, or a name in the example traces'
  // folder (traces/ beside xsb_bench; the built-ins name those).
  std::string trace;
  // exec:COMMAND's words as one line; the program is found on PATH (or is
  // a path, relative ones made absolute against the file's folder).
  std::string exec;
  // An example program (examples/ beside xsb_bench) and its arguments, run
  // under the first Python that imports every one of python_modules.
  std::string example;
  std::vector<std::string> python_modules;
  bool IsMlp() const {
    return trace.empty() && exec.empty() && example.empty();
  }
};

struct Tenant {
  std::string name;  // [a-z][a-z0-9]*: counters are t_<name>_<metric>
  TenantKind kind = TenantKind::kLatency;
  // "high", "low" or an integer level: the value of the scheduler file's
  // {priority}; "high" is level 1 and "low" level 0.
  std::string priority;
  // Whose part of the scheduler file (roles.hp or roles.lp) applies: hp
  // for a level >= 1, lp below.
  WorkerRole scheduler_role = WorkerRole::kHp;
  TenantModel model;
  double rate_per_s = 0;  // latency tenants
  int batch = 0;          // rows per request or iteration; 0: the flag's
  // The arrival process in its flag form, "poisson" or
  // "gamma:cv=4" (docs/scenarios.md); "": --xsb_arrival's.
  std::string arrival;
  double slo_p99_ms = 0;  // 0: none
};

struct Scenario {
  std::string name;
  double hp_rate_per_s = 0;  // HP requests per second
  int lp_batch = 0;          // LP rows per iteration
  double duration_s = 0;     // measured window
  double warmup_s = 0;       // before the window, excluded from every statistic
  // Example traces (kernels/trace/examples, beside xsb_bench in traces/)
  // each role replays instead of the MLP; "": the MLP. An absolute path is
  // a user file's trace.
  std::string hp_trace = "";
  std::string lp_trace = "";
  // Example programs (kernels/exec/examples, beside xsb_bench in
  // examples/) each role runs as an exec model, with their arguments, e.g.
  // "torch_models.py --model=resnet18", under the first Python that imports
  // every module of example_modules (bench/cli/python_finder.h); "": none.
  std::string hp_example = "";
  std::string lp_example = "";
  std::vector<std::string> example_modules = {};
  // --xsb_duration_s=auto: the window ends once the HP P99's interval is
  // as narrow as target_ci (relative half-width), not before
  // min_duration_s; duration_s is then the longest it may last.
  bool auto_duration = false;
  double min_duration_s = 0;
  double target_ci = 0;
  // A user file's exec models of the pair; "": none.
  std::string hp_exec = "";
  std::string lp_exec = "";
  std::string description = "";
  std::string source = "";  // the file, or "built-in scenarios/NAME.json"
  // Every tenant, in the file's order. A pair (IsPair) also fills the
  // hp_* and lp_* fields above and runs as the DualModel cases always did.
  std::vector<Tenant> tenants = {};
};

// Whether the scenario is the classic pair: tenants "hp" (latency, high)
// and "lp" (throughput, low), in that order. Its cases and counters keep
// the names they had before scenario files (DualModel/..., hp_*, lp_*);
// any other scenario runs as Tenants/... cases with t_<name>_* counters.
bool IsPair(const Scenario& scenario);

// What case names show after "duration_s:": the seconds, or "auto".
std::string DurationName(const Scenario& scenario);

// original, intensive, smoke, then the trace replays trace-resnet,
// trace-decode and trace-train, then the PyTorch pair torch-original and
// torch-intensive, in that order (XSB_BUILTIN_SCENARIOS).
const std::vector<Scenario>& BuiltinScenarios();

// Adds a scenario a file gave (--xsb_scenario_file). False with *error
// when a built-in or another file's scenario has its name; the same file
// loaded again replaces its earlier copy.
bool AddUserScenario(const Scenario& scenario, std::string* error);

// Returns false when no built-in or added scenario has that name.
bool FindScenario(const std::string& name, Scenario* out);

// "original, intensive, ..." (and the added ones) for --help and errors.
std::string ScenarioNames();

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SCENARIOS_H_
