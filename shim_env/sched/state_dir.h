// A scheduler's private folder for one xsb_bench run ({state_dir}):
// <parent>/xsb-<name>-<pid of xsb_bench>, mode 0700. One of that pattern
// whose process no longer exists is what a killed run left behind.
#ifndef XSB_SHIM_ENV_SCHED_STATE_DIR_H_
#define XSB_SHIM_ENV_SCHED_STATE_DIR_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace xsb {

// $TMPDIR when set and not empty, else /tmp.
std::string StateDirParent();

// parent/xsb-<name>-<pid>.
std::string StateDirPath(const std::string& parent, const std::string& name,
                         pid_t pid);

// The folders parent/xsb-<name>-<pid> whose pid does not exist (kill(pid,
// 0) fails with ESRCH), sorted; never a running process's.
std::vector<std::string> FindStaleStateDirs(const std::string& parent,
                                            const std::string& name);

// Creates `path` and any missing parent, the last with mode 0700; an
// existing folder of this user's is fine. False with *error naming the
// path and why (a link, or someone else's folder, in its place).
bool MakePrivateDir(const std::string& path, std::string* error);

// Removes `path` and everything under it; a path that is not there is
// fine. False with *error naming what could not be removed.
bool RemoveTree(const std::string& path, std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_SCHED_STATE_DIR_H_
