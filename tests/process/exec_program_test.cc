// ExecProgram and ExecModel (kernels/exec) against small programs in sh
// that speak the exec protocol on their socket: the handshake, requests,
// every way a program can fail, and its process group ending with it.
#include "kernels/exec/exec_program.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <string>

#include "bench/cases/exec_round_trip.h"
#include "bench/worker/cpu_policy.h"
#include "bench/worker/worker_run.h"
#include "kernels/exec/exec_model.h"
#include "shim_env/base/child_process.h"
#include "tests/fakes/process_table.h"

namespace xsb {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

// The ready line from the environment, then `body`; a request loop that
// answers until quit unless `body` exits first. $started holds what the
// script put in the ready line's model field.
std::string Script(const std::string& before_ready,
                   const std::string& on_request = "") {
  return "fd=$XSB_MODEL_FD; started=sh\n" + before_ready +
         "\necho \"ready {\\\"protocol\\\":1,\\\"model\\\":\\\"$started\\\","
         "\\\"device\\\":\\\"cpu\\\",\\\"batch\\\":$XSB_MODEL_BATCH,"
         "\\\"stream_priority\\\":\\\"$XSB_STREAM_PRIORITY\\\"}\" >&$fd\n"
         "while read -r word id <&$fd; do\n"
         "  [ \"$word\" = quit ] && exit 0\n" +
         on_request + "\n  echo \"done $id\" >&$fd\ndone\n";
}

ExecSettings Settings(const std::string& script) {
  ExecSettings settings;
  settings.argv = {"/bin/sh", "-c", script};
  settings.batch = 4;
  settings.stream_priority = "highest";
  return settings;
}

std::unique_ptr<ExecProgram> Start(const std::string& script) {
  std::string error;
  auto program = ExecProgram::Start(Settings(script), &error);
  EXPECT_NE(program, nullptr) << error;
  return program;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ExecProgramTest, HandshakeRequestsAndQuit) {
  auto program = Start(Script(""));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  // The environment reached the program, which said it back.
  EXPECT_EQ(ready.model, "sh");
  EXPECT_EQ(ready.batch, 4);
  EXPECT_EQ(ready.stream_priority, "highest");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(program->Forward(&error)) << error;
  std::string note;
  EXPECT_TRUE(program->Finish(5 * kSecond, &error, &note)) << error;
  EXPECT_EQ(note, "");
  EXPECT_TRUE(ProcessIsGone(program->pid()));
}

TEST(ExecProgramTest, NameCarriesPidAndCommand) {
  auto program = Start("exit 0");
  EXPECT_EQ(program->name(), "exec model (pid " +
                                 std::to_string(program->pid()) +
                                 ": /bin/sh -c 'exit 0')");
}

TEST(ExecProgramTest, ExitBeforeReadyIsNamedWithItsCode) {
  auto program = Start("exit 3");
  ExecReady ready;
  std::string error;
  EXPECT_FALSE(program->AwaitReady(&ready, &error));
  EXPECT_EQ(error,
            program->name() + " exited with code 3 before its ready line");
}

TEST(ExecProgramTest, ErrorInsteadOfReadyIsItsFailure) {
  auto program = Start("echo 'error OSError: no GPU' >&$XSB_MODEL_FD; sleep 5");
  ExecReady ready;
  std::string error;
  EXPECT_FALSE(program->AwaitReady(&ready, &error));
  EXPECT_EQ(error, program->name() + " failed to start: OSError: no GPU");
}

TEST(ExecProgramTest, CrashDuringARequestIsNamedWithTheRequest) {
  auto program = Start(Script("", "[ \"$id\" = 2 ] && kill -9 $$"));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  ASSERT_TRUE(program->Forward(&error));
  ASSERT_TRUE(program->Forward(&error));
  EXPECT_FALSE(program->Forward(&error));
  EXPECT_EQ(error, program->name() +
                       " was killed by signal 9 (Killed) during forward "
                       "request 2");
}

TEST(ExecProgramTest, ErrorAndMalformedRepliesAreQuoted) {
  auto program = Start(Script(
      "",
      "[ \"$id\" = 0 ] && echo 'error ValueError: boom' >&$fd && continue\n"
      "  [ \"$id\" = 1 ] && echo 'step 1 loss 0.25' >&$fd && continue"));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  EXPECT_FALSE(program->Forward(&error));
  EXPECT_EQ(error,
            program->name() + " failed forward request 0: ValueError: boom");
  EXPECT_FALSE(program->Forward(&error));
  EXPECT_EQ(error, program->name() +
                       " sent a malformed line 'step 1 loss 0.25' in reply to "
                       "forward 1 (expected 'done 1' or 'error MESSAGE')");
}

TEST(ExecProgramTest, ExitWhileAChildHoldsItsSocketIsSeenAtOnce) {
  // The child inherits the socket, so its end never closes: the exit
  // itself must be noticed.
  auto program =
      Start(Script("sleep 300 & started=$!", "[ \"$id\" = 1 ] && exit 4"));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  const pid_t child = std::stoi(ready.model);
  ASSERT_TRUE(program->Forward(&error));
  EXPECT_FALSE(program->Forward(&error));
  EXPECT_EQ(error, program->name() +
                       " exited with code 4 during forward "
                       "request 1");
  // Its group was swept before it was reaped.
  EXPECT_TRUE(WaitUntilEnded(child, 5000));
}

TEST(ExecProgramTest, DestructorEndsTheWholeGroup) {
  auto program = Start(Script("sleep 300 & started=$!"));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  const pid_t child = std::stoi(ready.model);
  const pid_t leader = program->pid();
  EXPECT_EQ(getpgid(child), leader);
  program.reset();
  EXPECT_TRUE(ProcessIsGone(leader));
  EXPECT_TRUE(WaitUntilEnded(child, 5000));
}

TEST(ExecProgramTest, FinishEndsChildrenLeftByACleanExit) {
  auto program = Start(Script("sleep 300 & started=$!"));
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  std::string note;
  EXPECT_TRUE(program->Finish(5 * kSecond, &error, &note)) << error;
  EXPECT_EQ(note, "");
  EXPECT_TRUE(WaitUntilEnded(std::stoi(ready.model), 5000));
}

TEST(ExecProgramTest, FinishReportsABadExitAfterQuit) {
  auto program = Start(
      "echo 'ready {\"protocol\":1,\"model\":\"m\",\"device\":\"cpu\","
      "\"batch\":4}' >&$XSB_MODEL_FD; read -r word <&$XSB_MODEL_FD; exit 5");
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  std::string note;
  EXPECT_FALSE(program->Finish(5 * kSecond, &error, &note));
  EXPECT_EQ(error, program->name() + " exited with code 5 after quit");
}

// Its results are in: a slow exit is said, not a failure.
TEST(ExecProgramTest, FinishStopsAProgramThatIgnoresQuit) {
  auto program = Start(
      "echo 'ready {\"protocol\":1,\"model\":\"m\",\"device\":\"cpu\","
      "\"batch\":4}' >&$XSB_MODEL_FD; exec sleep 300");
  ExecReady ready;
  std::string error;
  ASSERT_TRUE(program->AwaitReady(&ready, &error)) << error;
  std::string note;
  EXPECT_TRUE(program->Finish(kSecond / 10, &error, &note));
  EXPECT_EQ(note, program->name() +
                      " did not exit within 0.1 s of quit and was stopped");
  EXPECT_TRUE(ProcessIsGone(program->pid()));
}

TEST(ExecProgramTest, ClosedSocketWhileRunningIsStopped) {
  auto program = Start("eval \"exec $XSB_MODEL_FD>&-\"; sleep 300");
  ExecReady ready;
  std::string error;
  EXPECT_FALSE(program->AwaitReady(&ready, &error));
  EXPECT_EQ(error, program->name() +
                       " closed its protocol socket before its ready line "
                       "and was stopped");
}

TEST(ExecProgramTest, MissingProgramCannotStart) {
  ExecSettings settings = Settings("");
  settings.argv = {"/nonexistent/model"};
  std::string error;
  EXPECT_EQ(ExecProgram::Start(settings, &error), nullptr);
  EXPECT_TRUE(Contains(error,
                       "exec model (/nonexistent/model): cannot run "
                       "/nonexistent/model: No such file"))
      << error;
}

TEST(ExecModelTest, RequestsThroughTheModelInterface) {
  std::unique_ptr<ExecModel> model = ExecModel::Start(Settings(Script("")));
  EXPECT_EQ(model->shape().batch, 4);
  model->StageInput();
  model->CopyIn();
  model->Forward();
  model->CopyOut();
  ExecDevice device(Backend::kCuda, model->ready());
  EXPECT_EQ(device.Info().name, "cpu");
  EXPECT_EQ(device.Info().backend, Backend::kCuda);
  auto stream = device.CreateStream({});
  EXPECT_THROW(device.CreateSpinner(*stream), DeviceError);
}

TEST(ExecModelTest, FailuresAreDeviceErrors) {
  EXPECT_THROW(ExecModel::Start(Settings("exit 3")), DeviceError);
  std::unique_ptr<ExecModel> model =
      ExecModel::Start(Settings(Script("", "exit 4")));
  EXPECT_THROW(model->Forward(), DeviceError);
}

// The worker's side: the config's settings reach the program, the model is
// timed as any, and a batch other than the case's fails the case.
WorkerConfig ExecConfig(const std::string& script) {
  WorkerConfig config;
  config.role = WorkerRole::kLp;
  config.shape.batch = 4;
  config.priority = StreamPriority::kLowest;
  config.exec_argv = {"/bin/sh", "-c", script};
  return config;
}

TEST(ExecWorkerTest, BuildsTheProgramAsTheWorkersModel) {
  WorkerModel m = BuildWorkerModel(ExecConfig(Script("")));
  ASSERT_NE(m.exec, nullptr);
  EXPECT_EQ(m.exec->ready().stream_priority, "lowest");
  EXPECT_EQ(m.device->Info().backend, Backend::kCpu);
  EXPECT_GT(MeasureStandaloneMs(m), 0);
  RunOnce(m);
  RunStaged(m);
  std::string error, note;
  EXPECT_TRUE(m.exec->program().Finish(5 * kSecond, &error, &note)) << error;
}

TEST(ExecWorkerTest, SettingsFollowTheConfig) {
  WorkerConfig config = ExecConfig("");
  config.backend = BackendRequest::kGpu;
  config.device_index = 3;
  config.seed = 9;
  const ExecSettings settings = ExecSettingsFor(config);
  EXPECT_EQ(settings.argv, config.exec_argv);
  EXPECT_EQ(settings.role, "lp");
  EXPECT_EQ(settings.batch, 4);
  EXPECT_EQ(settings.backend, "gpu");
  EXPECT_EQ(settings.device_index, 3);
  EXPECT_EQ(settings.stream_priority, "lowest");
  EXPECT_EQ(settings.seed, 9u);
  EXPECT_TRUE(Contains(settings.python_path, "/python"))
      << settings.python_path;
}

TEST(ExecWorkerTest, ABatchOtherThanTheCasesFailsWithTheFlag) {
  WorkerConfig config = ExecConfig(Script("XSB_MODEL_BATCH=32"));
  try {
    BuildWorkerModel(config);
    FAIL() << "built a model of the wrong batch";
  } catch (const DeviceError& e) {
    EXPECT_TRUE(Contains(e.what(),
                         "serves batch 32 but the case asks for 4 "
                         "(XSB_MODEL_BATCH); make it use "
                         "XSB_MODEL_BATCH, or pass --xsb_lp_batch=32"))
        << e.what();
  }
}

TEST(ProcessCpuPolicyTest, DescribesEveryThreadOfAnotherProcess) {
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "read x"}, {}, &error);
  ASSERT_NE(child, nullptr) << error;
  const pid_t pid = child->pid();
  const sched_param param{};
  ASSERT_EQ(sched_setscheduler(pid, SCHED_IDLE, &param), 0);
  ASSERT_EQ(setpriority(PRIO_PROCESS, pid, 19), 0);
  EXPECT_EQ(
      DescribeProcessCpuPolicy(pid),
      "SCHED_IDLE nice 19 (all 1 thread of pid " + std::to_string(pid) + ")");
  EXPECT_EQ(DescribeProcessCpuPolicy(NonexistentPid()), "");
}

TEST(NoopModelCommandTest, AnotherProgramGetsAFoundPython) {
  std::string error;
  const std::vector<std::string> command =
      NoopModelCommand({"/opt/models/serve", "--x"}, &error);
  ASSERT_EQ(command.size(), 3u) << error;  // this machine has a python3
  EXPECT_NE(command[0].find("python"), std::string::npos) << command[0];
  EXPECT_EQ((std::vector<std::string>{command[1], command[2]}),
            (std::vector<std::string>{"-m", "xsb_model"}));
}

}  // namespace
}  // namespace xsb
