#include "bench/measure/load_loops.h"

#include <utility>

namespace xsb {

ProgressFn ThrottledProgress(int64_t first_due_ns, int64_t interval_ns,
                             std::function<void(int64_t completed)> send) {
  return [next_due_ns = first_due_ns, interval_ns, send = std::move(send)](
             int64_t completed, int64_t now_ns) mutable {
    if (now_ns < next_due_ns) return;
    next_due_ns = now_ns + interval_ns;
    send(completed);
  };
}

void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress, int64_t heartbeat_ns,
                 std::vector<RequestTiming>* timings) {
  OpenLoopOptions options;
  options.heartbeat_ns = heartbeat_ns;
  RunOpenLoop(clock, t0_ns, offsets_ns, serve, progress, options, timings);
}

void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress, const OpenLoopOptions& options,
                 std::vector<RequestTiming>* timings) {
  const int64_t heartbeat_ns = options.heartbeat_ns;
  const bool heartbeats = progress && heartbeat_ns > 0;
  int64_t last_told_ns = t0_ns;
  for (const int64_t offset : offsets_ns) {
    const int64_t scheduled = t0_ns + offset;
    if (options.end_ns != nullptr && scheduled >= *options.end_ns) break;
    // Wakes only at heartbeats due well before the request, so a busy
    // client (late, or at a high rate) never gets here.
    const int64_t last_beat_ns = scheduled - kHeartbeatMarginNs;
    while (heartbeats && last_told_ns + heartbeat_ns <= last_beat_ns) {
      clock.SleepUntilNs(last_told_ns + heartbeat_ns);
      const int64_t now = clock.NowNs();
      if (now > last_beat_ns) break;  // woke late: the request comes first
      progress(static_cast<int64_t>(timings->size()), now);
      last_told_ns = now;
    }
    // A heartbeat may have ended the window.
    if (options.end_ns != nullptr && scheduled >= *options.end_ns) break;
    if (options.spin_ns > 0) {
      clock.SleepUntilNs(scheduled - options.spin_ns);
      clock.SpinUntilNs(scheduled);
    } else {
      clock.SleepUntilNs(scheduled);
    }
    const int64_t sent = clock.NowNs();
    serve();
    const int64_t completed = clock.NowNs();
    timings->push_back({scheduled, sent, completed});
    if (progress) progress(static_cast<int64_t>(timings->size()), completed);
    last_told_ns = completed;
  }
}

void RunClosedLoop(Clock& clock, const int64_t& end_ns, const ServeFn& serve,
                   const ProgressFn& progress,
                   const std::function<bool()>& stop,
                   std::vector<int64_t>* completions_ns) {
  int64_t now = clock.NowNs();
  while (now < end_ns || !stop()) {
    serve();
    now = clock.NowNs();
    completions_ns->push_back(now);
    if (progress) progress(static_cast<int64_t>(completions_ns->size()), now);
  }
}

}  // namespace xsb
