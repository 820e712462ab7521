import unittest

from support import fixture
from xsb_compare import counters as cn
from xsb_compare.diff import build_report
from xsb_compare.app import make_parser
from xsb_compare.estimate import Estimate
from xsb_compare.load import load_run, parse_run
from xsb_compare.pair import pair_runs
from xsb_compare.stats import summarize
from xsb_compare.verdict import (interval_outcome, judge_criterion, outcome,
                                 plan_criteria)

DEFAULT = plan_criteria(1.1, 0.7, cn.HP_P99, cn.LP_THROUGHPUT)


def report_for(first, second=None, criteria=DEFAULT, alpha=0.1):
    a = load_run(fixture(first))
    b = load_run(fixture(second)) if second else a
    pairs, notes = pair_runs(a, b, "baseline")
    return build_report(a, b, "baseline", pairs, notes, criteria, alpha)


def counter(pair_diff, name):
    return next(c for c in pair_diff.counters if c.name == name)


# Every entry of the direction table, written out: a counter added, removed
# or turned around must change this test too.
EXPECTED_TABLE = {
    "hp_p50_ms": ("ms", "lower"),
    "hp_p90_ms": ("ms", "lower"),
    "hp_p99_ms": ("ms", "lower"),
    "hp_p999_ms": ("ms", "lower"),
    "hp_max_ms": ("ms", "lower"),
    "hp_mean_ms": ("ms", "lower"),
    "hp_requests": ("requests", "neutral"),
    "hp_target_rps": ("requests/s", "neutral"),
    "hp_achieved_rps": ("requests/s", "higher"),
    "hp_send_lag_p99_us": ("us", "lower"),
    "lp_iter_per_s": ("iterations/s", "higher"),
    "lp_samples_per_s": ("samples/s", "higher"),
    "lp_iters": ("iterations", "neutral"),
    "hp_standalone_forward_ms": ("ms", "neutral"),
    "lp_standalone_forward_ms": ("ms", "neutral"),
    "preempt_p50_us": ("us", "lower"),
    "preempt_p99_us": ("us", "lower"),
    "preempt_max_us": ("us", "lower"),
    "hp_kernel_standalone_us": ("us", "neutral"),
    "lp_kernels_per_s": ("kernels/s", "higher"),
    "gpu_util_mean_pct": ("%", "neutral"),
    "gpu_clock_min_mhz": ("MHz", "neutral"),
    "gpu_mem_used_max_mib": ("MiB", "neutral"),
    "gpu_temp_max_c": ("C", "neutral"),
    "gpu_power_max_w": ("W", "neutral"),
    "noise_other_cpu_cores": ("cores", "neutral"),
    "noise_own_cpu_cores": ("cores", "neutral"),
    "noise_steal_pct": ("%", "neutral"),
    "noise_load_avg": ("tasks", "neutral"),
    "noise_gpu_other_procs": ("processes", "neutral"),
    "noise_disturbed": ("0/1", "neutral"),
    "capacity_req_per_s": ("requests/s", "higher"),
    "capacity_failing_req_per_s": ("requests/s", "neutral"),
    "capacity_lp_iter_per_s": ("iterations/s", "higher"),
    "capacity_hp_p99_ms": ("ms", "neutral"),
    "capacity_hp_p99_ci_high_ms": ("ms", "neutral"),
    "capacity_probes": ("probes", "neutral"),
    "hp_p50_ci_low_ms": ("ms", "neutral"),
    "hp_p50_ci_high_ms": ("ms", "neutral"),
    "hp_p90_ci_low_ms": ("ms", "neutral"),
    "hp_p90_ci_high_ms": ("ms", "neutral"),
    "hp_p99_ci_low_ms": ("ms", "neutral"),
    "hp_p99_ci_high_ms": ("ms", "neutral"),
    "hp_p999_ci_low_ms": ("ms", "neutral"),
    "hp_p999_ci_high_ms": ("ms", "neutral"),
    "hp_p50_valid": ("0/1", "neutral"),
    "hp_p90_valid": ("0/1", "neutral"),
    "hp_p99_valid": ("0/1", "neutral"),
    "hp_p999_valid": ("0/1", "neutral"),
    "lp_ci_low_iter_per_s": ("iterations/s", "neutral"),
    "lp_ci_high_iter_per_s": ("iterations/s", "neutral"),
    "window_s": ("s", "neutral"),
    "window_ended_early": ("0/1", "neutral"),
}


class DirectionTableTest(unittest.TestCase):
    def test_every_entry_pinned(self):
        self.assertEqual(list(cn.COUNTERS), list(EXPECTED_TABLE))
        for name, (unit, direction) in EXPECTED_TABLE.items():
            with self.subTest(name=name):
                self.assertEqual(cn.COUNTERS[name], (unit, direction))
                self.assertEqual(cn.unit_of(name), unit)
                self.assertEqual(cn.direction_of(name), direction)
                # The enum member is the plain string, hash included.
                self.assertIn(cn.direction_of(name), {direction})
                self.assertEqual(f"{cn.direction_of(name)}", direction)
        self.assertEqual(cn.STANDALONE_RATIOS, {
            "hp_p99_slowdown": ("x", "lower"),
            "lp_throughput_retention": ("x", "higher"),
            "system_throughput": ("x", "higher")})

    def test_every_documented_counter_has_a_direction(self):
        self.assertEqual(cn.direction_of("hp_p99_ms"), cn.LOWER)
        self.assertEqual(cn.direction_of("hp_send_lag_p99_us"), cn.LOWER)
        self.assertEqual(cn.direction_of("lp_iter_per_s"), cn.HIGHER)
        self.assertEqual(cn.direction_of("lp_samples_per_s"), cn.HIGHER)
        self.assertEqual(cn.direction_of("hp_requests"), cn.NEUTRAL)
        self.assertEqual(cn.direction_of("lp_iters"), cn.NEUTRAL)
        self.assertEqual(cn.direction_of("hp_p99_slowdown"), cn.LOWER)
        self.assertEqual(cn.direction_of("lp_throughput_retention"),
                         cn.HIGHER)

    def test_unknown_counter(self):
        self.assertEqual(cn.direction_of("xsched_preemptions"), cn.UNKNOWN)
        self.assertEqual(cn.unit_of("xsched_wait_ms"), "ms")
        self.assertEqual(cn.unit_of("xsched_preemptions"), "")

    def test_report_order(self):
        self.assertEqual(cn.report_order({"zz", "lp_iters", "hp_p50_ms", "a"}),
                         ["hp_p50_ms", "lp_iters", "a", "zz"])


class OutcomeTest(unittest.TestCase):
    def check(self, direction, base, cand, expected, alpha=0.1):
        result, _ = outcome(direction, summarize(base), summarize(cand), alpha)
        self.assertEqual(result, expected, (direction, base, cand))

    def test_directions_with_single_runs(self):
        self.check(cn.LOWER, [2.0], [1.0], "better")
        self.check(cn.LOWER, [1.0], [2.0], "worse")
        self.check(cn.HIGHER, [1.0], [2.0], "better")
        self.check(cn.HIGHER, [2.0], [1.0], "worse")
        self.check(cn.NEUTRAL, [1.0], [2.0], "higher")
        self.check(cn.UNKNOWN, [2.0], [1.0], "lower")
        self.check(cn.LOWER, [1.0], [1.0], "same")

    def test_single_run_has_no_p_value(self):
        _, p = outcome(cn.LOWER, summarize([2.0]), summarize([1.0, 1.1]), 0.1)
        self.assertIsNone(p)

    def test_repetitions_inside_the_noise_are_same(self):
        self.check(cn.LOWER, [4.0, 4.4, 4.2], [4.1, 4.5, 4.3], "same")
        # Two repetitions a side can never be told apart at alpha 0.1.
        self.check(cn.LOWER, [4.0, 4.1], [1.0, 1.1], "same")

    def test_separated_repetitions_differ(self):
        self.check(cn.LOWER, [4.0, 4.4, 4.2], [1.0, 1.2, 1.1], "better")
        self.check(cn.HIGHER, [4.0, 4.4, 4.2], [1.0, 1.2, 1.1], "worse")
        # ... unless alpha asks for more than 3 repetitions can give.
        self.check(cn.LOWER, [4.0, 4.4, 4.2], [1.0, 1.2, 1.1], "same",
                   alpha=0.05)

    def test_missing_side(self):
        self.assertEqual(outcome(cn.LOWER, None, summarize([1.0]), 0.1),
                         ("missing", None))


class IntervalOutcomeTest(unittest.TestCase):
    """The outcome from the ratio's interval: "same" when it holds 1, ends
    included; else the side it lies on, read through the direction."""

    def test_an_interval_with_1_at_an_end_is_same(self):
        for low, high in ((1.0, 1.3), (0.7, 1.0), (1.0, 1.0)):
            with self.subTest(low=low, high=high):
                self.assertEqual(interval_outcome(
                    cn.LOWER, Estimate(1.0, low, high, 0.95)), "same")

    def test_an_interval_beside_1_takes_the_direction(self):
        above, below = Estimate(1.2, 1.1, 1.3, 0.95), \
            Estimate(0.8, 0.7, 0.9, 0.95)
        self.assertEqual(interval_outcome(cn.LOWER, above), "worse")
        self.assertEqual(interval_outcome(cn.LOWER, below), "better")
        self.assertEqual(interval_outcome(cn.HIGHER, above), "better")
        self.assertEqual(interval_outcome(cn.HIGHER, below), "worse")


class ThresholdTest(unittest.TestCase):
    """The plan's thresholds: candidate HP P99 < baseline x 1.1 and LP
    throughput > baseline x 0.7, both strict, on the whole interval."""

    def test_defaults(self):
        self.assertEqual(cn.DEFAULT_MAX_HP_P99_RATIO, 1.1)
        self.assertEqual(cn.DEFAULT_MIN_LP_RATIO, 0.7)
        args = make_parser().parse_args(["x.json"])
        self.assertEqual((args.max_hp_p99_ratio, args.min_lp_ratio),
                         (1.1, 0.7))

    def judge(self, criterion, *interval):
        point = interval[0] if len(interval) == 1 else sum(interval) / 2
        if len(interval) == 1:
            return judge_criterion(criterion, Estimate(point))
        return judge_criterion(criterion, Estimate(point, interval[0],
                                                   interval[1], 0.95))

    def test_hp_boundary_is_strict(self):
        hp, _ = DEFAULT
        self.assertEqual(self.judge(hp, 1.0999), "PASS")
        self.assertEqual(self.judge(hp, 1.1), "FAIL")  # not < 1.1
        self.assertEqual(self.judge(hp, 0.9, 1.0999), "PASS")
        self.assertEqual(self.judge(hp, 0.9, 1.1), "INCONCLUSIVE")
        self.assertEqual(self.judge(hp, 1.1, 1.3), "FAIL")
        self.assertEqual(self.judge(hp, 1.0999, 1.3), "INCONCLUSIVE")

    def test_lp_boundary_is_strict(self):
        _, lp = DEFAULT
        self.assertEqual(self.judge(lp, 0.7001), "PASS")
        self.assertEqual(self.judge(lp, 0.7), "FAIL")  # not > 0.7
        self.assertEqual(self.judge(lp, 0.7001, 1.0), "PASS")
        self.assertEqual(self.judge(lp, 0.7, 1.0), "INCONCLUSIVE")
        self.assertEqual(self.judge(lp, 0.5, 0.7), "FAIL")
        self.assertEqual(self.judge(lp, 0.5, 0.7001), "INCONCLUSIVE")

    def test_invalid_or_missing_gives_no_verdict(self):
        hp, _ = DEFAULT
        self.assertEqual(judge_criterion(hp, None), "NO-VERDICT")
        self.assertEqual(judge_criterion(hp, Estimate(0.5, 0.4, 0.6, 0.95,
                                                      valid=False)),
                         "NO-VERDICT")

    def test_default_boundary_end_to_end(self):
        # 11 / 10 and 7 / 10 are exactly the thresholds as floats.
        def word(hp, lp):
            base = parse_run({"benchmarks": [{
                "name": "DualModel/baseline/s/rate:1/batch:1/duration_s:1",
                "hp_p99_ms": 10.0, "lp_iter_per_s": 10.0}]}, "b")
            cand = parse_run({"benchmarks": [{
                "name": "DualModel/x/s/rate:1/batch:1/duration_s:1",
                "hp_p99_ms": hp, "lp_iter_per_s": lp}]}, "c")
            pairs, notes = pair_runs(base, cand, "baseline")
            report = build_report(base, cand, "baseline", pairs, notes,
                                  DEFAULT, 0.1)
            return report.pairs[0].verdict.word
        self.assertEqual(word(11.0, 8.0), "FAIL")
        self.assertEqual(word(10.99, 8.0), "PASS")
        self.assertEqual(word(9.0, 7.0), "FAIL")
        self.assertEqual(word(9.0, 7.01), "PASS")


class ReportTest(unittest.TestCase):
    def test_single_runs_two_files(self):
        report = report_for("base.json", "os_priority.json")
        (d,) = report.pairs
        self.assertEqual(counter(d, "hp_p99_ms").outcome, "better")
        self.assertAlmostEqual(counter(d, "hp_p99_ms").ratio, 0.225)
        self.assertEqual(counter(d, "lp_iter_per_s").outcome, "worse")
        self.assertEqual(counter(d, "hp_requests").outcome, "same")
        self.assertTrue(d.verdict.passed)
        self.assertEqual([r.passed for r in d.verdict.results], [True, True])
        self.assertEqual(len(d.counters), 13)
        self.assertIn("no Standalone cases for these pairs: ratios to "
                      "standalone are not shown", report.notes)

    def test_thresholds_are_strict_and_configurable(self):
        # LP ratio is exactly 0.75.
        for min_lp, passed in ((0.7, True), (0.75, False), (0.8, False)):
            criteria = plan_criteria(1.1, min_lp, cn.HP_P99, cn.LP_THROUGHPUT)
            d = report_for("base.json", "os_priority.json", criteria).pairs[0]
            self.assertEqual(d.verdict.passed, passed, min_lp)
        criteria = plan_criteria(0.2, 0.7, cn.HP_P99, cn.LP_THROUGHPUT)
        d = report_for("base.json", "os_priority.json", criteria).pairs[0]
        self.assertEqual([r.passed for r in d.verdict.results], [False, True])

    def test_repetitions_and_standalone(self):
        report = report_for("repeated.json")
        os_priority, xsched = report.pairs
        hp = counter(os_priority, "hp_p99_ms")
        self.assertEqual((hp.baseline.median, hp.candidate.median),
                         (4.2, 1.1))
        self.assertEqual(hp.outcome, "better")
        self.assertAlmostEqual(hp.p_value, 0.1)
        lp = counter(os_priority, "lp_iter_per_s")
        self.assertEqual(lp.outcome, "same")
        self.assertTrue(os_priority.verdict.passed)
        self.assertTrue(os_priority.verdict.results[1].inside_noise)
        self.assertEqual(counter(xsched, "hp_p99_ms").outcome, "worse")
        # LP x1.062, 1.024, 1.061: the paired interval [0.996, 1.105]
        # holds 1, so "same" although the rank test alone says p = 0.1.
        self.assertEqual(counter(xsched, "lp_iter_per_s").outcome, "same")
        self.assertFalse(xsched.verdict.passed)
        self.assertEqual(xsched.verdict.word, "INCONCLUSIVE")
        # Standalone: HP P99 4.2 / 0.5 and 1.1 / 0.5; LP 820 and 830 / 1000.
        self.assertAlmostEqual(os_priority.standalone["baseline"][
            cn.HP_SLOWDOWN], 8.4)
        self.assertAlmostEqual(os_priority.standalone["candidate"][
            cn.HP_SLOWDOWN], 2.2)
        self.assertAlmostEqual(os_priority.standalone["baseline"][
            cn.LP_RETENTION], 0.82)
        self.assertAlmostEqual(xsched.standalone["candidate"][
            cn.LP_RETENTION], 0.86)

    def test_unknown_counter_is_shown_without_verdict(self):
        xsched = report_for("repeated.json").pairs[1]
        c = counter(xsched, "xsched_preemptions")
        self.assertEqual((c.direction, c.outcome), ("?", "missing"))
        self.assertEqual(c.candidate.median, 11.0)
        self.assertEqual(xsched.counters[-1].name, "xsched_preemptions")
        self.assertEqual([r.criterion.counter for r in xsched.verdict.results],
                         ["hp_p99_ms", "lp_iter_per_s"])

    def test_failed_repetition_fails_the_verdict(self):
        d = report_for("base.json", "os_priority_failed.json").pairs[0]
        self.assertTrue(all(r.passed for r in d.verdict.results))
        self.assertFalse(d.verdict.passed)
        self.assertEqual(d.verdict.reasons, [
            "candidate DualModel/os-priority/smoke/rate:200/batch:8/"
            "duration_s:4: 1 of 2 rounds failed: lp worker exited with "
            "signal 9 (Killed)"])

    def test_missing_criterion_counter_gives_no_verdict(self):
        criteria = plan_criteria(1.1, 0.7, "hp_p99_ms", "no_such_counter")
        d = report_for("base.json", "os_priority.json", criteria).pairs[0]
        self.assertIsNone(d.verdict.results[1].ratio)
        self.assertFalse(d.verdict.passed)
        self.assertEqual(d.verdict.word, "NO-VERDICT")

    def test_aggregates_only_note(self):
        report = report_for("base.json", "os_priority_aggregates_only.json")
        self.assertTrue(any("holds only aggregates for 1 case(s)" in n
                            for n in report.notes), report.notes)
        self.assertAlmostEqual(report.pairs[0].counters[2].ratio, 0.225)


if __name__ == "__main__":
    unittest.main()
