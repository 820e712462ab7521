#include "bench/cli/scenario_flags.h"

#include "bench/cli/scenario_file.h"
#include "bench/cli/scenarios.h"
#include "bench/cli/suite_options.h"

namespace xsb {

Setter ScenarioFileFlag(std::vector<std::string>* paths) {
  return [paths](const std::string& path, std::string* error) {
    Scenario scenario{"", 0, 0, 0, 0};
    if (!LoadScenarioFile(path, &scenario, error) ||
        !AddUserScenario(scenario, error)) {
      return false;
    }
    paths->push_back(path);
    return true;
  };
}

void ValidateScenarioNames(const SuiteOptions& options,
                           std::vector<std::string>* problems) {
  for (const std::string& name : options.scenarios) {
    Scenario unused;
    if (!FindScenario(name, &unused)) {
      problems->push_back("--xsb_scenarios: unknown scenario '" + name +
                          "' (known: " + ScenarioNames() +
                          "; --xsb_scenario_file=PATH adds one)");
    }
  }
}

}  // namespace xsb
