// The named scenarios of the dual-model test plan (shared/DESIGN.md, 1).
#ifndef XSB_BENCH_CLI_SCENARIOS_H_
#define XSB_BENCH_CLI_SCENARIOS_H_

#include <string>
#include <vector>

namespace xsb {

struct Scenario {
  std::string name;
  double hp_rate_per_s;  // HP requests per second
  int lp_batch;          // LP rows per iteration
  double duration_s;     // measured window
  double warmup_s;       // before the window, excluded from every statistic
  // Example traces (kernels/trace/examples, beside xsb_bench in traces/)
  // each role replays instead of the MLP; "": the MLP.
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
};

// What case names show after "duration_s:": the seconds, or "auto".
std::string DurationName(const Scenario& scenario);

// original, intensive, smoke, then the trace replays trace-resnet,
// trace-decode and trace-train, then the PyTorch pair torch-original and
// torch-intensive, in that order.
const std::vector<Scenario>& BuiltinScenarios();

// Returns false when no built-in scenario has that name.
bool FindScenario(const std::string& name, Scenario* out);

// "original, intensive, ..." for --help and errors.
std::string ScenarioNames();

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SCENARIOS_H_
