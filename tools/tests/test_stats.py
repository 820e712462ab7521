import itertools
import random
import unittest

import support  # noqa: F401
from xsb_compare import stats


def brute_force_p(a, b):
    """The permutation p-value by listing every split: the definition."""
    pooled = a + b
    ranks = stats._doubled_midranks(pooled)
    expected = len(a) * (len(pooled) + 1)
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
        rng = random.Random(3)
        a = [rng.gauss(0, 1) for _ in range(20)]
        b = [rng.gauss(0.4, 1) for _ in range(20)]
        ranks = stats._doubled_midranks(a + b)
        exact = stats._exact_p(ranks, 20, sum(ranks[:20]))
        approx = stats._normal_p(ranks, 20, sum(ranks[:20]))
        self.assertAlmostEqual(exact, approx, delta=0.02)
        # More values than EXACT_LIMIT take the approximation, quickly.
        big = stats.rank_sum_p_value(list(range(30)), list(range(30, 60)))
        self.assertLess(big, 1e-6)

    def test_rank_shift(self):
        self.assertEqual(stats.rank_shift([1, 2], [3, 4]), 1)
        self.assertEqual(stats.rank_shift([3, 4], [1, 2]), -1)
        self.assertEqual(stats.rank_shift([1, 4], [2, 3]), 0)


if __name__ == "__main__":
    unittest.main()
