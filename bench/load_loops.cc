#include "bench/load_loops.h"

namespace xsb {

void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress,
                 std::vector<RequestTiming>* timings) {
  for (const int64_t offset : offsets_ns) {
    const int64_t scheduled = t0_ns + offset;
    clock.SleepUntilNs(scheduled);
    const int64_t sent = clock.NowNs();
    serve();
    const int64_t completed = clock.NowNs();
    timings->push_back({scheduled, sent, completed});
    if (progress) progress(static_cast<int64_t>(timings->size()), completed);
  }
}

void RunClosedLoop(Clock& clock, int64_t end_ns, const ServeFn& serve,
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
