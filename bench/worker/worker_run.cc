#include "bench/worker/worker_run.h"

#include <algorithm>
#include <memory>

#include "bench/measure/arrival_schedule.h"
#include "bench/measure/clock.h"
#include "bench/measure/load_loops.h"
#include "bench/worker/memory_check.h"
#include "kernels/backend.h"
#include "kernels/trace/kernel_trace.h"
#include "kernels/trace/trace_model.h"
#include "shim_env/base/program_path.h"

namespace xsb {

namespace {

// The Preemption cases' spin kernels instead of a model: nothing to
// allocate, so no memory check.
void AddSpinWorkload(const WorkerConfig& config, WorkerModel* m) {
  m->spin_us = config.spin_us;
  m->spinner = m->device->CreateSpinner(*m->stream);
  m->timer = m->device->CreateTimer(*m->stream);
  if (config.role == WorkerRole::kLp) {
    for (int i = 0; i < config.queue_depth; ++i) {
      m->in_flight.push_back(m->device->CreateTimer(*m->stream));
    }
  }
}

// A kernel trace's replay instead of the MLP (docs/workloads.md).
void AddTraceWorkload(const WorkerConfig& config, WorkerModel* m) {
  std::string error;
  KernelTrace trace;
  if (!LoadKernelTrace(config.trace_path, &trace, &error)) {
    throw DeviceError(error);
  }
  m->model = std::make_unique<TraceModel>(
      MakeReplayPlan(trace), m->device->CreateSpinner(*m->stream), *m->stream);
  m->timer = m->device->CreateTimer(*m->stream);
}

// The user's program instead of a built-in model: no device is opened
// here, the program opens its own (docs/workloads.md).
WorkerModel BuildExecWorkerModel(const WorkerConfig& config) {
  WorkerModel m;
  std::unique_ptr<ExecModel> model = ExecModel::Start(ExecSettingsFor(config));
  const ExecReady& ready = model->ready();
  if (ready.batch != config.shape.batch) {
    throw DeviceError(
        model->program().name() + " serves batch " +
        std::to_string(ready.batch) + " but the case asks for " +
        std::to_string(config.shape.batch) +
        " (XSB_MODEL_BATCH); make it use XSB_MODEL_BATCH, or pass --xsb_" +
        WorkerRoleName(config.role) + "_batch=" + std::to_string(ready.batch));
  }
  Backend backend = Backend::kCpu;
  if (config.backend == BackendRequest::kGpu) {
    ParseBackend(CompiledGpuBackend(), &backend);
  }
  m.device = std::make_unique<ExecDevice>(backend, ready);
  m.stream = m.device->CreateStream(StreamOptions{});
  m.timer = m.device->CreateTimer(*m.stream);
  m.exec = model.get();
  m.model = std::move(model);
  return m;
}

}  // namespace

ExecSettings ExecSettingsFor(const WorkerConfig& config) {
  ExecSettings settings;
  settings.argv = config.exec_argv;
  settings.role = WorkerRoleName(config.role);
  settings.batch = config.shape.batch;
  settings.backend = BackendRequestName(config.backend);
  settings.device_index = config.device_index;
  settings.stream_priority = StreamPriorityName(config.priority);
  settings.seed = config.seed;
  settings.python_path = BesideSelf("python");
  return settings;
}

WorkerModel BuildWorkerModel(const WorkerConfig& config) {
  // A Preemption case's spin kernels replace any model, a program too.
  if (!config.exec_argv.empty() && config.spin_us <= 0) {
    return BuildExecWorkerModel(config);
  }
  WorkerModel m;
  std::string why_not;
  m.device = OpenDevice(config.backend, config.device_index, &why_not);
  if (m.device == nullptr) throw DeviceError(why_not);
  StreamOptions options;
  options.priority = config.priority;
  options.host_threads = config.host_threads;
  options.cu_mask_percent = config.cu_mask_percent;
  m.stream = m.device->CreateStream(options);
  if (config.spin_us > 0) {
    AddSpinWorkload(config, &m);
    return m;
  }
  if (!config.trace_path.empty()) {
    AddTraceWorkload(config, &m);
    return m;
  }
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
  if (m.spinner != nullptr) {
    m.spinner->Spin(m.spin_us);
    m.stream->Synchronize();
    return;
  }
  m.model->StageInput();
  RunStaged(m);
}

void RunStaged(WorkerModel& m) {
  m.model->CopyIn();
  m.model->Forward();
  m.model->CopyOut();
  m.stream->Synchronize();
}

void RunNextQueuedSpin(WorkerModel& m, size_t* oldest, bool* filled) {
  auto enqueue = [&m](size_t slot) {
    m.in_flight[slot]->Start();
    m.spinner->Spin(m.spin_us);
    m.in_flight[slot]->Stop();
  };
  if (!*filled) {
    for (size_t slot = 0; slot < m.in_flight.size(); ++slot) enqueue(slot);
    *filled = true;
  }
  (void)m.in_flight[*oldest]->ElapsedMs();  // waits for that spin's end
  enqueue(*oldest);
  *oldest = (*oldest + 1) % m.in_flight.size();
}

double MeasureStandaloneMs(WorkerModel& m) {
  constexpr int kWarmup = 2;
  constexpr int kTimed = 5;
  for (int i = 0; i < kWarmup; ++i) RunOnce(m);
  std::vector<double> times_ms;
  for (int i = 0; i < kTimed; ++i) {
    if (m.spinner != nullptr) {
      m.timer->Start();
      m.spinner->Spin(m.spin_us);
      m.timer->Stop();
      times_ms.push_back(m.timer->ElapsedMs());
      continue;
    }
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

namespace {

// One LP iteration: the next queued spin (Preemption), one spin, or one
// forward pass of the input staged once here (it never changes, so it is
// not staged again on the host between iterations while the GPU idles).
ServeFn LpIteration(WorkerModel& m) {
  if (!m.in_flight.empty()) {
    auto oldest = std::make_shared<size_t>(0);
    auto filled = std::make_shared<bool>(false);
    return [&m, oldest, filled] {
      RunNextQueuedSpin(m, oldest.get(), filled.get());
    };
  }
  if (m.spinner != nullptr) return [&m] { RunOnce(m); };
  m.model->StageInput();
  return [&m] { RunStaged(m); };
}

}  // namespace

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
  if (hp) {
    // A request's latency includes copying its input in from the host.
    ServeFn serve = [&m] { RunOnce(m); };
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
    ServeFn serve = LpIteration(m);
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
