#include "shim_env/xsched/shim_probe.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "shim_env/base/proc_maps.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

bool IsShimOrDriver(const std::string& path) {
  const std::string name = path.substr(path.rfind('/') + 1);
  return StartsWith(name, "libshim") || StartsWith(name, "libcuda.so") ||
         StartsWith(name, "libamdhip64.so");
}

}  // namespace

std::vector<std::string> MappedShimLibraries(const std::string& maps_text) {
  std::vector<std::string> found;
  for (const std::string& path : MappedPaths(maps_text)) {
    if (IsShimOrDriver(path)) found.push_back(path);
  }
  return found;
}

namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
}

}  // namespace

std::string ReadSelfMaps() { return ReadProcessMaps(getpid()); }

std::vector<EnvironmentVariable> SchedulerVariables(const char* const* envp) {
  std::vector<EnvironmentVariable> vars;
  for (; *envp != nullptr; ++envp) {
    const std::string entry = *envp;
    const size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = entry.substr(0, eq);
    if (StartsWith(name, "XSCHED_") || StartsWith(name, "XLOG_")) {
      vars.emplace_back(name, entry.substr(eq + 1));
    }
  }
  std::sort(vars.begin(), vars.end());
  return vars;
}

std::vector<EnvironmentVariable> ProcessSchedulerVariables(int pid) {
  // NAME=VALUE entries, each ended by a NUL.
  const std::string block =
      ReadWhole("/proc/" + std::to_string(pid) + "/environ");
  std::vector<std::string> entries;
  for (size_t begin = 0; begin < block.size();) {
    size_t end = block.find('\0', begin);
    if (end == std::string::npos) end = block.size();
    entries.push_back(block.substr(begin, end - begin));
    begin = end + 1;
  }
  std::vector<const char*> envp;
  for (const std::string& entry : entries) envp.push_back(entry.c_str());
  envp.push_back(nullptr);
  return SchedulerVariables(envp.data());
}

}  // namespace xsb
