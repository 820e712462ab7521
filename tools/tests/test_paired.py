"""The verdict's arithmetic, pinned against table values and hand
computations: normal and Student-t quantiles, O'Brien-Fleming spending,
the paired t interval, the signed-rank interval with its Hodges-Lehmann
point, the single-round interval, and the looks read from a run's
context. tools/tests/fixtures/paired_golden.json holds cases any other
implementation (xsb_bench's stop rule) can check itself against."""
import json
import math
import unittest

import paired_golden
from support import fixture
from xsb_compare import distributions as dist
from xsb_compare import paired, sequential
from xsb_compare.load import parse_run

# Quantiles from printed tables (Abramowitz & Stegun 26.2 and 26.7; NIST
# e-Handbook 1.3.6.7.2), to the digits the tables give.
NORMAL = {0.975: 1.959963985, 0.995: 2.575829304, 0.95: 1.644853627,
          0.9: 1.281551566, 1 - 1e-7: 5.199337582}
STUDENT = {(0.975, 1): 12.7062047, (0.975, 3): 3.18244631,
           (0.975, 9): 2.26215716, (0.995, 5): 4.03214298,
           (0.95, 2): 2.91998558, (0.999, 10): 4.14370049,
           (0.975, 1000): 1.96233908}


class DistributionsTest(unittest.TestCase):
    def test_normal_quantiles_match_the_tables(self):
        for p, z in NORMAL.items():
            with self.subTest(p=p):
                self.assertAlmostEqual(dist.normal_quantile(p), z, places=8)
                self.assertAlmostEqual(dist.normal_quantile(1 - p), -z,
                                       places=8)
        self.assertEqual(dist.normal_quantile(0.5), 0.0)
        self.assertAlmostEqual(dist.normal_cdf(1.96), 0.9750021049,
                               places=9)

    def test_t_quantiles_match_the_tables(self):
        for (p, df), t in STUDENT.items():
            with self.subTest(p=p, df=df):
                self.assertAlmostEqual(dist.t_quantile(p, df), t, places=6)
                self.assertAlmostEqual(dist.t_quantile(1 - p, df), -t,
                                       places=6)

    def test_t_tails(self):
        self.assertAlmostEqual(dist.t_sf(6.965, 2), 0.01, places=4)
        self.assertAlmostEqual(dist.t_sf(2.228, 10), 0.025, places=4)
        self.assertEqual(dist.t_sf(math.inf, 3), 0.0)
        # Far tails: the first look's level of the main job.
        t = dist.t_quantile(1 - 1e-7, 3)
        self.assertAlmostEqual(dist.t_sf(t, 3) / 1e-7, 1.0, places=6)

    def test_bad_arguments(self):
        for bad in (0.0, 1.0, -0.5):
            with self.assertRaises(ValueError):
                dist.normal_quantile(bad)
        with self.assertRaises(ValueError):
            dist.t_quantile(0.9, 0)


class SpendingTest(unittest.TestCase):
    def test_obrien_fleming_spending(self):
        # Two looks at alpha 0.05: the first spends 2 - 2 Phi(1.959964 /
        # sqrt(0.5)) = erfc(2.771859 / sqrt 2) = 0.005574 (Lan-DeMets).
        first, second = sequential.obf_spending(0.05, 2)
        self.assertAlmostEqual(first, math.erfc(1.959963985 / math.sqrt(
            0.5) / math.sqrt(2)), places=9)
        self.assertAlmostEqual(first, 0.0055746, delta=1e-7)
        self.assertAlmostEqual(first + second, 0.05, places=12)
        main = sequential.obf_spending(0.05, 7)
        self.assertAlmostEqual(sum(main), 0.05, places=12)
        self.assertTrue(all(a < b for a, b in zip(main, main[1:])))
        (whole,) = sequential.obf_spending(0.05, 1)
        self.assertAlmostEqual(whole, 0.05, places=12)

    def test_looks(self):
        plan = sequential.Plan(sequential.SPENDING, 4, 10)
        spent = sequential.obf_spending(0.05, 7)
        look = sequential.look_at(plan, 6, 0.05)
        self.assertEqual((look.index, look.looks), (3, 7))
        self.assertEqual(look.alpha, spent[2])
        self.assertEqual(look.note, "")
        early = sequential.look_at(plan, 2, 0.05)
        self.assertEqual((early.index, early.alpha), (1, spent[0]))
        self.assertIn("fewer than the first look's 4", early.note)
        fixed = sequential.look_at(sequential.Plan(sequential.FIXED), 6,
                                   0.05)
        self.assertEqual((fixed.index, fixed.looks, fixed.alpha),
                         (1, 1, 0.05))

    def test_plan_from_the_context(self):
        plan_of = sequential.plan_of
        self.assertEqual(plan_of({}).kind, sequential.FIXED)
        self.assertEqual(plan_of({"xsb_sequential": "fixed"}).kind,
                         sequential.FIXED)
        auto = {"xsb_sequential": "obf-spending looks=4..10",
                "xsb_rounds_min": "4", "xsb_rounds_max": "10"}
        self.assertEqual(plan_of(auto), sequential.Plan(sequential.SPENDING,
                                                        4, 10))
        # Without the min/max keys the text's looks are used.
        self.assertEqual(plan_of({"xsb_sequential":
                                  "obf-spending looks=3..8"}),
                         sequential.Plan(sequential.SPENDING, 3, 8))
        self.assertEqual(sequential.rounds_run({"xsb_rounds_run": "7"}, 9),
                         7)
        self.assertEqual(sequential.rounds_run({}, 9), 9)


def rows(k, **context):
    """A file with k rounds of baseline and candidate."""
    names = ("DualModel/baseline/s/rate:1/batch:1/duration_s:1",
             "DualModel/other/s/rate:1/batch:1/duration_s:1")
    return parse_run({"context": context, "benchmarks": [
        {"name": n, "repetition_index": r, "hp_p99_ms": 1.0}
        for r in range(k) for n in names]}, "f.json")


class RunRoundsTest(unittest.TestCase):
    def test_one_sequential_file(self):
        run = rows(6, xsb_rounds="auto", xsb_sequential="obf-spending "
                   "looks=4..10", xsb_rounds_min="4", xsb_rounds_max="10",
                   xsb_rounds_stop="decisive",
                   xsb_round_order="abba: even rounds baseline first",
                   xsb_verdict_confidence="0.9")
        found = sequential.run_rounds(run, run, None)
        self.assertEqual((found.rounds_run, found.look.index, found.stop),
                         (6, 3, "decisive"))
        self.assertEqual(found.confidence, 0.9)
        self.assertEqual(found.look.alpha,
                         sequential.obf_spending(0.1, 7)[2])
        self.assertEqual(found.order, "abba: even rounds baseline first")
        mine = sequential.run_rounds(run, run, 0.95)
        self.assertEqual(mine.confidence, 0.95)
        self.assertIn("differs from the run's xsb_verdict_confidence 0.9",
                      mine.notes[0])

    def test_an_older_file_ran_its_repetitions_back_to_back(self):
        run = rows(3)
        found = sequential.run_rounds(run, run, None)
        self.assertEqual((found.rounds_run, found.confidence), (3, 0.95))
        self.assertAlmostEqual(found.look.alpha, 0.05)
        self.assertEqual(found.order, sequential.ORDER_BACK_TO_BACK)

    def test_two_files_have_one_look(self):
        a = rows(6, xsb_rounds="auto",
                 xsb_sequential="obf-spending looks=4..10")
        b = rows(4)
        found = sequential.run_rounds(a, b, None)
        self.assertEqual((found.plan.kind, found.order),
                         (sequential.FIXED, sequential.ORDER_TWO_FILES))
        self.assertAlmostEqual(found.look.alpha, 0.05)


class IntervalTest(unittest.TestCase):
    def test_mean_interval(self):
        # mean 0.125, sd sqrt(0.0875 / 3) = 0.170783, t(0.975, 3) =
        # 3.182446: half width 0.271753.
        found = paired.mean_interval([0.1, 0.2, -0.1, 0.3], 0.05)
        self.assertAlmostEqual(found.point, 0.125)
        self.assertAlmostEqual(found.low, 0.125 - 0.271753, places=6)
        self.assertAlmostEqual(found.high, 0.125 + 0.271753, places=6)
        self.assertEqual(found.level, 0.95)
        point, low, high = found.ratio()
        self.assertAlmostEqual(point, math.exp(0.125))
        flat = paired.mean_interval([0.2, 0.2, 0.2], 0.05)
        self.assertEqual((flat.low, flat.high), (0.2, 0.2))
        with self.assertRaises(ValueError):
            paired.mean_interval([0.1], 0.05)

    def test_a_zero_on_one_side_dominates(self):
        found = paired.mean_interval([0.1, -math.inf, 0.0], 0.05)
        self.assertEqual(found.ratio(), (0.0, 0.0, 0.0))
        self.assertEqual(paired.log_ratio(0.0, 0.0), 0.0)
        self.assertEqual(paired.log_ratio(0.0, 5.0), -math.inf)

    def test_signed_rank_interval(self):
        # d = 1..8: 36 Walsh averages; P(W+ <= 3) = 5/256 <= 0.025 <
        # P(W+ <= 4) = 7/256, so the interval is the 4th smallest (2) and
        # the 4th largest (7), at 1 - 10/256; Hodges-Lehmann 4.5.
        found = paired.signed_rank_interval([float(v) for v in range(1, 9)],
                                            0.05)
        self.assertEqual((found.point, found.low, found.high),
                         (4.5, 2.0, 7.0))
        self.assertAlmostEqual(found.level, 1 - 10 / 256)
        # 6 rounds reach at most 1 - 2/64 = 96.9 %: [min, max].
        six = paired.signed_rank_interval([0.1, 0.2, -0.1, 0.3, 0.25, 0.15],
                                          0.05)
        self.assertEqual((six.low, six.high), (-0.1, 0.3))
        self.assertAlmostEqual(six.level, 1 - 2 / 64)
        self.assertIsNone(paired.signed_rank_interval([0.1] * 6, 0.01))

    def test_single_round_interval(self):
        # se from a 95 % interval: ln(high / low) / (2 x 1.959964).
        se_b = paired.log_standard_error(9.0, 11.0, 0.95)
        se_c = paired.log_standard_error(7.5, 8.5, 0.95)
        self.assertAlmostEqual(se_b, math.log(11 / 9) / (2 * 1.959963985))
        found = paired.single_round_interval(math.log(0.8), se_b, se_c,
                                             0.05)
        half = math.hypot(math.log(11 / 9), math.log(8.5 / 7.5)) / 2
        self.assertAlmostEqual(found.low, math.log(0.8) - half)
        self.assertAlmostEqual(found.high, math.log(0.8) + half)
        self.assertEqual(paired.log_standard_error(0.0, 2.0, 0.95),
                         math.inf)


class GoldenTest(unittest.TestCase):
    """The golden cases: the contract another implementation checks."""

    def test_golden_cases(self):
        with open(fixture("paired_golden.json"), encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        self.assertGreaterEqual(len(cases), 4)
        for case in cases:
            with self.subTest(case=case["name"]):
                plan = paired_golden.golden_plan(case["looks"],
                                                 case["k_min"])
                alpha = sequential.look_alphas(plan, case["alpha"])[
                    case["look"] - 1]
                self.assertAlmostEqual(alpha, case["alpha_look"], places=12)
                found = paired.mean_interval(case["d"], alpha)
                self.assertAlmostEqual(found.low, case["low"], places=9)
                self.assertAlmostEqual(found.high, case["high"], places=9)


if __name__ == "__main__":
    unittest.main()
