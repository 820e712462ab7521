#include "shim_env/plan/builtin_schedulers.h"

#include <cstdio>
#include <cstdlib>

#include "shim_env/plan/scheduler_file.h"

namespace xsb {

const std::vector<SchedulerSpec>& BuiltinSchedulers() {
  static const std::vector<SchedulerSpec> specs = [] {
    std::vector<SchedulerSpec> parsed;
    for (const BuiltinSchedulerFile& file : BuiltinSchedulerFiles()) {
      SchedulerSpec spec;
      std::string error;
      const std::string source =
          std::string("built-in schedulers/") + file.name + ".json";
      if (!ParseSchedulerFile(file.text, source, "", &spec, &error)) {
        std::fprintf(stderr, "xsb: %s\n", error.c_str());
        std::abort();
      }
      parsed.push_back(spec);
    }
    return parsed;
  }();
  return specs;
}

const SchedulerSpec* FindBuiltinScheduler(const std::string& name) {
  for (const SchedulerSpec& spec : BuiltinSchedulers()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace xsb
