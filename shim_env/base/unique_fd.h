// Owns one file descriptor and closes it exactly once.
#ifndef XSB_SHIM_ENV_BASE_UNIQUE_FD_H_
#define XSB_SHIM_ENV_BASE_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace xsb {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_UNIQUE_FD_H_
