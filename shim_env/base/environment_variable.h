// One NAME=VALUE pair set on a child process, on top of the inherited
// environment.
#ifndef XSB_SHIM_ENV_BASE_ENVIRONMENT_VARIABLE_H_
#define XSB_SHIM_ENV_BASE_ENVIRONMENT_VARIABLE_H_

#include <string>
#include <utility>

namespace xsb {

using EnvironmentVariable = std::pair<std::string, std::string>;

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_ENVIRONMENT_VARIABLE_H_
