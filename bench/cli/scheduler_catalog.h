// Every scheduler a run knows: the built-ins (schedulers/, compiled in),
// then the files --xsb_scheduler_file loaded, in that order; and the sweep
// points of each one's cases.
#ifndef XSB_BENCH_CLI_SCHEDULER_CATALOG_H_
#define XSB_BENCH_CLI_SCHEDULER_CATALOG_H_

#include <string>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "bench/cli/suite_options.h"
#include "shim_env/plan/scheduler_plan.h"
#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

// The built-ins, then options.scheduler_files.
std::vector<const SchedulerSpec*> SchedulerCatalog(const SuiteOptions& options);

// The scheduler of that name, or null.
const SchedulerSpec* FindScheduler(const SuiteOptions& options,
                                   const std::string& name);

// "baseline, os-priority, ..." (the built-ins and the loaded files').
std::string KnownSchedulerNames(const SuiteOptions& options);

// Whether XSched's C++ (XschedSession) runs this scheduler's cases.
bool IsXschedEngine(const SchedulerSpec& spec);

// The setter of --xsb_scheduler_file: reads PATH, parses it and appends it
// to `files`; one line naming the file when it cannot be read or parsed,
// or when its name is a built-in's or an earlier file's.
Setter SchedulerFileFlag(std::vector<SchedulerSpec>* files);

// Every --xsb_schedulers name is a known scheduler: one line per unknown
// name in *problems.
void ValidateSchedulerNames(const SuiteOptions& options,
                            std::vector<std::string>* problems);

// One point per case of `spec`, in registration order: the file's
// parameters (every combination), or for the xsched engine the pairs of
// --xsched_lp_thresholds and --xsched_lp_batch_sizes (XschedLpSweep) under
// the file's two parameter names.
std::vector<SweepPoint> SchedulerSweep(const SchedulerSpec& spec,
                                       const SuiteOptions& options);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_SCHEDULER_CATALOG_H_
