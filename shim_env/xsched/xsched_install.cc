#include "shim_env/xsched/xsched_install.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "shim_env/plan/xsched_plan.h"

namespace xsb {
namespace {

// realpath(3) into a std::string; empty when the path does not resolve.
std::string ResolvedPath(const std::string& path) {
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) != nullptr ? resolved : "";
}

}  // namespace

bool CheckXschedRoot(const std::string& root, const std::string& source,
                     std::string* error) {
  const std::string named = source + " " + root;
  struct stat info {};
  if (stat(root.c_str(), &info) != 0) {
    *error = named + " does not exist";
    return false;
  }
  if (!S_ISDIR(info.st_mode)) {
    *error = named + " is not a folder";
    return false;
  }
  return true;
}

bool FindXschedInstall(const std::string& root, const std::string& source,
                       Backend backend, bool need_xserver,
                       XschedInstall* install, std::string* error) {
  if (root.empty()) {
    *error =
        "no XSched install given: pass --xsched_root=DIR or set XSCHED_ROOT "
        "(see docs/xsched.md)";
    return false;
  }
  if (!CheckXschedRoot(root, source, error)) return false;
  const std::string named = source + " " + root;
  struct stat info {};
  XschedInstall found;
  found.root = ResolvedPath(root);
  found.lib_dir = found.root + "/lib";
  const std::string shim_name = XschedShimFileName(backend);
  found.shim_file = found.lib_dir + "/" + shim_name;
  found.shim_mapped_path = ResolvedPath(found.shim_file);
  // Everything missing at once, so one fix gets the install working.
  std::vector<std::string> missing;
  if (found.shim_mapped_path.empty() ||
      stat(found.shim_mapped_path.c_str(), &info) != 0 ||
      !S_ISREG(info.st_mode)) {
    missing.push_back("no lib/" + shim_name +
                      (ShimLoadingFor(backend) == ShimLoading::kLibraryPath
                           ? " (XSched's CUDA shim, a link to libshimcuda.so)"
                           : ""));
  }
  if (need_xserver) {
    found.xserver = found.root + "/bin/xserver";
    if (access(found.xserver.c_str(), F_OK) != 0) {
      missing.push_back(
          "no bin/xserver to start the daemon with (or start one yourself "
          "and pass --xsched_server=external)");
    } else if (access(found.xserver.c_str(), X_OK) != 0) {
      missing.push_back("a bin/xserver that is not executable");
    }
  }
  if (!missing.empty()) {
    *error = named + " has " + missing[0];
    for (size_t i = 1; i < missing.size(); ++i) *error += ", and " + missing[i];
    return false;
  }
  *install = found;
  return true;
}

}  // namespace xsb
