"""Order-statistic intervals, validity thresholds, the ratio of two arms'
figures and an arm's figure pooled over rounds. Expected values are
hand-computed or computed here in exact arithmetic, never with the code
under test."""
import math
import unittest
from fractions import Fraction

from xsb_compare import confidence as ci
from xsb_compare.estimate import Estimate, pooled_from_samples, ratio
from xsb_compare.names import parse_case_name
from xsb_compare.samples import SampleRun


def exact_at_least(n, p, k):
    """P(K >= k), K ~ Binomial(n, p), in exact rational arithmetic (few
    terms for a high percentile)."""
    q = 1 - p
    return sum(math.comb(n, i) * p ** i * q ** (n - i)
               for i in range(max(k, 0), n + 1))


class RanksTest(unittest.TestCase):
    def check_ranks(self, n, p, confidence, r, s):
        """(r, s) is what the module doc promises: each tail within
        (1 - confidence) / 2, and neither rank could move inwards."""
        budget = Fraction(1 - Fraction(confidence)) / 2
        below = 1 - exact_at_least(n, p, r)  # P(K <= r - 1)
        self.assertLessEqual(below, budget)
        self.assertGreater(1 - exact_at_least(n, p, r + 1), budget)  # r + 1
        self.assertLessEqual(exact_at_least(n, p, s), budget)  # P(K >= s)
        self.assertGreater(exact_at_least(n, p, s - 1), budget)  # s - 1

    def test_p99_of_600_and_3600_requests(self):
        # The original (600 requests) and intensive (3,600) scenarios.
        p = Fraction(99, 100)
        self.assertEqual(ci.order_statistic_ranks(600, 0.99, 0.95),
                         (589, 599))
        self.check_ranks(600, p, "0.95", 589, 599)
        self.assertEqual(ci.order_statistic_ranks(3600, 0.99, 0.95),
                         (3552, 3576))
        self.check_ranks(3600, p, "0.95", 3552, 3576)

    def test_median_of_20(self):
        # P(K <= 4) = 6196/2^20 = 0.0059 <= 0.0125 < P(K <= 5) = 0.0207.
        self.assertEqual(ci.order_statistic_ranks(20, 0.5, 0.975), (5, 16))

    def test_validity_thresholds(self):
        # The largest of n samples bounds P99 from above at 95 % when
        # 0.99^n <= 0.025: 0.99^367 = 0.025010, 0.99^368 = 0.024760.
        self.assertEqual(ci.min_samples(0.99, 0.95), 368)
        self.assertEqual(ci.order_statistic_ranks(367, 0.99, 0.95)[1], 368)
        self.assertEqual(ci.order_statistic_ranks(368, 0.99, 0.95)[1], 368)
        # P99.9: 0.999^3687 = 0.0250009 > 0.025 >= 0.999^3688 = 0.0249759
        # (the design brief's and issue 12's "3,687" is one short).
        self.assertEqual(ci.min_samples(0.999, 0.95), 3688)
        # Each arm of a 95 % ratio is at 97.5 %: 0.99^436 = 0.012501 >
        # 0.0125 >= 0.99^437.
        self.assertEqual(ci.min_samples(0.99, 0.975), 437)

    def test_percentile_interval(self):
        values = [float(v) for v in range(400, 0, -1)]  # 1..400, shuffled
        found = ci.percentile_interval(values, 0.99, 0.95)
        self.assertEqual(found.point, 396.0)  # rank ceil(0.99 x 400) = 396
        r, s = ci.order_statistic_ranks(400, 0.99, 0.95)
        self.check_ranks(400, Fraction(99, 100), "0.95", r, s)
        self.assertEqual((found.low, found.high), (float(r), float(s)))
        self.assertTrue(found.valid)
        small = ci.percentile_interval(values[:367], 0.99, 0.95)
        self.assertFalse(small.valid)
        self.assertIsNone(small.high)

    def test_nearest_rank(self):
        ordered = list(range(1, 3601))
        self.assertEqual(ci.nearest_rank(ordered[:600], 0.99), 594)
        self.assertEqual(ci.nearest_rank(ordered, 0.999), 3597)
        self.assertEqual(ci.nearest_rank(ordered[:10], 0.5), 5)


class RatioTest(unittest.TestCase):
    def test_ratio_of_two_arms_covers_their_sampling_noise(self):
        # se = ln(11 / 9) / (2 x 1.959964) and ln(6 / 4) / (2 x 1.959964);
        # at alpha 0.05 the half width is 1.959964 sqrt(se1^2 + se2^2) =
        # sqrt(ln(11/9)^2 + ln(1.5)^2) / 2.
        r = ratio(Estimate(10.0, 9.0, 11.0, 0.95),
                  Estimate(5.0, 4.0, 6.0, 0.95), 0.05)
        half = math.hypot(math.log(11 / 9), math.log(1.5)) / 2
        self.assertEqual(r.point, 2.0)
        self.assertAlmostEqual(r.low, 2.0 * math.exp(-half))
        self.assertAlmostEqual(r.high, 2.0 * math.exp(half))
        self.assertAlmostEqual(r.confidence, 0.95)
        self.assertIn("sampling noise only", r.method)
        bare = ratio(Estimate(10.0), Estimate(5.0, 4.0, 6.0, 0.95), 0.05)
        self.assertEqual(bare.point, 2.0)
        self.assertFalse(bare.has_interval)
        # No lower bound on a side: the interval is unbounded.
        self.assertEqual(ratio(Estimate(1.0, 0.0, 2.0, 0.9),
                               Estimate(1.0, 0.0, 2.0, 0.9), 0.1).high,
                         math.inf)

    def test_invalid_carries_over(self):
        r = ratio(Estimate(1.0, 0.9, 1.1, 0.95, False, ("why",)),
                  Estimate(1.0, 0.9, 1.1, 0.95), 0.05)
        self.assertFalse(r.valid)
        self.assertEqual(r.notes, ("why",))


def sample_run(latencies_ms, repetition, lp_times=()):
    name = parse_case_name("DualModel/baseline/s/rate:1/batch:1/duration_s:2")
    return SampleRun(name, repetition, f"rep{repetition}.json", (1.0, 3.0),
                     [(1.0, x, True) for x in latencies_ms] +
                     [(0.5, 1e9, False)], list(lp_times))


class PooledTest(unittest.TestCase):
    def test_percentile_pooled_over_rounds(self):
        # 200 + 200 latencies pooled: P99 is the 396th smallest of 400,
        # with the ranks of 400; one round alone (200) has no upper bound.
        first = sample_run([float(v) for v in range(1, 401, 2)], 0)
        second = sample_run([float(v) for v in range(2, 401, 2)], 1)
        found = pooled_from_samples([first, second], "hp_p99_ms", 0.95)
        r, s = ci.order_statistic_ranks(400, 0.99, 0.95)
        self.assertEqual((found.point, found.low, found.high),
                         (396.0, float(r), float(s)))
        self.assertEqual(found.method, "pooled over 2 rounds")
        self.assertTrue(found.valid)
        self.assertFalse(pooled_from_samples([first], "hp_p99_ms",
                                             0.95).valid)

    def test_rate_pooled_over_rounds(self):
        # 100/s in one 2 s window, 50/s in the other: 300 / 4 s = 75/s.
        fast = sample_run([1.0], 0, [1.0 + i / 100 for i in range(200)])
        slow = sample_run([1.0], 1, [1.0 + i / 50 for i in range(100)])
        found = pooled_from_samples([fast, slow], "lp_iter_per_s", 0.95)
        self.assertAlmostEqual(found.point, 75.0)
        self.assertLessEqual(found.low, 75.0)
        self.assertGreaterEqual(found.high, 75.0)


class BlockRateTest(unittest.TestCase):
    def test_steady_rate(self):
        # 10 completions per 0.1 s block over [1, 3): 100/s in every block.
        times = [1.0 + i * 0.01 + 0.005 for i in range(200)]
        rate, low, high = ci.block_rate_interval(times, 1.0, 3.0, 0.975)
        self.assertAlmostEqual(rate, 100.0)
        self.assertAlmostEqual(low, 100.0)
        self.assertAlmostEqual(high, 100.0)

    def test_outside_the_window_is_not_counted(self):
        times = [0.5, 1.5, 2.5, 3.5]
        rate, low, high = ci.block_rate_interval(times, 1.0, 3.0, 0.975)
        self.assertEqual(rate, 1.0)
        self.assertLessEqual(low, rate)
        self.assertGreaterEqual(high, rate)


if __name__ == "__main__":
    unittest.main()
