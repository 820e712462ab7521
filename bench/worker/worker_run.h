// What one xsb_worker process does between its config and its result.
#ifndef XSB_BENCH_WORKER_WORKER_RUN_H_
#define XSB_BENCH_WORKER_WORKER_RUN_H_

#include <functional>
#include <memory>
#include <vector>

#include "bench/protocol/worker_protocol.h"
#include "kernels/exec/exec_model.h"
#include "kernels/workload.h"

namespace xsb {

// A device, a stream, a model and a timer on that stream, built from a
// worker's config; for a spin workload (config.spin_us > 0) a spinner and
// one timer per LP kernel in flight instead of the model. For an exec
// model (config.exec_argv) the user's program is the model and its device
// (kernels/exec): the worker opens no device of its own.
struct WorkerModel {
  std::unique_ptr<Device> device;
  std::unique_ptr<Stream> stream;
  std::unique_ptr<Model> model;  // null for a spin workload
  std::unique_ptr<StreamTimer> timer;
  std::unique_ptr<Spinner> spinner;  // spin workload only
  double spin_us = 0;
  // LP spin workload: one timer per kernel in flight; its Stop marks the
  // kernel's end, and ElapsedMs waits for it.
  std::vector<std::unique_ptr<StreamTimer>> in_flight;
  ExecModel* exec = nullptr;  // `model`, when it is an exec model
};

// How long an exec model's program gets to exit after quit: well within
// the 5 s xsb_bench gives the worker after its result.
constexpr int64_t kExecFinishNs = 3'000'000'000;

// What an exec model's program is started with for `config`: the role,
// batch, backend, device, stream priority and seed, and python/ beside
// this program (where the build puts xsb_model) first on PYTHONPATH.
ExecSettings ExecSettingsFor(const WorkerConfig& config);

// Throws DeviceError when the backend cannot be opened or the model built.
// Before allocating, checks the model against the free device memory and
// config.memory_limit_mib; that failure, and a failed allocation, read as
// one line with the remedy (bench/memory_check.h).
WorkerModel BuildWorkerModel(const WorkerConfig& config);

// StageInput + CopyIn + Forward + CopyOut + Synchronize: one HP request,
// host staging included. For a spin workload: one spin of spin_us, then
// Synchronize.
void RunOnce(WorkerModel& m);

// CopyIn + Forward + CopyOut + Synchronize of the input staged before: one
// LP iteration, whose input never changes.
void RunStaged(WorkerModel& m);

// The LP spin workload's iteration: the first call fills the stream with
// in_flight.size() spins; every call waits for the oldest to end and
// enqueues the next, so the stream never drains while it waits.
void RunNextQueuedSpin(WorkerModel& m, size_t* oldest, bool* filled);

// Warms up, then returns the median time of a few CopyIn + Forward + CopyOut
// (a spin workload: a few spins) in milliseconds, as the stream timer
// measures them (GPU events on a GPU).
// Each input is staged before the timer starts, so on a GPU the figure is
// device work only.
double MeasureStandaloneMs(WorkerModel& m);

// What xsb_bench has said since the start message.
struct RunControl {
  int64_t end_ns = 0;  // the window's end: the start's, or an end message's
  bool stop = false;   // a stop message arrived, or xsb_bench closed stdin
};
// Applies the messages that have arrived to *control, without blocking.
using PollControl = std::function<void(RunControl* control)>;

// Runs the role's load loop from start.t0_ns: HP until its last request due
// before the window's end completes (RunOnce per request), LP until past
// the window's end and a stop (its input staged once, then RunStaged per
// iteration). Sends progress through `send` (with the samples since the
// last one when config.stream_samples) and polls for control messages only
// then, at most once per progress interval, so the loops' hot paths stay as
// they were.
ResultMessage RunRole(const WorkerConfig& config, const StartMessage& start,
                      WorkerModel& m,
                      const std::function<void(const WorkerMessage&)>& send,
                      const PollControl& poll_control);

}  // namespace xsb

#endif  // XSB_BENCH_WORKER_WORKER_RUN_H_
