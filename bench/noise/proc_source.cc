#include "bench/noise/proc_source.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace xsb {
namespace {

class ProcFs : public ProcSource {
 public:
  explicit ProcFs(std::string root) : root_(std::move(root)) {}

  bool Read(const std::string& name, std::string* text) override {
    std::ifstream file(root_ + "/" + name);
    if (!file) return false;
    std::ostringstream content;
    content << file.rdbuf();
    if (file.bad()) return false;
    *text = content.str();
    return true;
  }

  std::vector<int64_t> Pids() override {
    std::vector<int64_t> pids;
    const std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(root_.c_str()),
                                                  closedir);
    if (dir == nullptr) return pids;
    while (const dirent* entry = readdir(dir.get())) {
      const std::string name = entry->d_name;
      if (!name.empty() &&
          name.find_first_not_of("0123456789") == std::string::npos) {
        pids.push_back(std::stoll(name));
      }
    }
    return pids;
  }

  int64_t TicksPerSecond() override {
    const long ticks = sysconf(_SC_CLK_TCK);
    return ticks > 0 ? ticks : 100;
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<ProcSource> OpenProcFs(const std::string& root) {
  return std::make_unique<ProcFs>(root);
}

}  // namespace xsb
