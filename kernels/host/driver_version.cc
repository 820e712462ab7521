#include "kernels/host/driver_version.h"

#include <sys/utsname.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// Digits and dots, starting and ending with a digit, with at least one dot.
bool LooksLikeVersion(const std::string& token) {
  if (token.empty() ||
      !std::isdigit(static_cast<unsigned char>(token.front())) ||
      !std::isdigit(static_cast<unsigned char>(token.back()))) {
    return false;
  }
  bool dot = false;
  for (char c : token) {
    if (c == '.') {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dot;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// "12.4" from CUDA's 12040.
std::string CudaVersionText(int version) {
  return std::to_string(version / 1000) + "." +
         std::to_string(version % 1000 / 10);
}

// The oldest driver branch that runs a CUDA major version (NVIDIA's CUDA
// release notes, "minimum required driver version for CUDA minor version
// compatibility", Linux); 0 where the table has no entry.
int MinimumDriverBranch(int cuda_major) {
  switch (cuda_major) {
    case 11:
      return 450;
    case 12:
      return 525;
    case 13:
      return 580;
    default:
      return 0;
  }
}

// 550 from "550.54.15"; 0 when there is no leading number.
int DriverBranch(const std::string& release) {
  int branch = 0;
  for (char c : release) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    branch = branch * 10 + (c - '0');
    if (branch > 100000) return 0;
  }
  return branch;
}

}  // namespace

std::string DescribeCudaDriverShortfall(int runtime_version,
                                        int driver_api_version,
                                        const std::string& driver_release) {
  if (runtime_version <= 0) return "";
  const int major = runtime_version / 1000;
  const int needed_branch = MinimumDriverBranch(major);
  const int branch = DriverBranch(driver_release);
  bool too_old = false;
  if (needed_branch > 0 && branch > 0) {
    too_old = branch < needed_branch;
  } else if (driver_api_version > 0) {
    // Within a major version, minor version compatibility lets an older
    // driver run a newer runtime.
    too_old = driver_api_version / 1000 < major;
  }
  if (!too_old) return "";
  const std::string needs =
      needed_branch > 0 ? "NVIDIA driver >= " + std::to_string(needed_branch)
                        : "an NVIDIA driver for CUDA " + std::to_string(major);
  std::string has = driver_release.empty() ? "a driver" : driver_release;
  if (driver_api_version > 0) {
    has += " (CUDA " + CudaVersionText(driver_api_version) + ")";
  }
  const std::string install =
      needed_branch > 0
          ? "install driver " + std::to_string(needed_branch) + " or newer"
          : "install a newer driver";
  std::string message = "CUDA " + CudaVersionText(runtime_version) +
                        " (this build) needs " + needs + ", this machine has " +
                        has + "; " + install;
  if (driver_api_version > 0) {
    message += ", or rebuild with a CUDA toolkit up to " +
               CudaVersionText(driver_api_version) +
               " (-DCMAKE_CUDA_COMPILER=<its nvcc>)";
  }
  return message;
}

std::string NvidiaDriverVersion(const std::string& proc_version_text) {
  std::istringstream lines(proc_version_text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!StartsWith(line, "NVRM version:")) continue;
    std::istringstream tokens(line);
    std::string token;
    while (tokens >> token) {
      if (LooksLikeVersion(token)) return token;
    }
  }
  return "";
}

std::string DescribeAmdgpuDriver(const std::string& module_version,
                                 const std::string& kernel_release) {
  const std::string version = Trim(module_version);
  if (!version.empty()) return "amdgpu " + version;
  return "amdgpu in Linux " + (kernel_release.empty()
                                   ? std::string("(unknown release)")
                                   : kernel_release);
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return in ? text.str() : "";
}

std::string KernelRelease() {
  utsname uts{};
  return uname(&uts) == 0 ? uts.release : "";
}

}  // namespace xsb
