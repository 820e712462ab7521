// A stand-in for a program a worker starts (a user's model under exec:, a
// helper a shim runs) in tests/integration/gpu_check_test.py: copies its
// own /proc/self/environ and /proc/self/maps to DIR/NAME-PID.environ and
// DIR/NAME-PID.maps, so the test reads the environment and the libraries
// such a child really got. C++ on purpose: it loads libstdc++, and the
// path it maps shows whose copy a child of the suite gets.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xsb_env_dump DIR NAME\n";
    return 2;
  }
  const std::string base =
      std::string(argv[1]) + "/" + argv[2] + "-" + std::to_string(getpid());
  for (const std::string what : {"environ", "maps"}) {
    std::ifstream in("/proc/self/" + what, std::ios::binary);
    std::ofstream out(base + "." + what, std::ios::binary);
    out << in.rdbuf();
    if (!in || !out) {
      std::cerr << "xsb_env_dump: cannot copy /proc/self/" << what << " to "
                << base << "." << what << "\n";
      return 1;
    }
  }
  return 0;
}
