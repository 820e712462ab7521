#include "bench/cli/model_choice.h"

#include <unistd.h>

#include "kernels/trace/trace_summary.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

bool LoadRoleModel(const std::string& path, RoleModel* out,
                   std::string* error) {
  KernelTrace trace;
  if (!LoadKernelTrace(path, &trace, error)) return false;
  out->trace_path = path;
  out->description = DescribeTrace(path, trace);
  return true;
}

}  // namespace

Setter ModelFlag(RoleModel* target) {
  return [target](const std::string& text, std::string* error) {
    if (text == "mlp") {
      *target = RoleModel{};
      target->given = true;
      return true;
    }
    const std::string prefix = "trace:";
    if (!StartsWith(text, prefix) || text.size() == prefix.size()) {
      *error = "'" + text + "' is not mlp or trace:FILE";
      return false;
    }
    if (!LoadRoleModel(text.substr(prefix.size()), target, error)) {
      return false;
    }
    target->given = true;
    return true;
  };
}

std::string ExampleTraceDir() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "traces";
  const std::string self(path, static_cast<size_t>(n));
  return self.substr(0, self.rfind('/') + 1) + "traces";
}

bool ResolveRoleModel(const Scenario& scenario, WorkerRole role,
                      const RoleModel& flag, RoleModel* out,
                      std::string* error) {
  if (flag.given) {
    *out = flag;
    return true;
  }
  const std::string& example =
      role == WorkerRole::kHp ? scenario.hp_trace : scenario.lp_trace;
  if (example.empty()) {
    *out = RoleModel{};
    return true;
  }
  std::string why;
  if (!LoadRoleModel(ExampleTraceDir() + "/" + example, out, &why)) {
    *error = "scenario " + scenario.name + ": " + why +
             " (the build copies kernels/trace/examples there; rebuild)";
    return false;
  }
  return true;
}

void CheckScenarioTraces(const std::vector<std::string>& names,
                         const RoleModel& hp_flag, const RoleModel& lp_flag,
                         std::vector<std::string>* problems) {
  for (const std::string& name : names) {
    Scenario scenario;
    if (!FindScenario(name, &scenario)) continue;
    RoleModel model;
    std::string error;
    if (!ResolveRoleModel(scenario, WorkerRole::kHp, hp_flag, &model, &error) ||
        !ResolveRoleModel(scenario, WorkerRole::kLp, lp_flag, &model, &error)) {
      problems->push_back(error);
    }
  }
}

std::vector<std::pair<std::string, std::string>> TraceContextEntries(
    const std::vector<std::string>& names, const RoleModel& hp_flag,
    const RoleModel& lp_flag) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const std::string& name : names) {
    Scenario scenario;
    if (!FindScenario(name, &scenario)) continue;
    for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
      RoleModel model;
      std::string error;
      const RoleModel& flag = role == WorkerRole::kHp ? hp_flag : lp_flag;
      if (!ResolveRoleModel(scenario, role, flag, &model, &error) ||
          model.trace_path.empty()) {
        continue;
      }
      entries.emplace_back("xsb_trace_" + name + "_" + WorkerRoleName(role),
                           model.trace_path + ": " + model.description);
    }
  }
  return entries;
}

}  // namespace xsb
