// What one xsb_worker process does between its config and its result.
#ifndef XSB_BENCH_WORKER_WORKER_RUN_H_
#define XSB_BENCH_WORKER_WORKER_RUN_H_

#include <functional>
#include <memory>

#include "bench/protocol/worker_protocol.h"
#include "kernels/workload.h"

namespace xsb {

// A device, a stream, a model and a timer on that stream, built from a
// worker's config.
struct WorkerModel {
  std::unique_ptr<Device> device;
  std::unique_ptr<Stream> stream;
  std::unique_ptr<Model> model;
  std::unique_ptr<StreamTimer> timer;
};

// Throws DeviceError when the backend cannot be opened or the model built.
// Before allocating, checks the model against the free device memory and
// config.memory_limit_mib; that failure, and a failed allocation, read as
// one line with the remedy (bench/memory_check.h).
WorkerModel BuildWorkerModel(const WorkerConfig& config);

// StageInput + CopyIn + Forward + CopyOut + Synchronize: one HP request or
// LP iteration, host staging included.
void RunOnce(WorkerModel& m);

// Warms up, then returns the median time of a few CopyIn + Forward + CopyOut
// in milliseconds, as the stream timer measures them (GPU events on a GPU).
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
// before the window's end completes, LP until past the window's end and a
// stop. Sends progress through `send` (with the samples since the last one
// when config.stream_samples) and polls for control messages only then, at
// most once per progress interval, so the loops' hot paths stay as they
// were.
ResultMessage RunRole(const WorkerConfig& config, const StartMessage& start,
                      WorkerModel& m,
                      const std::function<void(const WorkerMessage&)>& send,
                      const PollControl& poll_control);

}  // namespace xsb

#endif  // XSB_BENCH_WORKER_WORKER_RUN_H_
