// The capacity search (--xsb_capacity): the highest rate at which a latency
// tenant's P99 stays under its SLO, found by bisection over rates with a
// bounded number of probes (docs/metrics.md, "Capacity under SLO"). Pure:
// a probe is a callback, so the search is tested against a simulated
// system whose true capacity is known.
#ifndef XSB_BENCH_MEASURE_CAPACITY_SEARCH_H_
#define XSB_BENCH_MEASURE_CAPACITY_SEARCH_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace xsb {

struct CapacitySettings {
  double low_rate = 0;   // requests/s, > 0: probed first
  double high_rate = 0;  // > low_rate: probed second
  // The search stops once the bracket [passing, failing) is this narrow,
  // relative: failing / passing - 1 <= tolerance.
  double tolerance = 0.1;
  int max_probes = 8;  // >= 2
  double slo_p99_ms = 0;
  // Of the whole search: each probe's interval is taken at
  // ProbeConfidence(confidence, max_probes).
  double confidence = 0.95;
};

// 1 - (1 - confidence) / max_probes: a Bonferroni share, so that every
// probe's verdict holds together at `confidence`, whichever probes the
// search happens to make.
double ProbeConfidence(double confidence, int max_probes);

// The window a probe at `rate` needs so its P99 has an upper bound at
// `probe_confidence` (MinSamplesForUpperBound, with a quarter more for the
// count's own randomness), and at least `min_window_s`.
double ProbeWindowS(double rate, double min_window_s, double probe_confidence);

struct CapacityProbe {
  double rate = 0;
  bool valid = false;  // the window bounded the P99 from above
  // The tenant alone could not serve this rate (its standalone pass is
  // longer than the interval): the probe fails without a window.
  bool overloaded = false;
  double p99_ms = 0;
  double p99_high_ms = 0;  // the interval's upper bound
  double lp_iter_per_s = 0;
  bool passed = false;  // valid and p99_high_ms <= the SLO
};

// Runs one probe at `rate`, its interval at `confidence`; fills the
// measured fields (not `passed`). False with *error when the run failed.
using ProbeFn = std::function<bool(double rate, double confidence,
                                   CapacityProbe* out, std::string* error)>;

struct CapacityResult {
  // The highest rate that passed; 0 when even low_rate failed.
  double capacity_rate = 0;
  // The lowest rate that failed above it; 0 when high_rate passed (the
  // capacity is at least high_rate: widen the range).
  double failing_rate = 0;
  bool within_tolerance = false;  // the bracket is as narrow as asked
  double probe_confidence = 0;
  std::vector<CapacityProbe> probes;         // in the order run
  const CapacityProbe* at_capacity() const;  // null when none passed
};

// low_rate, then high_rate, then geometric midpoints of the bracket until
// it is within the tolerance or max_probes ran. Assumes the P99 grows with
// the rate. False with *error when a probe failed to run.
bool SearchCapacity(const CapacitySettings& settings, const ProbeFn& probe,
                    CapacityResult* result, std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_CAPACITY_SEARCH_H_
