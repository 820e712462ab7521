#include "bench/measure/load_loops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "bench/measure/arrival_schedule.h"
#include "bench/measure/clock.h"
#include "bench/measure/request_timing.h"

namespace xsb {
namespace {

constexpr int64_t kMs = 1'000'000;

// Simulated time: sleeping jumps to the deadline, serving advances by the
// service time the test chose. Nothing really sleeps.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_ns) : now_ns_(start_ns) {}
  int64_t NowNs() override { return now_ns_; }
  void SleepUntilNs(int64_t deadline_ns) override {
    ++sleeps_;
    if (deadline_ns > now_ns_) now_ns_ = deadline_ns + oversleep_ns_;
  }
  // A spin ends exactly at its deadline: it does not oversleep.
  void SpinUntilNs(int64_t deadline_ns) override {
    spun_to_.push_back(deadline_ns);
    if (deadline_ns > now_ns_) now_ns_ = deadline_ns;
  }
  void Advance(int64_t ns) { now_ns_ += ns; }
  int sleeps() const { return sleeps_; }
  const std::vector<int64_t>& spun_to() const { return spun_to_; }
  // Every sleep that waits ends this much after its deadline.
  void set_oversleep_ns(int64_t ns) { oversleep_ns_ = ns; }

 private:
  int64_t now_ns_;
  int sleeps_ = 0;
  int64_t oversleep_ns_ = 0;
  std::vector<int64_t> spun_to_;
};

// A server whose k-th call takes service_ns[k] (the last entry repeats).
class FakeServer {
 public:
  FakeServer(FakeClock* clock, std::vector<int64_t> service_ns)
      : clock_(clock), service_ns_(std::move(service_ns)) {}
  ServeFn AsServeFn() {
    return [this] {
      const size_t k = std::min(calls_, service_ns_.size() - 1);
      clock_->Advance(service_ns_[k]);
      ++calls_;
    };
  }
  size_t calls() const { return calls_; }

 private:
  FakeClock* clock_;
  std::vector<int64_t> service_ns_;
  size_t calls_ = 0;
};

std::vector<int64_t> EveryNs(int64_t interval_ns, int count) {
  std::vector<int64_t> offsets;
  for (int k = 0; k < count; ++k) offsets.push_back(k * interval_ns);
  return offsets;
}

TEST(RunOpenLoopTest, KeepsUpWithSchedule) {
  const int64_t t0 = 1000 * kMs;
  FakeClock clock(t0 - 5 * kMs);  // started a little before T0
  FakeServer server(&clock, {2 * kMs});
  const std::vector<int64_t> offsets = EveryNs(10 * kMs, 20);
  std::vector<RequestTiming> timings;
  timings.reserve(offsets.size());
  RunOpenLoop(clock, t0, offsets, server.AsServeFn(), nullptr, 0, &timings);

  ASSERT_EQ(timings.size(), offsets.size());
  EXPECT_EQ(server.calls(), offsets.size());
  for (size_t k = 0; k < timings.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(timings[k].scheduled_ns, t0 + offsets[k]);
    EXPECT_EQ(SendLagNs(timings[k]), 0);
    EXPECT_EQ(LatencyNs(timings[k]), 2 * kMs);
  }
  EXPECT_EQ(clock.NowNs(), t0 + 19 * 10 * kMs + 2 * kMs);
}

TEST(RunOpenLoopTest, StallShowsAsQueueingDelayOfLaterRequests) {
  // Every 10 ms, 1 ms service, but request 2 takes 50 ms.
  const int64_t t0 = 0;
  FakeClock clock(t0);
  FakeServer server(&clock, {1 * kMs, 1 * kMs, 50 * kMs, 1 * kMs});
  const std::vector<int64_t> offsets = EveryNs(10 * kMs, 10);
  std::vector<RequestTiming> timings;
  timings.reserve(offsets.size());
  RunOpenLoop(clock, t0, offsets, server.AsServeFn(), nullptr, 0, &timings);
  ASSERT_EQ(timings.size(), 10u);

  // Request 2: scheduled 20, sent 20, done 70.
  EXPECT_EQ(timings[2].sent_ns, 20 * kMs);
  EXPECT_EQ(timings[2].completed_ns, 70 * kMs);
  EXPECT_EQ(LatencyNs(timings[2]), 50 * kMs);
  // Requests 3..6 (due 30, 40, 50, 60) queued behind it and are sent back
  // to back from 70 ms; each is charged from its scheduled time, so the
  // latency includes the wait, not only the 1 ms of service.
  const int64_t expected_sent[] = {70, 71, 72, 73};
  for (int k = 3; k <= 6; ++k) {
    SCOPED_TRACE(k);
    const int64_t sent = expected_sent[k - 3] * kMs;
    EXPECT_EQ(timings[k].scheduled_ns, k * 10 * kMs);
    EXPECT_EQ(timings[k].sent_ns, sent);
    EXPECT_EQ(timings[k].completed_ns, sent + 1 * kMs);
    EXPECT_EQ(SendLagNs(timings[k]), sent - k * 10 * kMs);
    EXPECT_EQ(LatencyNs(timings[k]), sent + 1 * kMs - k * 10 * kMs);
    EXPECT_GT(LatencyNs(timings[k]), 1 * kMs);
  }
  EXPECT_EQ(LatencyNs(timings[3]), 41 * kMs);  // 30 -> 71
  EXPECT_EQ(LatencyNs(timings[6]), 14 * kMs);
  // Request 7 (due 70) still waits until 74; request 8 (due 80) is on time.
  EXPECT_EQ(SendLagNs(timings[7]), 4 * kMs);
  EXPECT_EQ(SendLagNs(timings[8]), 0);
  EXPECT_EQ(LatencyNs(timings[8]), 1 * kMs);
  EXPECT_EQ(SendLagNs(timings[9]), 0);
}

TEST(RunOpenLoopTest, ProgressOncePerRequestWithIncreasingCounts) {
  FakeClock clock(0);
  FakeServer server(&clock, {3 * kMs});
  const std::vector<int64_t> offsets = EveryNs(5 * kMs, 7);
  std::vector<RequestTiming> timings;
  timings.reserve(offsets.size());
  std::vector<std::pair<int64_t, int64_t>> calls;
  RunOpenLoop(
      clock, 0, offsets, server.AsServeFn(),
      [&](int64_t completed, int64_t now_ns) {
        calls.emplace_back(completed, now_ns);
        // Told after the timing was recorded.
        EXPECT_EQ(timings.size(), static_cast<size_t>(completed));
      },
      0, &timings);
  ASSERT_EQ(calls.size(), offsets.size());
  for (size_t k = 0; k < calls.size(); ++k) {
    EXPECT_EQ(calls[k].first, static_cast<int64_t>(k + 1));
    EXPECT_EQ(calls[k].second, timings[k].completed_ns);
  }
}

TEST(RunOpenLoopTest, EmptyScheduleDoesNothing) {
  FakeClock clock(0);
  FakeServer server(&clock, {1});
  std::vector<RequestTiming> timings;
  int progress_calls = 0;
  RunOpenLoop(
      clock, 0, {}, server.AsServeFn(),
      [&](int64_t, int64_t) { ++progress_calls; }, 0, &timings);
  EXPECT_TRUE(timings.empty());
  EXPECT_EQ(server.calls(), 0u);
  EXPECT_EQ(progress_calls, 0);
}

TEST(RunOpenLoopTest, AppendsToExistingTimings) {
  FakeClock clock(0);
  FakeServer server(&clock, {1});
  std::vector<RequestTiming> timings = {{-3, -2, -1}};
  timings.reserve(4);
  RunOpenLoop(clock, 100, {0, 10}, server.AsServeFn(), nullptr, 0, &timings);
  ASSERT_EQ(timings.size(), 3u);
  EXPECT_EQ(timings[0].scheduled_ns, -3);
  EXPECT_EQ(timings[1].scheduled_ns, 100);
  EXPECT_EQ(timings[2].scheduled_ns, 110);
}

// (completed, now_ns) of each progress call.
using ProgressCalls = std::vector<std::pair<int64_t, int64_t>>;

constexpr int64_t kS = 1000 * kMs;

struct HeartbeatRun {
  ProgressCalls calls;
  std::vector<RequestTiming> timings;
};

// The open loop from T0 = 0: requests at `offsets`, each served in
// service_ns, a heartbeat every beat_ns.
HeartbeatRun RunWithHeartbeats(FakeClock& clock,
                               const std::vector<int64_t>& offsets,
                               int64_t service_ns, int64_t beat_ns) {
  FakeServer server(&clock, {service_ns});
  HeartbeatRun run;
  run.timings.reserve(offsets.size());
  RunOpenLoop(
      clock, 0, offsets, server.AsServeFn(),
      [&run](int64_t completed, int64_t now_ns) {
        run.calls.emplace_back(completed, now_ns);
      },
      beat_ns, &run.timings);
  return run;
}

TEST(RunOpenLoopTest, HeartbeatsWhileWaitingWithoutMovingTheSchedule) {
  // 0.1 req/s and a heartbeat every 1.25 s (a 5 s watchdog's quarter).
  FakeClock clock(-kS / 10);
  const int64_t beat = 1250 * kMs;
  const HeartbeatRun run =
      RunWithHeartbeats(clock, EveryNs(10 * kS, 3), 2 * kMs, beat);
  ASSERT_EQ(run.timings.size(), 3u);
  for (const RequestTiming& t : run.timings) EXPECT_EQ(SendLagNs(t), 0);
  // After each completion at 10k s + 2 ms: one report, then heartbeats at
  // the interval until the next request is near (none after the last).
  ProgressCalls expected;
  for (int k = 0; k < 3; ++k) {
    const int64_t completed = k * 10 * kS + 2 * kMs;
    expected.emplace_back(k + 1, completed);
    for (int b = 1; k < 2 && b <= 7; ++b) {
      expected.emplace_back(k + 1, completed + b * beat);
    }
  }
  EXPECT_EQ(run.calls, expected);
  EXPECT_EQ(clock.sleeps(), 3 + 2 * 7) << "woken only for heartbeats";
}

TEST(RunOpenLoopTest, HeartbeatsBeforeTheFirstRequestCountFromT0) {
  FakeClock clock(0);
  EXPECT_EQ(RunWithHeartbeats(clock, {3 * kS}, 0, kS).calls,
            (ProgressCalls{{0, kS}, {0, 2 * kS}, {1, 3 * kS}}));
}

TEST(RunOpenLoopTest, NoHeartbeatCloseBeforeARequest) {
  for (const int64_t beat : {9 * kMs, 9 * kMs + 1}) {
    SCOPED_TRACE(beat);
    FakeClock clock(0);
    const HeartbeatRun run = RunWithHeartbeats(clock, {0, 10 * kMs}, 0, beat);
    // A heartbeat is due at 9 ms at the latest, kHeartbeatMarginNs before
    // the request at 10 ms.
    ProgressCalls expected = {{1, 0}, {2, 10 * kMs}};
    if (beat <= 10 * kMs - kHeartbeatMarginNs) {
      expected.insert(expected.begin() + 1, {1, beat});
    }
    EXPECT_EQ(run.calls, expected);
    EXPECT_EQ(SendLagNs(run.timings[1]), 0);
  }
}

TEST(RunOpenLoopTest, HeartbeatWokenTooLateLeavesTheRequestFirst) {
  FakeClock clock(0);
  clock.set_oversleep_ns(6 * kMs);
  const HeartbeatRun run = RunWithHeartbeats(clock, {0, 10 * kMs}, 0, 5 * kMs);
  // Woken at 11 ms for the 5 ms heartbeat: the request goes at once.
  EXPECT_EQ(run.calls, (ProgressCalls{{1, 0}, {2, 11 * kMs}}));
  EXPECT_EQ(run.timings[1].sent_ns, 11 * kMs);
}

TEST(RunOpenLoopTest, BusyClientIsNeverWokenForHeartbeats) {
  FakeClock clock(0);
  const HeartbeatRun run =
      RunWithHeartbeats(clock, EveryNs(2 * kMs, 50), 3 * kMs, /*beat_ns=*/1);
  EXPECT_EQ(run.calls.size(), 50u);
  EXPECT_EQ(clock.sleeps(), 50) << "one sleep per request, no more";
}

TEST(ThrottledProgressTest, SendsWhenDueThenOncePerInterval) {
  std::vector<int64_t> sent;
  ProgressFn progress =
      ThrottledProgress(100, 10, [&](int64_t c) { sent.push_back(c); });
  for (const auto& [completed, now] :
       ProgressCalls{{1, 99}, {2, 100}, {3, 105}, {4, 109}, {5, 110}}) {
    progress(completed, now);
  }
  EXPECT_EQ(sent, (std::vector<int64_t>{2, 5}));
}

// The case the watchdog got wrong: an HP worker at 0.1 req/s with a 5 s
// watchdog, reporting at a quarter of it, on a Poisson schedule. Every gap
// between two reports (and from T0 to the first) stays within two
// intervals plus one request, well inside the watchdog.
TEST(RunOpenLoopTest, LowRateWorkerNeverLooksHungToTheWatchdog) {
  const int64_t watchdog = 5 * kS;
  const int64_t interval = watchdog / 4;
  const int64_t service = 30 * kMs;
  FakeClock clock(0);
  FakeServer server(&clock, {service});
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 0.1, 300 * kS, 7);
  ASSERT_GT(offsets.size(), 10u);
  std::vector<RequestTiming> timings;
  timings.reserve(offsets.size());
  std::vector<int64_t> reports = {0};  // the watchdog starts counting at T0
  RunOpenLoop(
      clock, 0, offsets, server.AsServeFn(),
      ThrottledProgress(interval, interval,
                        [&](int64_t) { reports.push_back(clock.NowNs()); }),
      interval, &timings);
  int64_t longest = 0;
  for (size_t i = 1; i < reports.size(); ++i) {
    longest = std::max(longest, reports[i] - reports[i - 1]);
  }
  EXPECT_LE(longest, 2 * interval + kHeartbeatMarginNs + service);
  EXPECT_LT(longest, watchdog);
  for (const RequestTiming& t : timings) EXPECT_EQ(SendLagNs(t), 0);
}

// The timer wakes 80 us late; a 200 us spin absorbs it, so requests go out
// on time, and without a spin the lag is the oversleep.
TEST(RunOpenLoopTest, SpinBeforeEachRequestRemovesTheTimersLag) {
  for (const int64_t spin_ns : {int64_t{0}, int64_t{200'000}}) {
    SCOPED_TRACE(spin_ns);
    FakeClock clock(0);
    clock.set_oversleep_ns(80'000);
    FakeServer server(&clock, {1 * kMs});
    const std::vector<int64_t> offsets = EveryNs(10 * kMs, 5);
    std::vector<RequestTiming> timings;
    timings.reserve(offsets.size());
    OpenLoopOptions options;
    options.spin_ns = spin_ns;
    RunOpenLoop(clock, 5 * kMs, offsets, server.AsServeFn(), nullptr, options,
                &timings);
    ASSERT_EQ(timings.size(), offsets.size());
    for (const RequestTiming& t : timings) {
      EXPECT_EQ(SendLagNs(t), spin_ns > 0 ? 0 : 80'000);
    }
    EXPECT_EQ(clock.spun_to().size(), spin_ns > 0 ? offsets.size() : 0u);
  }
}

// The adaptive window: progress lowers the end, and no request due at or
// after it is sent.
TEST(RunOpenLoopTest, StopsBeforeTheFirstRequestDueAtOrAfterTheEnd) {
  FakeClock clock(0);
  FakeServer server(&clock, {1 * kMs});
  const std::vector<int64_t> offsets = EveryNs(10 * kMs, 100);
  std::vector<RequestTiming> timings;
  timings.reserve(offsets.size());
  int64_t end_ns = 1000 * kMs;
  OpenLoopOptions options;
  options.end_ns = &end_ns;
  RunOpenLoop(
      clock, 0, offsets, server.AsServeFn(),
      [&](int64_t completed, int64_t) {
        if (completed == 3) end_ns = 45 * kMs;  // told after request 3
      },
      options, &timings);
  ASSERT_EQ(timings.size(), 5u);  // due at 0, 10, 20, 30, 40 ms
  EXPECT_EQ(timings.back().scheduled_ns, 40 * kMs);
}

TEST(RunClosedLoopTest, AnEarlierEndFromProgressEndsTheLoop) {
  FakeClock clock(0);
  FakeServer server(&clock, {3 * kMs});
  std::vector<int64_t> completions;
  int64_t end_ns = 1000 * kMs;
  RunClosedLoop(
      clock, end_ns, server.AsServeFn(),
      [&](int64_t completed, int64_t) {
        if (completed == 2) end_ns = 7 * kMs;
      },
      [] { return true; }, &completions);
  EXPECT_EQ(completions, (std::vector<int64_t>{3 * kMs, 6 * kMs, 9 * kMs}));
}

bool StopAtOnce() { return true; }

TEST(RunClosedLoopTest, RunsUntilACompletionAtOrAfterEnd) {
  FakeClock clock(0);
  FakeServer server(&clock, {3 * kMs});
  std::vector<int64_t> completions;
  RunClosedLoop(clock, 10 * kMs, server.AsServeFn(), nullptr, StopAtOnce,
                &completions);
  // Completions at 3, 6, 9, 12: the one at 12 ends the loop.
  EXPECT_EQ(completions,
            (std::vector<int64_t>{3 * kMs, 6 * kMs, 9 * kMs, 12 * kMs}));
  EXPECT_EQ(server.calls(), 4u);
  EXPECT_EQ(clock.sleeps(), 0) << "a closed loop never waits";
}

TEST(RunClosedLoopTest, CompletionExactlyAtEndStops) {
  FakeClock clock(0);
  FakeServer server(&clock, {5 * kMs});
  std::vector<int64_t> completions;
  RunClosedLoop(clock, 10 * kMs, server.AsServeFn(), nullptr, StopAtOnce,
                &completions);
  EXPECT_EQ(completions, (std::vector<int64_t>{5 * kMs, 10 * kMs}));
}

TEST(RunClosedLoopTest, RecordsVaryingServiceTimes) {
  FakeClock clock(100);
  FakeServer server(&clock, {1, 10, 100, 1000});
  std::vector<int64_t> completions;
  std::vector<int64_t> progress_counts;
  RunClosedLoop(
      clock, 1200, server.AsServeFn(),
      [&](int64_t completed, int64_t now_ns) {
        progress_counts.push_back(completed);
        EXPECT_EQ(now_ns, completions.back());
      },
      StopAtOnce, &completions);
  EXPECT_EQ(completions, (std::vector<int64_t>{101, 111, 211, 1211}));
  EXPECT_EQ(progress_counts, (std::vector<int64_t>{1, 2, 3, 4}));
}

// LP keeps its load on after the window until told to stop, so late HP
// requests still meet contention; stop is only asked once the end is past.
TEST(RunClosedLoopTest, KeepsGoingPastTheEndUntilStopped) {
  FakeClock clock(0);
  FakeServer server(&clock, {3 * kMs});
  std::vector<int64_t> completions;
  std::vector<int64_t> asked_at;
  RunClosedLoop(
      clock, 5 * kMs, server.AsServeFn(), nullptr,
      [&] {
        asked_at.push_back(clock.NowNs());
        return asked_at.size() == 3;
      },
      &completions);
  EXPECT_EQ(completions,
            (std::vector<int64_t>{3 * kMs, 6 * kMs, 9 * kMs, 12 * kMs}));
  EXPECT_EQ(asked_at, (std::vector<int64_t>{6 * kMs, 9 * kMs, 12 * kMs}));
}

TEST(RunClosedLoopTest, AlreadyPastEndServesNothing) {
  FakeClock clock(50 * kMs);
  FakeServer server(&clock, {1 * kMs});
  std::vector<int64_t> completions;
  RunClosedLoop(clock, 50 * kMs, server.AsServeFn(), nullptr, StopAtOnce,
                &completions);
  EXPECT_TRUE(completions.empty());
  EXPECT_EQ(server.calls(), 0u);
}

}  // namespace
}  // namespace xsb
