// A stand-in for xsb_worker that speaks the protocol correctly but measures
// nothing: it answers at once with results whose latencies the test chose,
// so round tests run in seconds and know the truth. HP's latencies depend
// on its stream priority (what the stream-priority scheduler changes):
//   XSB_FAKE_HP_MS          HP latency at the default priority (default 20)
//   XSB_FAKE_HP_MS_HIGHEST  HP latency at the highest priority (default 10)
//   XSB_FAKE_SWING          at the highest priority, runs alternate between
//                           x exp(+swing) and x exp(-swing) (default 0)
//   XSB_FAKE_STATE_DIR      where the alternation counts runs (required
//                           with a swing)
//   XSB_FAKE_BACKEND        the backend the probe claims (default hip, so
//                           the schedulers are baseline and stream-priority)
// LP completes one iteration every 10 ms of the window under any scheduler.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/measure/arrival_schedule.h"
#include "bench/protocol/worker_protocol.h"

namespace xsb {
namespace {

double EnvNumber(const char* name, double fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atof(value);
}

void Send(const WorkerMessage& message) {
  std::cout << EncodeMessage(message) << std::endl;
}

ReadyMessage Ready() {
  ReadyMessage ready;
  ready.pid = getpid();
  ready.cpu_policy = "fake";
  ready.forward_ms = 0.1;
  const char* backend = std::getenv("XSB_FAKE_BACKEND");
  ParseBackend(backend == nullptr ? "hip" : backend, &ready.device.backend);
  ready.device.name = "fake latency device";
  ready.device.compute_units = 1;
  ready.device.memory_bytes = 1;
  return ready;
}

// x exp(+swing) on even runs at the highest priority, x exp(-swing) on odd
// ones, counted in a file per priority.
double Swing(StreamPriority priority) {
  const double swing = EnvNumber("XSB_FAKE_SWING", 0);
  const char* dir = std::getenv("XSB_FAKE_STATE_DIR");
  if (swing == 0 || dir == nullptr || priority != StreamPriority::kHighest) {
    return 1;
  }
  const std::string path = std::string(dir) + "/highest.runs";
  std::ifstream in(path);
  std::string seen;
  std::getline(in, seen);
  std::ofstream(path) << seen << "x";
  return std::exp(seen.size() % 2 == 0 ? swing : -swing);
}

ResultMessage Result(const WorkerConfig& config, const StartMessage& start) {
  ResultMessage result;
  result.role = config.role;
  const int64_t span = start.end_ns - start.t0_ns;
  if (config.role == WorkerRole::kLp) {
    for (int64_t t = 10'000'000; t < span; t += 10'000'000) {
      result.completions_ns.push_back(start.t0_ns + t);
    }
    return result;
  }
  const double base_ms =
      config.priority == StreamPriority::kHighest
          ? EnvNumber("XSB_FAKE_HP_MS_HIGHEST", 10)
          : EnvNumber("XSB_FAKE_HP_MS", 20);
  const double latency_ms = base_ms * Swing(config.priority);
  int64_t k = 0;
  for (const int64_t offset : MakeArrivalOffsets(
           config.arrival, config.rate_per_s, span, config.seed)) {
    const int64_t scheduled = start.t0_ns + offset;
    // Within a run, latencies spread over 10 %: the percentiles differ.
    const double ms = latency_ms * (1 + 0.001 * static_cast<double>(k++ % 100));
    result.requests.push_back(
        {scheduled, scheduled, scheduled + static_cast<int64_t>(ms * 1e6)});
  }
  return result;
}

// Reads messages until one of type T; false at the end of input.
template <typename T>
bool Await(T* out) {
  std::string line;
  while (std::getline(std::cin, line)) {
    WorkerMessage message;
    std::string error;
    if (!DecodeMessage(line, &message, &error)) continue;
    if (auto* wanted = std::get_if<T>(&message)) {
      *out = *wanted;
      return true;
    }
  }
  return false;
}

int Main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--probe") {
    Send(Ready());
    return 0;
  }
  WorkerConfig config;
  StartMessage start;
  if (!Await(&config)) return 1;
  Send(Ready());
  if (!Await(&start)) return 1;
  if (config.role == WorkerRole::kLp) {
    StopMessage stop;
    if (!Await(&stop)) return 1;
  }
  Send(Result(config, start));
  std::string rest;
  while (std::getline(std::cin, rest)) {
  }
  return 0;
}

}  // namespace
}  // namespace xsb

int main(int argc, char** argv) { return xsb::Main(argc, argv); }
