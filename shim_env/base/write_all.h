// Writing a whole buffer to a pipe or file descriptor.
#ifndef XSB_SHIM_ENV_BASE_WRITE_ALL_H_
#define XSB_SHIM_ENV_BASE_WRITE_ALL_H_

#include <string>

namespace xsb {

// Writes all of `data`, or returns false with errno set. A reader that has
// gone would raise SIGPIPE, which kills a caller that has not ignored it;
// it is blocked for the write and consumed if raised, so the failure is an
// EPIPE error instead.
bool WriteAll(int fd, const std::string& data);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_WRITE_ALL_H_
