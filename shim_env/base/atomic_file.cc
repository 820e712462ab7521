#include "shim_env/base/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "shim_env/base/unique_fd.h"
#include "shim_env/base/write_all.h"

namespace xsb {
namespace {

constexpr char kTemporaryInfix[] = ".tmp-";

// The pid in a name's "<digits>" suffix; 0 when it is not a plain positive
// number that fits a pid_t (kill(0, ...) would mean the process group).
pid_t ParsePid(const std::string& digits) {
  if (digits.empty() || digits.size() > 10) return 0;
  long long value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value <= INT_MAX ? static_cast<pid_t>(value) : 0;
}

bool ProcessIsGone(pid_t pid) { return kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

std::string TemporaryPath(const std::string& path, pid_t pid) {
  return path + kTemporaryInfix + std::to_string(static_cast<long>(pid));
}

std::string ParentDirectory(const std::string& path) {
  if (path.empty()) return ".";
  size_t end = path.find_last_not_of('/');
  if (end == std::string::npos) return "/";
  const size_t slash = path.rfind('/', end);
  if (slash == std::string::npos) return ".";
  end = path.find_last_not_of('/', slash);
  return end == std::string::npos ? "/" : path.substr(0, end + 1);
}

std::vector<std::string> RemoveStaleTemporaryFiles(
    const std::string& dir,
    const std::function<bool(const std::string& target)>& is_target) {
  std::vector<std::string> removed;
  DIR* listing = opendir(dir.c_str());
  if (listing == nullptr) return removed;
  while (const dirent* entry = readdir(listing)) {
    const std::string name = entry->d_name;
    const size_t infix = name.rfind(kTemporaryInfix);
    if (infix == std::string::npos || infix == 0) continue;
    const pid_t pid = ParsePid(name.substr(infix + sizeof kTemporaryInfix - 1));
    if (pid <= 0 || !is_target(name.substr(0, infix))) continue;
    struct stat info;
    if (fstatat(dirfd(listing), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) !=
            0 ||
        !S_ISREG(info.st_mode) || !ProcessIsGone(pid)) {
      continue;
    }
    if (unlinkat(dirfd(listing), entry->d_name, 0) == 0) {
      removed.push_back(dir + "/" + name);
    }
  }
  closedir(listing);
  return removed;
}

bool WriteFileAtomically(const std::string& path, const std::string& contents,
                         std::string* error) {
  // Beside the target, so the rename stays within one file system.
  const std::string temporary = TemporaryPath(path, getpid());
  auto fail = [&](const char* what) {
    *error = std::string("cannot ") + what + " " + path + ": " +
             std::strerror(errno);
    unlink(temporary.c_str());
    return false;
  };
  {
    UniqueFd fd(open(temporary.c_str(),
                     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid()) {
      *error = "cannot write " + path + ": " + std::strerror(errno);
      return false;
    }
    if (!WriteAll(fd.get(), contents)) return fail("write");
    if (fsync(fd.get()) != 0) return fail("flush");
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) return fail("replace");
  return true;
}

}  // namespace xsb
