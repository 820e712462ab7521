// A scheduler file's parts for one case: the swept parameters' points and
// their case-name suffix, each worker role's launch plan, and its proof
// with every substitution filled in. Pure functions (tests/unit/
// scheduler_plan_test.cc).
#ifndef XSB_SHIM_ENV_PLAN_SCHEDULER_PLAN_H_
#define XSB_SHIM_ENV_PLAN_SCHEDULER_PLAN_H_

#include <string>
#include <utility>
#include <vector>

#include "shim_env/plan/scheduler_spec.h"
#include "shim_env/plan/substitution.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

// One case's values of the swept parameters, in the file's order.
using SweepPoint = std::vector<std::pair<std::string, std::string>>;

// Every combination of the parameters' values, the first parameter
// slowest; one empty point when there are none.
std::vector<SweepPoint> SweepPoints(const SchedulerSpec& spec);

// "/lp_cu_pct:50": what follows duration_s:D in the case name; "" for none.
std::string SweepSuffix(const SweepPoint& point);

// The point's values as substitutions ({lp_cu_pct} -> "50").
void AddSweepValues(const SweepPoint& point, SubstitutionValues* values);

// every_role with the role's own part added: its env overrides a variable
// of the same name in place, its lists follow every_role's.
RoleSpec MergedRole(const SchedulerSpec& spec, WorkerRole role);

struct RolePlanInputs {
  // Picks the preload and library_path entries that apply.
  Backend backend = Backend::kCpu;
  WorkerRole role = WorkerRole::kHp;
  // {state_dir}, {file_dir}, the point's parameters, {priority} (and the
  // xsched engine's names); {role} is added from `role`.
  SubstitutionValues values;
  // xsb_bench's own LD_PRELOAD and LD_LIBRARY_PATH: the file's entries go
  // in front, so whatever the user preloads still loads.
  std::string inherited_ld_preload;
  std::string inherited_ld_library_path;
};

// In this order: LD_PRELOAD and LD_LIBRARY_PATH (when the role has entries
// for the backend), then the file's env, every_role's and the role's;
// --cpu_policy=idle; the stream priority and CU mask. False with *error
// naming the file, the field and the substitution that has no value, e.g.
// "my.json: roles.hp.preload: {env:MY_ROOT} is not set".
bool PlanRole(const SchedulerSpec& spec, const RolePlanInputs& inputs,
              WorkerLaunchPlan* plan, std::string* error);

// The role's proof (every_role's and its own) with `values` filled in,
// {pid} included. False with *error as PlanRole's.
bool ResolveProof(const SchedulerSpec& spec, WorkerRole role,
                  const SubstitutionValues& values, ProofSpec* proof,
                  std::string* error);

// `text` filled in; false with *error "SOURCE: FIELD: {NAME} is not set"
// (an environment variable) or "... has no value".
bool SubstituteField(const SchedulerSpec& spec, const std::string& field,
                     const std::string& text, const SubstitutionValues& values,
                     std::string* out, std::string* error);
// The same for each string of a command.
bool SubstituteArgv(const SchedulerSpec& spec, const std::string& field,
                    const std::vector<std::string>& argv,
                    const SubstitutionValues& values,
                    std::vector<std::string>* out, std::string* error);
// The same for each value of an env list.
bool SubstituteEnv(const SchedulerSpec& spec, const std::string& field,
                   const std::vector<EnvironmentVariable>& env,
                   const SubstitutionValues& values,
                   std::vector<EnvironmentVariable>* out, std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_SCHEDULER_PLAN_H_
