#include "shim_env/sched/state_dir.h"

#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// The pid in "xsb-<name>-<pid>", or 0 when `entry` is not of that pattern.
pid_t PidOfEntry(const std::string& entry, const std::string& name) {
  const std::string prefix = "xsb-" + name + "-";
  if (!StartsWith(entry, prefix) || entry.size() == prefix.size()) return 0;
  const std::string digits = entry.substr(prefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos ||
      digits.size() > 9) {
    return 0;
  }
  return static_cast<pid_t>(std::atol(digits.c_str()));
}

int RemoveOne(const char* path, const struct stat*, int, struct FTW*) {
  return remove(path);
}

}  // namespace

std::string StateDirParent() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

std::string StateDirPath(const std::string& parent, const std::string& name,
                         pid_t pid) {
  return parent + "/xsb-" + name + "-" + std::to_string(pid);
}

std::vector<std::string> FindStaleStateDirs(const std::string& parent,
                                            const std::string& name) {
  std::vector<std::string> stale;
  DIR* dir = opendir(parent.c_str());
  if (dir == nullptr) return stale;
  while (const dirent* entry = readdir(dir)) {
    const pid_t pid = PidOfEntry(entry->d_name, name);
    if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) {
      stale.push_back(parent + "/" + entry->d_name);
    }
  }
  closedir(dir);
  std::sort(stale.begin(), stale.end());
  return stale;
}

bool MakePrivateDir(const std::string& path, std::string* error) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    const bool last = slash == std::string::npos;
    if (mkdir(prefix.c_str(), last ? 0700 : 0755) != 0 && errno != EEXIST) {
      *error = "cannot create " + prefix + ": " + std::strerror(errno);
      return false;
    }
    if (last) break;
  }
  // Under a shared /tmp, a folder someone else made (or a link) in its
  // place would hand them the daemon's sockets.
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) ||
      info.st_uid != geteuid()) {
    *error = path + " is not a folder of this user's";
    return false;
  }
  return true;
}

bool RemoveTree(const std::string& path, std::string* error) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0 && errno == ENOENT) return true;
  if (nftw(path.c_str(), RemoveOne, 16, FTW_DEPTH | FTW_PHYS) != 0) {
    *error = "cannot remove " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace xsb
