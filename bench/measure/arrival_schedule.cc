#include "bench/measure/arrival_schedule.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "shim_env/base/text.h"

namespace xsb {

namespace {

constexpr EnumName<ArrivalDistribution> kArrivalNames[] = {
    {ArrivalDistribution::kUniform, "uniform"},
    {ArrivalDistribution::kPoisson, "poisson"},
    {ArrivalDistribution::kGamma, "gamma"},
    {ArrivalDistribution::kOnOff, "onoff"},
    {ArrivalDistribution::kReplay, "replay"}};

// The project's own samplers over the raw generator bits: the standard
// distributions differ between standard libraries, and a schedule must be
// the same on every platform.
class Sampler {
 public:
  explicit Sampler(uint64_t seed) : rng_(seed) {}

  // Uniform on [0, 1).
  double Unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1].
  double OpenUnit() { return 1.0 - Unit(); }
  // As the Poisson schedule has always drawn it, so its schedules stay.
  double Exponential() { return -std::log1p(-Unit()); }
  // Standard normal (Box-Muller; the second value is dropped for
  // simplicity, so each call uses two draws).
  double Normal() {
    return std::sqrt(-2 * std::log(OpenUnit())) * std::cos(2 * M_PI * Unit());
  }
  // Gamma with this shape and scale 1 (Marsaglia and Tsang 2000; shapes
  // below 1 through Gamma(shape + 1) * U^(1 / shape)).
  double Gamma(double shape) {
    if (shape < 1) {
      return Gamma(shape + 1) * std::pow(OpenUnit(), 1 / shape);
    }
    const double d = shape - 1.0 / 3;
    const double c = 1 / std::sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = Normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const double u = OpenUnit();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) {
        return d * v;
      }
    }
  }

 private:
  std::mt19937_64 rng_;
};

std::vector<int64_t> UniformOffsets(double interval_ns, int64_t horizon_ns) {
  std::vector<int64_t> offsets;
  for (int64_t k = 0;; ++k) {
    // Computed from k, not accumulated, so rounding never drifts.
    const int64_t offset = std::llround(static_cast<double>(k) * interval_ns);
    if (offset >= horizon_ns) break;
    offsets.push_back(offset);
  }
  return offsets;
}

// Gaps drawn by `gap` (in units of the mean interval) until the horizon.
template <typename GapFn>
std::vector<int64_t> RandomOffsets(double interval_ns, int64_t horizon_ns,
                                   GapFn gap) {
  std::vector<int64_t> offsets;
  double t = 0;
  while (true) {
    t += gap() * interval_ns;
    const int64_t offset = std::llround(t);
    if (offset >= horizon_ns) break;
    offsets.push_back(offset);
  }
  return offsets;
}

std::vector<int64_t> OnOffOffsets(const ArrivalSpec& spec, double rate_per_s,
                                  int64_t horizon_ns) {
  const double period_ns =
      spec.period_ms > 0 ? spec.period_ms * 1e6 : spec.burst * 1e9 / rate_per_s;
  std::vector<int64_t> offsets;
  for (const int64_t start : UniformOffsets(period_ns, horizon_ns)) {
    offsets.insert(offsets.end(), static_cast<size_t>(spec.burst), start);
  }
  return offsets;
}

// The recorded times scaled to a mean gap of 1 / rate, repeated end to end.
std::vector<int64_t> ReplayOffsets(const std::vector<int64_t>& recorded,
                                   double interval_ns, int64_t horizon_ns) {
  std::vector<int64_t> offsets;
  if (recorded.size() < 2) return offsets;
  const double span = static_cast<double>(recorded.back() - recorded.front());
  if (!(span > 0)) return offsets;
  const double recorded_gap = span / static_cast<double>(recorded.size() - 1);
  // ParseReplayTimes refuses a log whose times are all equal.
  const double scale = interval_ns / recorded_gap;
  const double cycle = span * scale + interval_ns;
  for (double base = 0;; base += cycle) {
    for (const int64_t t : recorded) {
      const int64_t offset = std::llround(
          base + static_cast<double>(t - recorded.front()) * scale);
      if (offset >= horizon_ns) return offsets;
      offsets.push_back(offset);
    }
  }
}

}  // namespace

bool ParseArrivalDistribution(const std::string& text,
                              ArrivalDistribution* out) {
  return NameToEnum(kArrivalNames, text, out);
}

const char* ArrivalDistributionName(ArrivalDistribution distribution) {
  return EnumToName(kArrivalNames, distribution);
}

double OfferedRate(const ArrivalSpec& spec, double rate_per_s) {
  if (spec.process == ArrivalDistribution::kOnOff && spec.period_ms > 0) {
    return spec.burst * 1000.0 / spec.period_ms;
  }
  return rate_per_s;
}

std::vector<int64_t> MakeArrivalOffsets(const ArrivalSpec& spec,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed) {
  if (!(rate_per_s > 0) || horizon_ns <= 0) return {};
  const double interval_ns = 1e9 / rate_per_s;
  Sampler sampler(seed);
  switch (spec.process) {
    case ArrivalDistribution::kUniform:
      return UniformOffsets(interval_ns, horizon_ns);
    case ArrivalDistribution::kPoisson:
      return RandomOffsets(interval_ns, horizon_ns,
                           [&sampler] { return sampler.Exponential(); });
    case ArrivalDistribution::kGamma: {
      // Shape k = 1 / CV^2, scale 1 / k: mean 1, CV as asked.
      const double shape = 1 / (spec.cv * spec.cv);
      return RandomOffsets(interval_ns, horizon_ns, [&sampler, shape] {
        return sampler.Gamma(shape) / shape;
      });
    }
    case ArrivalDistribution::kOnOff:
      return OnOffOffsets(spec, rate_per_s, horizon_ns);
    case ArrivalDistribution::kReplay:
      return ReplayOffsets(spec.replay_ns, interval_ns, horizon_ns);
  }
  return {};
}

std::vector<int64_t> MakeArrivalOffsets(ArrivalDistribution distribution,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed) {
  ArrivalSpec spec;
  spec.process = distribution;
  return MakeArrivalOffsets(spec, rate_per_s, horizon_ns, seed);
}

}  // namespace xsb
