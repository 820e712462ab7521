import itertools
import random
import unittest
from fractions import Fraction

from xsb_compare import stats


def midrank(value, pooled):
    """A value's mid-rank, written independently of the code under test:
    the values below it, plus the mean position among its equals."""
    below = sum(1 for v in pooled if v < value)
    equal = sum(1 for v in pooled if v == value)
    return below + Fraction(equal + 1, 2)


def brute_force_p(a, b):
    """The permutation p-value by listing every split: the definition, in
    exact arithmetic and with its own mid-ranks."""
    pooled = a + b
    ranks = [midrank(v, pooled) for v in pooled]
    expected = Fraction(len(a) * (len(pooled) + 1), 2)
    observed = abs(sum(ranks[:len(a)]) - expected)
    splits = list(itertools.combinations(range(len(pooled)), len(a)))
    extreme = sum(1 for s in splits
                  if abs(sum(ranks[i] for i in s) - expected) >= observed)
    return extreme / len(splits)


class SummaryTest(unittest.TestCase):
    def test_median_odd_even(self):
        self.assertEqual(stats.median([3, 1, 2]), 2)
        self.assertEqual(stats.median([4, 1, 3, 2]), 2.5)

    def test_summarize(self):
        s = stats.summarize([5.0, 1.0, 3.0])
        self.assertEqual((s.n, s.median, s.low, s.high), (3, 3.0, 1.0, 5.0))
        self.assertIsNone(stats.summarize([]))

    def test_ratio(self):
        self.assertEqual(stats.ratio(2.0, 4.0), 0.5)
        self.assertEqual(stats.ratio(0.0, 0.0), 1.0)
        self.assertIsNone(stats.ratio(1.0, 0.0))


class RankSumTest(unittest.TestCase):
    def test_complete_separation(self):
        # 2 / C(n+m, n): the smallest p the test can give.
        self.assertAlmostEqual(stats.rank_sum_p_value([1, 2], [3, 4]), 1 / 3)
        self.assertAlmostEqual(stats.rank_sum_p_value([1, 2, 3], [4, 5, 6]),
                               0.1)
        self.assertAlmostEqual(
            stats.rank_sum_p_value([1, 2, 3, 4], [5, 6, 7, 8]), 2 / 70)
        self.assertAlmostEqual(stats.smallest_p_value(3, 3), 0.1)
        self.assertEqual(stats.smallest_p_value(1, 1), 1.0)

    def test_published_value(self):
        # Mann-Whitney table, n1 = n2 = 5: P(U <= 2) = 4/252 = 0.016 one
        # sided. a's ranks 1, 2, 3, 4, 7 give U = 17 - 15 = 2.
        self.assertAlmostEqual(
            stats.rank_sum_p_value([1, 2, 3, 4, 7], [5, 6, 8, 9, 10]),
            8 / 252)

    def test_hand_computed_values_with_ties(self):
        # [1, 2, 2] vs [2, 3, 4]: mid-ranks 1, 3, 3 | 3, 5, 6; W = 7 and
        # E = 10.5. Of the 20 splits of {1, 3, 3, 3, 5, 6}, sums 7 (three
        # ways: 1 + two 3s) and 14 (three ways: a 3 + 5 + 6) are at least
        # 3.5 from E: p = 6/20.
        self.assertAlmostEqual(stats.rank_sum_p_value([1, 2, 2], [2, 3, 4]),
                               0.3)
        # [1, 2, 3, 3] vs [3, 4, 5]: mid-ranks 1, 2, 4, 4 | 4, 6, 7; W = 11,
        # E = 16. b's three ranks sum to <= 7 (1 + 2 + a 4: three ways) or
        # >= 17 (a 4 + 6 + 7: three ways): p = 6/35.
        self.assertAlmostEqual(
            stats.rank_sum_p_value([1, 2, 3, 3], [3, 4, 5]), 6 / 35)
        # Every value tied: no difference at all.
        self.assertEqual(stats.rank_sum_p_value([5, 5, 5], [5, 5, 5]), 1.0)

    def test_normal_approximation_with_ties_by_hand(self):
        # 15 ones and 6 twos vs 9 ones and 12 twos (42 values: beyond the
        # exact limit). Ones take ranks 1-24 (mid-rank 12.5), twos 25-42
        # (33.5): W = 15 x 12.5 + 6 x 33.5 = 388.5, E = 21 x 43 / 2 =
        # 451.5. Variance with ties: 21 x 21 / 12 x (43 - (24^3 - 24 +
        # 18^3 - 18) / (42 x 41)) = 36.75 x 31.6098 = 1161.66; z = 63 /
        # 34.083 = 1.848; two-sided p = 2 (1 - Phi(1.848)) = 0.0646 (normal
        # table: Phi(1.84) = 0.96712, Phi(1.85) = 0.96784).
        p = stats.rank_sum_p_value([1] * 15 + [2] * 6, [1] * 9 + [2] * 12)
        self.assertAlmostEqual(p, 0.0646, delta=0.0005)

    def test_known_value(self):
        # Rank sum 7 of n=3 out of 6: sums 6, 7, 14, 15 are as extreme.
        self.assertAlmostEqual(stats.rank_sum_p_value([1, 2, 4], [3, 5, 6]),
                               4 / 20)

    def test_symmetric_and_order_free(self):
        a, b = [4.0, 4.4, 4.2], [1.0, 1.2, 1.1, 0.9]
        self.assertAlmostEqual(stats.rank_sum_p_value(a, b),
                               stats.rank_sum_p_value(b[::-1], a[::-1]))

    def test_all_tied_is_no_difference(self):
        self.assertEqual(stats.rank_sum_p_value([800.0] * 3, [800.0] * 3),
                         1.0)

    def test_exact_matches_the_definition_with_ties(self):
        rng = random.Random(7)
        for _ in range(60):
            n, m = rng.randint(1, 6), rng.randint(1, 6)
            a = [rng.choice([1, 2, 2, 3, 5]) for _ in range(n)]
            b = [rng.choice([1, 2, 3, 3, 4]) for _ in range(m)]
            with self.subTest(a=a, b=b):
                self.assertAlmostEqual(stats.rank_sum_p_value(a, b),
                                       brute_force_p(a, b))

    def test_normal_approximation_beyond_the_exact_limit(self):
        # More values than EXACT_LIMIT take the approximation, quickly.
        big = stats.rank_sum_p_value(list(range(30)), list(range(30, 60)))
        self.assertLess(big, 1e-6)

    def test_rank_shift(self):
        self.assertEqual(stats.rank_shift([1, 2], [3, 4]), 1)
        self.assertEqual(stats.rank_shift([3, 4], [1, 2]), -1)
        self.assertEqual(stats.rank_shift([1, 4], [2, 3]), 0)


if __name__ == "__main__":
    unittest.main()
