#include "bench/worker/worker_run.h"

#include <algorithm>

#include "bench/measure/arrival_schedule.h"
#include "bench/measure/clock.h"
#include "bench/measure/load_loops.h"
#include "bench/worker/memory_check.h"
#include "kernels/backend.h"

namespace xsb {

WorkerModel BuildWorkerModel(const WorkerConfig& config) {
  WorkerModel m;
  std::string why_not;
  m.device = OpenDevice(config.backend, &why_not);
  if (m.device == nullptr) throw DeviceError(why_not);
  StreamOptions options;
  options.priority = config.priority;
  options.host_threads = config.host_threads;
  m.stream = m.device->CreateStream(options);
  MemoryBudget budget{m.device->Info().backend, m.device->FreeMemoryBytes(),
                      config.memory_limit_mib};
  std::string shortage;
  // Thrown: this function reports through DeviceError like the device does.
  if (!CheckModelMemory(config.role, config.shape, budget, &shortage)) {
    throw DeviceError(shortage);
  }
  try {
    m.model = m.device->CreateModel(config.shape, config.seed, *m.stream);
  } catch (const OutOfMemoryError&) {
    // The partial model is gone: what is free now is what was free to it.
    budget.free_bytes = m.device->FreeMemoryBytes();
    throw DeviceError(
        DescribeFailedAllocation(config.role, config.shape, budget));
  }
  m.timer = m.device->CreateTimer(*m.stream);
  return m;
}

void RunOnce(WorkerModel& m) {
  m.model->StageInput();
  m.model->CopyIn();
  m.model->Forward();
  m.model->CopyOut();
  m.stream->Synchronize();
}

double MeasureStandaloneMs(WorkerModel& m) {
  constexpr int kWarmup = 2;
  constexpr int kTimed = 5;
  for (int i = 0; i < kWarmup; ++i) RunOnce(m);
  std::vector<double> times_ms;
  for (int i = 0; i < kTimed; ++i) {
    // Host work (16 MiB for an LP batch of 1024 x 4096) stays outside the
    // timed region: on an idle stream the start event would count it.
    m.model->StageInput();
    m.timer->Start();
    m.model->CopyIn();
    m.model->Forward();
    m.model->CopyOut();
    m.timer->Stop();
    times_ms.push_back(m.timer->ElapsedMs());
  }
  std::sort(times_ms.begin(), times_ms.end());
  return times_ms[kTimed / 2];
}

ResultMessage RunRole(const WorkerConfig& config, const StartMessage& start,
                      WorkerModel& m,
                      const std::function<void(const WorkerMessage&)>& send,
                      const PollControl& poll_control) {
  MonotonicClock clock;
  RunControl control{start.end_ns, false};
  ResultMessage result;
  result.role = config.role;
  const bool hp = config.role == WorkerRole::kHp;
  size_t streamed = 0;  // samples already sent in progress messages
  const int64_t interval_ns = SecondsToNs(config.progress_interval_s);
  const ProgressFn progress = ThrottledProgress(
      start.t0_ns + interval_ns, interval_ns, [&](int64_t completed) {
        ProgressMessage message{completed, {}, {}};
        if (config.stream_samples && hp) {
          message.requests.assign(result.requests.begin() + streamed,
                                  result.requests.end());
          streamed = result.requests.size();
        } else if (config.stream_samples) {
          message.completions_ns.assign(
              result.completions_ns.begin() + streamed,
              result.completions_ns.end());
          streamed = result.completions_ns.size();
        }
        send(message);
        poll_control(&control);
      });
  ServeFn serve = [&m] { RunOnce(m); };

  if (hp) {
    const std::vector<int64_t> offsets =
        MakeArrivalOffsets(config.arrival, config.rate_per_s,
                           start.end_ns - start.t0_ns, config.seed);
    result.requests.reserve(offsets.size());
    OpenLoopOptions options;
    // Heartbeats at the progress interval keep a worker at a low rate from
    // looking hung between requests; LP has no wait to fill.
    options.heartbeat_ns = interval_ns;
    options.spin_ns = config.send_spin_ns;
    options.end_ns = &control.end_ns;
    RunOpenLoop(clock, start.t0_ns, offsets, serve, progress, options,
                &result.requests);
  } else {
    // Room for 65,536 iterations up front; beyond that the vector grows
    // geometrically, an amortised copy off the timed path of each iteration.
    result.completions_ns.reserve(1 << 16);
    clock.SleepUntilNs(start.t0_ns);
    const int64_t give_up_ns = start.end_ns + kLpStopCapNs;
    RunClosedLoop(
        clock, control.end_ns, serve, progress,
        [&] {
          poll_control(&control);
          return control.stop || MonotonicNowNs() >= give_up_ns;
        },
        &result.completions_ns);
  }
  return result;
}

}  // namespace xsb
