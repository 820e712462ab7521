#include "bench/cli/model_choice.h"

#include <unistd.h>

#include <cstdlib>

#include "bench/cli/python_finder.h"
#include "kernels/trace/kernel_trace.h"
#include "kernels/trace/trace_summary.h"
#include "shim_env/base/program_path.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

bool LoadRoleModel(const std::string& path, RoleModel* out,
                   std::string* error) {
  KernelTrace trace;
  if (!LoadKernelTrace(path, &trace, error)) return false;
  *out = RoleModel{};
  out->trace_path = path;
  out->description = DescribeTrace(path, trace);
  return true;
}

// exec:COMMAND's program found now, so that a typo stops the run before
// any case (the worker starts it by its absolute path).
bool ParseExecModel(const std::string& command, RoleModel* out,
                    std::string* error) {
  std::vector<std::string> words;
  std::string why;
  if (!SplitCommandWords(command, &words, &why)) {
    *error = "exec: '" + command + "' " + why;
    return false;
  }
  if (words.empty()) {
    *error =
        "exec: names no program (exec:COMMAND, e.g. exec:python3 "
        "my_model.py)";
    return false;
  }
  const char* path = std::getenv("PATH");
  if (!FindProgram(words[0], path ? path : "", &words[0], &why)) {
    *error = "exec: " + why;
    return false;
  }
  *out = RoleModel{};
  out->exec_argv = words;
  out->description = JoinCommandWords(words);
  return true;
}

// A scenario's example program (e.g. "torch_models.py --model=resnet18")
// under the Python that has what it imports.
bool LoadExampleProgram(const std::string& scenario, const TenantModel& model,
                        RoleModel* out, std::string* error) {
  std::vector<std::string> words;
  std::string why;
  if (!SplitCommandWords(model.example, &words, &why) || words.empty()) {
    *error = "scenario " + scenario + ": bad example '" + model.example + "'";
    return false;
  }
  words[0] = ExampleProgramDir() + "/" + words[0];
  if (access(words[0].c_str(), R_OK) != 0) {
    *error = "scenario " + scenario + ": " + words[0] +
             ": cannot read it (the build copies kernels/exec/examples "
             "there; rebuild)";
    return false;
  }
  std::string python;
  if (!FindPython(model.python_modules, &python, &why)) {
    *error = "scenario " + scenario + ": " + why;
    return false;
  }
  words.insert(words.begin(), python);
  *out = RoleModel{};
  out->exec_argv = words;
  out->description = JoinCommandWords(words);
  return true;
}

}  // namespace

Setter ModelFlag(RoleModel* target) {
  return [target](const std::string& text, std::string* error) {
    bool ok = false;
    if (text == "mlp") {
      *target = RoleModel{};
      ok = true;
    } else if (StartsWith(text, "exec:")) {
      ok = ParseExecModel(text.substr(5), target, error);
    } else if (StartsWith(text, "trace:") && text.size() > 6) {
      ok = LoadRoleModel(text.substr(6), target, error);
    } else {
      *error = "'" + text + "' is not mlp, trace:FILE or exec:COMMAND";
    }
    target->given = ok;
    return ok;
  };
}

std::string DescribeRoleModel(const RoleModel& model) {
  if (!model.trace_path.empty()) return "trace " + model.description;
  if (!model.exec_argv.empty()) return "exec " + model.description;
  return "";
}

std::string ExampleTraceDir() { return BesideSelf("traces"); }

std::string ExampleProgramDir() { return BesideSelf("examples"); }

bool ResolveTenantModel(const std::string& scenario, const TenantModel& model,
                        RoleModel* out, std::string* error) {
  if (!model.example.empty()) {
    return LoadExampleProgram(scenario, model, out, error);
  }
  std::string why;
  if (!model.exec.empty()) {
    if (ParseExecModel(model.exec, out, &why)) return true;
    *error = "scenario " + scenario + ": " + why;
    return false;
  }
  if (model.trace.empty()) {
    *out = RoleModel{};
    return true;
  }
  // A name alone is one of the example traces (the built-ins'); a user
  // file's trace is absolute (scenario_file.h).
  const bool example = model.trace[0] != '/';
  const std::string path =
      example ? ExampleTraceDir() + "/" + model.trace : model.trace;
  if (!LoadRoleModel(path, out, &why)) {
    *error = "scenario " + scenario + ": " + why +
             (example ? " (the build copies kernels/trace/examples there; "
                        "rebuild)"
                      : "");
    return false;
  }
  return true;
}

bool ResolveRoleModel(const Scenario& scenario, WorkerRole role,
                      const RoleModel& flag, RoleModel* out,
                      std::string* error) {
  if (flag.given) {
    *out = flag;
    return true;
  }
  const bool hp = role == WorkerRole::kHp;
  TenantModel model;
  model.trace = hp ? scenario.hp_trace : scenario.lp_trace;
  model.exec = hp ? scenario.hp_exec : scenario.lp_exec;
  model.example = hp ? scenario.hp_example : scenario.lp_example;
  model.python_modules = scenario.example_modules;
  return ResolveTenantModel(scenario.name, model, out, error);
}

void CheckScenarioModels(const std::vector<std::string>& names,
                         const RoleModel& hp_flag, const RoleModel& lp_flag,
                         std::vector<std::string>* problems) {
  for (const std::string& name : names) {
    Scenario scenario;
    if (!FindScenario(name, &scenario)) continue;
    RoleModel model;
    std::string error;
    bool ok = true;
    if (IsPair(scenario) || scenario.tenants.empty()) {
      ok = ResolveRoleModel(scenario, WorkerRole::kHp, hp_flag, &model,
                            &error) &&
           ResolveRoleModel(scenario, WorkerRole::kLp, lp_flag, &model, &error);
    }
    for (const Tenant& t :
         IsPair(scenario) ? std::vector<Tenant>{} : scenario.tenants) {
      ok = ok && ResolveTenantModel(scenario.name + " tenant " + t.name,
                                    t.model, &model, &error);
    }
    if (!ok) problems->push_back(error);
  }
}

namespace {

// Calls visit(scenario, who, model) for each role ("hp", "lp") of each
// pair in `names`, and each tenant (its name) of the other scenarios, whose
// model resolves.
template <typename Visit>
void ForEachRoleModel(const std::vector<std::string>& names,
                      const RoleModel& hp_flag, const RoleModel& lp_flag,
                      Visit visit) {
  for (const std::string& name : names) {
    Scenario scenario;
    if (!FindScenario(name, &scenario)) continue;
    RoleModel model;
    std::string error;
    if (!scenario.tenants.empty() && !IsPair(scenario)) {
      for (const Tenant& t : scenario.tenants) {
        if (ResolveTenantModel(name, t.model, &model, &error)) {
          visit(scenario, t.name, model);
        }
      }
      continue;
    }
    for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
      const RoleModel& flag = role == WorkerRole::kHp ? hp_flag : lp_flag;
      if (ResolveRoleModel(scenario, role, flag, &model, &error)) {
        visit(scenario, WorkerRoleName(role), model);
      }
    }
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ScenarioModelContextEntries(
    const std::vector<std::string>& names, const RoleModel& hp_flag,
    const RoleModel& lp_flag) {
  std::vector<std::pair<std::string, std::string>> entries;
  ForEachRoleModel(
      names, hp_flag, lp_flag,
      [&](const Scenario& scenario, const std::string& who,
          const RoleModel& model) {
        const std::string key = scenario.name + "_" + who;
        if (!model.trace_path.empty()) {
          entries.emplace_back("xsb_trace_" + key,
                               model.trace_path + ": " + model.description);
        } else if (!model.exec_argv.empty() && !model.given) {
          entries.emplace_back("xsb_exec_" + key, model.description);
        }
      });
  return entries;
}

std::vector<std::string> FirstExecModel(const std::vector<std::string>& names,
                                        const RoleModel& hp_flag,
                                        const RoleModel& lp_flag) {
  std::vector<std::string> first;
  ForEachRoleModel(
      names, hp_flag, lp_flag,
      [&](const Scenario&, const std::string&, const RoleModel& model) {
        if (first.empty()) first = model.exec_argv;
      });
  return first;
}

}  // namespace xsb
