"""The bugs the mutation check plants, one at a time, in a copy of the
source (tests/mutation/run.py). Each is a textual patch: `old` must occur
exactly once in `path`, so a change to the code that moves it makes the
check fail until this list is updated, rather than silently testing nothing.

A mutation is caught when at least one test of its file's selections
(selections_for) fails, or times out. The selections are generous: every
test that could notice a bug in that file, not the one test written for it.
"""
from collections import namedtuple

Mutation = namedtuple("Mutation", "name path old new")

# ctest selections (arguments). C++ code: every unit, process and layout
# test (the labels the default run has, but the slow ones); the end-to-end
# tests that run the code's path get added by folder below.
NOT_SLOW = ["-LE", "integration|perf|mutation|gpu|tools|history"]
# The end-to-end tests (ctest names) that exercise each C++ folder.
E2E_BY_FOLDER = {
    "bench/cases/": "smoke_dual_model|standard_tools|rounds|telemetry",
    "bench/output/": "smoke_dual_model|standard_tools|console",
    "bench/measure/": "smoke_dual_model|rounds",
    "bench/telemetry/": "telemetry",
    "bench/noise/": "noise_monitor",
    "bench/worker/": "smoke_dual_model|trace_replay",
    "kernels/": "trace_replay|smoke_dual_model",
    "shim_env/xsched/": "xsched_end_to_end",
}
# Python packages: their own tests and those of every package built on
# them (report and history use compare's loader, statistics and counters).
PY_BY_FOLDER = {
    "tools/xsb_compare/": "^(compare|report|history)_",
    "tools/xsb_report/": "^report_",
    "tools/xsb_history/": "^history_",
}


def selections_for(path):
    """The ctest selections (lists of arguments) a bug in `path` runs."""
    for folder, names in PY_BY_FOLDER.items():
        if path.startswith(folder):
            return [["-R", names]]
    selections = [NOT_SLOW]
    for folder, names in E2E_BY_FOLDER.items():
        if path.startswith(folder):
            selections.append(["-R", f"^({names})$"])
    return selections


WINDOW = "bench/measure/window_stats.cc"
LATENCY = "bench/measure/latency_store.cc"
MAPPING = "bench/cases/case_runner.cc"
VERDICT = "tools/xsb_compare/verdict.py"
STATS = "tools/xsb_compare/stats.py"
COUNTERS = "tools/xsb_compare/counters.py"
# The paired rounds' verdict and stop, and the adaptive window's looks.
ROUNDS = "bench/measure/paired_rounds.cc"
ADAPTIVE = "bench/measure/adaptive_window.cc"


def cpp(name, path, old, new):
    return Mutation(name, path, old, new)


rounds = py = cpp


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
    rounds("round looks at the union bound's levels (C++)",
           "bench/measure/group_sequential.cc",
           "      c = Boundary(mass, target, std::sqrt(t), sd);",
           "      c = std::fmin(-NormalQuantile(target / 2), kMaxBoundary);"),
    rounds("round looks at fractions j / L, not k / k_max",
           "bench/measure/group_sequential.cc",
           "    fractions.push_back(static_cast<double>(k) / last);",
           "    fractions.push_back(static_cast<double>(k - first + 1) /\n"
           "                        (last - first + 1));"),
    py("compare's round looks at the union bound's levels",
       "tools/xsb_compare/sequential.py",
       "    return nominal_alphas(round_fractions(plan.k_min, plan.k_max), "
       "alpha)",
       "    return obf_spending(alpha, plan.looks)"),
    py("group-sequential boundary ignores the earlier looks",
       "tools/xsb_compare/group_sequential.py",
       "            c = _boundary(mass, target, math.sqrt(t), sd)",
       "            c = -normal_quantile(target / 2.0)"),
    rounds("adaptive window's looks at the full confidence", ADAPTIVE,
           "alpha_.push_back(SpentAlpha(j, looks(), 1 - confidence));",
           "alpha_.push_back(1 - confidence);"),
    cpp("adaptive window ignores its minimum duration",
        "bench/orchestrate/orchestrator.cc",
        "        rule_(plan.adaptive.min_duration_s, plan.duration_s,",
        "        rule_(0, plan.duration_s,"),
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
    # -- intervals (issue 25): percentile ranks, the LP sub-windows
    cpp("percentile interval's lower rank one too high",
        "bench/measure/percentile_ci.cc",
        "interval.low = ranks.lower >= 1 ? sorted[ranks.lower - 1] : 0;",
        "interval.low = ranks.lower >= 1 ? sorted[ranks.lower] : 0;"),
    cpp("upper bound needs one sample fewer", "bench/measure/percentile_ci.cc",
        "while (std::pow(p, static_cast<double>(n)) > budget * (1 + kSlack)) "
        "++n;\n  return n;",
        "while (std::pow(p, static_cast<double>(n)) > budget * (1 + kSlack)) "
        "++n;\n  return n - 1;"),
    py("compare's LP interval from 19 sub-windows",
       "tools/xsb_compare/confidence.py",
       "                         confidence: float, blocks: int = 20\n",
       "                         confidence: float, blocks: int = 19\n"),
    py("counters path: P99.9 needs at most 3000 requests",
       "tools/xsb_compare/estimate.py",
       "round_index)\n        needed = ci.min_samples(spec.quantile, conf)",
       "round_index)\n        needed = min(3000, ci.min_samples("
       "spec.quantile, conf))"),
    py("system throughput from the first repetition",
       "tools/xsb_compare/diff.py",
       "    s = summarize(case.values.get(counter, ()))\n    return s.median if s "
       "else None",
       "    values = case.values.get(counter, ())\n    return values[0] if "
       "values else None"),
    py("a value that is not finite keeps its verdict",
       "tools/xsb_compare/diff.py",
       "    if not bad or not any(", "    if True or not any("),
    # -- history: detection, lookback, export
    py("history lookback takes the oldest runs", "tools/xsb_history/check.py",
       "            and r.id <= target.anchor_id][-size:]",
       "            and r.id <= target.anchor_id][:size]"),
    py("history drops a run whose every value was not finite",
       "tools/xsb_history/series.py",
       "            if value is None and not left_out:",
       "            if value is None:"),
    py("history check calls a non-finite value a failed repetition",
       "tools/xsb_history/check.py",
       "        failures = failures_of(case)", "        failures = case.errors"),
    py("history check ignores the fence", "tools/xsb_history/detect.py",
       "    elif past <= 0:", "    elif False:"),
    py("history export drops the unit", "tools/xsb_history/trackers.py",
       '        entries = [{"name": f"{case} {counter}", "unit": unit,',
       '        entries = [{"name": f"{case} {counter}", "unit": "",'),
    # -- report
    py("report change sign flipped", "tools/xsb_report/text.py",
       'return f"{(ratio - 1) * 100:+.1f} %"',
       'return f"{(1 - ratio) * 100:+.1f} %"'),
    # -- samples, trace, telemetry, activation
    cpp("samples file marks LP completions outside the window as in it",
        "bench/output/samples_writer.cc",
        "lp.push_back({t - t0_ns, window.contains(t) ? 1 : 0});",
        "lp.push_back({t - t0_ns, 1});"),
    cpp("trace replay drops host gaps", "kernels/trace/replay_plan.cc",
        "    if (gap_us >= min_host_gap_us) {",
        "    if (false) {"),
    cpp("telemetry mean utilisation over one sample fewer",
        "bench/telemetry/telemetry_sampler.cc",
        "summary.util_mean_pct = util_sum / util_count;",
        "summary.util_mean_pct = util_sum / (util_count + 1);"),
    cpp("activation check accepts an unmapped shim",
        "shim_env/xsched/xsched_activation.cc",
        "  if (std::find(mapped.begin(), mapped.end(), expected.shim_path) ==\n"
        "      mapped.end()) {",
        "  if (false) {"),
    # -- the headline time Google Benchmark's tools read (issue 25)
    cpp("manual time is the LP rate, not the HP P99", MAPPING,
        "  if (value(Counter::kHpP99Ms) > 0) return value(Counter::kHpP99Ms) "
        "/ 1e3;",
        "  if (false) return value(Counter::kHpP99Ms) / 1e3;"),
    cpp("output file keeps bare NaN", "bench/output/output_file.cc",
        "  if (!SplitKeyValue(line, &key, &value) || !IsNonFinite(value)) "
        "return line;",
        '  return line;'),
    # An interrupted round is left out without failing the pair (the
    # interruption rule; test_rounds).
    py("an interrupted round fails the pair", VERDICT,
       '"interrupted by SIG" in error', 'False'),
    py("the latency-load axis keeps only ticks inside the data",
       "tools/xsb_report/load_curve.py",
       "return below + inside + above", "return inside"),
]

