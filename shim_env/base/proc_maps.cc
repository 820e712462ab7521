#include "shim_env/base/proc_maps.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace xsb {
namespace {

// The pathname field of one maps line: what follows address, permissions,
// offset, device and inode. Empty for anonymous mappings.
std::string PathOfMapsLine(const std::string& line) {
  size_t pos = 0;
  for (int field = 0; field < 5; ++field) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string::npos) return "";
    pos = line.find(' ', pos);
    if (pos == std::string::npos) return "";
  }
  pos = line.find_first_not_of(' ', pos);
  return pos == std::string::npos ? "" : line.substr(pos);
}

}  // namespace

std::vector<std::string> MappedPaths(const std::string& maps_text) {
  std::vector<std::string> found;
  std::istringstream lines(maps_text);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string path = PathOfMapsLine(line);
    if (path.empty() || path[0] != '/') continue;
    if (std::find(found.begin(), found.end(), path) == found.end()) {
      found.push_back(path);
    }
  }
  return found;
}

std::string ReadProcessMaps(pid_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  return std::string(std::istreambuf_iterator<char>(maps),
                     std::istreambuf_iterator<char>());
}

}  // namespace xsb
