"""Change detection (xsb_history.detect): the statistics, a 20 % step found
at its commit, no alarm over noisy histories of the measured size, and the
false-alarm rates aimed at."""
import math
import random
import unittest

from history_noise import false_alarms, new_check, old_check
from history_support import (MEASURED_HP_P99, SIGMA_HP_P90, SIGMA_HP_P99,
                             noisy)
from xsb_history import detect


def lookback_alarms(values: list, threshold: float = 0.10) -> list:
    """Indexes judged worse against the 10 runs before them."""
    return [i for i in range(len(values))
            if detect.check_value(values[max(0, i - 10):i], values[i],
                                  "lower", threshold).verdict == detect.WORSE]


class StudentTTest(unittest.TestCase):
    def test_known_quantiles(self):
        # t tables: t(0.99, 2) = 6.965, t(0.975, 10) = 2.228, t(0.95, 1)
        # = 6.314; the normal limit at 100 df: P(T > 2) ~ 0.0241.
        self.assertAlmostEqual(detect.t_sf(6.965, 2), 0.01, places=4)
        self.assertAlmostEqual(detect.t_sf(2.228, 10), 0.025, places=4)
        self.assertAlmostEqual(detect.t_sf(6.314, 1), 0.05, places=4)
        self.assertAlmostEqual(detect.t_sf(2.0, 100), 0.0241, places=4)
        self.assertAlmostEqual(detect.t_sf(-1.0, 5), 1 - detect.t_sf(1, 5))
        self.assertEqual(detect.t_sf(math.inf, 3), 0.0)


class CheckValueTest(unittest.TestCase):
    def test_a_clear_rise_is_worse_for_latency_better_for_throughput(self):
        base = [1.0, 1.05, 0.95, 1.02]
        self.assertEqual(detect.check_value(base, 2.0, "lower", 0.1).verdict,
                         detect.WORSE)
        self.assertEqual(detect.check_value(base, 2.0, "higher",
                                            0.1).verdict, detect.BETTER)

    def test_inside_the_noise_is_same(self):
        judged = detect.check_value([1.0, 1.5, 0.7, 1.2], 1.6, "lower", 0.1)
        self.assertEqual(judged.verdict, detect.SAME)
        self.assertIn("inside the noise", judged.reason)

    def test_below_the_threshold_is_same_however_significant(self):
        judged = detect.check_value([1.0, 1.0, 1.0], 1.05, "lower", 0.1)
        self.assertEqual(judged.verdict, detect.SAME)
        self.assertIn("< threshold 10%", judged.reason)

    def test_too_few_runs_is_unknown(self):
        judged = detect.check_value([1.0, 1.1], 5.0, "lower", 0.1)
        self.assertEqual(judged.verdict, detect.UNKNOWN)
        self.assertIn("needs 3", judged.reason)

    def test_no_better_side_is_same(self):
        judged = detect.check_value([1.0, 1.1, 0.9], 5.0, "neutral", 0.1)
        self.assertEqual(judged.verdict, detect.SAME)


class StepTest(unittest.TestCase):
    def test_20_percent_step_flagged_at_its_commit(self):
        # Noise of hp_p90_ms between the measured smoke runs (0.085 on the
        # log scale): a step that size is flagged at the commit it starts.
        values = noisy(30, SIGMA_HP_P90, seed=1, step_at=15, step=1.2)
        steps = detect.find_steps(values, threshold=0.10)
        self.assertEqual([s.index for s in steps], [15])
        self.assertAlmostEqual(steps[0].change, 0.2, delta=0.08)

    def test_20_percent_step_power_over_many_histories(self):
        found = near = 0
        for seed in range(100):
            values = noisy(30, SIGMA_HP_P90, seed, step_at=15, step=1.2)
            steps = detect.find_steps(values, threshold=0.10)
            found += bool(steps)
            near += any(abs(s.index - 15) <= 1 for s in steps)
        self.assertGreaterEqual(found, 90)
        self.assertGreaterEqual(near, 80)

    def test_measured_hp_p99_noise_hides_a_20_percent_step(self):
        # The limit, not a feature: at the hp_p99_ms noise measured on a
        # shared machine (0.56), 15 + 15 runs cannot show 20 %; a tripling
        # they can, give or take a commit.
        small = noisy(30, SIGMA_HP_P99, seed=2, step_at=15, step=1.2)
        self.assertEqual(detect.find_steps(small, threshold=0.10), [])
        large = noisy(30, SIGMA_HP_P99, seed=2, step_at=15, step=3.0)
        found = [s.index for s in detect.find_steps(large, threshold=0.10)]
        self.assertEqual(len(found), 1)
        self.assertLessEqual(abs(found[0] - 15), 1)

    def test_two_steps_are_both_found(self):
        values = noisy(36, 0.05, seed=3, step_at=12, step=1.5)
        values = values[:24] + [v / 1.5 for v in values[24:]]
        self.assertEqual([s.index for s in
                          detect.find_steps(values, threshold=0.10)],
                         [12, 24])

    def test_short_series_has_no_split(self):
        self.assertEqual(detect.find_steps([1.0, 5.0, 5.0], 0.1), [])


class NoAlarmTest(unittest.TestCase):
    def test_30_noisy_runs_raise_no_alarm(self):
        # hp_p99_ms noise as measured between smoke runs (log sd 0.56).
        values = noisy(30, SIGMA_HP_P99, seed=4)
        self.assertEqual(detect.find_steps(values, threshold=0.10), [])
        self.assertEqual(lookback_alarms(values), [])

    def test_30_resampled_measured_runs_raise_no_alarm(self):
        for case, measured in MEASURED_HP_P99.items():
            rng = random.Random(5)
            values = [rng.choice(measured) for _ in range(30)]
            self.assertEqual(detect.find_steps(values, 0.10), [], case)

    def test_false_alarm_rates_are_near_the_one_percent_aimed_at(self):
        series_alarms = checks = check_alarms = 0
        for seed in range(300):
            values = noisy(30, SIGMA_HP_P99, seed + 100)
            series_alarms += bool(detect.find_steps(values, 0.10))
            check_alarms += len(lookback_alarms(values))
            checks += 27  # runs 4..30 have 3 runs or more before them
        self.assertLessEqual(series_alarms / 300, 0.02)
        self.assertLessEqual(check_alarms / checks, 0.015)


class RealNoiseTest(unittest.TestCase):
    """False alarms on resampled real smoke runs (fixtures/
    smoke_history.json: a machine whose smoke percentiles swing by 10x
    and more between runs, P90 even bimodal): at most 1.5 % per gated
    counter and check, whatever the window's size; the old check raises
    more. 3000 checks per window size: the simulation's standard error
    at 1.5 % is 0.22 points; the seed is fixed."""

    def test_at_most_1_5_percent_per_counter_with_a_full_window(self):
        # The default lookback of 10 runs; a short history has a narrower
        # fence to keep its power, and raises more (docs/history.md).
        for n, bound in ((10, 0.015), (5, 0.035), (3, 0.035)):
            rates = false_alarms(new_check, n, 3000, seed=n)
            worst = max(rates, key=rates.get)
            with self.subTest(n=n, worst=worst):
                self.assertLessEqual(rates[worst], bound)

    def test_the_old_check_fails_the_bound(self):
        rates = false_alarms(old_check, 10, 3000, seed=10)
        self.assertGreater(max(rates.values()), 0.015)
        # P99, the counter it gated, among them.
        dual_p99 = [r for (case, counter), r in rates.items()
                    if counter == "hp_p99_ms" and case.startswith("Dual")]
        self.assertGreater(dual_p99[0], 0.015)


class ShiftTest(unittest.TestCase):
    """What the robust bound still sees."""

    def test_a_doubling_after_ten_runs_within_five_percent(self):
        # (1.5x over runs within 3 %: history_noise.py, docs/history.md.)
        caught = 0
        for seed in range(200):
            window = noisy(10, 0.05, seed)
            value = 2.0 * noisy(1, 0.05, seed + 1000)[0]
            caught += detect.check_value(window, value, "lower",
                                         0.1).verdict == detect.WORSE
        self.assertGreaterEqual(caught, 180)

    def test_fence_factor(self):
        self.assertAlmostEqual(detect.fence_factor(3), 4 + 40 / 9)
        self.assertAlmostEqual(detect.fence_factor(10), 4.4)

    def test_a_thousandfold_change_is_past_any_fence(self):
        # Three runs spread 3x (an n = 3 fence 8.4 x that spread, 9,500x
        # past the worst run), then 20,000x: past the cap of 1000x.
        judged = detect.check_value([2.66, 0.927, 0.823], 18791.0, "lower",
                                    0.1)
        self.assertEqual(judged.verdict, detect.WORSE)
        self.assertLess(detect.beyond_fence([2.66, 0.927, 0.823], 2000.0),
                        0)

    def test_inside_the_fence_is_same_however_significant(self):
        # Nine runs at 1.0 and one at 1.5: 3.5 is far outside the t bound
        # of the window (p ~ 1e-6) but not past its most extreme run by
        # 4.4 x its distance from the median (log scale: up to 10.7).
        window = [1.0] * 9 + [1.5]
        judged = detect.check_value(window, 3.5, "lower", 0.1)
        self.assertEqual(judged.verdict, detect.SAME)
        self.assertIn("not past the window's most extreme run", judged.reason)
        self.assertLess(judged.beyond_fence, 0)


if __name__ == "__main__":
    unittest.main()
