#include "bench/cli/scheduler_catalog.h"

#include <unistd.h>

#include <fstream>
#include <iterator>

#include "shim_env/base/program_path.h"
#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/scheduler_file.h"
#include "shim_env/plan/xsched_plan.h"

namespace xsb {

std::vector<const SchedulerSpec*> SchedulerCatalog(
    const SuiteOptions& options) {
  std::vector<const SchedulerSpec*> all;
  for (const SchedulerSpec& spec : BuiltinSchedulers()) all.push_back(&spec);
  for (const SchedulerSpec& spec : options.scheduler_files) {
    all.push_back(&spec);
  }
  return all;
}

const SchedulerSpec* FindScheduler(const SuiteOptions& options,
                                   const std::string& name) {
  for (const SchedulerSpec* spec : SchedulerCatalog(options)) {
    if (spec->name == name) return spec;
  }
  return nullptr;
}

std::string KnownSchedulerNames(const SuiteOptions& options) {
  std::string names;
  for (const SchedulerSpec* spec : SchedulerCatalog(options)) {
    names += (names.empty() ? "" : ", ") + spec->name;
  }
  return names;
}

bool IsXschedEngine(const SchedulerSpec& spec) {
  return spec.engine == kXschedSchedulerName;
}

Setter SchedulerFileFlag(std::vector<SchedulerSpec>* files) {
  return [files](const std::string& path, std::string* error) {
    std::ifstream in(path);
    if (path.empty() || !in) {
      *error = "cannot read '" + path + "'";
      return false;
    }
    const std::string text((std::istreambuf_iterator<char>(in)),
                           std::istreambuf_iterator<char>());
    SchedulerSpec spec;
    if (!ParseSchedulerFile(text, path, FolderOf(path), &spec, error)) {
      return false;
    }
    const SchedulerSpec* builtin = FindBuiltinScheduler(spec.name);
    for (const SchedulerSpec& earlier : *files) {
      if (earlier.name == spec.name) builtin = &earlier;
    }
    if (builtin != nullptr) {
      *error = path + ": name: '" + spec.name + "' is taken by " +
               builtin->source + "; give the scheduler another name";
      return false;
    }
    files->push_back(spec);
    return true;
  };
}

void ValidateSchedulerNames(const SuiteOptions& options,
                            std::vector<std::string>* problems) {
  for (const std::string& name : options.schedulers) {
    if (FindScheduler(options, name) == nullptr) {
      problems->push_back("--xsb_schedulers: unknown scheduler '" + name +
                          "' (known: " + KnownSchedulerNames(options) +
                          "; --xsb_scheduler_file=PATH adds one)");
    }
  }
}

std::vector<SweepPoint> SchedulerSweep(const SchedulerSpec& spec,
                                       const SuiteOptions& options) {
  if (!IsXschedEngine(spec) || spec.params.size() != 2) {
    return SweepPoints(spec);
  }
  std::vector<std::string> left_out;
  std::vector<SweepPoint> points;
  for (const XschedSweepPoint& p : XschedLpSweep(options.xsched, &left_out)) {
    points.push_back({{spec.params[0].name, std::to_string(p.threshold)},
                      {spec.params[1].name, std::to_string(p.batch_size)}});
  }
  return points;
}

}  // namespace xsb
