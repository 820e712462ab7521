#include "kernels/exec/exec_program.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

// How long a program that closed its socket or was told to quit gets to
// exit before it counts as stuck.
constexpr int64_t kEndWaitNs = 2'000'000'000;
// Without a pidfd (kernels before 5.3), how often a wait checks the exit.
constexpr int kExitPollMs = 50;

// The worker's signal handler stops the program's group before the worker
// dies, and says so on stderr: a hung program that xsb_bench's watchdog
// stops is then named in the case's error, and none of its processes is
// left behind. One program at a time per worker.
std::atomic<pid_t> g_group{0};
volatile sig_atomic_t g_busy = 0;  // a forward request is outstanding
char g_note_busy[512];
char g_note_idle[512];

void StopGroupAndDie(int signal_number) {
  const pid_t group = g_group.load();
  if (group > 0) {
    kill(-group, SIGKILL);
    const char* note = g_busy ? g_note_busy : g_note_idle;
    (void)!write(STDERR_FILENO, note, strlen(note));
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void WatchGroup(pid_t group, const std::string& name) {
  std::snprintf(g_note_busy, sizeof g_note_busy,
                "xsb_worker: stopped by a signal while %s had not answered a "
                "forward request; its process group was killed\n",
                name.c_str());
  std::snprintf(g_note_idle, sizeof g_note_idle,
                "xsb_worker: stopped by a signal; the process group of %s "
                "was killed\n",
                name.c_str());
  g_group.store(group);
  struct sigaction action {};
  action.sa_handler = StopGroupAndDie;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    sigaction(signal_number, &action, nullptr);
  }
}

// Readable once `pid` exits; invalid where the kernel has no pidfd_open.
UniqueFd OpenPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  return UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
#else
  (void)pid;
  return UniqueFd();
#endif
}

// send() without SIGPIPE: a program that is gone is an error, not a signal.
bool SendAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::vector<EnvironmentVariable> ExecEnvironment(
    const ExecSettings& settings, int socket_fd,
    const char* inherited_python_path) {
  std::vector<EnvironmentVariable> env = {
      {"XSB_MODEL_FD", std::to_string(socket_fd)},
      {"XSB_MODEL_PROTOCOL", std::to_string(kExecProtocolVersion)},
      {"XSB_MODEL_ROLE", settings.role},
      {"XSB_MODEL_BATCH", std::to_string(settings.batch)},
      {"XSB_MODEL_BACKEND", settings.backend},
      {"XSB_MODEL_DEVICE", std::to_string(settings.device_index)},
      {"XSB_MODEL_SEED", std::to_string(settings.seed)},
      {"XSB_STREAM_PRIORITY", settings.stream_priority}};
  if (!settings.python_path.empty()) {
    const bool inherited =
        inherited_python_path != nullptr && *inherited_python_path != '\0';
    env.emplace_back(
        "PYTHONPATH",
        settings.python_path +
            (inherited ? ":" + std::string(inherited_python_path) : ""));
  }
  return env;
}

std::unique_ptr<ExecProgram> ExecProgram::Start(const ExecSettings& settings,
                                                std::string* error) {
  const std::string command = JoinCommandWords(settings.argv);
  const std::string name = "exec model (" + command + ")";
  if (settings.argv.empty()) {
    *error = name + " has no program";
    return nullptr;
  }
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    *error = name + ": cannot create its socket: " + std::strerror(errno);
    return nullptr;
  }
  UniqueFd ours(fds[0]);
  UniqueFd theirs(fds[1]);
  SpawnOptions options;
  options.own_process_group = true;
  options.output_to_stderr = true;
  options.inherited_fds = {theirs.get()};
  std::unique_ptr<ChildProcess> child = ChildProcess::Spawn(
      settings.argv[0],
      std::vector<std::string>(settings.argv.begin() + 1, settings.argv.end()),
      ExecEnvironment(settings, theirs.get(), std::getenv("PYTHONPATH")),
      options, error);
  if (child == nullptr) {
    *error = name + ": " + *error;
    return nullptr;
  }
  std::unique_ptr<ExecProgram> program(
      new ExecProgram(std::move(child), std::move(ours), command));
  WatchGroup(program->pid(), program->name());
  return program;
}

ExecProgram::ExecProgram(std::unique_ptr<ChildProcess> child, UniqueFd socket,
                         std::string command)
    : child_(std::move(child)),
      socket_(std::move(socket)),
      pidfd_(OpenPidFd(child_->pid())),
      command_(std::move(command)),
      name_("exec model (pid " + std::to_string(child_->pid()) + ": " +
            command_ + ")") {}

ExecProgram::~ExecProgram() {
  // The group is killed by ChildProcess's destructor, swept before the
  // program is reaped.
  pid_t expected = child_->pid();
  g_group.compare_exchange_strong(expected, 0);
}

bool ExecProgram::ReadAvailable() {
  char buffer[4096];
  while (true) {
    const ssize_t n = recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      lines_.Append(buffer, static_cast<size_t>(n));
      // A short read took what there was: one call per reply, not two.
      if (static_cast<size_t>(n) < sizeof buffer) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

bool ExecProgram::NextLine(std::string* line) {
  while (!lines_.NextLine(line)) {
    if (!socket_open_ || child_->exited()) return false;
    pollfd fds[2] = {{socket_.get(), POLLIN, 0}, {pidfd_.get(), POLLIN, 0}};
    const bool pidfd = pidfd_.valid();
    if (poll(fds, pidfd ? 2 : 1, pidfd ? -1 : kExitPollMs) < 0 &&
        errno != EINTR) {
      return false;
    }
    // What the program wrote before it exited is read first.
    if (fds[0].revents != 0) {
      socket_open_ = ReadAvailable();
    } else if (pidfd ? fds[1].revents != 0 : child_->TryReap()) {
      child_->WaitForExit(kEndWaitNs);
    }
  }
  return true;
}

std::string ExecProgram::DescribeEnd(const std::string& context) {
  if (!child_->WaitForExit(kEndWaitNs)) {
    child_->Stop(0);
    return name_ + " closed its protocol socket " + context +
           " and was stopped";
  }
  return name_ + " " + DescribeWaitStatus(child_->wait_status()) + " " +
         context;
}

bool ExecProgram::AwaitReady(ExecReady* ready, std::string* error) {
  std::string line;
  if (!NextLine(&line)) {
    *error = DescribeEnd("before its ready line");
    return false;
  }
  std::string failure;
  if (ParseReadyLine(line, ready, &failure, error)) return true;
  *error = failure.empty() ? name_ + " " + *error
                           : name_ + " failed to start: " + failure;
  return false;
}

bool ExecProgram::Forward(std::string* error) {
  const int64_t id = next_id_++;
  g_busy = 1;
  std::string line;
  const bool answered =
      SendAll(socket_.get(), ForwardLine(id)) && NextLine(&line);
  g_busy = 0;
  std::string failure;
  if (answered && ParseForwardReply(line, id, &failure, error)) return true;
  const std::string request = "forward request " + std::to_string(id);
  if (!answered) {
    *error = DescribeEnd("during " + request);
  } else {
    *error = failure.empty() ? name_ + " " + *error
                             : name_ + " failed " + request + ": " + failure;
  }
  return false;
}

bool ExecProgram::Finish(int64_t timeout_ns, std::string* error,
                         std::string* note) {
  note->clear();
  // A program that is gone cannot be told; its exit status says the rest.
  (void)SendAll(socket_.get(), kQuitLine);
  if (!child_->WaitForExit(timeout_ns)) {
    child_->Stop(0);
    *note = name_ + " did not exit within " + FormatSeconds(timeout_ns / 1e9) +
            " of quit and was stopped";
    return true;
  }
  const int status = child_->wait_status();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  *error = name_ + " " + DescribeWaitStatus(status) + " after quit";
  return false;
}

}  // namespace xsb
