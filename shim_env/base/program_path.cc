#include "shim_env/base/program_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace xsb {

std::string SelfExecutable() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : "";
}

std::string BesideSelf(const std::string& name) {
  const std::string self = SelfExecutable();
  if (self.empty()) return name;
  return self.substr(0, self.rfind('/') + 1) + name;
}

bool CheckExecutableFile(const std::string& path, std::string* error) {
  struct stat info {};
  if (path.empty()) {
    *error = "is empty";
  } else if (stat(path.c_str(), &info) != 0) {
    *error = path + ": " +
             (errno == ENOENT ? std::string("no such file")
                              : std::string(std::strerror(errno)));
  } else if (S_ISDIR(info.st_mode)) {
    *error = path + ": is a folder, not a program";
  } else if (access(path.c_str(), X_OK) != 0) {
    *error = path + ": not executable (" + std::strerror(errno) + ")";
  } else {
    return true;
  }
  return false;
}

namespace {

std::string Absolute(const std::string& path) {
  if (path[0] == '/') return path;
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) == nullptr) return path;
  return std::string(cwd) + "/" + path;
}

}  // namespace

bool FindProgram(const std::string& word, const std::string& search_path,
                 std::string* path, std::string* error) {
  if (word.empty()) {
    *error = "names no program";
    return false;
  }
  if (word.find('/') != std::string::npos) {
    if (!CheckExecutableFile(word, error)) return false;
    *path = Absolute(word);
    return true;
  }
  std::stringstream folders(search_path);
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    // An empty entry is the working directory, as for execvp.
    const std::string candidate = (folder.empty() ? "." : folder) + "/" + word;
    std::string ignored;
    if (CheckExecutableFile(candidate, &ignored)) {
      *path = Absolute(candidate);
      return true;
    }
  }
  *error = "'" + word + "' is not an executable file in any folder of PATH (" +
           search_path + ")";
  return false;
}

std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
  if (folder.empty()) folder = "/";
  if (folder[0] == '/') return folder;
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) == nullptr) return folder;
  return folder == "." ? cwd : std::string(cwd) + "/" + folder;
}

}  // namespace xsb
