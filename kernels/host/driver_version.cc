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

}  // namespace

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
