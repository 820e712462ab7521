// What the CUDA driver does in an MPS client, faked for the CPU backend: an
// xsb_worker that loads this library (LD_PRELOAD) and finds
// CUDA_MPS_PIPE_DIRECTORY set connects to the control daemon there (the
// fake nvidia-cuda-mps-control beside it) and announces its pid, so the
// daemon logs it as a client. Other programs that inherit the preload are
// left alone.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

bool IsWorker() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  const char* name = std::strrchr(path, '/');
  return std::strcmp(name != nullptr ? name + 1 : path, "xsb_worker") == 0;
}

__attribute__((constructor)) void ConnectLikeAnMpsClient() {
  const char* pipe_dir = std::getenv("CUDA_MPS_PIPE_DIRECTORY");
  if (pipe_dir == nullptr || !IsWorker()) return;
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s/control",
                pipe_dir);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address),
              sizeof address) == 0) {
    const std::string hello = "client " + std::to_string(getpid()) + "\n";
    (void)!write(fd, hello.data(), hello.size());
    char reply[64];
    (void)!read(fd, reply, sizeof reply);  // served once the daemon logged it
  }
  close(fd);
}

}  // namespace
