// Scenario files (docs/scenarios.md, schema xsb-scenario/1): the parser
// every scenario goes through, the built-ins (compiled in) as users'.
#ifndef XSB_BENCH_CLI_SCENARIO_FILE_H_
#define XSB_BENCH_CLI_SCENARIO_FILE_H_

#include <string>
#include <vector>

#include "bench/cli/scenarios.h"

namespace xsb {

// Parses one file's text. `source` names it in messages ("my.json" or
// "built-in scenarios/smoke.json"); `file_dir` is its folder, against which
// relative trace and replay paths and exec programs are made absolute (""
// for a built-in: its traces are the example traces). False with *error,
// one line "SOURCE: FIELD: what is wrong; what is allowed", e.g.
// "my.json: tenants[1].kind: must be one of latency, throughput, got 'lat'".
bool ParseScenarioFile(const std::string& text, const std::string& source,
                       const std::string& file_dir, Scenario* out,
                       std::string* error);

// Reads and parses PATH (its folder is the file_dir). False with *error as
// ParseScenarioFile's, or "PATH: cannot read it".
bool LoadScenarioFile(const std::string& path, Scenario* out,
                      std::string* error);

struct BuiltinScenarioFile {
  const char* name;  // scenarios/<name>.json
  const char* text;
};

// In registration order (XSB_BUILTIN_SCENARIOS in bench/cli/CMakeLists.txt).
// Generated at configure time (cmake/EmbedJsonFiles.cmake).
const std::vector<BuiltinScenarioFile>& BuiltinScenarioFiles();

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SCENARIO_FILE_H_
