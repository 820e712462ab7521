// ComputeTenantCounters against a report of three tenants whose statistics
// are known: each tenant's counters come from its own worker at its own
// rate and batch, under its own name, and its SLO is judged by its P99's
// upper bound.
#include "bench/cases/tenant_counters.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xsb {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;

// Window [1 s, 5 s): 4 s.
constexpr MeasurementWindow kWindow = {kSecond, 5 * kSecond};

// `n` requests due evenly in the window; request i takes (i % 100 + 1) x
// `unit_ms`, so the P99 is 99 units whatever n (a multiple of 100).
WorkerReport LatencyWorker(int n, int64_t unit_ms) {
  WorkerReport w;
  w.role = WorkerRole::kHp;
  const int64_t gap = (kWindow.end_ns - kWindow.begin_ns) / n;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t due = kWindow.begin_ns + i * gap;
    w.result.requests.push_back({due, due, due + (i % 100 + 1) * unit_ms});
  }
  return w;
}

WorkerReport ThroughputWorker(int iterations) {
  WorkerReport w;
  w.role = WorkerRole::kLp;
  const int64_t gap = (kWindow.end_ns - kWindow.begin_ns) / iterations;
  for (int64_t i = 1; i <= iterations; ++i) {
    w.result.completions_ns.push_back(kWindow.begin_ns + i * gap - 1);
  }
  return w;
}

Tenant MakeTenant(const std::string& name, TenantKind kind, double rate,
                  int batch, double slo_ms) {
  Tenant t;
  t.name = name;
  t.kind = kind;
  t.rate_per_s = rate;
  t.batch = batch;
  t.slo_p99_ms = slo_ms;
  return t;
}

TEST(TenantCounters, EachTenantsCountersAreItsOwn) {
  ScenarioReport report;
  report.window = kWindow;
  // 1000 requests at 1 ms units (P99 99 ms), 400 at 0.1 ms (P99 9.9 ms).
  report.workers = {LatencyWorker(1000, kMs), LatencyWorker(400, kMs / 10),
                    ThroughputWorker(200), LatencyWorker(400, kMs / 10)};
  Scenario scenario{"three", 0, 0, 4, 1};
  scenario.tenants = {MakeTenant("web", TenantKind::kLatency, 250, 1, 50),
                      MakeTenant("search", TenantKind::kLatency, 100, 1, 20),
                      MakeTenant("train", TenantKind::kThroughput, 0, 8, 0),
                      // Its P99 (9.9 ms) is under 9.95 ms; the upper bound
                      // of its interval is not.
                      MakeTenant("strict", TenantKind::kLatency, 100, 1, 9.95)};
  NamedCounters values;
  std::vector<std::string> notes;
  std::string error;
  ASSERT_TRUE(
      ComputeTenantCounters(report, scenario, 0.95, &values, &notes, &error))
      << error;
  EXPECT_DOUBLE_EQ(values["t_strict_p99_ms"], 9.9);
  EXPECT_GT(values["t_strict_p99_ci_high_ms"], 9.95);
  EXPECT_EQ(values["t_strict_slo_met"], 0);
  EXPECT_DOUBLE_EQ(values["t_web_p99_ms"], 99);
  EXPECT_DOUBLE_EQ(values["t_web_requests"], 1000);
  EXPECT_DOUBLE_EQ(values["t_web_target_rps"], 250);
  EXPECT_DOUBLE_EQ(values["t_search_p99_ms"], 9.9);
  EXPECT_DOUBLE_EQ(values["t_search_requests"], 400);
  EXPECT_DOUBLE_EQ(values["t_search_target_rps"], 100);
  EXPECT_DOUBLE_EQ(values["t_train_iter_per_s"], 50);
  EXPECT_DOUBLE_EQ(values["t_train_samples_per_s"], 400);  // its batch of 8
  EXPECT_DOUBLE_EQ(values["window_s"], 4);
  // web's P99 (99 ms) is over its SLO of 50 ms; search's upper bound (at
  // most 10 ms) is under its 20 ms; train has none.
  EXPECT_EQ(values["t_web_slo_p99_ms"], 50);
  EXPECT_EQ(values["t_web_slo_met"], 0);
  EXPECT_EQ(values["t_search_slo_met"], 1);
  EXPECT_EQ(values.count("t_train_slo_met"), 0u);
  for (const auto& [name, value] : values) {
    EXPECT_FALSE(name.rfind("hp_", 0) == 0 || name.rfind("lp_", 0) == 0)
        << name;
  }
  // P99.9 needs 3688 requests: a note per latency tenant, named.
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].rfind("tenant web: P99.9 not supported", 0), 0u)
      << notes[0];
}

TEST(TenantCounters, AnSloOverAnInvalidP99IsNotMet) {
  ScenarioReport report;
  report.window = kWindow;
  report.workers = {LatencyWorker(100, kMs / 100)};  // P99 1 ms, 100 requests
  Scenario scenario{"one", 0, 0, 4, 1};
  scenario.tenants = {MakeTenant("web", TenantKind::kLatency, 25, 1, 50)};
  NamedCounters values;
  std::vector<std::string> notes;
  std::string error;
  ASSERT_TRUE(
      ComputeTenantCounters(report, scenario, 0.95, &values, &notes, &error));
  EXPECT_EQ(values["t_web_p99_valid"], 0);
  EXPECT_EQ(values["t_web_slo_met"], 0);
}

TEST(TenantCounters, AnEmptyWindowNamesTheTenant) {
  ScenarioReport report;
  report.window = kWindow;
  report.workers = {LatencyWorker(100, kMs), ThroughputWorker(1)};
  report.workers[1].result.completions_ns = {};
  Scenario scenario{"two", 0, 0, 4, 1};
  scenario.tenants = {MakeTenant("web", TenantKind::kLatency, 25, 1, 0),
                      MakeTenant("train", TenantKind::kThroughput, 0, 8, 0)};
  NamedCounters values;
  std::vector<std::string> notes;
  std::string error;
  EXPECT_FALSE(
      ComputeTenantCounters(report, scenario, 0.95, &values, &notes, &error));
  EXPECT_EQ(error.rfind("tenant train: no LP iteration completed", 0), 0u)
      << error;
}

}  // namespace
}  // namespace xsb
