#include "bench/worker/cpu_policy.h"

#include <dirent.h>
#include <sched.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

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

namespace {

std::string PolicyAndNice(int policy, int nice) {
  const char* name = policy == SCHED_IDLE    ? "SCHED_IDLE"
                     : policy == SCHED_BATCH ? "SCHED_BATCH"
                     : policy == SCHED_OTHER ? "SCHED_OTHER"
                                             : "SCHED_RT";
  return std::string(name) + " nice " + std::to_string(nice);
}

// A thread's policy and nice value from /proc/<pid>/task/<tid>/stat:
// fields 41 and 19, counted after the parenthesised name (field 2), which
// may itself hold spaces.
bool ThreadPolicy(const std::string& stat_path,
                  std::pair<int, int>* policy_and_nice) {
  std::ifstream file(stat_path);
  std::string text((std::istreambuf_iterator<char>(file)),
                   std::istreambuf_iterator<char>());
  const size_t name_end = text.rfind(')');
  if (name_end == std::string::npos) return false;
  std::istringstream fields(text.substr(name_end + 1));
  std::string field;
  int nice = 0;
  for (int number = 3; fields >> field; ++number) {
    if (number == 19) nice = std::atoi(field.c_str());
    if (number == 41) {
      *policy_and_nice = {std::atoi(field.c_str()), nice};
      return true;
    }
  }
  return false;
}

}  // namespace

std::string DescribeCpuPolicy() {
  const int policy = sched_getscheduler(0);
  errno = 0;
  return PolicyAndNice(policy, getpriority(PRIO_PROCESS, 0));
}

std::string DescribeProcessCpuPolicy(pid_t pid) {
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(tasks.c_str());
  if (dir == nullptr) return "";
  std::map<std::pair<int, int>, int> threads;  // (policy, nice) -> count
  int total = 0;
  while (const dirent* entry = readdir(dir)) {
    std::pair<int, int> policy_and_nice;
    if (entry->d_name[0] == '.' ||
        !ThreadPolicy(tasks + "/" + entry->d_name + "/stat",
                      &policy_and_nice)) {
      continue;
    }
    ++threads[policy_and_nice];
    ++total;
  }
  closedir(dir);
  const std::string of_pid = " of pid " + std::to_string(pid);
  if (threads.size() == 1) {
    const auto& [policy, nice] = threads.begin()->first;
    return PolicyAndNice(policy, nice) + " (all " + std::to_string(total) +
           (total == 1 ? " thread" : " threads") + of_pid + ")";
  }
  std::string text;
  for (const auto& [key, count] : threads) {
    text += (text.empty() ? "" : ", ") + PolicyAndNice(key.first, key.second) +
            " x" + std::to_string(count);
  }
  return text.empty() ? "" : text + " (threads" + of_pid + ")";
}

}  // namespace xsb
