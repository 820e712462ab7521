// When each HP request is due, relative to T0: the open-loop schedule, from
// one of five arrival processes (docs/metrics.md, "Arrival processes").
#ifndef XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_
#define XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace xsb {

enum class ArrivalDistribution { kUniform, kPoisson, kGamma, kOnOff, kReplay };

bool ParseArrivalDistribution(const std::string& text,
                              ArrivalDistribution* out);
const char* ArrivalDistributionName(ArrivalDistribution distribution);

// A process and its parameters; the rate comes from the tenant.
struct ArrivalSpec {
  ArrivalDistribution process = ArrivalDistribution::kUniform;
  // kGamma: the coefficient of variation of the gaps (1: Poisson; > 1
  // bursty, < 1 more regular than Poisson).
  double cv = 1;
  // kOnOff: `burst` requests due at once at the start of every period.
  // period_ms == 0: the period is burst / rate, so the mean rate is the
  // tenant's; > 0: a fixed period, and the mean rate is burst / period
  // (OfferedRate).
  int burst = 1;
  double period_ms = 0;
  // kReplay: the recorded request times (the file, as given, absolute once
  // xsb_bench resolved it) and their unit: "s", "ms", "us" or "ns".
  std::string replay_path;
  std::string replay_unit = "s";
  // kReplay: the recorded times in ns, sorted (ParseReplayTimes); loaded
  // by whoever reads the file, never on the wire.
  std::vector<int64_t> replay_ns;
};

bool operator==(const ArrivalSpec& a, const ArrivalSpec& b);

// The text form of the flag --xsb_hp_arrival: "uniform", "poisson",
// "gamma:cv=4", "onoff:burst=8" or "onoff:burst=8,period_ms=400",
// "replay:PATH" or "replay:PATH,unit=ms". False with *error naming the
// parameter and what is allowed; *out is unchanged then. Does not read the
// replay file.
bool ParseArrivalSpec(const std::string& text, ArrivalSpec* out,
                      std::string* error);
// The text form back ("gamma:cv=4"); "uniform" and "poisson" as before.
std::string DescribeArrival(const ArrivalSpec& spec);

// Checks a spec's parameters (cv > 0 and <= 100, burst >= 1, period_ms
// >= 0, a replay path and a known unit); false with *error naming the
// field.
bool ValidateArrivalSpec(const ArrivalSpec& spec, std::string* error);

// The recorded times of a replay file's text: a JSON list of numbers, or
// CSV/text with one time per line in its first column (a header line, blank
// lines and lines starting with '#' are skipped). Times in `unit`; the
// result is in ns, relative to the earliest, sorted. False with *error
// (naming the line) when a line is not a number or fewer than 2 times.
bool ParseReplayTimes(const std::string& text, const std::string& unit,
                      std::vector<int64_t>* ns, std::string* error);

// The mean rate a tenant offers with `spec` at `rate_per_s`: the rate, but
// for an on/off process with a fixed period (burst / period).
double OfferedRate(const ArrivalSpec& spec, double rate_per_s);

// Offsets (ns after T0) of every request due before `horizon_ns`, sorted.
// kUniform: request k is due at k / rate. kPoisson: exponential gaps with
// mean 1 / rate; kGamma: gamma gaps with mean 1 / rate and the spec's CV;
// both drawn from a generator seeded with `seed` by the project's own
// samplers, so a schedule is reproducible on any platform. kOnOff: bursts
// at k * period. kReplay: the recorded times scaled so their mean gap is
// 1 / rate, repeated end to end (one mean gap between repeats) when the
// horizon outlasts them. Requires rate_per_s > 0.
std::vector<int64_t> MakeArrivalOffsets(const ArrivalSpec& spec,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed);
std::vector<int64_t> MakeArrivalOffsets(ArrivalDistribution distribution,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_
