// What a scheduler file asks for at run time, in real processes: commands
// bounded in time; its daemon (the fake MPS control program) started,
// waited for, stopped by its stop command, by its signal, or killed and
// cleaned up after; state folders a killed run left, cleaned; the proof of
// activation passing and failing against a live process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "bench/cases/file_scheduler.h"
#include "shim_env/base/child_process.h"
#include "shim_env/base/line_buffer.h"
#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/scheduler_file.h"
#include "shim_env/sched/activation_proof.h"
#include "shim_env/sched/command.h"
#include "shim_env/sched/scheduler_daemon.h"
#include "shim_env/sched/state_dir.h"
#include "tests/fakes/time_scale.h"

namespace xsb {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// A pid that ran a moment ago and no longer does.
pid_t DeadPid() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

// A private temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/xsb_sched_test_XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() {
    std::string unused;
    RemoveTree(path_, &unused);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The fake MPS control program's folder first on PATH, its pipe and log
// folders under one temporary folder.
class FakeMpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakePrivateDir(tmp_.path() + "/pipe", &error_));
    ASSERT_TRUE(MakePrivateDir(tmp_.path() + "/log", &error_));
    env_ = {{"PATH", std::string(XSB_FAKE_MPS_DIR) + ":" + getenv("PATH")},
            {"CUDA_MPS_PIPE_DIRECTORY", tmp_.path() + "/pipe"},
            {"CUDA_MPS_LOG_DIRECTORY", tmp_.path() + "/log"},
            {"XSB_FAKE_MPS_UI_LOG", tmp_.path() + "/ui.log"}};
  }

  DaemonOptions Options(const std::string& mode) {
    DaemonOptions o;
    o.scheduler = "mps";
    o.run = {"nvidia-cuda-mps-control", "-f"};
    o.env = env_;
    o.env.emplace_back("XSB_FAKE_MPS_MODE", mode);
    o.ready = ReadyKind::kFile;
    o.ready_file = tmp_.path() + "/pipe/control";
    o.log_file = tmp_.path() + "/log/control.log";
    o.ready_timeout_s = 10 * TestTimeScale();
    o.stop_command = {"sh", "-c", "echo quit | nvidia-cuda-mps-control"};
    o.stop_timeout_s = 0.5 * TestTimeScale();
    o.cleanup = {"sh", "-c", "echo cleanup | nvidia-cuda-mps-control; exit 0"};
    return o;
  }

  TempDir tmp_;
  std::vector<EnvironmentVariable> env_;
  std::string error_;
};

TEST(CommandTest, RunsWithOutputAndExitStatus) {
  CommandOutcome outcome;
  std::string error;
  ASSERT_TRUE(RunCommand({"sh", "-c", "echo out; echo err >&2; exit 3"},
                         {{"XSB_X", "1"}}, 10, &outcome, &error))
      << error;
  EXPECT_FALSE(Succeeded(outcome));
  EXPECT_NE(outcome.output.find("out"), std::string::npos);
  EXPECT_NE(outcome.output.find("err"), std::string::npos);
  EXPECT_EQ(DescribeOutcome({"sh", "-c", "x"}, outcome, 10)
                .rfind("`sh -c x` exited with code 3: ", 0),
            0u);
}

TEST(CommandTest, TimeLimitKills) {
  CommandOutcome outcome;
  std::string error;
  ASSERT_TRUE(RunCommand({"sleep", "30"}, {}, 0.2, &outcome, &error));
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_NE(DescribeOutcome({"sleep", "30"}, outcome, 0.2)
                .find("did not end within 0.2 s and was killed"),
            std::string::npos);
}

TEST(CommandTest, MissingProgramIsNamed) {
  CommandOutcome outcome;
  std::string error;
  EXPECT_FALSE(RunCommand({"xsb-no-such-program"}, {}, 1, &outcome, &error));
  EXPECT_EQ(error,
            "cannot run `xsb-no-such-program`: no program "
            "'xsb-no-such-program' found on PATH");
}

TEST_F(FakeMpsTest, StartsWhenReadyAndStopsByItsCommand) {
  std::unique_ptr<SchedulerDaemon> daemon =
      SchedulerDaemon::Start(Options(""), &error_);
  ASSERT_NE(daemon, nullptr) << error_;
  EXPECT_TRUE(Exists(tmp_.path() + "/pipe/control"));
  EXPECT_NE(daemon->Log().find("Starting control daemon"), std::string::npos)
      << daemon->Log();
  EXPECT_TRUE(daemon->Alive(&error_));
  const pid_t pid = daemon->pid();
  EXPECT_EQ(daemon->Stop(nullptr),
            "stopped by `sh -c echo quit | nvidia-cuda-mps-control`");
  EXPECT_NE(kill(pid, 0), 0);  // reaped
  EXPECT_EQ(ReadFile(tmp_.path() + "/ui.log"),
            "quit " + tmp_.path() + "/pipe\n");
}

TEST_F(FakeMpsTest, AStaleReadyFileIsNotTakenForReadiness) {
  std::ofstream(tmp_.path() + "/pipe/control") << "left by a killed daemon";
  DaemonOptions options = Options("never_ready");
  options.ready_timeout_s = 0.3;
  EXPECT_EQ(SchedulerDaemon::Start(options, &error_), nullptr);
  EXPECT_NE(error_.find("was not ready within 0.3 s and was stopped"),
            std::string::npos)
      << error_;
}

TEST_F(FakeMpsTest, ExitBeforeReadyIsReportedWithItsOutput) {
  EXPECT_EQ(SchedulerDaemon::Start(Options("exit_at_start"), &error_), nullptr);
  EXPECT_NE(error_.find("the mps daemon xsb_bench started (pid "),
            std::string::npos)
      << error_;
  EXPECT_NE(error_.find("exited with code 1 before it was ready; its last "
                        "output: fake mps: cannot open the GPU"),
            std::string::npos)
      << error_;
}

TEST_F(FakeMpsTest, DeathIsSeen) {
  std::unique_ptr<SchedulerDaemon> daemon =
      SchedulerDaemon::Start(Options("die_after_ready"), &error_);
  ASSERT_NE(daemon, nullptr) << error_;
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, daemon->pid(), &info, WEXITED | WNOWAIT), 0);
  EXPECT_FALSE(daemon->Alive(&error_));
  EXPECT_NE(error_.find("exited with code 3"), std::string::npos) << error_;
}

TEST_F(FakeMpsTest, AStubbornDaemonIsKilledAndCleanedUpAfter) {
  std::unique_ptr<SchedulerDaemon> daemon =
      SchedulerDaemon::Start(Options("stubborn"), &error_);
  ASSERT_NE(daemon, nullptr) << error_;
  const pid_t pid = daemon->pid();
  std::string problem;
  const std::string how = daemon->Stop(&problem);
  EXPECT_EQ(how.rfind("killed (SIGKILL): it did not stop within ", 0), 0u)
      << how;
  EXPECT_NE(how.find("; clean-up `sh -c echo cleanup | "), std::string::npos)
      << how;
  EXPECT_TRUE(problem.empty()) << problem;
  EXPECT_NE(kill(pid, 0), 0);
  // The stop command, then the clean-up, each through the user interface.
  EXPECT_EQ(
      ReadFile(tmp_.path() + "/ui.log"),
      "quit " + tmp_.path() + "/pipe\ncleanup " + tmp_.path() + "/pipe\n");
}

TEST_F(FakeMpsTest, StopBySignalWithoutAStopCommand) {
  DaemonOptions options = Options("");
  options.stop_command.clear();
  std::unique_ptr<SchedulerDaemon> daemon =
      SchedulerDaemon::Start(options, &error_);
  ASSERT_NE(daemon, nullptr) << error_;
  EXPECT_EQ(daemon->Stop(nullptr), "stopped by Terminated");
}

TEST(StateDirTest, OnlyDeadOwnersFoldersAreStale) {
  TempDir tmp;
  const pid_t dead = DeadPid();
  std::string error;
  for (const std::string& path :
       {StateDirPath(tmp.path(), "mps", dead),
        StateDirPath(tmp.path(), "mps", getpid()),
        StateDirPath(tmp.path(), "mps-limit", dead)}) {
    ASSERT_TRUE(MakePrivateDir(path, &error)) << error;
    ASSERT_TRUE(MakePrivateDir(path + "/pipe", &error)) << error;
  }
  EXPECT_EQ(FindStaleStateDirs(tmp.path(), "mps"),
            std::vector<std::string>{StateDirPath(tmp.path(), "mps", dead)});
  struct stat info {};
  ASSERT_EQ(stat(StateDirPath(tmp.path(), "mps", dead).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_TRUE(RemoveTree(StateDirPath(tmp.path(), "mps", dead), &error));
  EXPECT_FALSE(Exists(StateDirPath(tmp.path(), "mps", dead)));
}

TEST(StateDirTest, ALinkInPlaceOfTheFolderIsRefused) {
  TempDir tmp;
  const std::string link = tmp.path() + "/xsb-mps-1";
  ASSERT_EQ(symlink(tmp.path().c_str(), link.c_str()), 0);
  std::string error;
  EXPECT_FALSE(MakePrivateDir(link, &error));
  EXPECT_EQ(error, link + " is not a folder of this user's");
}

// The built-in mps file against the fake MPS, as a case runs it.
class FileSchedulerTest : public FakeMpsTest {
 protected:
  FileScheduler::Setup MakeSetup() {
    FileScheduler::Setup setup;
    setup.backend = Backend::kCuda;
    setup.state_parent = tmp_.path();
    return setup;
  }
  // The scheduler's requirements, commands and daemon see this process's
  // environment, as xsb_bench's do.
  void SetUp() override {
    FakeMpsTest::SetUp();
    saved_path_ = getenv("PATH");
    setenv("PATH", env_[0].second.c_str(), 1);
    setenv("XSB_FAKE_MPS_UI_LOG", (tmp_.path() + "/ui.log").c_str(), 1);
    setenv("XSB_FAKE_PID_FILE", (tmp_.path() + "/pids").c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", saved_path_.c_str(), 1);
    unsetenv("XSB_FAKE_MPS_UI_LOG");
    unsetenv("XSB_FAKE_PID_FILE");
    unsetenv("XSB_FAKE_MPS_MODE");
  }
  std::string saved_path_;
};

TEST_F(FileSchedulerTest, DaemonPerCaseInAPrivateFolder) {
  const SchedulerSpec& mps = *FindBuiltinScheduler("mps");
  std::string state_dir;
  {
    FileScheduler scheduler(mps, MakeSetup());
    ASSERT_EQ(scheduler.unavailable(), "");
    state_dir = scheduler.state_dir();
    EXPECT_EQ(state_dir, StateDirPath(tmp_.path(), "mps", getpid()));
    std::string why;
    ASSERT_EQ(scheduler.Prepare("case", &why), SchedulerReadiness::kReady)
        << why;
    EXPECT_TRUE(Exists(state_dir + "/pipe/control"));
    EXPECT_NE(scheduler.LabelSuffix().find(" daemon=started by xsb_bench "),
              std::string::npos);
    ASSERT_EQ(scheduler.AfterCase("case", &why), SchedulerReadiness::kReady)
        << why;
    EXPECT_FALSE(Exists(state_dir + "/pipe/control"));  // the daemon quit
    EXPECT_EQ(ReadFile(tmp_.path() + "/ui.log"),
              "quit " + state_dir + "/pipe\n");
  }
  EXPECT_FALSE(Exists(state_dir));
}

TEST_F(FileSchedulerTest, StaleFolderOfAKilledRunIsCleanedUp) {
  const std::string stale = StateDirPath(tmp_.path(), "mps", DeadPid());
  ASSERT_TRUE(MakePrivateDir(stale + "/pipe", &error_));
  FileScheduler scheduler(*FindBuiltinScheduler("mps"), MakeSetup());
  std::string why;
  ASSERT_EQ(scheduler.Prepare("case", &why), SchedulerReadiness::kReady) << why;
  EXPECT_FALSE(Exists(stale));
  ASSERT_EQ(scheduler.stale_notes().size(), 1u);
  EXPECT_EQ(
      scheduler.stale_notes()[0].rfind(
          "removed " + stale +
              ", left by a killed run; its clean-up "
              "`sh -c echo quit | nvidia-cuda-mps-control; exit 0` exited "
              "with code 0",
          0),
      0u)
      << scheduler.stale_notes()[0];
  // The clean-up ran against the stale folder's daemon.
  EXPECT_EQ(
      ReadFile(tmp_.path() + "/ui.log").rfind("quit " + stale + "/pipe\n", 0),
      0u);
  scheduler.AfterCase("case", &why);
}

TEST_F(FileSchedulerTest, MissingProgramMakesItUnavailable) {
  setenv("PATH", "/nonexistent", 1);
  FileScheduler scheduler(*FindBuiltinScheduler("mps"), MakeSetup());
  EXPECT_EQ(scheduler.unavailable(),
            "the mps scheduler needs the program nvidia-cuda-mps-control, "
            "which is not on PATH (built-in schedulers/mps.json: requires)");
  std::string why;
  EXPECT_EQ(scheduler.Prepare("case", &why), SchedulerReadiness::kUnavailable);
  EXPECT_EQ(why, scheduler.unavailable());
}

TEST_F(FileSchedulerTest, DaemonThatDiesDuringACaseFailsIt) {
  setenv("XSB_FAKE_MPS_MODE", "die_after_ready", 1);
  FileScheduler scheduler(*FindBuiltinScheduler("mps"), MakeSetup());
  std::string why;
  ASSERT_EQ(scheduler.Prepare("case", &why), SchedulerReadiness::kReady) << why;
  // It exits 0.2 s after it was ready, as during a case.
  const pid_t daemon = std::atoi(ReadFile(tmp_.path() + "/pids").c_str());
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, daemon, &info, WEXITED | WNOWAIT), 0);
  EXPECT_EQ(scheduler.AfterCase("case", &why), SchedulerReadiness::kFailed);
  EXPECT_NE(why.find("during this case, the mps daemon xsb_bench started"),
            std::string::npos)
      << why;
  EXPECT_EQ(scheduler.Prepare("next", &why), SchedulerReadiness::kUnavailable);
}

// A process with the fake preload shim mapped (it has printed its line).
class ProofTest : public ::testing::Test {
 protected:
  void SetUp() override {
    child_ = ChildProcess::Spawn(
        "/bin/sleep", {"30"},
        {{"LD_PRELOAD", XSB_FAKE_PRELOAD_LIB}, {"XSB_FAKE_PRELOAD_LEVEL", "2"}},
        &error_);
    ASSERT_NE(child_, nullptr) << error_;
    // The shim's line comes while it loads: once read, it is mapped.
    char buffer[512];
    const ssize_t n = read(child_->stderr_fd(), buffer, sizeof buffer);
    ASSERT_GT(n, 0);
    stderr_.assign(buffer, static_cast<size_t>(n));
    context_.pid = child_->pid();
    context_.worker_stderr = stderr_;
    context_.wait_s = 0.1;
  }
  std::unique_ptr<ChildProcess> child_;
  std::string stderr_;
  ProofContext context_;
  std::string error_;
};

TEST_F(ProofTest, PassesWithEvidence) {
  ProofSpec proof;
  proof.mapped = {XSB_FAKE_PRELOAD_LIB};
  proof.stderr_text.must = {"^\\[xsb-fake-preload\\] loaded in pid " +
                            std::to_string(child_->pid()) + ", level 2$"};
  proof.stderr_text.must_not = {"level unset"};
  std::string evidence;
  ASSERT_TRUE(CheckProof(proof, context_, &evidence, &error_)) << error_;
  char resolved[4096];
  ASSERT_NE(realpath(XSB_FAKE_PRELOAD_LIB, resolved), nullptr);
  EXPECT_EQ(evidence, "mapped " + std::string(resolved) +
                          "; stderr \"[xsb-fake-preload] loaded in pid " +
                          std::to_string(child_->pid()) + ", level 2\"");
}

TEST_F(ProofTest, FailsOnALibraryNotMapped) {
  ProofSpec proof;
  proof.mapped = {XSB_FAKE_SHIM};
  std::string evidence;
  EXPECT_FALSE(CheckProof(proof, context_, &evidence, &error_));
  EXPECT_NE(error_.find(" is not mapped in its process (/proc/" +
                        std::to_string(child_->pid()) + "/maps has "),
            std::string::npos)
      << error_;
}

TEST_F(ProofTest, FailsOnAMissingOrForbiddenLine) {
  ProofSpec missing;
  missing.stderr_text.must = {"level 3"};
  std::string evidence;
  EXPECT_FALSE(CheckProof(missing, context_, &evidence, &error_));
  EXPECT_EQ(error_.rfind("fails its proof: its stderr has no line matching "
                         "\"level 3\" (its last lines: [xsb-fake-preload] ",
                         0),
            0u)
      << error_;
  ProofSpec forbidden;
  forbidden.stderr_text.must_not = {"level [0-9]"};
  EXPECT_FALSE(CheckProof(forbidden, context_, &evidence, &error_));
  EXPECT_NE(error_.find(", which must not appear (it matches \"level [0-9]\")"),
            std::string::npos)
      << error_;
}

TEST_F(ProofTest, FilesAndCommandsAreChecked) {
  TempDir tmp;
  std::ofstream(tmp.path() + "/log") << "one\nNEW CLIENT 7 from user 0\n";
  ProofSpec proof;
  proof.files = {{tmp.path() + "/log", {{"NEW CLIENT 7 from user"}, {}}}};
  proof.commands = {{{"sh", "-c", "echo 4242"}, {{"^4242$"}, {}}}};
  std::string evidence;
  ASSERT_TRUE(CheckProof(proof, context_, &evidence, &error_)) << error_;
  EXPECT_EQ(evidence,
            "log \"NEW CLIENT 7 from user 0\"; `sh -c echo 4242` \"4242\"");
  proof.commands = {{{"sh", "-c", "exit 5"}, {}}};
  EXPECT_FALSE(CheckProof(proof, context_, &evidence, &error_));
  EXPECT_EQ(error_, "fails its proof: `sh -c exit 5` exited with code 5");
}

}  // namespace
}  // namespace xsb
