// The files mapped into a process, as /proc/<pid>/maps lists them.
#ifndef XSB_SHIM_ENV_BASE_PROC_MAPS_H_
#define XSB_SHIM_ENV_BASE_PROC_MAPS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace xsb {

// The absolute paths in `maps_text` (the format of /proc/<pid>/maps), each
// once, in the order they first appear; anonymous and special mappings
// ([heap], [vdso]) are left out. The kernel shows the file a symlink
// points to.
std::vector<std::string> MappedPaths(const std::string& maps_text);

// /proc/<pid>/maps; "" when it cannot be read (gone, or not ours).
std::string ReadProcessMaps(pid_t pid);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_PROC_MAPS_H_
