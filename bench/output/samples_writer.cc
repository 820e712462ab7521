#include "bench/output/samples_writer.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "shim_env/base/atomic_file.h"

namespace xsb {
namespace {

bool IsSafeFileNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

std::string ErrnoText() { return std::strerror(errno); }

}  // namespace

std::string SamplesFileName(const std::string& case_name, int repetition) {
  std::string name = case_name;
  for (char& c : name) {
    if (!IsSafeFileNameChar(c)) c = '_';
  }
  return name + ".rep" + std::to_string(repetition) + ".json";
}

bool CheckSamplesDir(const std::string& dir, std::string* error) {
  if (dir.empty()) {
    *error = "is empty";
    return false;
  }
  // Writing is the only test that holds for root too (access(2) says yes
  // to root on any mode) and on read-only or virtual file systems.
  struct stat info;
  if (stat(dir.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode)) {
      *error = "'" + dir + "' is not a directory";
      return false;
    }
    const std::string probe =
        TemporaryPath(dir + "/.xsb_write_probe", getpid());
    const int fd =
        open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      *error = "'" + dir + "' is not writable: " + ErrnoText();
      return false;
    }
    close(fd);
    unlink(probe.c_str());
    return true;
  }
  if (errno != ENOENT) {
    *error = "cannot create '" + dir + "': " + ErrnoText();
    return false;
  }
  // Created and removed again: the folder itself is made only once cases
  // run (PrepareSamplesDir).
  if (mkdir(dir.c_str(), 0777) != 0) {
    *error = "cannot create '" + dir + "': " + ErrnoText();
    return false;
  }
  rmdir(dir.c_str());
  return true;
}

bool PrepareSamplesDir(const std::string& dir, std::string* error) {
  if (!CheckSamplesDir(dir, error)) return false;
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
    *error = "cannot create '" + dir + "': " + ErrnoText();
    return false;
  }
  struct stat info;
  if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    *error = "'" + dir + "' is not a directory";
    return false;
  }
  RemoveStaleTemporaryFiles(dir, [](const std::string& target) {
    constexpr char kSuffix[] = ".json";
    constexpr size_t kLength = sizeof kSuffix - 1;
    return target.size() > kLength &&
           target.compare(target.size() - kLength, kLength, kSuffix) == 0;
  });
  return true;
}

std::string SamplesJson(const std::string& case_name, int repetition,
                        const ScenarioReport& report,
                        const std::vector<GpuSample>& gpu) {
  const int64_t t0_ns = report.t0_ns;
  const MeasurementWindow& window = report.window;
  nlohmann::json hp = nlohmann::json::array();
  nlohmann::json lp = nlohmann::json::array();
  for (const WorkerReport& worker : report.workers) {
    for (const RequestTiming& r : worker.result.requests) {
      hp.push_back({r.scheduled_ns - t0_ns, r.sent_ns - t0_ns,
                    r.completed_ns - t0_ns, LatencyNs(r),
                    window.contains(r.scheduled_ns) ? 1 : 0});
    }
    for (int64_t t : worker.result.completions_ns) {
      lp.push_back({t - t0_ns, window.contains(t) ? 1 : 0});
    }
  }
  nlohmann::json doc = {
      {"format", "xsb_samples"},
      {"version", 1},
      {"case", case_name},
      {"repetition", repetition},
      {"clock", "CLOCK_MONOTONIC, ns relative to T0"},
      {"window_ns", {window.begin_ns - t0_ns, window.end_ns - t0_ns}},
      {"hp_columns",
       {"scheduled_ns", "sent_ns", "completed_ns", "latency_ns", "in_window"}},
      {"hp", hp},
      {"lp_columns", {"completed_ns", "in_window"}},
      {"lp", lp},
  };
  if (!gpu.empty()) {
    // NaN (a figure the library refused) is written as null.
    nlohmann::json rows = nlohmann::json::array();
    for (const GpuSample& s : gpu) {
      rows.push_back({s.time_ns - t0_ns, s.util_pct, s.clock_mhz,
                      s.mem_used_mib, s.temp_c, s.power_w});
    }
    doc["gpu_columns"] = {"time_ns",      "util_pct", "clock_mhz",
                          "mem_used_mib", "temp_c",   "power_w"};
    doc["gpu"] = std::move(rows);
  }
  return doc.dump() + "\n";
}

bool WriteSamplesFile(const std::string& dir, const std::string& case_name,
                      int repetition, const ScenarioReport& report,
                      const std::vector<GpuSample>& gpu, std::string* path,
                      std::string* error) {
  *path = dir + "/" + SamplesFileName(case_name, repetition);
  return WriteFileAtomically(
      *path, SamplesJson(case_name, repetition, report, gpu), error);
}

}  // namespace xsb
