#include "shim_env/base/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <string>

#include "tests/fakes/process_table.h"

namespace xsb {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

// Reads the child's stdout until end of file.
std::string ReadAll(int fd) {
  std::string text;
  char buffer[256];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, n);
  return text;
}

// Reads one line, waiting for it (the pipe is blocking here).
std::string ReadLine(int fd) {
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

TEST(ChildProcessTest, ReportsExitCode) {
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "exit 3"}, {}, &error);
  ASSERT_NE(child, nullptr) << error;
  ASSERT_TRUE(child->WaitForExit(10 * kSecond));
  EXPECT_EQ(DescribeWaitStatus(child->wait_status()), "exited with code 3");
}

TEST(ChildProcessTest, ReportsSignal) {
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "kill -9 $$"}, {}, &error);
  ASSERT_NE(child, nullptr) << error;
  ASSERT_TRUE(child->WaitForExit(10 * kSecond));
  EXPECT_EQ(DescribeWaitStatus(child->wait_status()),
            "was killed by signal 9 (Killed)");
}

TEST(ChildProcessTest, MissingProgramIsAnErrorNotAChild) {
  std::string error;
  auto child = ChildProcess::Spawn("/nonexistent/xsb_worker", {}, {}, &error);
  EXPECT_EQ(child, nullptr);
  EXPECT_NE(error.find("cannot run /nonexistent/xsb_worker"), std::string::npos)
      << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

TEST(ChildProcessTest, PassesArgumentsAndEnvironmentOnTopOfInherited) {
  setenv("XSB_TEST_INHERITED", "kept", 1);
  std::string error;
  auto child = ChildProcess::Spawn(
      "/bin/sh",
      {"-c", "echo \"$1 $XSB_TEST_SET $XSB_TEST_INHERITED\"", "sh", "arg one"},
      {{"XSB_TEST_SET", "set"}}, &error);
  ASSERT_NE(child, nullptr) << error;
  child->CloseStdin();
  EXPECT_EQ(ReadAll(child->stdout_fd()), "arg one set kept\n");
  ASSERT_TRUE(child->WaitForExit(10 * kSecond));
}

TEST(ChildProcessTest, OverrideReplacesInheritedValue) {
  setenv("XSB_TEST_OVERRIDDEN", "old", 1);
  std::string error;
  auto child =
      ChildProcess::Spawn("/bin/sh", {"-c", "echo $XSB_TEST_OVERRIDDEN"},
                          {{"XSB_TEST_OVERRIDDEN", "new"}}, &error);
  ASSERT_NE(child, nullptr) << error;
  EXPECT_EQ(ReadAll(child->stdout_fd()), "new\n");
}

TEST(ChildProcessTest, DestructorKillsAndReapsARunningChild) {
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sleep", {"600"}, {}, &error);
  ASSERT_NE(child, nullptr) << error;
  const pid_t pid = child->pid();
  EXPECT_FALSE(ProcessIsGone(pid));
  child.reset();
  EXPECT_TRUE(ProcessIsGone(pid));
}

TEST(ChildProcessTest, StopEscalatesToSigkillWhenSigtermIsIgnored) {
  std::string error;
  auto child = ChildProcess::Spawn(
      "/bin/sh", {"-c", "trap '' TERM; echo ready; while :; do :; done"}, {},
      &error);
  ASSERT_NE(child, nullptr) << error;
  ASSERT_EQ(ReadLine(child->stdout_fd()), "ready");  // the trap is in place
  child->Stop(kSecond / 5);
  ASSERT_TRUE(child->exited());
  EXPECT_EQ(DescribeWaitStatus(child->wait_status()),
            "was killed by signal 9 (Killed)");
  EXPECT_TRUE(ProcessIsGone(child->pid()));
}

TEST(ChildProcessTest, OwnProcessGroupEndsWithTheChild) {
  SpawnOptions options;
  options.own_process_group = true;
  std::string error;
  auto child = ChildProcess::Spawn(
      "/bin/sh", {"-c", "sleep 300 & echo $!; exec sleep 300"}, {}, options,
      &error);
  ASSERT_NE(child, nullptr) << error;
  const pid_t grandchild = std::stoi(ReadLine(child->stdout_fd()));
  EXPECT_EQ(getpgid(grandchild), child->pid());
  child->Stop(kSecond);
  EXPECT_TRUE(WaitUntilEnded(grandchild, 5000));
}

TEST(ChildProcessTest, GroupIsSweptWhenTheChildExitsOnItsOwn) {
  SpawnOptions options;
  options.own_process_group = true;
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "sleep 300 & echo $!"}, {},
                                   options, &error);
  ASSERT_NE(child, nullptr) << error;
  const pid_t grandchild = std::stoi(ReadLine(child->stdout_fd()));
  ASSERT_TRUE(child->WaitForExit(10 * kSecond));
  EXPECT_EQ(DescribeWaitStatus(child->wait_status()), "exited with code 0");
  EXPECT_TRUE(WaitUntilEnded(grandchild, 5000));
}

TEST(ChildProcessTest, InheritedDescriptorKeepsItsNumber) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  SpawnOptions options;
  options.inherited_fds = {fds[1]};
  options.output_to_stderr = true;
  std::string error;
  auto child = ChildProcess::Spawn(
      "/bin/sh", {"-c", "echo through $0 >&$0", std::to_string(fds[1])}, {},
      options, &error);
  close(fds[1]);
  ASSERT_NE(child, nullptr) << error;
  EXPECT_EQ(child->stdout_fd(), -1);  // no pipes: stdout is our stderr
  EXPECT_EQ(ReadAll(fds[0]), "through " + std::to_string(fds[1]) + "\n");
  close(fds[0]);
  ASSERT_TRUE(child->WaitForExit(10 * kSecond));
}

TEST(ChildProcessTest, WaitForExitTimesOutOnARunningChild) {
  std::string error;
  auto child = ChildProcess::Spawn("/bin/sleep", {"600"}, {}, &error);
  ASSERT_NE(child, nullptr) << error;
  EXPECT_FALSE(child->WaitForExit(kSecond / 20));
  EXPECT_FALSE(child->exited());
}

}  // namespace
}  // namespace xsb
