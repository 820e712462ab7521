// The built-in schedulers: the files of the top-level schedulers/ folder,
// compiled in (cmake/EmbedSchedulers.cmake), so xsb_bench finds them
// wherever it is copied. They are read by the same ParseSchedulerFile as a
// user's own.
#ifndef XSB_SHIM_ENV_PLAN_BUILTIN_SCHEDULERS_H_
#define XSB_SHIM_ENV_PLAN_BUILTIN_SCHEDULERS_H_

#include <string>
#include <vector>

#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

struct BuiltinSchedulerFile {
  const char* name;  // schedulers/<name>.json
  const char* text;
};

// In the order cases are registered (XSB_BUILTIN_SCHEDULERS in
// shim_env/plan/CMakeLists.txt). Generated at configure time.
const std::vector<BuiltinSchedulerFile>& BuiltinSchedulerFiles();

// Each built-in file parsed, in that order. A file that does not parse is
// a defect of the build (tests/unit/scheduler_file_test.cc parses each):
// its message is printed and the process aborts.
const std::vector<SchedulerSpec>& BuiltinSchedulers();

// The built-in of that name, or null.
const SchedulerSpec* FindBuiltinScheduler(const std::string& name);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_BUILTIN_SCHEDULERS_H_
