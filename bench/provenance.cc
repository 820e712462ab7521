#include "bench/provenance.h"

#include <vector>

#include "shim_env/base/text.h"

namespace xsb {

std::string ShellCommandLine(int argc, char** argv) {
  return JoinCommandWords(std::vector<std::string>(argv, argv + argc));
}

}  // namespace xsb
