#include "bench/orchestrate/orchestrator.h"

#include <poll.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "bench/measure/adaptive_window.h"
#include "bench/measure/arrival_schedule.h"
#include "bench/measure/clock.h"
#include "bench/measure/percentile_ci.h"
#include "bench/orchestrate/hp_capacity.h"
#include "bench/orchestrate/interrupt.h"
#include "bench/orchestrate/streamed_samples.h"
#include "bench/orchestrate/worker_channel.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr int64_t kStartMarginNs = 50'000'000;  // start reaches all before T0
constexpr int64_t kStopGraceNs = 1'000'000'000;
constexpr int kMaxPollMs = 200;

using Channels = std::vector<std::unique_ptr<WorkerChannel>>;
// Handles one decoded message of worker i; false with *error stops the run.
using MessageHandler =
    std::function<bool(size_t, const WorkerMessage&, std::string*)>;

// Waits until a worker fd is readable (or `timeout_ms` passes) and reads
// what each readable fd has; returns the workers that received something.
std::vector<size_t> ReadAvailable(Channels& workers, int timeout_ms) {
  std::vector<pollfd> fds;
  std::vector<size_t> owner;
  for (size_t i = 0; i < workers.size(); ++i) {
    for (int fd : workers[i]->OpenFds()) {
      fds.push_back({fd, POLLIN, 0});
      owner.push_back(i);
    }
  }
  std::vector<size_t> touched;
  if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return touched;
  for (size_t k = 0; k < fds.size(); ++k) {
    if (fds[k].revents == 0) continue;
    workers[owner[k]]->ReadFrom(fds[k].fd);
    if (touched.empty() || touched.back() != owner[k])
      touched.push_back(owner[k]);
  }
  return touched;
}

// What Pump waits for: `name` for error messages, a deadline for the whole
// phase, and optionally a watchdog: the longest a worker that is not done
// may stay silent before it counts as hung.
struct Phase {
  std::string name;
  int64_t deadline_ns = 0;
  double seconds = 0;
  int64_t watchdog_ns = 0;  // 0: none
};

// Reads from every worker until all are `done`, a worker fails, the phase
// ends or the run is interrupted. A failing worker is stopped, and the error
// names it, says what happened and ends with its exit status and the last
// lines of its stderr.
bool Pump(Channels& workers, const std::vector<bool>& done, const Phase& phase,
          const MessageHandler& on_message,
          const std::function<void(int64_t)>& tick, std::string* error) {
  auto stop_with = [&](WorkerChannel& worker, const std::string& what) {
    worker.Stop(kStopGraceNs);
    *error = worker.name() + " " + what + worker.StderrSuffix();
    return false;
  };
  std::vector<int64_t> last_heard(workers.size(), MonotonicNowNs());
  while (std::find(done.begin(), done.end(), false) != done.end()) {
    if (const int signal = InterruptSignal()) {
      // The callers' RAII owners kill and reap every worker on return.
      *error = std::string("interrupted by ") + InterruptSignalName(signal);
      return false;
    }
    const int64_t now = MonotonicNowNs();
    if (tick) tick(now);
    if (now >= phase.deadline_ns) {
      const size_t late =
          std::find(done.begin(), done.end(), false) - done.begin();
      return stop_with(*workers[late], "sent no " + phase.name + " within " +
                                           FormatSeconds(phase.seconds) +
                                           " and was stopped");
    }
    for (size_t i = 0; i < workers.size() && phase.watchdog_ns > 0; ++i) {
      if (!done[i] && now - last_heard[i] > phase.watchdog_ns) {
        return stop_with(*workers[i],
                         "made no progress for " +
                             FormatSeconds(NsToSeconds(phase.watchdog_ns)) +
                             " (watchdog; --xsb_watchdog_s) and was stopped "
                             "as hung");
      }
    }
    const int64_t wait_ms = std::min<int64_t>(
        kMaxPollMs, (phase.deadline_ns - now) / 1'000'000 + 1);
    for (size_t i : ReadAvailable(workers, static_cast<int>(wait_ms))) {
      WorkerChannel& worker = *workers[i];
      std::string line;
      while (worker.NextLine(&line)) {
        last_heard[i] = MonotonicNowNs();
        WorkerMessage message;
        std::string decode_error;
        if (!DecodeMessage(line, &message, &decode_error)) {
          return stop_with(worker, "broke the protocol: " + decode_error);
        }
        if (const auto* failure = std::get_if<ErrorMessage>(&message)) {
          *error = worker.name() + " failed: " + failure->message + "; it " +
                   worker.DescribeEnd();
          return false;
        }
        if (!on_message(i, message, error)) {
          return stop_with(worker, *error);
        }
      }
      if (!worker.stdout_open() && !done[i]) {
        *error = worker.name() + " ended before its " + phase.name + ": it " +
                 worker.DescribeEnd();
        return false;
      }
    }
  }
  return true;
}

// For handlers: false with *error = what the worker did wrong, which Pump
// prefixes with the worker's name.
template <typename T>
bool Expect(const WorkerMessage& message, const char* expected,
            std::string* error) {
  if (std::holds_alternative<T>(message)) return true;
  *error = std::string("sent ") + MessageTypeName(message) + " where " +
           expected + " was due";
  return false;
}

// Prints "[2/5] window 2.5 of 4 s: hp 199 req/s, lp 770 it/s; ETA 1 min 05 s":
// where the scenario is (warm-up, window or finishing), each worker's rate
// since the previous line, and the estimated time left for the whole run.
class ProgressPrinter {
 public:
  ProgressPrinter(const ScenarioPlan& plan, int64_t t0_ns)
      : plan_(plan),
        t0_ns_(t0_ns),
        interval_ns_(SecondsToNs(plan.progress_interval_s)),
        next_ns_(t0_ns + interval_ns_),
        last_print_ns_(t0_ns),
        completed_(plan.workers.size(), 0),
        printed_(plan.workers.size(), 0) {}

  void Update(size_t worker, int64_t completed) {
    completed_[worker] = completed;
  }

  void Tick(int64_t now_ns) {
    if (now_ns < next_ns_) return;
    next_ns_ += interval_ns_;
    // After a long stall, resume the rhythm instead of printing a burst.
    if (next_ns_ <= now_ns) next_ns_ = now_ns + interval_ns_;
    const double elapsed_s = NsToSeconds(now_ns - t0_ns_);
    const double since_s = NsToSeconds(now_ns - last_print_ns_);
    std::string text =
        (plan_.progress_tag.empty() ? plan_.name : plan_.progress_tag) + " " +
        PhaseText(elapsed_s) + ":";
    for (size_t i = 0; i < completed_.size(); ++i) {
      const bool hp = plan_.workers[i].config.role == WorkerRole::kHp;
      const double rate =
          since_s > 0 ? (completed_[i] - printed_[i]) / since_s : 0;
      text += std::string(i == 0 ? " " : ", ") + (hp ? "hp " : "lp ") +
              FormatRate(rate) + (hp ? " req/s" : " it/s");
      printed_[i] = completed_[i];
    }
    last_print_ns_ = now_ns;
    if (plan_.remaining_after_s >= 0) {
      const double left_here =
          std::max(0.0, plan_.warmup_s + plan_.duration_s - elapsed_s);
      text += std::string("; ETA ") +
              (plan_.eta_is_upper_bound ? "up to " : "") +
              FormatDuration(left_here + plan_.remaining_after_s);
    }
    std::fprintf(stderr, "xsb: %s\n", text.c_str());
  }

 private:
  // "warm-up 0.5 of 1 s", "window 2.5 of 4 s" or "finishing".
  std::string PhaseText(double elapsed_s) const {
    char text[64];
    if (elapsed_s < plan_.warmup_s) {
      std::snprintf(text, sizeof text, "warm-up %.1f of %s", elapsed_s,
                    FormatSeconds(plan_.warmup_s).c_str());
    } else if (elapsed_s < plan_.warmup_s + plan_.duration_s) {
      std::snprintf(text, sizeof text, "window %.1f of %s",
                    elapsed_s - plan_.warmup_s,
                    FormatSeconds(plan_.duration_s).c_str());
    } else {
      return "window over, finishing";
    }
    return text;
  }

  static std::string FormatRate(double rate) {
    char text[32];
    std::snprintf(text, sizeof text, rate < 100 ? "%.1f" : "%.0f", rate);
    return text;
  }

  const ScenarioPlan& plan_;
  int64_t t0_ns_;
  int64_t interval_ns_;
  int64_t next_ns_;
  int64_t last_print_ns_;
  std::vector<int64_t> completed_;
  std::vector<int64_t> printed_;  // completed_ at the previous line
};

// Starts the workers one at a time, each after the previous one is ready,
// so each measures its standalone forward time alone.
bool StartWorkers(const std::string& worker_path, const ScenarioPlan& plan,
                  Channels* workers, ScenarioReport* report,
                  std::string* error) {
  report->workers.assign(plan.workers.size(), WorkerReport{});
  for (size_t i = 0; i < plan.workers.size(); ++i) {
    const WorkerSpec& spec = plan.workers[i];
    auto worker = WorkerChannel::Start(
        std::string(WorkerRoleName(spec.config.role)) + " worker", worker_path,
        spec.launch.args, spec.launch.env, error);
    if (worker == nullptr || !worker->Send(spec.config, error)) return false;
    workers->push_back(std::move(worker));
    std::vector<bool> ready(workers->size(), true);
    ready[i] = false;
    auto on_ready = [&](size_t k, const WorkerMessage& m, std::string* e) {
      if (!Expect<ReadyMessage>(m, "ready", e)) return false;
      if (ready[k]) {
        *e = "sent a second ready message";
        return false;
      }
      report->workers[k].role = plan.workers[k].config.role;
      report->workers[k].replays_trace =
          !plan.workers[k].config.trace_path.empty();
      report->workers[k].ready = std::get<ReadyMessage>(m);
      ready[k] = true;
      return !plan.check_ready ||
             plan.check_ready(k, report->workers[k].ready,
                              (*workers)[k]->StderrHead(), e);
    };
    const Phase phase{"ready message",
                      MonotonicNowNs() + SecondsToNs(plan.timeouts.ready_s),
                      plan.timeouts.ready_s};
    if (!Pump(*workers, ready, phase, on_ready, nullptr, error)) {
      return false;
    }
  }
  return true;
}

// Tells the LP workers to stop once no HP worker is still running, so HP
// requests that complete after the window still meet LP's load.
class LpStopper {
 public:
  LpStopper(Channels& workers, const ScenarioPlan& plan)
      : workers_(workers), plan_(plan) {
    for (const WorkerSpec& spec : plan.workers) {
      if (spec.config.role == WorkerRole::kHp) ++hp_running_;
    }
  }

  void HpFinished() {
    --hp_running_;
    StopIfDone();
  }

  // Best effort: an LP worker that cannot be told has died, and the result
  // phase reports that with its exit status.
  void StopIfDone() {
    if (hp_running_ > 0 || stopped_) return;
    stopped_ = true;
    std::string ignored;
    for (size_t i = 0; i < workers_.size(); ++i) {
      if (plan_.workers[i].config.role == WorkerRole::kLp) {
        workers_[i]->Send(StopMessage{}, &ignored);
      }
    }
  }

 private:
  Channels& workers_;
  const ScenarioPlan& plan_;
  int hp_running_ = 0;
  bool stopped_ = false;
};

// --xsb_duration_s=auto: gathers the samples the workers stream and, at
// each look of the rule (AdaptiveStopRule), ends the window for all of
// them at once at the look's time when the interval is narrow enough. A
// look is judged once the judged worker (HP, else LP) has reported after
// it (or has been silent for two progress intervals: a stall), on every
// request scheduled before it.
class AdaptiveStopper {
 public:
  AdaptiveStopper(Channels& workers, const ScenarioPlan& plan,
                  ScenarioReport* report)
      : workers_(workers),
        plan_(plan),
        report_(report),
        rule_(plan.adaptive.min_duration_s, plan.duration_s,
              plan.adaptive.confidence, plan.adaptive.target_ci) {
    for (const WorkerSpec& spec : plan.workers) {
      stale_ns_ =
          std::max(stale_ns_, 2 * SecondsToNs(spec.config.progress_interval_s));
      if (spec.config.role != WorkerRole::kHp) continue;
      has_hp_ = true;
      if (!plan.adaptive.enabled) continue;
      for (const int64_t offset : MakeArrivalOffsets(
               spec.config.arrival, spec.config.rate_per_s,
               report->window.end_ns - report->t0_ns, spec.config.seed)) {
        scheduled_.push_back(report->t0_ns + offset);
      }
    }
  }

  void Add(size_t worker, const ProgressMessage& progress, int64_t now_ns) {
    completed_.insert(completed_.end(), progress.requests.begin(),
                      progress.requests.end());
    completions_.insert(completions_.end(), progress.completions_ns.begin(),
                        progress.completions_ns.end());
    // The judged worker's report: everything it completed until now.
    if ((plan_.workers[worker].config.role == WorkerRole::kHp) == has_hp_) {
      heard_ns_ = now_ns;
    }
  }

  // Judges every look that is due; ends the window at the first narrow one.
  void Check(int64_t now_ns) {
    if (!plan_.adaptive.enabled || report_->ended_early) return;
    // The last look is the window's full length: nothing to end early.
    while (next_look_ + 1 < rule_.looks()) {
      const int64_t at = LookNs(next_look_);
      if (now_ns < at || (heard_ns_ < at && now_ns < at + stale_ns_)) return;
      const AdaptiveLook look = Judge(next_look_, at, now_ns);
      if (look.narrow) {
        EndAt(next_look_, at, look);
        return;
      }
      ++next_look_;
    }
  }

  // Why a window that ran its full length did, from the workers' results:
  // the last look, over everything.
  void Explain(int64_t end_ns) {
    if (!plan_.adaptive.enabled || report_->ended_early) return;
    completed_.clear();
    completions_.clear();
    for (const WorkerReport& worker : report_->workers) {
      completed_.insert(completed_.end(), worker.result.requests.begin(),
                        worker.result.requests.end());
      completions_.insert(completions_.end(),
                          worker.result.completions_ns.begin(),
                          worker.result.completions_ns.end());
    }
    const int last = rule_.looks() - 1;
    const AdaptiveLook look = Judge(last, end_ns, end_ns);
    report_->interval_confidence = rule_.LevelOf(last);
    report_->end_reason = "ran its longest: " + Describe(last, look) +
                          (look.narrow ? " <= " : " > ") +
                          FormatPercent(plan_.adaptive.target_ci);
  }

 private:
  static std::string FormatPercent(double fraction) {
    return FormatNumber(std::round(fraction * 1000) / 10) + " %";
  }

  int64_t LookNs(int j) const {
    return report_->window.begin_ns + SecondsToNs(rule_.LookAtS(j));
  }

  AdaptiveLook Judge(int j, int64_t at_ns, int64_t now_ns) const {
    const int64_t begin = report_->window.begin_ns;
    if (has_hp_) {
      return rule_.JudgeHp(
          j, LatenciesAtLook(scheduled_, completed_, begin, at_ns, now_ns));
    }
    return rule_.JudgeLp(j, completions_, begin, at_ns);
  }

  void EndAt(int j, int64_t at_ns, const AdaptiveLook& look) {
    report_->window.end_ns = at_ns;
    report_->ended_early = true;
    report_->interval_confidence = rule_.LevelOf(j);
    report_->end_reason = "ended early: " + Describe(j, look) +
                          " <= " + FormatPercent(plan_.adaptive.target_ci);
    std::string ignored;  // a worker that cannot be told fails later
    for (auto& worker : workers_) worker->Send(EndMessage{at_ns}, &ignored);
  }

  // "HP P99 interval +/-4.2 % at look 3/10 (99.2 %)"
  std::string Describe(int j, const AdaptiveLook& look) const {
    char level[32];
    std::snprintf(level, sizeof level, "%.4g %%", 100 * rule_.LevelOf(j));
    return std::string(has_hp_ ? "HP P99" : "LP throughput") + " interval +/-" +
           (look.relative < 0 ? std::string("(none)")
                              : FormatPercent(look.relative)) +
           " at look " + std::to_string(j + 1) + "/" +
           std::to_string(rule_.looks()) + " (" + level + ")";
  }

  Channels& workers_;
  const ScenarioPlan& plan_;
  ScenarioReport* report_;
  AdaptiveStopRule rule_;
  bool has_hp_ = false;
  int64_t stale_ns_ = 0;
  int64_t heard_ns_ = 0;  // the judged worker's last progress
  int next_look_ = 0;
  std::vector<int64_t> scheduled_;        // HP, absolute
  std::vector<RequestTiming> completed_;  // HP, as streamed
  std::vector<int64_t> completions_;      // LP
};

// Calls plan.on_window_edge at the window's start and at its end, once each.
class WindowEdges {
 public:
  WindowEdges(const ScenarioPlan& plan, const Channels& workers,
              const ScenarioReport& report)
      : plan_(plan), workers_(workers), report_(report) {}

  void Tick(int64_t now_ns) { Advance(now_ns, false); }
  // Every result is in: the window is over, whenever the loop last looked.
  void Finish(int64_t now_ns) { Advance(now_ns, true); }

 private:
  void Advance(int64_t now_ns, bool over) {
    if (!started_ && (over || now_ns >= report_.window.begin_ns)) {
      started_ = true;
      Call(WindowEdge::kStart, now_ns);
    }
    if (started_ && !ended_ && (over || now_ns >= report_.window.end_ns)) {
      ended_ = true;
      Call(WindowEdge::kEnd, now_ns);
    }
  }

  void Call(WindowEdge edge, int64_t now_ns) {
    if (!plan_.on_window_edge) return;
    std::vector<int64_t> pids;
    for (const auto& worker : workers_) pids.push_back(worker->process().pid());
    plan_.on_window_edge(edge, pids, now_ns);
  }

  const ScenarioPlan& plan_;
  const Channels& workers_;
  const ScenarioReport& report_;
  bool started_ = false;
  bool ended_ = false;
};

// Closes each worker's stdin and requires a clean exit, reading their pipes
// meanwhile so a worker that logs on its way out cannot block on them.
bool FinishWorkers(Channels& workers, const PhaseTimeouts& timeouts,
                   std::string* error) {
  for (auto& worker : workers) worker->process().CloseStdin();
  const int64_t deadline = MonotonicNowNs() + SecondsToNs(timeouts.exit_s);
  auto all_exited = [&] {
    bool all = true;
    for (auto& worker : workers) all = worker->process().TryReap() && all;
    return all;
  };
  while (!all_exited() && MonotonicNowNs() < deadline && !InterruptSignal()) {
    ReadAvailable(workers, 10);
    std::string ignored;
    for (auto& worker : workers) {
      while (worker->NextLine(&ignored)) {
      }
    }
  }
  if (const int signal = InterruptSignal()) {
    *error = std::string("interrupted by ") + InterruptSignalName(signal);
    return false;
  }
  for (auto& worker : workers) {
    ChildProcess& process = worker->process();
    if (!process.exited()) {
      process.Stop(kStopGraceNs);
      *error = worker->name() + " did not exit within " +
               FormatSeconds(timeouts.exit_s) + " of sending its result" +
               worker->StderrSuffix();
      return false;
    }
    const int status = process.wait_status();
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      *error = worker->name() + " " + DescribeWaitStatus(status) +
               " after sending its result" + worker->StderrSuffix();
      return false;
    }
  }
  return true;
}

}  // namespace

double WatchdogSeconds(const ScenarioPlan& plan, double slowest_forward_ms) {
  if (plan.timeouts.watchdog_s > 0) return plan.timeouts.watchdog_s;
  double seconds = std::max(10.0, plan.duration_s / 10) +
                   20 * MsToSeconds(slowest_forward_ms);
  for (const WorkerSpec& worker : plan.workers) {
    if (worker.config.rate_per_s > 0) {
      seconds += 2 / worker.config.rate_per_s;
      break;
    }
  }
  return seconds;
}

namespace {

// The worker with the longest standalone forward pass, or nullptr.
const WorkerReport* SlowestWorker(const std::vector<WorkerReport>& workers) {
  const WorkerReport* slowest = nullptr;
  for (const WorkerReport& w : workers) {
    if (slowest == nullptr || w.ready.forward_ms > slowest->ready.forward_ms) {
      slowest = &w;
    }
  }
  return slowest;
}

}  // namespace

bool CheckExplicitWatchdog(const ScenarioPlan& plan,
                           const std::vector<WorkerReport>& workers,
                           std::string* error) {
  const double watchdog_s = plan.timeouts.watchdog_s;
  const WorkerReport* slowest = SlowestWorker(workers);
  if (watchdog_s <= 0 || slowest == nullptr ||
      watchdog_s >= 2 * MsToSeconds(slowest->ready.forward_ms)) {
    return true;
  }
  const double pass_s = MsToSeconds(slowest->ready.forward_ms);
  *error = "--xsb_watchdog_s=" + FormatNumber(watchdog_s) +
           " is shorter than 2 standalone forward passes of the " +
           WorkerRoleName(slowest->role) + " worker (" + FormatSeconds(pass_s) +
           " each), which reports progress only after a pass; choose at least "
           "20 passes (" +
           FormatSeconds(20 * pass_s) + "), or 0 to derive it";
  return false;
}

bool RunScenario(const std::string& worker_path, const ScenarioPlan& plan,
                 ScenarioReport* report, std::string* error) {
  Channels workers;  // destroyed on every return: kills and reaps leftovers
  if (!StartWorkers(worker_path, plan, &workers, report, error)) return false;
  if (!CheckExplicitWatchdog(plan, report->workers, error) ||
      !CheckHpKeepsUp(plan, report->workers, error)) {
    return false;
  }
  const size_t n = workers.size();

  const int64_t t0 = MonotonicNowNs() + kStartMarginNs;
  report->t0_ns = t0;
  report->window = WindowAfterWarmup(t0, plan.warmup_s, plan.duration_s);
  for (auto& worker : workers) {
    if (!worker->Send(StartMessage{t0, report->window.end_ns}, error)) {
      return false;
    }
  }
  LpStopper lp_stopper(workers, plan);
  lp_stopper.StopIfDone();  // at once when there is no HP worker

  const WorkerReport* slowest = SlowestWorker(report->workers);
  const double slowest_ms = slowest ? slowest->ready.forward_ms : 0;
  const double grace_s =
      plan.timeouts.result_grace_s + 20 * MsToSeconds(slowest_ms);
  ProgressPrinter progress(plan, t0);
  AdaptiveStopper adaptive(workers, plan, report);
  WindowEdges edges(plan, workers, *report);
  std::vector<bool> finished(n, false);
  std::vector<int64_t> streamed(n, 0);  // samples each worker streamed
  auto on_result = [&](size_t i, const WorkerMessage& m, std::string* e) {
    if (const auto* p = std::get_if<ProgressMessage>(&m)) {
      if (!AddStreamedSamples(*p, &streamed[i], e)) return false;
      progress.Update(i, p->completed);
      const int64_t now = MonotonicNowNs();
      adaptive.Add(i, *p, now);
      adaptive.Check(now);
      return true;
    }
    if (!Expect<ResultMessage>(m, "progress or result", e)) return false;
    report->workers[i].result = std::get<ResultMessage>(m);
    finished[i] = true;
    if (report->workers[i].role == WorkerRole::kHp) lp_stopper.HpFinished();
    return true;
  };
  const Phase phase{"result", report->window.end_ns + SecondsToNs(grace_s),
                    plan.warmup_s + plan.duration_s + grace_s,
                    SecondsToNs(WatchdogSeconds(plan, slowest_ms))};
  if (!Pump(
          workers, finished, phase, on_result,
          [&](int64_t now) {
            progress.Tick(now);
            adaptive.Check(now);
            edges.Tick(now);
          },
          error)) {
    return false;
  }
  edges.Finish(MonotonicNowNs());
  adaptive.Explain(report->window.end_ns);
  return FinishWorkers(workers, plan.timeouts, error);
}

bool ProbeWorker(const std::string& name, const std::string& worker_path,
                 const std::vector<std::string>& args,
                 const std::vector<EnvironmentVariable>& env, double timeout_s,
                 ReadyMessage* ready, std::string* error) {
  Channels workers;
  std::vector<std::string> argv = {"--probe"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto worker = WorkerChannel::Start(name, worker_path, argv, env, error);
  if (worker == nullptr) return false;
  workers.push_back(std::move(worker));
  std::vector<bool> done(1, false);
  auto on_ready = [&](size_t, const WorkerMessage& m, std::string* e) {
    if (!Expect<ReadyMessage>(m, "ready", e)) return false;
    *ready = std::get<ReadyMessage>(m);
    done[0] = true;
    return true;
  };
  const Phase phase{"device report", MonotonicNowNs() + SecondsToNs(timeout_s),
                    timeout_s};
  if (!Pump(workers, done, phase, on_ready, nullptr, error)) {
    return false;
  }
  PhaseTimeouts timeouts;
  return FinishWorkers(workers, timeouts, error);
}

bool ProbeBackend(const std::string& worker_path, const std::string& request,
                  int device_index, double timeout_s, ReadyMessage* device,
                  std::string* error) {
  return ProbeWorker(
      "backend probe", worker_path,
      {"--backend=" + request, "--device=" + std::to_string(device_index)}, {},
      timeout_s, device, error);
}

bool ProbeBackend(const std::string& worker_path, const std::string& request,
                  double timeout_s, ReadyMessage* device, std::string* error) {
  return ProbeBackend(worker_path, request, 0, timeout_s, device, error);
}

}  // namespace xsb
