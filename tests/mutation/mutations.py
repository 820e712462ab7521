"""The bugs the mutation check plants, one at a time, in a copy of the
source (tests/mutation/run.py). Each is a textual patch: `old` must occur
exactly once in `path`, so a change to the code that moves it makes the
check fail until this list is updated, rather than silently testing nothing.

kind "cpp": rebuild the copy's `targets` (GoogleTest executables under
tests/unit) and run them; kind "py": run the compare tool's unit tests
(tools/tests/test_*.py but report, history, plots and the module runner).
A mutation is caught when at least one of those tests fails."""
from collections import namedtuple

Mutation = namedtuple("Mutation", "name path old new kind targets")

# The measurement core's tests: window statistics, the percentiles under
# them, the counter mapping.
CORE = ("window_stats_test", "latency_store_test", "case_counters_test")

WINDOW = "bench/measure/window_stats.cc"
LATENCY = "bench/measure/latency_store.cc"
MAPPING = "bench/cases/case_runner.cc"
VERDICT = "tools/xsb_compare/verdict.py"
STATS = "tools/xsb_compare/stats.py"
COUNTERS = "tools/xsb_compare/counters.py"


def cpp(name, path, old, new):
    return Mutation(name, path, old, new, "cpp", CORE)


# The paired rounds' verdict and stop, and the adaptive window's looks.
ROUNDS = "bench/measure/paired_rounds.cc"
ADAPTIVE = "bench/measure/adaptive_window.cc"
ROUND_TESTS = ("paired_rounds_test", "adaptive_window_test")


def rounds(name, path, old, new):
    return Mutation(name, path, old, new, "cpp", ROUND_TESTS)


def py(name, path, old, new):
    return Mutation(name, path, old, new, "py", ())


MUTATIONS = [
    # -- paired rounds and the adaptive window
    rounds("paired interval from the normal, not Student's t", ROUNDS,
           "-StudentTQuantile(alpha / 2, k - 1.0)", "-NormalQuantile(alpha / 2)"),
    rounds("sd over k instead of k - 1", ROUNDS,
           "std::sqrt(squares / (k - 1))", "std::sqrt(squares / k)"),
    rounds("every look at the full alpha (no spending)", ROUNDS,
           "  return ObrienFleming(static_cast<double>(look) / looks, alpha) -",
           "  return alpha;\n  return ObrienFleming(static_cast<double>(look) / "
           "looks, alpha) -"),
    rounds("HP passes at exactly the threshold", ROUNDS,
           "if (ratio.high < threshold) return VerdictWord::kPass;",
           "if (ratio.high <= threshold) return VerdictWord::kPass;"),
    rounds("adaptive window's looks at the full confidence", ADAPTIVE,
           "alpha_.push_back(SpentAlpha(j, looks(), 1 - confidence));",
           "alpha_.push_back(1 - confidence);"),
    rounds("adaptive window ignores pending requests", ADAPTIVE,
           "latencies.push_back(std::max<int64_t>(0, now_ns - s));", ""),
    # -- the window
    cpp("window by sent time instead of scheduled time", WINDOW,
        "if (!Inside(r.scheduled_ns, window)) continue;",
        "if (!Inside(r.sent_ns, window)) continue;"),
    cpp("window start is T0, not T0 + warm-up", WINDOW,
        "const int64_t begin_ns = t0_ns + SecondsToNs(warmup_s);",
        "const int64_t begin_ns = t0_ns;"),
    cpp("window length is warm-up + duration", WINDOW,
        "return {begin_ns, begin_ns + SecondsToNs(duration_s)};",
        "return {begin_ns, begin_ns + SecondsToNs(warmup_s + duration_s)};"),
    cpp("window end inclusive", WINDOW,
        "return window.contains(t);",
        "return t >= window.begin_ns && t <= window.end_ns;"),
    cpp("window begin exclusive", WINDOW,
        "return window.contains(t);",
        "return t > window.begin_ns && t < window.end_ns;"),
    cpp("achieved rate counts scheduled, not completed, requests", WINDOW,
        "if (Inside(r.completed_ns, window)) ++completed_inside;",
        "if (Inside(r.scheduled_ns, window)) ++completed_inside;"),
    cpp("latency from sent instead of scheduled time", WINDOW,
        "latencies.Record(LatencyNs(r));",
        "latencies.Record(r.completed_ns - r.sent_ns);"),
    cpp("send lag p99 from the 90th percentile", WINDOW,
        "NearestRankPercentile(lags, 99)", "NearestRankPercentile(lags, 90)"),
    cpp("send lags not sorted", WINDOW,
        "std::sort(lags.begin(), lags.end());", ""),
    cpp("LP samples/s not multiplied by the batch", WINDOW,
        "stats.samples_per_s = stats.iter_per_s * batch;",
        "stats.samples_per_s = stats.iter_per_s;"),
    # -- percentiles
    cpp("nearest rank rounded down instead of up", LATENCY,
        "(p_micro * n + scale - 1) / scale", "(p_micro * n) / scale"),
    cpp("P99.9 computed as P99", LATENCY,
        "NearestRankPercentile(sorted, 99.9)",
        "NearestRankPercentile(sorted, 99)"),
    cpp("mean divided by n + 1", LATENCY,
        "/ summary.count;", "/ (summary.count + 1);"),
    cpp("max is the smallest sample", LATENCY,
        "summary.max_ns = sorted.back();", "summary.max_ns = sorted.front();"),
    # -- counter mapping
    cpp("hp_p99_ms fed from P90", MAPPING,
        "set[Counter::kHpP99Ms] = NsToMs(hp.latency.p99_ns);",
        "set[Counter::kHpP99Ms] = NsToMs(hp.latency.p90_ns);"),
    cpp("hp_p999_ms fed from the max", MAPPING,
        "set[Counter::kHpP999Ms] = NsToMs(hp.latency.p999_ns);",
        "set[Counter::kHpP999Ms] = NsToMs(hp.latency.max_ns);"),
    cpp("hp_p50_ms in ns (unit off by 1e6)", MAPPING,
        "set[Counter::kHpP50Ms] = NsToMs(hp.latency.p50_ns);",
        "set[Counter::kHpP50Ms] = static_cast<double>(hp.latency.p50_ns);"),
    cpp("hp_send_lag_p99_us in ms (unit off by 1e3)", MAPPING,
        "NsToUs(hp.send_lag_p99_ns)", "NsToMs(hp.send_lag_p99_ns)"),
    cpp("hp_target_rps reports the achieved rate", MAPPING,
        "set[Counter::kHpTargetRps] = scenario.hp_rate_per_s;\n"
        "      set[Counter::kHpAchievedRps]",
        "set[Counter::kHpTargetRps] = hp.achieved_rps;\n"
        "      set[Counter::kHpAchievedRps]"),
    cpp("preempt_p99_us fed from the max", MAPPING,
        "set[Counter::kPreemptP99Us] = NsToUs(hp.latency.p99_ns);",
        "set[Counter::kPreemptP99Us] = NsToUs(hp.latency.max_ns);"),
    cpp("hp_kernel_standalone_us in ms (unit off by 1e3)", MAPPING,
        "worker.ready.forward_ms * 1e3;", "worker.ready.forward_ms;"),
    cpp("HP P99 interval's high end from the low rank", MAPPING,
        "(*values)[kRows[i].high] = NsToMs(interval.high);",
        "(*values)[kRows[i].high] = NsToMs(interval.low);"),
    cpp("lp_iter_per_s fed from samples/s", MAPPING,
        "set[Counter::kLpIterPerS] = lp.iter_per_s;",
        "set[Counter::kLpIterPerS] = lp.samples_per_s;"),
    cpp("standalone forward times swapped between HP and LP", MAPPING,
        "? Counter::kHpStandaloneForwardMs\n"
        "                                       : Counter::kLpStandaloneForwardMs",
        "? Counter::kLpStandaloneForwardMs\n"
        "                                       : Counter::kHpStandaloneForwardMs"),
    cpp("an empty HP window reports counters", MAPPING,
        "if (hp.requests == 0) {\n        *error = \"no HP request was due",
        "if (false) {\n        *error = \"no HP request was due"),
    # -- compare: thresholds, strictness, directions, the rank test
    py("default HP P99 threshold 1.2 instead of 1.1", COUNTERS,
       "DEFAULT_MAX_HP_P99_RATIO = 1.1", "DEFAULT_MAX_HP_P99_RATIO = 1.2"),
    py("default LP threshold 0.75 instead of 0.7", COUNTERS,
       "DEFAULT_MIN_LP_RATIO = 0.7", "DEFAULT_MIN_LP_RATIO = 0.75"),
    py("HP criterion passes at exactly the threshold", VERDICT,
       "passed, failed = high < t, low >= t",
       "passed, failed = high <= t, low > t"),
    py("LP criterion passes at exactly the threshold", VERDICT,
       "passed, failed = low > t, high <= t",
       "passed, failed = low >= t, high < t"),
    py("lower-is-better direction flipped", VERDICT,
       "return Outcome.WORSE if shift > 0 else Outcome.BETTER",
       "return Outcome.BETTER if shift > 0 else Outcome.WORSE"),
    py("higher-is-better direction flipped", VERDICT,
       "return Outcome.BETTER if shift > 0 else Outcome.WORSE",
       "return Outcome.WORSE if shift > 0 else Outcome.BETTER"),
    py("hp_send_lag_p99_us direction higher", COUNTERS,
       '"hp_send_lag_p99_us": ("us", LOWER)',
       '"hp_send_lag_p99_us": ("us", HIGHER)'),
    py("hp_achieved_rps direction neutral", COUNTERS,
       '"hp_achieved_rps": ("requests/s", HIGHER)',
       '"hp_achieved_rps": ("requests/s", NEUTRAL)'),
    py("tied values get the lowest rank, not the mid-rank", STATS,
       "ranks[order[k]] = i + j + 2", "ranks[order[k]] = 2 * (i + 1)"),
    py("p exactly at alpha counts as same", VERDICT,
       "if p > alpha * (1 + 1e-9):", "if p >= alpha * (1 - 1e-9):"),
    py("even-length median takes the upper middle", STATS,
       "(ordered[mid - 1] + ordered[mid]) / 2", "ordered[mid]"),
    py("an interval touching 1 is not same", VERDICT,
       "if ratio.low <= 1 <= ratio.high:", "if ratio.low < 1 < ratio.high:"),
]
