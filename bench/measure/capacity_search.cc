#include "bench/measure/capacity_search.h"

#include <algorithm>
#include <cmath>

#include "bench/measure/percentile_ci.h"

namespace xsb {

double ProbeConfidence(double confidence, int max_probes) {
  return 1 - (1 - confidence) / std::max(1, max_probes);
}

double ProbeWindowS(double rate, double min_window_s, double probe_confidence) {
  const double needed = 1.25 * static_cast<double>(MinSamplesForUpperBound(
                                   0.99, probe_confidence));
  return std::max(min_window_s, std::ceil(needed / rate));
}

const CapacityProbe* CapacityResult::at_capacity() const {
  for (const CapacityProbe& p : probes) {
    if (p.passed && p.rate == capacity_rate) return &p;
  }
  return nullptr;
}

namespace {

// The geometric middle, to 3 significant digits for the reader when that
// keeps it strictly inside the bracket.
double MiddleRate(double low, double high) {
  const double middle = std::sqrt(low * high);
  const double step = std::pow(10, std::floor(std::log10(middle)) - 2);
  const double rounded = std::round(middle / step) * step;
  return rounded > low && rounded < high ? rounded : middle;
}

}  // namespace

bool SearchCapacity(const CapacitySettings& settings, const ProbeFn& probe,
                    CapacityResult* result, std::string* error) {
  *result = CapacityResult();
  result->probe_confidence =
      ProbeConfidence(settings.confidence, settings.max_probes);
  // Runs one probe; sets *passed.
  auto run = [&](double rate, bool* passed) {
    CapacityProbe p;
    if (!probe(rate, result->probe_confidence, &p, error)) return false;
    p.rate = rate;
    p.passed = p.valid && p.p99_high_ms <= settings.slo_p99_ms;
    result->probes.push_back(p);
    *passed = p.passed;
    return true;
  };
  bool passed = false;
  if (!run(settings.low_rate, &passed)) return false;
  if (!passed) {
    result->failing_rate = settings.low_rate;
    return true;
  }
  double low = settings.low_rate;
  double high = settings.high_rate;
  if (!run(high, &passed)) return false;
  if (passed) {
    result->capacity_rate = high;
    return true;
  }
  while (high / low - 1 > settings.tolerance &&
         static_cast<int>(result->probes.size()) < settings.max_probes) {
    // Geometric: rates span orders of magnitude, the tolerance is relative.
    const double middle = MiddleRate(low, high);
    if (!run(middle, &passed)) return false;
    (passed ? low : high) = middle;
  }
  result->capacity_rate = low;
  result->failing_rate = high;
  result->within_tolerance = high / low - 1 <= settings.tolerance;
  return true;
}

}  // namespace xsb
