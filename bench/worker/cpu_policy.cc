#include "bench/worker/cpu_policy.h"

#include <sched.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace xsb {

bool ApplyCpuPolicy(const std::string& name, std::string* error) {
  if (name == "normal") return true;
  if (name != "idle") {
    *error = "unknown --cpu_policy '" + name + "' (expected normal or idle)";
    return false;
  }
  const sched_param param{};
  if (sched_setscheduler(0, SCHED_IDLE, &param) != 0) {
    *error =
        std::string("sched_setscheduler(SCHED_IDLE): ") + std::strerror(errno);
    return false;
  }
  // Nice also ranks SCHED_IDLE tasks against each other and is what tools
  // like top show.
  if (setpriority(PRIO_PROCESS, 0, 19) != 0) {
    *error = std::string("setpriority(19): ") + std::strerror(errno);
    return false;
  }
  return true;
}

std::string DescribeCpuPolicy() {
  const int policy = sched_getscheduler(0);
  const char* name = policy == SCHED_IDLE    ? "SCHED_IDLE"
                     : policy == SCHED_BATCH ? "SCHED_BATCH"
                     : policy == SCHED_OTHER ? "SCHED_OTHER"
                                             : "SCHED_RT";
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, 0);
  return std::string(name) + " nice " + std::to_string(nice);
}

}  // namespace xsb
