// The statistics of the bursty and recorded arrival processes (gamma,
// on/off, replay), their text and JSON forms. Deterministic: fixed seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "bench/measure/arrival_schedule.h"
#include "bench/protocol/arrival_json.h"

namespace xsb {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;

struct GapStats {
  double mean = 0;
  double cv = 0;
};

GapStats Gaps(const std::vector<int64_t>& offsets) {
  std::vector<double> gaps;
  for (size_t i = 1; i < offsets.size(); ++i) {
    gaps.push_back(static_cast<double>(offsets[i] - offsets[i - 1]));
  }
  double sum = 0;
  for (double g : gaps) sum += g;
  GapStats s;
  s.mean = sum / gaps.size();
  double sum_sq = 0;
  for (double g : gaps) sum_sq += (g - s.mean) * (g - s.mean);
  s.cv = std::sqrt(sum_sq / (gaps.size() - 1)) / s.mean;
  return s;
}

ArrivalSpec Parsed(const std::string& text) {
  ArrivalSpec spec;
  std::string error;
  EXPECT_TRUE(ParseArrivalSpec(text, &spec, &error)) << text << ": " << error;
  return spec;
}

TEST(GammaArrivalTest, GapsHaveTheRateAndTheCoefficientOfVariation) {
  // About 200k gaps per CV. The sample CV's relative standard error is
  // about sqrt((2 + 6 CV^2) / n) / 2: 1.1 % at CV 4, 0.2 % at CV 0.5; the
  // mean gap's is CV / sqrt(n): 0.9 % at CV 4.
  for (const double cv : {0.5, 1.0, 2.0, 4.0}) {
    SCOPED_TRACE(cv);
    ArrivalSpec spec;
    spec.process = ArrivalDistribution::kGamma;
    spec.cv = cv;
    const std::vector<int64_t> offsets =
        MakeArrivalOffsets(spec, 2000, 100 * kSecond, 7);
    const GapStats s = Gaps(offsets);
    EXPECT_NEAR(s.mean, 500'000, 0.04 * 500'000);
    EXPECT_NEAR(s.cv, cv, 0.06 * cv);
  }
}

TEST(GammaArrivalTest, BurstyMeansMoreRequestsInTheBusiestWindow) {
  // Same mean rate; the busiest 100 ms of gamma CV 4 holds far more
  // requests than Poisson's (what makes the process bursty, not just its
  // CV).
  auto busiest = [](const std::vector<int64_t>& offsets) {
    std::map<int64_t, int> per_window;
    int most = 0;
    for (int64_t t : offsets)
      most = std::max(most, ++per_window[t / (100 * kMs)]);
    return most;
  };
  const ArrivalSpec gamma = Parsed("gamma:cv=4");
  const int bursty = busiest(MakeArrivalOffsets(gamma, 100, 60 * kSecond, 3));
  const int poisson = busiest(
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 60 * kSecond, 3));
  EXPECT_GT(bursty, 3 * poisson) << bursty << " vs " << poisson;
}

TEST(GammaArrivalTest, SameSeedSameScheduleOtherSeedOther) {
  const ArrivalSpec spec = Parsed("gamma:cv=2");
  EXPECT_EQ(MakeArrivalOffsets(spec, 100, kSecond, 9),
            MakeArrivalOffsets(spec, 100, kSecond, 9));
  EXPECT_NE(MakeArrivalOffsets(spec, 100, kSecond, 9),
            MakeArrivalOffsets(spec, 100, kSecond, 10));
}

TEST(OnOffArrivalTest, BurstsOfBAtTheRateByDefault) {
  // burst 8 at 20 req/s: 8 requests due together every 400 ms.
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(Parsed("onoff:burst=8"), 20, 2 * kSecond, 1);
  ASSERT_EQ(offsets.size(), 40u);
  for (size_t i = 0; i < offsets.size(); ++i) {
    EXPECT_EQ(offsets[i], static_cast<int64_t>(i / 8) * 400 * kMs) << i;
  }
}

TEST(OnOffArrivalTest, AFixedPeriodSetsTheOfferedRate) {
  const ArrivalSpec spec = Parsed("onoff:burst=5,period_ms=250");
  EXPECT_DOUBLE_EQ(OfferedRate(spec, 999), 20);
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(spec, 999, kSecond, 1);
  std::map<int64_t, int> bursts;
  for (int64_t t : offsets) ++bursts[t];
  ASSERT_EQ(bursts.size(), 4u);
  for (const auto& [start, size] : bursts) {
    EXPECT_EQ(start % (250 * kMs), 0);
    EXPECT_EQ(size, 5);
  }
  EXPECT_DOUBLE_EQ(OfferedRate(Parsed("onoff:burst=5"), 30), 30);
  EXPECT_DOUBLE_EQ(OfferedRate(Parsed("gamma:cv=3"), 30), 30);
}

std::vector<int64_t> Replayed(const std::string& text, const std::string& unit,
                              double rate, int64_t horizon) {
  ArrivalSpec spec = Parsed("replay:log.csv");
  std::string error;
  EXPECT_TRUE(ParseReplayTimes(text, unit, &spec.replay_ns, &error)) << error;
  return MakeArrivalOffsets(spec, rate, horizon, 1);
}

TEST(ReplayArrivalTest, ScalesTheRecordedTimesToTheRateAndRepeats) {
  // Recorded at 0, 1, 3, 4 s: a mean gap of 4/3 s. At 3 req/s the mean
  // gap is 1/3 s: times x 1/4, the next pass one mean gap after the last.
  const std::vector<int64_t> offsets =
      Replayed("t\n10\n11\n13\n14\n", "s", 3, 2400 * kMs);
  const int64_t third = 333'333'333;
  EXPECT_EQ(offsets,
            (std::vector<int64_t>{0, 250 * kMs, 750 * kMs, 1000 * kMs,
                                  1000 * kMs + third, 1250 * kMs + third,
                                  1750 * kMs + third, 2000 * kMs + third}));
}

TEST(ReplayArrivalTest, LongRunRateIsTheTargetAndOrderIsKept) {
  // A log with bursts and lulls, in ms, as JSON.
  const std::string log = "[0, 1, 2, 3, 500, 501, 900, 2000, 2001, 2002]";
  const std::vector<int64_t> offsets = Replayed(log, "ms", 50, 100 * kSecond);
  EXPECT_NEAR(static_cast<double>(offsets.size()), 5000, 5000 * 0.01);
  // The first pass keeps the log's shape: the first four are 1/3 of a
  // recorded mean gap (2002 / 9 ms) apart, scaled to 20 ms.
  const double scale = 20.0 / (2002.0 / 9);
  EXPECT_NEAR(offsets[1], 1 * kMs * scale, 1);
  EXPECT_NEAR(offsets[4], 500 * kMs * scale, 1);
  for (size_t i = 1; i < offsets.size(); ++i) {
    ASSERT_LE(offsets[i - 1], offsets[i]);
  }
}

TEST(ReplayArrivalTest, ParsesCsvColumnsJsonAndUnits) {
  std::vector<int64_t> ns;
  std::string error;
  ASSERT_TRUE(ParseReplayTimes("# exported\ntime,path\n\n2.5,/a\r\n1.5,/b\n",
                               "s", &ns, &error))
      << error;
  EXPECT_EQ(ns, (std::vector<int64_t>{0, kSecond}));  // sorted, from 0
  ASSERT_TRUE(ParseReplayTimes(" [100, 250.5] ", "us", &ns, &error)) << error;
  EXPECT_EQ(ns, (std::vector<int64_t>{0, 150'500}));
}

TEST(ReplayArrivalTest, BadLogsNameTheLine) {
  std::vector<int64_t> ns;
  std::string error;
  EXPECT_FALSE(ParseReplayTimes("1\n2\nabc\n", "s", &ns, &error));
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
  EXPECT_FALSE(
      ParseReplayTimes("# log\ntime\nsecond header\n1\n", "s", &ns, &error));
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
  EXPECT_FALSE(ParseReplayTimes("[1, x]", "s", &ns, &error));
  EXPECT_NE(error.find("item 1"), std::string::npos) << error;
  EXPECT_FALSE(ParseReplayTimes("5\n", "s", &ns, &error));
  EXPECT_NE(error.find("at least 2"), std::string::npos) << error;
  EXPECT_FALSE(ParseReplayTimes("5\n5\n", "s", &ns, &error));
  EXPECT_NE(error.find("same"), std::string::npos) << error;
  EXPECT_FALSE(ParseReplayTimes("1\n2\n", "min", &ns, &error));
  EXPECT_NE(error.find("unit"), std::string::npos) << error;
}

TEST(ArrivalSpecTest, TextFormsRoundTrip) {
  for (const char* text : {"uniform", "poisson", "gamma:cv=4", "gamma:cv=0.5",
                           "onoff:burst=8", "onoff:burst=8,period_ms=400",
                           "replay:/x/log.csv", "replay:/x/log.csv,unit=ms"}) {
    EXPECT_EQ(DescribeArrival(Parsed(text)), text);
  }
  EXPECT_EQ(Parsed("replay:/x/a,b.csv").replay_path, "/x/a,b.csv");
}

TEST(ArrivalSpecTest, BadSpecsNameTheParameterAndLeaveTheSpec) {
  for (const char* text :
       {"bursty", "uniform:cv=2", "gamma", "gamma:cv=0", "gamma:cv=101",
        "gamma:burst=3", "onoff", "onoff:burst=0", "onoff:burst=2.5",
        "onoff:burst=8,period_ms=-1", "onoff:cv=2",
        "replay:", "replay:/x,unit=min"}) {
    ArrivalSpec spec = Parsed("gamma:cv=3");
    std::string error;
    EXPECT_FALSE(ParseArrivalSpec(text, &spec, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
    EXPECT_EQ(spec.cv, 3) << text;
  }
}

TEST(ArrivalJsonTest, ObjectsRoundTripAndBadFieldsAreNamed) {
  for (const char* text :
       {"poisson", "gamma:cv=4", "onoff:burst=3", "onoff:burst=3,period_ms=20",
        "replay:/l.json,unit=us"}) {
    const ArrivalSpec spec = Parsed(text);
    ArrivalSpec back;
    std::string error;
    ASSERT_TRUE(ArrivalFromJson(ArrivalToJson(spec), &back, &error)) << error;
    EXPECT_TRUE(back == spec) << text;
  }
  const std::pair<const char*, const char*> bad[] = {
      {R"({"process": "gamma", "cv": 0})", "cv"},
      {R"({"process": "gamma", "cv": "4"})", "arrival.cv"},
      {R"({"process": "gamma", "burst": 4})", "'burst'"},
      {R"({"process": "onoff", "burst": 2.5})", "burst"},
      {R"({"process": "bursty"})", "arrival.process"},
      {R"({"cv": 4})", "process"},
      {R"("gamma")", "process"}};
  for (const auto& [text, field] : bad) {
    ArrivalSpec spec;
    std::string error;
    EXPECT_FALSE(ArrivalFromJson(nlohmann::json::parse(text), &spec, &error))
        << text;
    EXPECT_NE(error.find(field), std::string::npos) << text << ": " << error;
  }
}

}  // namespace
}  // namespace xsb
