#include "bench/cases/file_scheduler.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "shim_env/sched/activation_proof.h"
#include "shim_env/sched/command.h"
#include "shim_env/sched/state_dir.h"

namespace xsb {
namespace {

// The integer priority level {priority} stands for: HP above LP, as
// XSched's queue priorities (a scenario with N tenants will hand its own
// levels over).
std::string PriorityOf(WorkerRole role) {
  return role == WorkerRole::kHp ? "1" : "0";
}

bool IsBuiltin(const SchedulerSpec& spec) { return spec.file_dir.empty(); }

}  // namespace

FileScheduler::FileScheduler(const SchedulerSpec& spec, const Setup& setup)
    : spec_(spec), setup_(setup) {
  if (!setup_.getenv) {
    setup_.getenv = [](const char* name) { return std::getenv(name); };
  }
  if (setup_.state_parent.empty()) setup_.state_parent = StateDirParent();
  if (setup_.owner == 0) setup_.owner = getpid();
  test_only_ =
      setup_.backend == Backend::kCpu && !spec.AppliesTo(Backend::kCpu);
  state_dir_ = StateDirPath(setup_.state_parent, spec.name, setup_.owner);
  unavailable_ = CheckAvailable();
  std::string unused;  // CheckAvailable said it already
  SubstituteEnv(spec_, "env", spec_.env, Values(state_dir_), &command_env_,
                &unused);
}

FileScheduler::~FileScheduler() {
  if (daemon_ != nullptr) daemon_->Stop(nullptr);
  daemon_.reset();
  std::string unused;
  if (state_dir_made_) RemoveTree(state_dir_, &unused);
}

SubstitutionValues FileScheduler::Values(const std::string& state_dir) const {
  SubstitutionValues values;
  values.values["state_dir"] = state_dir;
  if (!spec_.file_dir.empty()) values.values["file_dir"] = spec_.file_dir;
  values.getenv = setup_.getenv;
  return values;
}

SubstitutionValues FileScheduler::RoleValues(WorkerRole role,
                                             const SweepPoint& point) const {
  SubstitutionValues values = Values(state_dir_);
  values.values["priority"] = PriorityOf(role);
  AddSweepValues(point, &values);
  return values;
}

// "" when every requirement is there and every substitution has a value.
std::string FileScheduler::CheckAvailable() const {
  const SubstitutionValues values = Values(state_dir_);
  std::string error;
  for (const std::string& entry : spec_.requires_files) {
    std::string path, found;
    if (!SubstituteField(spec_, "requires", entry, values, &path, &error)) {
      return error;
    }
    const bool program = path.find('/') == std::string::npos;
    if (program ? !FindProgram(path, ChildPath({}), &found)
                : access(path.c_str(), F_OK) != 0) {
      return "the " + spec_.name + " scheduler needs " +
             (program ? "the program " + path + ", which is not on PATH"
                      : path + ", which does not exist") +
             " (" + spec_.source + ": requires)";
    }
  }
  std::vector<EnvironmentVariable> env;
  if (!SubstituteEnv(spec_, "env", spec_.env, values, &env, &error)) {
    return error;
  }
  for (const SweepPoint& point : setup_.sweep) {
    for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
      WorkerLaunchPlan plan;
      if (!Plan(role, point, &plan, &error)) return error;
    }
  }
  DaemonOptions daemon;
  if (spec_.has_daemon && !DaemonOptionsFor(state_dir_, &daemon, &error)) {
    return error;
  }
  return "";
}

bool FileScheduler::DaemonOptionsFor(const std::string& state_dir,
                                     DaemonOptions* options,
                                     std::string* error) const {
  const DaemonSpec& d = spec_.daemon;
  const SubstitutionValues values = Values(state_dir);
  DaemonOptions o;
  o.scheduler = spec_.name;
  std::string port;
  if (!SubstituteEnv(spec_, "env", spec_.env, values, &o.env, error) ||
      !SubstituteEnv(spec_, "daemon.env", d.env, values, &o.env, error) ||
      !SubstituteArgv(spec_, "daemon.run", d.run, values, &o.run, error) ||
      !SubstituteField(spec_, "daemon.ready", d.ready.port, values, &port,
                       error) ||
      !SubstituteField(spec_, "daemon.ready.file", d.ready.file, values,
                       &o.ready_file, error) ||
      !SubstituteField(spec_, "daemon.log_file", d.log_file, values,
                       &o.log_file, error) ||
      !SubstituteArgv(spec_, "daemon.stop.command", d.stop_command, values,
                      &o.stop_command, error) ||
      !SubstituteArgv(spec_, "daemon.cleanup", d.cleanup, values, &o.cleanup,
                      error)) {
    return false;
  }
  o.ready = d.ready.kind;
  o.port = std::atoi(port.c_str());
  if (o.ready == ReadyKind::kPort && (o.port < 1 || o.port > 65535)) {
    *error = spec_.source + ": daemon.ready.port: '" + port +
             "' is not a port (1-65535)";
    return false;
  }
  o.ready_log = d.ready.log;
  o.ready_timeout_s = d.ready.timeout_s;
  o.stop_signal = SignalNumber(d.stop_signal);
  o.stop_timeout_s = d.stop_timeout_s;
  o.command_timeout_s = spec_.command_timeout_s;
  o.cancel = setup_.cancel;
  *options = o;
  return true;
}

// Folders of this scheduler that killed runs left: its daemon's clean-up
// runs for each (with {state_dir} that folder), then it is removed.
void FileScheduler::CleanStaleState() {
  for (const std::string& stale :
       FindStaleStateDirs(setup_.state_parent, spec_.name)) {
    std::string note = "removed " + stale + ", left by a killed run";
    DaemonOptions options;
    std::string error;
    if (spec_.has_daemon && !spec_.daemon.cleanup.empty() &&
        DaemonOptionsFor(stale, &options, &error)) {
      CommandOutcome outcome;
      note +=
          RunCommand(options.cleanup, options.env, options.command_timeout_s,
                     &outcome, &error)
              ? "; its clean-up " + DescribeOutcome(options.cleanup, outcome,
                                                    options.command_timeout_s)
              : "; " + error;
    }
    if (!RemoveTree(stale, &error)) note += "; " + error;
    std::fprintf(stderr, "xsb: %s: %s\n", spec_.name.c_str(), note.c_str());
    stale_notes_.push_back(note);
  }
}

bool FileScheduler::PrepareStateDir(std::string* why) {
  if (state_dir_made_ || !spec_.uses_state_dir) return true;
  CleanStaleState();
  // One there already is an earlier process's of the same pid: not ours.
  if (!RemoveTree(state_dir_, why) || !MakePrivateDir(state_dir_, why)) {
    return false;
  }
  state_dir_made_ = true;
  const SubstitutionValues values = Values(state_dir_);
  for (const std::string& dir : spec_.dirs) {
    std::string path;
    if (!SubstituteField(spec_, "dirs", dir, values, &path, why) ||
        !MakePrivateDir(path, why)) {
      return false;
    }
  }
  return true;
}

bool FileScheduler::RunCommands(
    const std::vector<std::vector<std::string>>& commands,
    const std::string& when, std::string* why) const {
  const SubstitutionValues values = Values(state_dir_);
  for (const std::vector<std::string>& command : commands) {
    std::vector<std::string> argv;
    CommandOutcome outcome;
    if (!SubstituteArgv(spec_, when, command, values, &argv, why)) return false;
    if (!RunCommand(argv, command_env_, spec_.command_timeout_s, &outcome,
                    why)) {
      *why = when + ": " + *why;
      return false;
    }
    if (!Succeeded(outcome)) {
      *why =
          when + ": " + DescribeOutcome(argv, outcome, spec_.command_timeout_s);
      return false;
    }
  }
  return true;
}

bool FileScheduler::StartDaemon(std::string* why) {
  DaemonOptions options;
  if (!DaemonOptionsFor(state_dir_, &options, why)) return false;
  daemon_ = SchedulerDaemon::Start(options, why);
  if (daemon_ == nullptr) return false;
  daemon_label_ = daemon_->Describe();
  return true;
}

SchedulerReadiness FileScheduler::Prepare(const std::string& case_name,
                                          std::string* why) {
  (void)case_name;
  if (!unavailable_.empty() || !daemon_failure_.empty()) {
    *why = unavailable_.empty() ? daemon_failure_ : unavailable_;
    return SchedulerReadiness::kUnavailable;
  }
  if (!PrepareStateDir(why)) return SchedulerReadiness::kUnavailable;
  if (!RunCommands(spec_.before_case, "before_case", why)) {
    return SchedulerReadiness::kUnavailable;
  }
  if (spec_.has_daemon && daemon_ == nullptr && !StartDaemon(why)) {
    // Not retried: every later case would wait for it the same way. An
    // interrupted start says nothing about the daemon.
    if (*why != "interrupted") daemon_failure_ = *why;
    return SchedulerReadiness::kUnavailable;
  }
  return SchedulerReadiness::kReady;
}

bool FileScheduler::Plan(WorkerRole role, const SweepPoint& point,
                         WorkerLaunchPlan* plan, std::string* error) const {
  RolePlanInputs inputs;
  inputs.backend = setup_.backend;
  inputs.role = role;
  inputs.values = RoleValues(role, point);
  inputs.inherited_ld_preload = setup_.inherited_ld_preload;
  inputs.inherited_ld_library_path = setup_.inherited_ld_library_path;
  return PlanRole(spec_, inputs, plan, error);
}

bool FileScheduler::CheckWorker(WorkerRole role, const SweepPoint& point,
                                const WorkerLaunchPlan& plan,
                                const ReadyMessage& ready,
                                const std::string& worker_stderr,
                                std::string* evidence, std::string* error) {
  (void)plan;
  SubstitutionValues values = RoleValues(role, point);
  values.values["pid"] = std::to_string(ready.pid);
  ProofSpec proof;
  if (!ResolveProof(spec_, role, values, &proof, error)) return false;
  ProofContext context;
  context.pid = static_cast<pid_t>(ready.pid);
  context.worker_stderr = worker_stderr;
  if (daemon_ != nullptr) {
    const SchedulerDaemon* daemon = daemon_.get();
    context.daemon_log = [daemon] { return daemon->Log(); };
  }
  context.command_env = command_env_;
  context.command_timeout_s = spec_.command_timeout_s;
  if (proof.empty()) return true;
  std::string found;
  if (!CheckProof(proof, context, &found, error)) return false;
  *evidence = "proof: " + found;
  return true;
}

SchedulerReadiness FileScheduler::CheckDaemonAfterCase(std::string* why) {
  if (daemon_ == nullptr) return SchedulerReadiness::kReady;
  std::string death;
  SchedulerReadiness readiness = SchedulerReadiness::kReady;
  if (!daemon_->Alive(&death)) {
    *why = "during this case, " + death;
    daemon_failure_ = "during an earlier case, " + death;
    readiness = SchedulerReadiness::kFailed;
  }
  if (spec_.daemon.scope == DaemonScope::kCase ||
      readiness != SchedulerReadiness::kReady) {
    std::string problem;
    daemon_->Stop(&problem);
    daemon_.reset();
    if (!problem.empty() && readiness == SchedulerReadiness::kReady) {
      *why = "after this case, " + problem;
      readiness = SchedulerReadiness::kFailed;
    }
  }
  return readiness;
}

SchedulerReadiness FileScheduler::AfterCase(const std::string& case_name,
                                            std::string* why) {
  (void)case_name;
  SchedulerReadiness readiness = CheckDaemonAfterCase(why);
  std::string command_problem;
  if (!RunCommands(spec_.after_case, "after_case", &command_problem) &&
      readiness == SchedulerReadiness::kReady) {
    *why = "after this case, " + command_problem;
    readiness = SchedulerReadiness::kFailed;
  }
  return readiness;
}

std::string FileScheduler::LabelSuffix() const {
  std::string text;
  if (test_only_) {
    text += " TEST-ONLY(cpu backend: " + spec_.name + " scheduled nothing)";
  }
  if (!daemon_label_.empty()) text += " daemon=" + daemon_label_;
  return text;
}

std::vector<std::pair<std::string, std::string>> FileScheduler::ContextEntries()
    const {
  const std::string key = "xsb_scheduler_" + spec_.name;
  std::vector<std::pair<std::string, std::string>> entries;
  // The built-ins are named by the suite's version; a user's file by path.
  if (!IsBuiltin(spec_)) entries.emplace_back(key + "_file", spec_.source);
  if (!unavailable_.empty()) {
    entries.emplace_back(key + "_unavailable", unavailable_);
  }
  if (test_only_) {
    entries.emplace_back(key + "_test_only",
                         "cpu backend (--xsb_schedulers_allow_cpu): a test "
                         "of the pipeline; " +
                             spec_.name + " has nothing to schedule here");
  }
  return entries;
}

}  // namespace xsb
