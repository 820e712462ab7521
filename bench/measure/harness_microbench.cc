// What the harness itself costs on the hot path: recording one sample, and
// summarising a run's worth of them.
#include <benchmark/benchmark.h>

#include <random>

#include "bench/measure/latency_store.h"
#include "bench/measure/request_timing.h"

namespace xsb {
namespace {

void BM_LatencyStoreRecord(benchmark::State& state) {
  const size_t capacity = 1 << 20;
  LatencyStore store(capacity);
  int64_t sample = 1'000'000;
  for (auto _ : state) {
    if (store.size() == capacity) {
      state.PauseTiming();
      store = LatencyStore(capacity);
      state.ResumeTiming();
    }
    store.Record(sample++);
  }
  benchmark::DoNotOptimize(store.samples().data());
}
BENCHMARK(BM_LatencyStoreRecord);

// What the HP worker does per request: append one timing triple.
void BM_RequestTimingRecord(benchmark::State& state) {
  const size_t capacity = 1 << 20;
  std::vector<RequestTiming> log;
  log.reserve(capacity);
  int64_t t = 0;
  for (auto _ : state) {
    if (log.size() == capacity) log.clear();
    log.push_back({t, t + 1, t + 2});
    ++t;
  }
  benchmark::DoNotOptimize(log.data());
}
BENCHMARK(BM_RequestTimingRecord);

void BM_LatencySummarize(benchmark::State& state) {
  std::mt19937_64 rng(1);
  LatencyStore store(static_cast<size_t>(state.range(0)));
  for (int64_t i = 0; i < state.range(0); ++i) {
    store.Record(static_cast<int64_t>(rng() % 10'000'000));
  }
  for (auto _ : state) benchmark::DoNotOptimize(store.Summarize());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
// 3,600: the intensive scenario's HP requests.
BENCHMARK(BM_LatencySummarize)->Arg(3600)->Arg(1 << 20);

}  // namespace
}  // namespace xsb

BENCHMARK_MAIN();
