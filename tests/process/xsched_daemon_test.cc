// The XSched daemon's lifecycle against a fake xserver
// (tests/fake_xsched/xserver): started, waited for without a fixed sleep
// (a wait the caller can cancel), stopped and reaped on every path; a
// daemon that dies, never listens or ignores SIGINT is reported or killed;
// an external one is only checked.
#include "shim_env/xsched/xsched_daemon.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

#include "shim_env/base/unique_fd.h"
#include "tests/fakes/process_table.h"
#include "tests/fakes/time_scale.h"

namespace xsb {
namespace {

// A socket listening on a port the kernel chose on 127.0.0.1.
UniqueFd Listen(int* port) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(fd.get(), 4) != 0 ||
      getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) !=
          0) {
    return UniqueFd();
  }
  *port = ntohs(address.sin_port);
  return fd;
}

// A port nothing listens on (free a moment ago).
int FreePort() {
  int port = 0;
  Listen(&port);
  return port;
}

// Blocks until `pid` (a child of this process) has exited, without reaping
// it: the object that owns it must still see it go.
void AwaitExitWithoutReaping(pid_t pid) {
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, pid, &info, WEXITED | WNOWAIT), 0);
}

// Start, expected to fail: how long it took to.
double SecondsToFail(const XschedDaemon::Options& options, std::string* error) {
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(XschedDaemon::Start(options, error), nullptr);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
      .count();
}

class XschedDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = FreePort();
    ASSERT_GT(port_, 0);
    char name[] = "/tmp/xsb_daemon_args_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    args_file_ = name;
    // The daemon inherits this process's environment.
    setenv("XSB_FAKE_ARGS_FILE", args_file_.c_str(), 1);
  }
  void TearDown() override {
    unsetenv("XSB_FAKE_ARGS_FILE");
    unsetenv("XSB_FAKE_XSERVER_MODE");
    std::remove(args_file_.c_str());
    EXPECT_TRUE(ChildrenOf(getpid()).empty()) << "a daemon was left behind";
  }

  XschedDaemon::Options Options(const std::string& mode = "") const {
    if (mode.empty()) {
      unsetenv("XSB_FAKE_XSERVER_MODE");
    } else {
      setenv("XSB_FAKE_XSERVER_MODE", mode.c_str(), 1);
    }
    XschedDaemon::Options options;
    options.xserver = XSB_FAKE_XSERVER;
    options.policy = "HPF";
    options.port = port_;
    options.ready_timeout_s = 10;
    options.stop_grace_s = 5;
    return options;
  }

  int port_ = 0;
  std::string args_file_;
};

TEST_F(XschedDaemonTest, StartsWaitsUntilListeningAndStops) {
  std::string error;
  auto daemon = XschedDaemon::Start(Options(), &error);
  ASSERT_NE(daemon, nullptr) << error;
  const pid_t pid = daemon->pid();
  EXPECT_TRUE(daemon->started());
  EXPECT_GT(pid, 0);
  // Start returned only once the port answers.
  EXPECT_TRUE(PortAcceptsConnections(port_));
  std::string why;
  EXPECT_TRUE(daemon->Alive(&why)) << why;
  EXPECT_EQ(daemon->Describe(),
            "started by xsb_bench (pid " + std::to_string(pid) + ": " +
                XSB_FAKE_XSERVER + " HPF " + std::to_string(port_) + ")");
  std::ifstream args(args_file_);
  std::string line;
  std::getline(args, line);
  EXPECT_EQ(line, "HPF " + std::to_string(port_));

  daemon->Stop();
  EXPECT_TRUE(ProcessIsGone(pid));
  EXPECT_FALSE(PortAcceptsConnections(port_));
  daemon->Stop();  // twice is harmless
}

TEST_F(XschedDaemonTest, DestructorStopsIt) {
  pid_t pid = 0;
  {
    std::string error;
    auto daemon = XschedDaemon::Start(Options(), &error);
    ASSERT_NE(daemon, nullptr) << error;
    pid = daemon->pid();
  }
  EXPECT_TRUE(ProcessIsGone(pid));
}

TEST_F(XschedDaemonTest, DaemonThatExitsAtStartIsReported) {
  std::string error;
  auto daemon = XschedDaemon::Start(Options("die"), &error);
  EXPECT_EQ(daemon, nullptr);
  EXPECT_NE(error.find("exited with code 1 before it listened on 127.0.0.1:" +
                       std::to_string(port_)),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("its last output: "), std::string::npos) << error;
  EXPECT_NE(error.find("invalid policy HPF"), std::string::npos) << error;
}

TEST_F(XschedDaemonTest, DaemonThatNeverListensIsStoppedAfterTheTimeout) {
  XschedDaemon::Options options = Options("never_listen");
  options.ready_timeout_s = 0.5;
  std::string error;
  const double seconds = SecondsToFail(options, &error);
  EXPECT_NE(error.find("did not listen on 127.0.0.1:" + std::to_string(port_) +
                       " within 0.5 s and was stopped"),
            std::string::npos)
      << error;
  EXPECT_GE(seconds, 0.5);
  EXPECT_LT(seconds, 8 * TestTimeScale());
}

TEST_F(XschedDaemonTest, CancelledStartStopsTheDaemonAtOnce) {
  XschedDaemon::Options options = Options("never_listen");
  options.ready_timeout_s = 10;
  int asked = 0;
  // Turns true on the third wait: asked on every one, not only at the start.
  options.cancel = [&asked] { return ++asked == 3; };
  std::string error;
  const double seconds = SecondsToFail(options, &error);
  EXPECT_EQ(error, "interrupted");
  EXPECT_EQ(asked, 3);
  // Well before the 10 s timeout; TearDown checks that it was reaped.
  EXPECT_LT(seconds, std::min(5 * TestTimeScale(), 9.0));
}

TEST_F(XschedDaemonTest, DaemonKilledDuringTheRunIsReported) {
  std::string error;
  auto daemon = XschedDaemon::Start(Options(), &error);
  ASSERT_NE(daemon, nullptr) << error;
  const pid_t pid = daemon->pid();
  kill(pid, SIGKILL);
  AwaitExitWithoutReaping(pid);
  std::string why;
  EXPECT_FALSE(daemon->Alive(&why));
  EXPECT_NE(why.find("the XSched daemon xsb_bench started (pid " +
                     std::to_string(pid)),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("was killed by signal 9"), std::string::npos) << why;
  EXPECT_TRUE(ProcessIsGone(pid));
}

TEST_F(XschedDaemonTest, DaemonThatExitsAfterListeningIsReportedWithOutput) {
  std::string error;
  auto daemon = XschedDaemon::Start(Options("die_after_listen"), &error);
  ASSERT_NE(daemon, nullptr) << error;
  AwaitExitWithoutReaping(daemon->pid());
  std::string why;
  EXPECT_FALSE(daemon->Alive(&why));
  EXPECT_NE(why.find("exited with code 3; its last output: "),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("told to die after listening"), std::string::npos) << why;
}

TEST_F(XschedDaemonTest, DaemonThatIgnoresSigintAndSigtermIsKilled) {
  XschedDaemon::Options options = Options("stubborn");
  options.stop_grace_s = 0.2;
  std::string error;
  auto daemon = XschedDaemon::Start(options, &error);
  ASSERT_NE(daemon, nullptr) << error;
  const pid_t pid = daemon->pid();
  daemon->Stop();
  EXPECT_TRUE(ProcessIsGone(pid));
}

TEST_F(XschedDaemonTest, ChattyDaemonDoesNotBlockOnItsOutput) {
  // It writes more than a pipe holds before it listens: unread, it would
  // block and never listen.
  std::string error;
  auto daemon = XschedDaemon::Start(Options("chatty"), &error);
  ASSERT_NE(daemon, nullptr) << error;
}

// A SIGKILLed xserver leaves its message queue, and the next one asks on
// stdin whether to delete it: started with stdin closed, it goes on.
TEST_F(XschedDaemonTest, DaemonAskingAboutAStaleQueueStartsWithStdinClosed) {
  std::string error;
  auto daemon = XschedDaemon::Start(Options("stale_queue"), &error);
  ASSERT_NE(daemon, nullptr) << error;
  EXPECT_TRUE(PortAcceptsConnections(port_));
}

TEST_F(XschedDaemonTest, MissingProgram) {
  XschedDaemon::Options options = Options();
  options.xserver = "/nonexistent/bin/xserver";
  std::string error;
  EXPECT_EQ(XschedDaemon::Start(options, &error), nullptr);
  EXPECT_EQ(error,
            "cannot start the XSched daemon: cannot run "
            "/nonexistent/bin/xserver: No such file or directory");
}

TEST_F(XschedDaemonTest, AttachNeedsSomethingListening) {
  std::string error;
  EXPECT_EQ(XschedDaemon::Attach(port_, &error), nullptr);
  EXPECT_EQ(error, "no XSched daemon accepts connections on 127.0.0.1:" +
                       std::to_string(port_) +
                       " (--xsched_server=external: start xserver first)");
}

TEST_F(XschedDaemonTest, AttachedDaemonIsCheckedNotOwned) {
  int port = 0;
  UniqueFd listener = Listen(&port);
  ASSERT_TRUE(listener.valid());
  std::string error;
  auto daemon = XschedDaemon::Attach(port, &error);
  ASSERT_NE(daemon, nullptr) << error;
  EXPECT_FALSE(daemon->started());
  EXPECT_EQ(daemon->pid(), 0);
  EXPECT_EQ(daemon->Describe(),
            "external, on 127.0.0.1:" + std::to_string(port));
  std::string why;
  EXPECT_TRUE(daemon->Alive(&why)) << why;
  daemon->Stop();  // not ours: still listening
  EXPECT_TRUE(PortAcceptsConnections(port));
  listener.Reset();
  EXPECT_FALSE(daemon->Alive(&why));
  EXPECT_EQ(why, "the external XSched daemon on 127.0.0.1:" +
                     std::to_string(port) + " no longer accepts connections");
}

}  // namespace
}  // namespace xsb
