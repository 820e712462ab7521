"""The looks' group-sequential boundaries (xsb_compare.group_sequential)
against an independent Monte Carlo of the statistic they bound: a Brownian
motion seen at the looks' information fractions, its Z = S_t / sqrt(t).
The boundaries must spend alpha look by look as O'Brien-Fleming spending
says, in all exactly alpha; the union bound's levels (the rule before
them) spend visibly less, which is the power they gave away."""
import math
import random
import unittest

from xsb_compare import group_sequential as gs
from xsb_compare.distributions import normal_quantile
from xsb_compare.sequential import obf_spending

PATHS = 200_000
FRACTIONS = gs.round_fractions(4, 10)


def crossings(levels, seed=5):
    """Per look, the share of paths that first cross |Z| >= c_j there."""
    bounds = [-normal_quantile(a / 2) for a in levels]
    rng = random.Random(seed)
    first = [0] * len(levels)
    for _ in range(PATHS):
        s, previous = 0.0, 0.0
        for j, t in enumerate(FRACTIONS):
            s += rng.gauss(0.0, math.sqrt(t - previous))
            previous = t
            if abs(s) / math.sqrt(t) >= bounds[j]:
                first[j] += 1
                break
    return [n / PATHS for n in first]


class GroupSequentialTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.levels = gs.nominal_alphas(FRACTIONS, 0.05)
        cls.seen = crossings(cls.levels)

    def test_all_looks_together_spend_alpha(self):
        se = math.sqrt(0.05 * 0.95 / PATHS)
        self.assertAlmostEqual(sum(self.seen), 0.05, delta=4 * se)

    def test_each_look_spends_its_share(self):
        previous = 0.0
        for j, t in enumerate(FRACTIONS):
            share = gs.obf_spent(t, 0.05) - previous
            previous += share
            se = math.sqrt(share * (1 - share) / PATHS)
            self.assertAlmostEqual(self.seen[j], share,
                                   delta=4 * se + 1e-5, msg=f"look {j + 1}")

    def test_the_union_bound_spends_less(self):
        union = crossings(obf_spending(0.05, len(FRACTIONS)))
        self.assertLess(sum(union), 0.035)
        self.assertGreater(self.levels[-1], 2 * obf_spending(0.05, 7)[-1])

    def test_first_look_closed_form_and_one_look(self):
        self.assertAlmostEqual(self.levels[0] / gs.obf_spent(0.4, 0.05), 1,
                               places=12)
        self.assertEqual(gs.nominal_alphas([1.0], 0.05), (0.05,))
        self.assertEqual(gs.nominal_alphas([], 0.05), ())

    def test_fractions_must_rise_inside_0_1(self):
        for bad in ([0.5, 0.5, 1.0], [0.0, 1.0], [0.5, 1.5]):
            with self.assertRaises(ValueError, msg=str(bad)):
                gs.nominal_alphas(bad, 0.05)


if __name__ == "__main__":
    unittest.main()
