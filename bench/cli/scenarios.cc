#include "bench/cli/scenarios.h"

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// The reference plan's PyTorch pair (kernels/exec/examples/torch_models.py):
// ResNet-18 HP requests at batch 1, ResNet-50 LP iterations at the
// scenario's batch, random weights.
Scenario TorchScenario(const std::string& name, double hp_rate_per_s,
                       int lp_batch, double duration_s, double warmup_s) {
  Scenario s{name, hp_rate_per_s, lp_batch, duration_s, warmup_s};
  s.hp_example = "torch_models.py --model=resnet18";
  s.lp_example = "torch_models.py --model=resnet50";
  s.example_modules = {"torch", "torchvision"};
  return s;
}

}  // namespace

const std::vector<Scenario>& BuiltinScenarios() {
  static const std::vector<Scenario> kScenarios = {
      // The reference test plan's two configurations.
      {"original", 10, 8, 60, 5},
      {"intensive", 20, 1024, 180, 10},
      // A few seconds on 2 cores, with enough requests (800) for a stable
      // P99.
      {"smoke", 200, 8, 4, 1},
      // Replays of the example traces (docs/workloads.md), short enough
      // for CI on the CPU backend. LP batch is the trace's own; the LP
      // model is a training step of long kernels in each but trace-train,
      // which pairs that step with the MLP HP requests of smoke.
      {"trace-resnet", 100, 1, 4, 1, "resnet_infer.json", "train_step.json"},
      {"trace-decode", 100, 1, 4, 1, "transformer_decode.json",
       "train_step.json"},
      {"trace-train", 200, 1, 4, 1, "", "train_step.json"},
      // The plan's two configurations with its kind of models, PyTorch's
      // own (docs/workloads.md): they need a Python with torch and
      // torchvision, and a GPU for the intensive one's batch of 1024.
      TorchScenario("torch-original", 10, 8, 60, 5),
      TorchScenario("torch-intensive", 20, 1024, 180, 10),
  };
  return kScenarios;
}

std::string DurationName(const Scenario& scenario) {
  return scenario.auto_duration ? "auto" : FormatNumber(scenario.duration_s);
}

bool FindScenario(const std::string& name, Scenario* out) {
  for (const Scenario& s : BuiltinScenarios()) {
    if (s.name == name) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::string ScenarioNames() {
  std::string names;
  for (const Scenario& s : BuiltinScenarios()) {
    names += (names.empty() ? "" : ", ") + s.name;
  }
  return names;
}

}  // namespace xsb
