#include "bench/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "shim_env/unique_fd.h"
#include "shim_env/write_all.h"

namespace xsb {

bool WriteFileAtomically(const std::string& path, const std::string& contents,
                         std::string* error) {
  // Beside the target, so the rename stays within one file system.
  const std::string temporary =
      path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
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
