// xsb_worker: runs one model (HP or LP) for xsb_bench and reports timings.
// Protocol in bench/worker_protocol.h; stdout carries only protocol lines.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/protocol/arrival_json.h"
#include "bench/protocol/worker_protocol.h"
#include "bench/worker/cpu_policy.h"
#include "bench/worker/exec_round_trip.h"
#include "bench/worker/worker_run.h"
#include "kernels/backend.h"
#include "shim_env/base/line_buffer.h"
#include "shim_env/base/text.h"
#include "shim_env/base/write_all.h"
#include "shim_env/xsched/shim_probe.h"

extern char** environ;

namespace xsb {
namespace {

constexpr char kUsage[] =
    "usage: xsb_worker [--cpu_policy=normal|idle]\n"
    "       xsb_worker --probe [--backend=auto|cpu|gpu] [--device=N]\n"
    "       xsb_worker --probe --exec_round_trip=N -- COMMAND...\n"
    "Started by xsb_bench; speaks JSON lines on stdin/stdout.\n";
// Untimed requests before the round trips are timed.
constexpr int kRoundTripWarmup = 200;

// A failed write means xsb_bench is gone: there is nobody left to tell.
void Send(const WorkerMessage& message) {
  (void)WriteAll(STDOUT_FILENO, EncodeMessage(message) + "\n");
}

// Protocol lines from xsb_bench, read straight from fd 0: a buffered
// std::cin could swallow a stop message that poll() then never reports.
class StdinLines {
 public:
  // Blocks for the next line; false at end of file.
  bool Next(std::string* line) {
    while (!lines_.NextLine(line)) {
      if (!ReadSome()) return false;
    }
    return true;
  }
  // The next line if one has arrived, without blocking; sets *closed at end
  // of file.
  bool Poll(std::string* line, bool* closed) {
    pollfd fd{STDIN_FILENO, POLLIN, 0};
    while (!lines_.NextLine(line)) {
      if (poll(&fd, 1, 0) <= 0) return false;
      if (!ReadSome()) {
        *closed = true;
        return false;
      }
    }
    return true;
  }

 private:
  bool ReadSome() {
    char buffer[4096];
    ssize_t n;
    do {
      n = read(STDIN_FILENO, buffer, sizeof buffer);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    lines_.Append(buffer, static_cast<size_t>(n));
    return true;
  }

  LineBuffer lines_;
};

StdinLines& Stdin() {
  static StdinLines stdin_lines;
  return stdin_lines;
}

// Reads the next message of type T from stdin; throws on anything else.
template <typename T>
T Receive(const char* expected) {
  std::string line;
  if (!Stdin().Next(&line)) {
    throw std::runtime_error(std::string("stdin closed while waiting for ") +
                             expected);
  }
  WorkerMessage message;
  std::string error;
  if (!DecodeMessage(line, &message, &error)) throw std::runtime_error(error);
  if (!std::holds_alternative<T>(message)) {
    throw std::runtime_error(std::string("expected ") + expected + ", got " +
                             MessageTypeName(message));
  }
  return std::get<T>(message);
}

// Applies every end or stop message that has arrived; a stop message, or
// xsb_bench closing our stdin, ends an LP run.
void PollRunControl(RunControl* control) {
  std::string line;
  bool closed = false;
  while (Stdin().Poll(&line, &closed)) {
    WorkerMessage message;
    std::string error;
    if (!DecodeMessage(line, &message, &error)) {
      throw std::runtime_error(error);
    }
    if (const auto* end = std::get_if<EndMessage>(&message)) {
      control->end_ns = std::min(control->end_ns, end->end_ns);
    } else if (std::holds_alternative<StopMessage>(message)) {
      control->stop = true;
    } else {
      throw std::runtime_error("expected end or stop, got: " +
                               line.substr(0, 80));
    }
  }
  if (closed) control->stop = true;
}

// Whether a scheduler shim is loaded in this process, and what configures
// it; call once the device is open (see ReadyMessage).
void AddShimProof(ReadyMessage* ready) {
  ready->mapped_libraries = MappedShimLibraries(ReadSelfMaps());
  ready->scheduler_env = SchedulerVariables(environ);
}

// For an exec model, the proof and the CPU policy are its program's: the
// process that runs the model (and that a preloaded shim must reach), with
// every thread it has started by now.
void AddExecProof(ExecModel& exec, ReadyMessage* ready) {
  const pid_t pid = exec.program().pid();
  ready->mapped_libraries = MappedShimLibraries(ReadProcessMaps(pid));
  ready->scheduler_env = ProcessSchedulerVariables(pid);
  ready->cpu_policy = DescribeProcessCpuPolicy(pid);
  const ExecReady& said = exec.ready();
  ready->exec = {
      exec.program().command(), pid, said.model, said.device, said.batch,
      said.stream_priority};
}

// --exec_round_trip: the no-op model's round trips instead of a device.
int ProbeRoundTrip(const std::string& count_text,
                   const std::vector<std::string>& command) {
  char* end = nullptr;
  const long count = std::strtol(count_text.c_str(), &end, 10);
  if (count_text.empty() || *end != '\0' || count < 1 || count > 1'000'000 ||
      command.empty()) {
    Send(ErrorMessage{"bad --exec_round_trip '" + count_text +
                      "' (1 to 1000000, then -- COMMAND...)"});
    return 2;
  }
  try {
    ReadyMessage ready;
    ready.pid = getpid();
    ready.exec = MeasureExecRoundTrip(command, kRoundTripWarmup,
                                      static_cast<int>(count));
    ready.device.name = ready.exec.device;
    ready.cpu_policy = DescribeCpuPolicy();
    ready.compiled_gpu_backend = CompiledGpuBackend();
    Send(ready);
    return 0;
  } catch (const std::exception& e) {
    Send(ErrorMessage{e.what()});
    return 1;
  }
}

int Probe(const std::string& backend, const std::string& device_text) {
  BackendRequest request;
  if (!ParseBackendRequest(backend, &request)) {
    Send(ErrorMessage{"unknown backend '" + backend + "' (auto, cpu or gpu)"});
    return 2;
  }
  char* end = nullptr;
  const long device_index = std::strtol(device_text.c_str(), &end, 10);
  if (device_text.empty() || *end != '\0' || device_index < 0 ||
      device_index > 1024) {
    Send(ErrorMessage{"bad --device '" + device_text + "' (0, 1, ...)"});
    return 2;
  }
  std::string why_not;
  std::unique_ptr<Device> device =
      OpenDevice(request, static_cast<int>(device_index), &why_not);
  if (device == nullptr) {
    Send(ErrorMessage{why_not});
    return 1;
  }
  ReadyMessage ready;
  ready.pid = getpid();
  ready.device = device->Info();
  ready.cpu_policy = DescribeCpuPolicy();
  ready.compiled_gpu_backend = CompiledGpuBackend();
  if (request == BackendRequest::kAuto &&
      ready.device.backend == Backend::kCpu) {
    ready.note = "GPU not used: " + why_not;
  }
  AddShimProof(&ready);
  Send(ready);
  return 0;
}

int Serve(const std::string& cpu_policy) {
  std::string error;
  // Before any thread exists, so every thread of this worker inherits it.
  if (!ApplyCpuPolicy(cpu_policy, &error)) {
    Send(ErrorMessage{error});
    return 1;
  }
  try {
    WorkerConfig config = Receive<WorkerConfig>("config");
    // Before ready: the schedule must be known before the window starts.
    if (config.arrival.process == ArrivalDistribution::kReplay &&
        !LoadReplayTimes(&config.arrival, &error)) {
      Send(ErrorMessage{error});
      return 1;
    }
    WorkerModel model = BuildWorkerModel(config);
    ReadyMessage ready;
    ready.pid = getpid();
    ready.device = model.device->Info();
    ready.cpu_policy = DescribeCpuPolicy();
    ready.forward_ms = MeasureStandaloneMs(model);
    AddShimProof(&ready);
    if (model.exec != nullptr) AddExecProof(*model.exec, &ready);
    Send(ready);
    const StartMessage start = Receive<StartMessage>("start");
    Send(RunRole(config, start, model, Send, PollRunControl));
    // After the result: a program that fails on its way out fails the
    // case through this worker's exit code and its stderr.
    std::string note;
    if (model.exec != nullptr &&
        !model.exec->program().Finish(kExecFinishNs, &error, &note)) {
      std::fprintf(stderr, "xsb_worker: %s\n", error.c_str());
      return 1;
    }
    if (!note.empty()) std::fprintf(stderr, "xsb_worker: %s\n", note.c_str());
    return 0;
  } catch (const std::exception& e) {
    Send(ErrorMessage{e.what()});
    return 1;
  }
}

}  // namespace
}  // namespace xsb

int main(int argc, char** argv) {
  bool probe = false;
  std::string backend = "auto";
  std::string device = "0";
  std::string cpu_policy = "normal";
  std::string round_trips;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    if (arg == "--probe") {
      probe = true;
    } else if (xsb::StartsWith(arg, "--backend=")) {
      backend = arg.substr(10);
    } else if (xsb::StartsWith(arg, "--device=")) {
      device = arg.substr(9);
    } else if (xsb::StartsWith(arg, "--cpu_policy=")) {
      cpu_policy = arg.substr(13);
    } else if (xsb::StartsWith(arg, "--exec_round_trip=")) {
      round_trips = arg.substr(18);
    } else {
      std::fprintf(stderr, "xsb_worker: unknown argument '%s'\n%s", argv[i],
                   xsb::kUsage);
      return 2;
    }
  }
  if (probe && !round_trips.empty()) {
    return xsb::ProbeRoundTrip(round_trips, command);
  }
  return probe ? xsb::Probe(backend, device) : xsb::Serve(cpu_policy);
}
