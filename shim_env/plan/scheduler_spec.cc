#include "shim_env/plan/scheduler_spec.h"

#include <algorithm>

namespace xsb {

bool SchedulerSpec::AppliesTo(Backend backend) const {
  return std::find(backends.begin(), backends.end(), backend) != backends.end();
}

bool SchedulerSpec::IsPlanOnly() const {
  return engine.empty() && !has_daemon && before_case.empty() &&
         after_case.empty() && dirs.empty() && requires_files.empty() &&
         every_role.proof.empty() && hp.proof.empty() && lp.proof.empty();
}

}  // namespace xsb
