// Messages between xsb_bench and its workers, one JSON object per line:
//   bench -> worker: config, then start, then end (adaptive window only),
//   then stop (LP only)
//   worker -> bench: ready, progress (repeated), result, or error at any time
#ifndef XSB_BENCH_PROTOCOL_WORKER_PROTOCOL_H_
#define XSB_BENCH_PROTOCOL_WORKER_PROTOCOL_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "bench/measure/arrival_schedule.h"
#include "bench/measure/request_timing.h"
#include "kernels/workload.h"
#include "shim_env/plan/worker_launch.h"

namespace xsb {

struct WorkerConfig {
  WorkerRole role = WorkerRole::kHp;
  // kCpu or kGpu, resolved by xsb_bench (never kAuto).
  BackendRequest backend = BackendRequest::kCpu;
  MlpShape shape;
  int host_threads = 1;  // 0: all cores
  uint64_t seed = 1;
  StreamPriority priority = StreamPriority::kDefault;
  double rate_per_s = 0;  // HP only, > 0
  // HP only. On the wire "arrival" names the process; the others' parameters
  // follow in an optional "arrival_spec" object (bench/protocol/
  // arrival_json.h). A replay's file is read by the worker.
  ArrivalSpec arrival;
  double progress_interval_s = 1;
  // --xsb_memory_limit_mib: the most the model may use (bench/memory_check.h);
  // 0: no limit beyond the device's free memory.
  int64_t memory_limit_mib = 0;
  // The Preemption cases' workload: > 0 runs spin kernels of this many
  // microseconds (kernels/workload.h Spinner) instead of the model; HP runs
  // one per request, LP keeps `queue_depth` in flight. Optional on the
  // wire: absent means 0, the model.
  double spin_us = 0;
  int queue_depth = 1;
  // --xsb_device: the GPU this worker selects before any other GPU call;
  // the CPU backend has only 0. Optional on the wire: absent means 0.
  int device_index = 0;
  // A kernel trace to replay instead of the MLP (docs/workloads.md); empty:
  // the MLP of `shape`. Optional on the wire.
  std::string trace_path;
  // --xsb_duration_s=auto: each progress message also carries the requests
  // (HP) or completions (LP) since the previous one, for the orchestrator's
  // stopping rule. Optional on the wire (false).
  bool stream_samples = false;
  // HP only: sleep until this long before each request, then spin
  // (--xsb_send_spin_us). Optional on the wire (0: sleep all the way).
  int64_t send_spin_ns = 0;
  // > 0: the worker's stream gets this share of the compute units (the
  // cu-mask scheduler; StreamOptions::cu_mask_percent). Optional on the
  // wire (0: every unit).
  int cu_mask_percent = 0;
  // exec:COMMAND: the program (argv[0] an absolute path) the worker runs as
  // its model over the exec protocol (kernels/exec, docs/workloads.md);
  // empty: a built-in model. Optional on the wire.
  std::vector<std::string> exec_argv;
};

// An exec model's side of the ready message: what its program said in its
// handshake, and where it runs. Probes with --exec_round_trip also carry
// the no-op round trip.
struct ExecReport {
  std::string command;  // the words, as a shell would read them back
  int64_t pid = 0;      // the program's (its process group's) id
  std::string model;    // the program's own words: model, device, batch
  std::string device;
  int batch = 0;
  // The stream priority the program said it applied; "" when it did not.
  std::string stream_priority;
  int64_t round_trips = 0;  // > 0: the round trip was measured
  double round_trip_p50_us = 0;
  double round_trip_p99_us = 0;
};

struct ReadyMessage {
  int64_t pid = 0;
  DeviceInfo device;
  std::string cpu_policy;  // what the worker applied to itself
  // Standalone CopyIn+Forward+CopyOut, median, timed on the stream by the
  // backend's StreamTimer (GPU events on a GPU).
  double forward_ms = 0;
  std::string note;  // e.g. why the GPU was not used under auto
  // The GPU backend compiled into the worker ("hip", "cuda" or "none"):
  // xsb_bench links no GPU code and learns it here. Optional on the wire.
  std::string compiled_gpu_backend = "none";
  // The proof of a scheduler shim (shim_env/shim_probe.h), taken once the
  // device and the model are open (the CUDA runtime loads libcuda, and so
  // XSched's CUDA shim, only then): the shim and GPU driver libraries mapped
  // in the worker, and the XSCHED_* and XLOG_* variables it saw. Optional
  // on the wire: absent means none.
  std::vector<std::string> mapped_libraries;
  std::vector<EnvironmentVariable> scheduler_env;
  // An exec model's program (then the proof above, cpu_policy and the
  // device are the program's). Optional on the wire: pid 0 when absent.
  ExecReport exec;
};

struct StartMessage {
  int64_t t0_ns = 0;   // CLOCK_MONOTONIC
  int64_t end_ns = 0;  // the end of the measurement window
};

// Sent to LP workers once every HP worker has finished: LP keeps its load on
// past the window until then, so HP requests that complete late still meet
// contention. Until it arrives (or after kLpStopCapNs) LP keeps iterating.
struct StopMessage {};

struct ProgressMessage {
  int64_t completed = 0;  // requests (HP) or iterations (LP) so far
  // With WorkerConfig::stream_samples, what completed since the previous
  // progress message (optional on the wire: absent means none).
  std::vector<RequestTiming> requests;  // HP
  std::vector<int64_t> completions_ns;  // LP
};

// Sent to every worker when the adaptive rule ends the window early: the
// window now ends at end_ns (before the start message's end_ns). HP sends
// no request scheduled at or after it; LP treats it as its new end and
// then waits for stop as before. Workers read it at their next progress
// report, so at most one progress interval late.
struct EndMessage {
  int64_t end_ns = 0;
};

struct ResultMessage {
  WorkerRole role = WorkerRole::kHp;
  std::vector<RequestTiming> requests;  // HP
  std::vector<int64_t> completions_ns;  // LP
};

struct ErrorMessage {
  std::string message;
};

using WorkerMessage =
    std::variant<WorkerConfig, ReadyMessage, StartMessage, ProgressMessage,
                 ResultMessage, ErrorMessage, StopMessage, EndMessage>;

// How long past the window an LP worker waits for its stop message at most.
constexpr int64_t kLpStopCapNs = 60'000'000'000;

// The "type" field of a message: "config", "ready", ...
const char* MessageTypeName(const WorkerMessage& message);

// One line of JSON, without the newline.
std::string EncodeMessage(const WorkerMessage& message);

// Parses and validates one line. On failure returns false and sets *error
// to one line saying what is wrong; never throws.
bool DecodeMessage(const std::string& line, WorkerMessage* out,
                   std::string* error);

const char* StreamPriorityName(StreamPriority priority);
bool ParseStreamPriority(const std::string& text, StreamPriority* out);

}  // namespace xsb

#endif  // XSB_BENCH_PROTOCOL_WORKER_PROTOCOL_H_
