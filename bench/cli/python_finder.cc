#include "bench/cli/python_finder.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>

#include "shim_env/base/child_process.h"
#include "shim_env/base/program_path.h"

namespace xsb {
namespace {

// An import of torch on a loaded machine can take tens of seconds.
constexpr int64_t kImportTimeoutNs = 120'000'000'000;

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + item;
  }
  return text;
}

// Whether `python` imports every module (a Python 3, when none).
bool Imports(const std::string& python,
             const std::vector<std::string>& modules) {
  std::string code = "import sys; assert sys.version_info[0] == 3";
  for (const std::string& module : modules) code += "; import " + module;
  std::string ignored;
  // Its output (an ImportError's traceback) is read by no one: the pipes
  // hold far more than a traceback.
  std::unique_ptr<ChildProcess> child =
      ChildProcess::Spawn(python, {"-c", code}, {}, &ignored);
  if (child == nullptr) return false;
  child->CloseStdin();
  if (!child->WaitForExit(kImportTimeoutNs)) return false;
  const int status = child->wait_status();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::vector<std::string> PythonCandidates(const char* xsb_python,
                                          const std::string& search_path) {
  std::vector<std::string> candidates;
  auto add = [&candidates](const std::string& path) {
    if (!path.empty() && std::find(candidates.begin(), candidates.end(),
                                   path) == candidates.end()) {
      candidates.push_back(path);
    }
  };
  if (xsb_python != nullptr) add(xsb_python);
  std::string on_path;
  std::string ignored;
  if (FindProgram("python3", search_path, &on_path, &ignored)) add(on_path);
  add("/usr/bin/python3");
  return candidates;
}

namespace {

struct Search {
  std::string python;  // "" when none was found
  std::string error;
};

Search SearchPython(const std::vector<std::string>& modules) {
  const char* path = std::getenv("PATH");
  const std::vector<std::string> candidates =
      PythonCandidates(std::getenv("XSB_PYTHON"), path ? path : "");
  for (const std::string& candidate : candidates) {
    std::string not_executable;
    if (CheckExecutableFile(candidate, &not_executable) &&
        Imports(candidate, modules)) {
      return {candidate, ""};
    }
  }
  std::string packages;
  for (const std::string& module : modules) packages += " python3-" + module;
  return {"", "no Python 3 " +
                  (modules.empty() ? std::string("found")
                                   : "that imports " + Joined(modules)) +
                  " (tried " + Joined(candidates) + "); install " +
                  (modules.empty() ? "python3" : "Debian's" + packages) +
                  " or point XSB_PYTHON at a Python that has them"};
}

}  // namespace

bool FindPython(const std::vector<std::string>& modules, std::string* python,
                std::string* error) {
  static std::map<std::vector<std::string>, Search> searched;
  auto it = searched.find(modules);
  if (it == searched.end()) {
    it = searched.emplace(modules, SearchPython(modules)).first;
  }
  if (it->second.python.empty()) {
    *error = it->second.error;
    return false;
  }
  *python = it->second.python;
  return true;
}

}  // namespace xsb
