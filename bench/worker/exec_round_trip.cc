#include "bench/worker/exec_round_trip.h"

#include <algorithm>

#include "bench/measure/latency_store.h"
#include "bench/worker/worker_run.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"

namespace xsb {

ExecReport MeasureExecRoundTrip(const std::vector<std::string>& argv,
                                int warmup, int count) {
  WorkerConfig config;
  config.exec_argv = argv;
  std::unique_ptr<ExecModel> model = ExecModel::Start(ExecSettingsFor(config));
  for (int i = 0; i < warmup; ++i) model->Forward();
  std::vector<int64_t> round_trips_ns(static_cast<size_t>(count));
  for (int64_t& round_trip : round_trips_ns) {
    const int64_t start = MonotonicNowNs();
    model->Forward();
    round_trip = MonotonicNowNs() - start;
  }
  std::sort(round_trips_ns.begin(), round_trips_ns.end());
  ExecReport report;
  report.command = JoinCommandWords(argv);
  report.pid = model->program().pid();
  report.model = model->ready().model;
  report.device = model->ready().device;
  report.batch = model->ready().batch;
  report.stream_priority = model->ready().stream_priority;
  report.round_trips = count;
  report.round_trip_p50_us = NearestRankPercentile(round_trips_ns, 50) / 1e3;
  report.round_trip_p99_us = NearestRankPercentile(round_trips_ns, 99) / 1e3;
  std::string error, note;
  if (!model->program().Finish(kExecFinishNs, &error, &note)) {
    throw DeviceError(error);
  }
  return report;
}

}  // namespace xsb
