#include "bench/cli/scenarios.h"

#include "shim_env/base/text.h"

namespace xsb {

const std::vector<Scenario>& BuiltinScenarios() {
  static const std::vector<Scenario> kScenarios = {
      // The reference test plan's two configurations.
      {"original", 10, 8, 60, 5},
      {"intensive", 20, 1024, 180, 10},
      // A few seconds on 2 cores, with enough requests (800) for a stable
      // P99.
      {"smoke", 200, 8, 4, 1},
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

}  // namespace xsb
