#include "shim_env/worker_launch.h"

namespace xsb {

const char* WorkerRoleName(WorkerRole role) {
  return role == WorkerRole::kHp ? "hp" : "lp";
}

bool ParseWorkerRole(const std::string& text, WorkerRole* out) {
  if (text == "hp") {
    *out = WorkerRole::kHp;
  } else if (text == "lp") {
    *out = WorkerRole::kLp;
  } else {
    return false;
  }
  return true;
}

const char* SchedulerName(Scheduler scheduler) {
  switch (scheduler) {
    case Scheduler::kBaseline:
      return "baseline";
    case Scheduler::kOsPriority:
      return "os-priority";
  }
  return "?";
}

bool ParseScheduler(const std::string& text, Scheduler* out) {
  for (Scheduler s : {Scheduler::kBaseline, Scheduler::kOsPriority}) {
    if (text == SchedulerName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::vector<Scheduler> SchedulersForBackend(const std::string& backend) {
  if (backend == "cpu") return {Scheduler::kBaseline, Scheduler::kOsPriority};
  return {Scheduler::kBaseline};
}

WorkerLaunchPlan PlanWorkerLaunch(Scheduler scheduler, WorkerRole role) {
  WorkerLaunchPlan plan;
  if (scheduler == Scheduler::kOsPriority && role == WorkerRole::kLp) {
    plan.args.push_back("--cpu_policy=idle");
  }
  return plan;
}

std::string DescribeLaunchPlan(const WorkerLaunchPlan& plan) {
  std::string text;
  auto append = [&text](const std::string& part) {
    if (!text.empty()) text += ' ';
    text += part;
  };
  for (const EnvironmentVariable& var : plan.env) {
    append(var.first + "=" + var.second);
  }
  for (const std::string& arg : plan.args) append(arg);
  return text.empty() ? "default" : text;
}

}  // namespace xsb
