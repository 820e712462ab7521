// Finding the parts of an XSched install (lib/ and bin/) that the xsched
// scheduler needs, with one line naming what is missing.
#ifndef XSB_SHIM_ENV_XSCHED_XSCHED_INSTALL_H_
#define XSB_SHIM_ENV_XSCHED_XSCHED_INSTALL_H_

#include <string>

#include "kernels/workload.h"

namespace xsb {

struct XschedInstall {
  std::string root;     // absolute, symlinks resolved
  std::string lib_dir;  // root/lib: where the workers load the shim from
  // The shim as the workers name it (lib_dir/libshimhip.so or
  // lib_dir/libcuda.so.1) and as the kernel will show it mapped (symlinks
  // resolved: libcuda.so.1 -> libshimcuda.so).
  std::string shim_file;
  std::string shim_mapped_path;
  std::string xserver;  // root/bin/xserver; empty when not needed
};

// Whether `root` (as the user gave it; `source` says where:
// "--xsched_root" or "XSCHED_ROOT") is an existing folder. False with
// *error, e.g. "--xsched_root /opt/xsched-typo does not exist": a path the
// user typed, so the caller reports it as bad usage, not as a skip.
bool CheckXschedRoot(const std::string& root, const std::string& source,
                     std::string* error);

// Checks `root` (as the user gave it; `source` says where: "--xsched_root"
// or "XSCHED_ROOT") for the shim that `backend` loads and, when
// `need_xserver`, for an executable bin/xserver. False with *error, e.g.
// "XSCHED_ROOT /opt/x has no lib/libshimhip.so".
bool FindXschedInstall(const std::string& root, const std::string& source,
                       Backend backend, bool need_xserver,
                       XschedInstall* install, std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_XSCHED_XSCHED_INSTALL_H_
