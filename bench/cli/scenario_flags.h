// --xsb_scenario_file and the check of --xsb_scenarios' names once every
// file is loaded (scheduler_catalog.h does the same for schedulers).
#ifndef XSB_BENCH_CLI_SCENARIO_FLAGS_H_
#define XSB_BENCH_CLI_SCENARIO_FLAGS_H_

#include <string>
#include <vector>

#include "bench/cli/flag_setters.h"

namespace xsb {

struct SuiteOptions;

// The setter of --xsb_scenario_file: reads PATH, parses it
// (ParseScenarioFile), adds its scenario (AddUserScenario) and appends PATH
// to `paths`; one line naming the file and the field when it cannot be
// read or parsed, or when its name is taken.
Setter ScenarioFileFlag(std::vector<std::string>* paths);

// Every --xsb_scenarios name is a known scenario: one line per unknown name
// in *problems.
void ValidateScenarioNames(const SuiteOptions& options,
                           std::vector<std::string>* problems);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SCENARIO_FLAGS_H_
