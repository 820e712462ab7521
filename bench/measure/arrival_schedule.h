// When each HP request is due, relative to T0: the open-loop schedule.
#ifndef XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_
#define XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace xsb {

enum class ArrivalDistribution { kUniform, kPoisson };

bool ParseArrivalDistribution(const std::string& text,
                              ArrivalDistribution* out);
const char* ArrivalDistributionName(ArrivalDistribution distribution);

// Offsets (ns after T0) of every request due before `horizon_ns`.
// kUniform: request k is due at k / rate. kPoisson: exponential gaps with
// mean 1 / rate drawn from a generator seeded with `seed`, so a schedule is
// reproducible on any platform. Requires rate_per_s > 0.
std::vector<int64_t> MakeArrivalOffsets(ArrivalDistribution distribution,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_ARRIVAL_SCHEDULE_H_
