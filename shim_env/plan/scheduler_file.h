// Reading a scheduler file (docs/schedulers.md): JSON text -> SchedulerSpec,
// or one line naming the file, the field and what is allowed. Pure: the
// caller reads the file.
#ifndef XSB_SHIM_ENV_PLAN_SCHEDULER_FILE_H_
#define XSB_SHIM_ENV_PLAN_SCHEDULER_FILE_H_

#include <string>
#include <vector>

#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

// Parses `text`, the file `source` (as the user named it, for messages),
// whose folder is `file_dir` ("" for a built-in: {file_dir} is then not
// allowed). False with *error, e.g. "my.json: roles.lp.stream_priority:
// 'low' is not one of default, highest, lowest".
bool ParseSchedulerFile(const std::string& text, const std::string& source,
                        const std::string& file_dir, SchedulerSpec* out,
                        std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_SCHEDULER_FILE_H_
