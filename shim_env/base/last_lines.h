// The end of a process's output, for one-line error messages.
#ifndef XSB_SHIM_ENV_BASE_LAST_LINES_H_
#define XSB_SHIM_ENV_BASE_LAST_LINES_H_

#include <cstddef>
#include <string>

namespace xsb {

// The last `count` non-empty lines of `text`, joined by " | ".
std::string LastLines(const std::string& text, size_t count);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_LAST_LINES_H_
