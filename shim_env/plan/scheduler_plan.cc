#include "shim_env/plan/scheduler_plan.h"

#include <algorithm>
#include <cstdlib>

#include "shim_env/base/text.h"
#include "shim_env/plan/xsched_plan.h"

namespace xsb {
namespace {

// Sets `name` to `value`: in place when it is there already (a later
// layer overrides an earlier one), else at the end.
void SetVariable(std::vector<EnvironmentVariable>* env, const std::string& name,
                 const std::string& value) {
  for (EnvironmentVariable& var : *env) {
    if (var.first == name) {
      var.second = value;
      return;
    }
  }
  env->emplace_back(name, value);
}

// The entries that apply to `backend`, filled in and ':'-joined.
bool JoinPaths(const SchedulerSpec& spec, const std::string& field,
               const std::vector<BackendPath>& paths, Backend backend,
               const SubstitutionValues& values, std::string* joined,
               std::string* error) {
  for (const BackendPath& entry : paths) {
    if (!entry.backends.empty() &&
        std::find(entry.backends.begin(), entry.backends.end(), backend) ==
            entry.backends.end()) {
      continue;
    }
    std::string path;
    if (!SubstituteField(spec, field, entry.path, values, &path, error)) {
      return false;
    }
    *joined += (joined->empty() ? "" : ":") + path;
  }
  return true;
}

// LD_PRELOAD and LD_LIBRARY_PATH, the role's entries first.
bool PlanLoaderVariables(const SchedulerSpec& spec, const RoleSpec& role,
                         const std::string& field, const RolePlanInputs& in,
                         const SubstitutionValues& values,
                         WorkerLaunchPlan* plan, std::string* error) {
  std::string preload, library_path;
  if (!JoinPaths(spec, field + ".preload", role.preload, in.backend, values,
                 &preload, error) ||
      !JoinPaths(spec, field + ".library_path", role.library_path, in.backend,
                 values, &library_path, error)) {
    return false;
  }
  if (!preload.empty()) {
    plan->env.emplace_back("LD_PRELOAD",
                           PrependToPathList(preload, in.inherited_ld_preload));
  }
  if (!library_path.empty()) {
    plan->env.emplace_back(
        "LD_LIBRARY_PATH",
        PrependToPathList(library_path, in.inherited_ld_library_path));
  }
  return true;
}

bool PlanCuMask(const SchedulerSpec& spec, const std::string& field,
                const std::string& text, const SubstitutionValues& values,
                WorkerLaunchPlan* plan, std::string* error) {
  if (text.empty()) return true;
  std::string percent;
  if (!SubstituteField(spec, field, text, values, &percent, error)) {
    return false;
  }
  char* end = nullptr;
  const long value = std::strtol(percent.c_str(), &end, 10);
  if (percent.empty() || *end != '\0' || value < 1 || value > 100) {
    *error = spec.source + ": " + field + ": '" + percent +
             "' is not a percentage of the compute units (1 to 100)";
    return false;
  }
  plan->cu_mask_percent = static_cast<int>(value);
  return true;
}

std::string RoleField(WorkerRole role) {
  return std::string("roles.") + WorkerRoleName(role);
}

void AppendTextCheck(const TextCheck& from, TextCheck* to) {
  to->must.insert(to->must.end(), from.must.begin(), from.must.end());
  to->must_not.insert(to->must_not.end(), from.must_not.begin(),
                      from.must_not.end());
}

bool SubstituteTextCheck(const SchedulerSpec& spec, const std::string& field,
                         const SubstitutionValues& values, TextCheck* check,
                         std::string* error) {
  for (std::vector<std::string>* list : {&check->must, &check->must_not}) {
    for (std::string& regex : *list) {
      if (!SubstituteField(spec, field, regex, values, &regex, error)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::vector<SweepPoint> SweepPoints(const SchedulerSpec& spec) {
  std::vector<SweepPoint> points = {{}};
  for (const SweptParam& param : spec.params) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& point : points) {
      for (const std::string& value : param.values) {
        SweepPoint extended = point;
        extended.emplace_back(param.name, value);
        next.push_back(extended);
      }
    }
    points = next;
  }
  return points;
}

std::string SweepSuffix(const SweepPoint& point) {
  std::string suffix;
  for (const auto& [name, value] : point) suffix += "/" + name + ":" + value;
  return suffix;
}

void AddSweepValues(const SweepPoint& point, SubstitutionValues* values) {
  for (const auto& [name, value] : point) values->values[name] = value;
}

RoleSpec MergedRole(const SchedulerSpec& spec, WorkerRole role) {
  const RoleSpec& own = role == WorkerRole::kHp ? spec.hp : spec.lp;
  RoleSpec merged = spec.every_role;
  for (const auto& [name, value] : own.env) {
    SetVariable(&merged.env, name, value);
  }
  merged.preload.insert(merged.preload.end(), own.preload.begin(),
                        own.preload.end());
  merged.library_path.insert(merged.library_path.end(),
                             own.library_path.begin(), own.library_path.end());
  for (auto field : {&RoleSpec::cpu_policy, &RoleSpec::stream_priority,
                     &RoleSpec::cu_mask_percent}) {
    if (!(own.*field).empty()) merged.*field = own.*field;
  }
  ProofSpec& proof = merged.proof;
  proof.mapped.insert(proof.mapped.end(), own.proof.mapped.begin(),
                      own.proof.mapped.end());
  AppendTextCheck(own.proof.stderr_text, &proof.stderr_text);
  AppendTextCheck(own.proof.daemon_log, &proof.daemon_log);
  proof.files.insert(proof.files.end(), own.proof.files.begin(),
                     own.proof.files.end());
  proof.commands.insert(proof.commands.end(), own.proof.commands.begin(),
                        own.proof.commands.end());
  return merged;
}

bool PlanRole(const SchedulerSpec& spec, const RolePlanInputs& in,
              WorkerLaunchPlan* plan, std::string* error) {
  const RoleSpec role = MergedRole(spec, in.role);
  const std::string field = RoleField(in.role);
  SubstitutionValues values = in.values;
  values.values["role"] = WorkerRoleName(in.role);
  WorkerLaunchPlan result;
  if (!PlanLoaderVariables(spec, role, field, in, values, &result, error)) {
    return false;
  }
  std::vector<EnvironmentVariable> env;
  if (!SubstituteEnv(spec, "env", spec.env, values, &env, error) ||
      !SubstituteEnv(spec, field + ".env", role.env, values, &env, error)) {
    return false;
  }
  for (const auto& [name, value] : env) SetVariable(&result.env, name, value);
  if (role.cpu_policy == "idle") result.args.push_back("--cpu_policy=idle");
  if (role.stream_priority == "highest") {
    result.stream_priority = StreamPriority::kHighest;
  } else if (role.stream_priority == "lowest") {
    result.stream_priority = StreamPriority::kLowest;
  }
  if (!PlanCuMask(spec, field + ".cu_mask_percent", role.cu_mask_percent,
                  values, &result, error)) {
    return false;
  }
  *plan = result;
  return true;
}

bool ResolveProof(const SchedulerSpec& spec, WorkerRole role,
                  const SubstitutionValues& values, ProofSpec* proof,
                  std::string* error) {
  ProofSpec resolved = MergedRole(spec, role).proof;
  SubstitutionValues with_role = values;
  with_role.values["role"] = WorkerRoleName(role);
  const std::string field = RoleField(role) + ".proof";
  for (std::string& path : resolved.mapped) {
    if (!SubstituteField(spec, field + ".mapped", path, with_role, &path,
                         error)) {
      return false;
    }
  }
  if (!SubstituteTextCheck(spec, field + ".stderr", with_role,
                           &resolved.stderr_text, error) ||
      !SubstituteTextCheck(spec, field + ".daemon_log", with_role,
                           &resolved.daemon_log, error)) {
    return false;
  }
  for (FileCheck& file : resolved.files) {
    if (!SubstituteField(spec, field + ".files", file.path, with_role,
                         &file.path, error) ||
        !SubstituteTextCheck(spec, field + ".files", with_role, &file.text,
                             error)) {
      return false;
    }
  }
  for (CommandCheck& command : resolved.commands) {
    if (!SubstituteArgv(spec, field + ".commands", command.run, with_role,
                        &command.run, error) ||
        !SubstituteTextCheck(spec, field + ".commands", with_role,
                             &command.text, error)) {
      return false;
    }
  }
  *proof = resolved;
  return true;
}

bool SubstituteField(const SchedulerSpec& spec, const std::string& field,
                     const std::string& text, const SubstitutionValues& values,
                     std::string* out, std::string* error) {
  std::string missing;
  if (Substitute(text, values, out, &missing)) return true;
  *error = spec.source + ": " + field + ": {" + missing + "} " +
           (StartsWith(missing, kEnvSubstitutionPrefix)
                ? "is not set in xsb_bench's environment"
                : "has no value here");
  return false;
}

bool SubstituteArgv(const SchedulerSpec& spec, const std::string& field,
                    const std::vector<std::string>& argv,
                    const SubstitutionValues& values,
                    std::vector<std::string>* out, std::string* error) {
  std::vector<std::string> result;
  for (const std::string& arg : argv) {
    std::string filled;
    if (!SubstituteField(spec, field, arg, values, &filled, error)) {
      return false;
    }
    result.push_back(filled);
  }
  *out = result;
  return true;
}

bool SubstituteEnv(const SchedulerSpec& spec, const std::string& field,
                   const std::vector<EnvironmentVariable>& env,
                   const SubstitutionValues& values,
                   std::vector<EnvironmentVariable>* out, std::string* error) {
  for (const auto& [name, text] : env) {
    std::string value;
    if (!SubstituteField(spec, field + "." + name, text, values, &value,
                         error)) {
      return false;
    }
    SetVariable(out, name, value);
  }
  return true;
}

}  // namespace xsb
