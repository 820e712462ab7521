// Every latency sample of a run, kept in full so percentiles are exact.
#ifndef XSB_BENCH_MEASURE_LATENCY_STORE_H_
#define XSB_BENCH_MEASURE_LATENCY_STORE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xsb {

struct LatencySummary {
  int64_t count = 0;
  int64_t p50_ns = 0;
  int64_t p90_ns = 0;
  int64_t p99_ns = 0;
  int64_t p999_ns = 0;
  int64_t max_ns = 0;
  double mean_ns = 0;
};

// Nearest-rank percentile of ascending `sorted`: the smallest sample such
// that at least p percent of all samples are less than or equal to it, i.e.
// sorted[ceil(p / 100 * n) - 1] (the first sample for p = 0), with p
// resolved to a millionth of a percent and the rank computed exactly in
// integers. 0 if empty.
int64_t NearestRankPercentile(const std::vector<int64_t>& sorted, double p);

class LatencyStore {
 public:
  // Reserving the expected count keeps Record free of allocation.
  explicit LatencyStore(size_t expected_samples = 0) {
    samples_.reserve(expected_samples);
  }
  void Record(int64_t latency_ns) { samples_.push_back(latency_ns); }
  size_t size() const { return samples_.size(); }
  const std::vector<int64_t>& samples() const { return samples_; }
  LatencySummary Summarize() const;

 private:
  std::vector<int64_t> samples_;
};

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_LATENCY_STORE_H_
