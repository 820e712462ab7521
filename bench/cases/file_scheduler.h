// A scheduler as its file describes it (shim_env/plan/scheduler_spec.h),
// over one xsb_bench run: its requirements, its private state folder (and
// what a killed run left), its daemon, the commands around each case and
// the proof of activation of each worker.
#ifndef XSB_BENCH_CASES_FILE_SCHEDULER_H_
#define XSB_BENCH_CASES_FILE_SCHEDULER_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/cases/scheduler_runtime.h"
#include "shim_env/sched/scheduler_daemon.h"

namespace xsb {

class FileScheduler : public SchedulerRuntime {
 public:
  struct Setup {
    Backend backend = Backend::kCpu;  // what the workers run
    // Every point its cases use: each is planned up front, so a missing
    // {env:NAME} makes the scheduler unavailable instead of failing a case.
    std::vector<SweepPoint> sweep = {{}};
    // For {env:NAME} and the requirements; null: this process's.
    std::function<const char*(const char*)> getenv;
    std::string state_parent;      // "": StateDirParent()
    pid_t owner = 0;               // 0: this process; names the state folder
    std::function<bool()> cancel;  // a Ctrl+C while a daemon starts
    std::string inherited_ld_preload;
    std::string inherited_ld_library_path;
  };

  FileScheduler(const SchedulerSpec& spec, const Setup& setup);
  // Stops a daemon it runs and removes its state folder.
  ~FileScheduler() override;
  FileScheduler(const FileScheduler&) = delete;
  FileScheduler& operator=(const FileScheduler&) = delete;

  const SchedulerSpec& spec() const override { return spec_; }
  const std::string& unavailable() const override { return unavailable_; }
  bool test_only() const override { return test_only_; }
  bool plan_only() const override { return spec_.IsPlanOnly(); }
  const std::string& state_dir() const { return state_dir_; }

  SchedulerReadiness Prepare(const std::string& case_name,
                             std::string* why) override;
  bool Plan(WorkerRole role, const SweepPoint& point, WorkerLaunchPlan* plan,
            std::string* error) const override;
  bool CheckWorker(WorkerRole role, const SweepPoint& point,
                   const WorkerLaunchPlan& plan, const ReadyMessage& ready,
                   const std::string& worker_stderr, std::string* evidence,
                   std::string* error) override;
  SchedulerReadiness AfterCase(const std::string& case_name,
                               std::string* why) override;
  std::string LabelSuffix() const override;
  std::vector<std::pair<std::string, std::string>> ContextEntries()
      const override;

  // What the first Prepare cleaned up of killed runs, one line each (also
  // printed on stderr).
  const std::vector<std::string>& stale_notes() const { return stale_notes_; }

 private:
  SubstitutionValues Values(const std::string& state_dir) const;
  SubstitutionValues RoleValues(WorkerRole role, const SweepPoint& point) const;
  std::string CheckAvailable() const;
  bool DaemonOptionsFor(const std::string& state_dir, DaemonOptions* options,
                        std::string* error) const;
  void CleanStaleState();
  bool PrepareStateDir(std::string* why);
  bool RunCommands(const std::vector<std::vector<std::string>>& commands,
                   const std::string& when, std::string* why) const;
  bool StartDaemon(std::string* why);
  SchedulerReadiness CheckDaemonAfterCase(std::string* why);

  const SchedulerSpec& spec_;
  Setup setup_;
  bool test_only_ = false;
  std::string unavailable_;
  std::string state_dir_;
  bool state_dir_made_ = false;
  std::vector<EnvironmentVariable> command_env_;
  std::unique_ptr<SchedulerDaemon> daemon_;
  std::string daemon_failure_;  // sticky: a start that failed, a death
  std::string daemon_label_;    // the last started daemon, for labels
  std::vector<std::string> stale_notes_;
};

}  // namespace xsb

#endif  // XSB_BENCH_CASES_FILE_SCHEDULER_H_
