#include "bench/output/samples_writer.h"

#include <dirent.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fakes/process_table.h"

namespace xsb {
namespace {

constexpr int64_t kT0 = 1'000'000'000;
constexpr int64_t kMs = 1'000'000;

// A fresh directory under TMPDIR, removed with its files afterwards.
class TempDir {
 public:
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string pattern =
        std::string(base ? base : "/tmp") + "/samples_writer_test.XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    for (const std::string& name : Files())
      unlink((path_ + "/" + name).c_str());
    chmod(path_.c_str(), 0700);
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    DIR* dir = opendir(path_.c_str());
    if (dir == nullptr) return names;
    while (dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(dir);
    return names;
  }

 private:
  std::string path_;
};

// Window [T0 + 1 s, T0 + 3 s); one HP request before it, two inside, one
// scheduled at its end; LP completions on both sides of it.
ScenarioReport MakeReport() {
  ScenarioReport report;
  report.t0_ns = kT0;
  report.window = {kT0 + 1000 * kMs, kT0 + 3000 * kMs};
  WorkerReport hp;
  hp.role = WorkerRole::kHp;
  hp.result.requests = {
      {kT0 + 500 * kMs, kT0 + 501 * kMs, kT0 + 504 * kMs},
      {kT0 + 1000 * kMs, kT0 + 1002 * kMs, kT0 + 1010 * kMs},
      {kT0 + 2999 * kMs, kT0 + 2999 * kMs, kT0 + 3020 * kMs},
      {kT0 + 3000 * kMs, kT0 + 3000 * kMs, kT0 + 3001 * kMs},
  };
  WorkerReport lp;
  lp.role = WorkerRole::kLp;
  lp.result.completions_ns = {kT0 + 999 * kMs, kT0 + 1000 * kMs,
                              kT0 + 3000 * kMs};
  report.workers = {hp, lp};
  return report;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SamplesFileNameTest, ReplacesEverythingButSafeCharacters) {
  EXPECT_EQ(SamplesFileName("DualModel/baseline/smoke/rate:200/batch:8/"
                            "duration_s:4",
                            0),
            "DualModel_baseline_smoke_rate_200_batch_8_duration_s_4.rep0.json");
  EXPECT_EQ(SamplesFileName("Standalone/hp/x y/rate:0.5", 12),
            "Standalone_hp_x_y_rate_0.5.rep12.json");
  EXPECT_EQ(SamplesFileName("../../etc/passwd", 1),
            ".._.._etc_passwd.rep1.json");
}

TEST(SamplesJsonTest, TimesRelativeToT0AndWindowFlags) {
  const nlohmann::json doc =
      nlohmann::json::parse(SamplesJson("DualModel/x", 2, MakeReport()));
  EXPECT_EQ(doc["format"], "xsb_samples");
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["case"], "DualModel/x");
  EXPECT_EQ(doc["repetition"], 2);
  EXPECT_EQ(doc["window_ns"], nlohmann::json({1000 * kMs, 3000 * kMs}));
  EXPECT_EQ(doc["hp_columns"],
            nlohmann::json({"scheduled_ns", "sent_ns", "completed_ns",
                            "latency_ns", "in_window"}));
  const nlohmann::json expected_hp = {
      {500 * kMs, 501 * kMs, 504 * kMs, 4 * kMs, 0},
      {1000 * kMs, 1002 * kMs, 1010 * kMs, 10 * kMs, 1},
      {2999 * kMs, 2999 * kMs, 3020 * kMs, 21 * kMs, 1},
      {3000 * kMs, 3000 * kMs, 3001 * kMs, 1 * kMs, 0},
  };
  EXPECT_EQ(doc["hp"], expected_hp);
  EXPECT_EQ(doc["lp_columns"], nlohmann::json({"completed_ns", "in_window"}));
  const nlohmann::json expected_lp = {
      {999 * kMs, 0}, {1000 * kMs, 1}, {3000 * kMs, 0}};
  EXPECT_EQ(doc["lp"], expected_lp);
}

TEST(SamplesJsonTest, NoTelemetryNoGpuKey) {
  const nlohmann::json doc =
      nlohmann::json::parse(SamplesJson("DualModel/x", 0, MakeReport()));
  EXPECT_FALSE(doc.contains("gpu"));
  EXPECT_FALSE(doc.contains("gpu_columns"));
}

TEST(SamplesJsonTest, TelemetryRowsRelativeToT0WithNullForMissing) {
  const ScenarioReport report = MakeReport();
  GpuSample sample;
  sample.time_ns = report.t0_ns + 1500 * kMs;
  sample.util_pct = 87;
  sample.clock_mhz = 1980;
  sample.mem_used_mib = 2048;
  sample.power_w = 612.5;  // temp_c left NaN: the library refused it
  const nlohmann::json doc =
      nlohmann::json::parse(SamplesJson("DualModel/x", 0, report, {sample}));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["gpu_columns"],
            nlohmann::json({"time_ns", "util_pct", "clock_mhz", "mem_used_mib",
                            "temp_c", "power_w"}));
  EXPECT_EQ(doc["gpu"], nlohmann::json::array({{1500 * kMs, 87.0, 1980.0,
                                                2048.0, nullptr, 612.5}}));
}

TEST(SamplesJsonTest, StandaloneCaseHasEmptyOtherSide) {
  ScenarioReport report = MakeReport();
  report.workers.pop_back();  // HP only
  const nlohmann::json doc =
      nlohmann::json::parse(SamplesJson("Standalone/hp/x", 0, report));
  EXPECT_EQ(doc["hp"].size(), 4u);
  EXPECT_TRUE(doc["lp"].empty());
}

TEST(WriteSamplesFileTest, WritesTheFileAndNothingElse) {
  TempDir dir;
  std::string path, error;
  ASSERT_TRUE(WriteSamplesFile(dir.path(), "DualModel/a/b", 1, MakeReport(), {},
                               &path, &error))
      << error;
  EXPECT_EQ(path, dir.path() + "/DualModel_a_b.rep1.json");
  EXPECT_EQ(dir.Files(), std::vector<std::string>{"DualModel_a_b.rep1.json"});
  EXPECT_EQ(ReadFile(path), SamplesJson("DualModel/a/b", 1, MakeReport()));
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST(WriteSamplesFileTest, ReplacesAnOlderFile) {
  TempDir dir;
  const std::string target = dir.path() + "/DualModel_a.rep0.json";
  std::ofstream(target) << "old";
  std::string path, error;
  ASSERT_TRUE(WriteSamplesFile(dir.path(), "DualModel/a", 0, MakeReport(), {},
                               &path, &error))
      << error;
  EXPECT_EQ(path, target);
  EXPECT_NE(ReadFile(target), "old");
  EXPECT_EQ(dir.Files().size(), 1u);
}

TEST(WriteSamplesFileTest, MissingDirectoryFailsWithOneLine) {
  TempDir dir;
  std::string path, error;
  EXPECT_FALSE(WriteSamplesFile(dir.path() + "/missing", "DualModel/a", 0,
                                MakeReport(), {}, &path, &error));
  EXPECT_EQ(error.rfind("cannot write " + dir.path() + "/missing/", 0), 0u)
      << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_TRUE(dir.Files().empty());
}

TEST(PrepareSamplesDirTest, CreatesAMissingDirectory) {
  TempDir dir;
  const std::string sub = dir.path() + "/samples";
  std::string why;
  ASSERT_TRUE(PrepareSamplesDir(sub, &why)) << why;
  struct stat info;
  ASSERT_EQ(stat(sub.c_str(), &info), 0);
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_TRUE(PrepareSamplesDir(sub, &why)) << "an existing one is fine";
  rmdir(sub.c_str());
}

TEST(CheckSamplesDirTest, AcceptsAMissingDirectoryWithoutCreatingIt) {
  TempDir dir;
  const std::string sub = dir.path() + "/samples";
  std::string why;
  EXPECT_TRUE(CheckSamplesDir(sub, &why)) << why;
  EXPECT_TRUE(CheckSamplesDir(sub + "/", &why)) << why;
  EXPECT_TRUE(dir.Files().empty());
  EXPECT_TRUE(CheckSamplesDir(dir.path(), &why)) << "an existing one is fine";
}

TEST(PrepareSamplesDirTest, RemovesSampleFilesOfKilledRunsOnly) {
  TempDir dir;
  const std::string dead = std::to_string(NonexistentPid());
  const std::string stale = "DualModel_a.rep0.json.tmp-" + dead;
  const std::string live =
      "DualModel_a.rep1.json.tmp-" + std::to_string(getpid());
  const std::string not_ours = "notes.txt.tmp-" + dead;
  for (const std::string& name : {stale, live, not_ours}) {
    std::ofstream(dir.path() + "/" + name) << "{";
  }
  std::string why;
  ASSERT_TRUE(PrepareSamplesDir(dir.path(), &why)) << why;
  std::vector<std::string> files = dir.Files();
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{live, not_ours}));
}

// Flag parsing checks what start-up would fail on, with the same reasons.
TEST(SamplesDirTest, BadPathsAreRejectedWithTheReason) {
  for (auto* check : {&CheckSamplesDir, &PrepareSamplesDir}) {
    SCOPED_TRACE(check == &CheckSamplesDir ? "check" : "prepare");
    TempDir dir;
    const std::string file = dir.path() + "/file";
    std::ofstream(file) << "x";
    std::string why;
    EXPECT_FALSE(check("", &why));
    EXPECT_EQ(why, "is empty");
    EXPECT_FALSE(check(file, &why));
    EXPECT_EQ(why, "'" + file + "' is not a directory");
    EXPECT_FALSE(check(file + "/sub", &why));
    EXPECT_EQ(why, "cannot create '" + file + "/sub': Not a directory");
    const std::string deep = dir.path() + "/missing/sub";
    EXPECT_FALSE(check(deep, &why));
    EXPECT_EQ(why, "cannot create '" + deep + "': No such file or directory");
    EXPECT_EQ(dir.Files(), std::vector<std::string>{"file"});
  }
}

// Runs `check` in a child process that has dropped root to nobody (uid and
// gid 65534), since root may write anywhere; returns what `check` returned,
// or sets *why_not when the privileges cannot be dropped. Without root,
// runs `check` here.
std::string RunUnprivileged(const std::function<std::string()>& check,
                            std::string* why_not) {
  if (geteuid() != 0) return check();
  int fds[2];
  if (pipe(fds) != 0) {
    *why_not = "pipe failed";
    return "";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out =
        "\x01"
        "cannot drop root to uid 65534";
    if (setgroups(0, nullptr) == 0 && setgid(65534) == 0 &&
        setuid(65534) == 0) {
      out = check();
    }
    (void)!write(fds[1], out.data(), out.size());
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buffer[512];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (pid < 0 || !WIFEXITED(status)) *why_not = "the unprivileged child failed";
  if (!out.empty() && out[0] == '\x01') *why_not = out.substr(1);
  return out;
}

// Permission denied on the directory and its parent: as root, checked in a
// child that has dropped to nobody, who owns the directory (mode 0500).
TEST(SamplesDirTest, UnwritableDirectoryIsRejectedWithTheReason) {
  for (auto* check : {&CheckSamplesDir, &PrepareSamplesDir}) {
    SCOPED_TRACE(check == &CheckSamplesDir ? "check" : "prepare");
    TempDir dir;
    if (geteuid() == 0) {
      // nobody must reach the directory: only its own mode is under test.
      ASSERT_EQ(chmod(dir.path().c_str(), 0500), 0);
      ASSERT_EQ(chown(dir.path().c_str(), 65534, 65534), 0);
    } else {
      ASSERT_EQ(chmod(dir.path().c_str(), 0500), 0);
    }
    std::string why_not;
    const std::string reasons = RunUnprivileged(
        [&] {
          std::string sub_why, dir_why;
          const bool sub_ok = check(dir.path() + "/sub", &sub_why);
          const bool dir_ok = check(dir.path(), &dir_why);
          return std::string(sub_ok ? "accepted" : sub_why) + "\n" +
                 (dir_ok ? "accepted" : dir_why);
        },
        &why_not);
    ASSERT_EQ(chown(dir.path().c_str(), geteuid(), getegid()), 0);
    ASSERT_EQ(chmod(dir.path().c_str(), 0700), 0);
    if (!why_not.empty()) GTEST_SKIP() << "as root: " << why_not;
    const size_t newline = reasons.find('\n');
    ASSERT_NE(newline, std::string::npos) << reasons;
    EXPECT_EQ(reasons.substr(0, newline),
              "cannot create '" + dir.path() + "/sub': Permission denied");
    EXPECT_EQ(
        reasons.rfind("'" + dir.path() + "' is not writable: ", newline + 1),
        newline + 1)
        << reasons;
    EXPECT_TRUE(dir.Files().empty());
  }
}

}  // namespace
}  // namespace xsb
