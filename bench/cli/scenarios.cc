#include "bench/cli/scenarios.h"

#include <cstdio>
#include <cstdlib>

#include "bench/cli/scenario_file.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

std::vector<Scenario>& UserScenarios() {
  static std::vector<Scenario> scenarios;
  return scenarios;
}

// The built-ins, then the added ones.
std::vector<const std::vector<Scenario>*> AllScenarioLists() {
  return {&BuiltinScenarios(), &UserScenarios()};
}

}  // namespace

const char* TenantKindName(TenantKind kind) {
  return kind == TenantKind::kLatency ? "latency" : "throughput";
}

bool IsPair(const Scenario& scenario) {
  const std::vector<Tenant>& t = scenario.tenants;
  return t.size() == 2 && t[0].name == "hp" &&
         t[0].kind == TenantKind::kLatency && t[0].priority == "high" &&
         t[1].name == "lp" && t[1].kind == TenantKind::kThroughput &&
         t[1].priority == "low";
}

const std::vector<Scenario>& BuiltinScenarios() {
  // A file that does not parse is a defect of the build
  // (tests/unit/scenario_file_test.cc parses each): abort with its message.
  static const std::vector<Scenario> kScenarios = [] {
    std::vector<Scenario> parsed;
    for (const BuiltinScenarioFile& file : BuiltinScenarioFiles()) {
      Scenario s{"", 0, 0, 0, 0};
      std::string error;
      const std::string source =
          std::string("built-in scenarios/") + file.name + ".json";
      if (!ParseScenarioFile(file.text, source, "", &s, &error)) {
        std::fprintf(stderr, "xsb: %s\n", error.c_str());
        std::abort();
      }
      parsed.push_back(s);
    }
    return parsed;
  }();
  return kScenarios;
}

bool AddUserScenario(const Scenario& scenario, std::string* error) {
  std::vector<Scenario>& added = UserScenarios();
  for (const Scenario& s : BuiltinScenarios()) {
    if (s.name == scenario.name) {
      *error = scenario.source + ": name: '" + scenario.name +
               "' is taken by " + s.source + "; give the scenario another name";
      return false;
    }
  }
  for (Scenario& s : added) {
    if (s.name != scenario.name) continue;
    if (s.source == scenario.source) {
      s = scenario;
      return true;
    }
    *error = scenario.source + ": name: '" + scenario.name + "' is taken by " +
             s.source + "; give the scenario another name";
    return false;
  }
  added.push_back(scenario);
  return true;
}

std::string DurationName(const Scenario& scenario) {
  return scenario.auto_duration ? "auto" : FormatNumber(scenario.duration_s);
}

bool FindScenario(const std::string& name, Scenario* out) {
  for (const std::vector<Scenario>* list : AllScenarioLists()) {
    for (const Scenario& s : *list) {
      if (s.name == name) {
        *out = s;
        return true;
      }
    }
  }
  return false;
}

std::string ScenarioNames() {
  std::string names;
  for (const std::vector<Scenario>* list : AllScenarioLists()) {
    for (const Scenario& s : *list) {
      names += (names.empty() ? "" : ", ") + s.name;
    }
  }
  return names;
}

}  // namespace xsb
