// Replacing a file so that readers see either the old or the new contents,
// never a torn one, even if the writer is killed half-way.
#ifndef XSB_SHIM_ENV_BASE_ATOMIC_FILE_H_
#define XSB_SHIM_ENV_BASE_ATOMIC_FILE_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace xsb {

// Writes `contents` to a temporary file beside `path` (TemporaryPath),
// flushes it to disk and renames it over `path`. Returns false with *error
// naming the path and the cause; the temporary file is removed on failure.
bool WriteFileAtomically(const std::string& path, const std::string& contents,
                         std::string* error);

// The temporary file process `pid` writes for `path`: "<path>.tmp-<pid>".
std::string TemporaryPath(const std::string& path, pid_t pid);

// The directory holding `path`: "." for a bare name, "/" for "/x".
std::string ParentDirectory(const std::string& path);

// Removes the temporary files that writers killed half-way (SIGKILL, a
// power cut) left in `dir`: regular files named "<target>.tmp-<pid>" where
// is_target(<target>) holds and no process <pid> exists (kill(pid, 0) fails
// with ESRCH). A file of a running process, whatever that process is, stays.
// Returns the paths removed; a directory that cannot be read removes none.
std::vector<std::string> RemoveStaleTemporaryFiles(
    const std::string& dir,
    const std::function<bool(const std::string& target)>& is_target);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_ATOMIC_FILE_H_
