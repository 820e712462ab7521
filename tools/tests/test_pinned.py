"""Behaviours no test pinned before issue 25 (items 18-20): each was broken
on purpose in a copy and every test still passed.

18. compare's P99.9 validity on the counters path for n between 3000 and
    the count an upper bound needs at 95 %.
19. compare's LP interval: its number of sub-windows on uneven blocks.
20. the median-based system throughput, in compare's JSON and text, the
    reference file and the report."""
import json
import math
import os
import tempfile
import unittest


from support import DUAL, document, dual, entry, run_main, write_json

from xsb_compare import confidence as ci
from xsb_report import content, verdicts
from xsb_report.text import number

OS = "os-priority"


def needed_for_upper_bound(p: float, confidence: float) -> int:
    """The smallest n whose largest of n samples bounds the p-quantile from
    above: P(all n below it) = p^n <= (1 - confidence) / 2."""
    return next(n for n in range(1, 10 ** 6)
                if p ** n <= (1 - confidence) / 2 * (1 + 1e-12))


def binomial_ranks(n: int, confidence: float) -> tuple[int, int]:
    """(r, s): the 1-based order statistics of a sign-test interval of the
    median of n values, each tail at most (1 - confidence) / 2."""
    pmf = [math.comb(n, k) / 2 ** n for k in range(n + 1)]
    tail = (1 - confidence) / 2
    r = 0
    while sum(pmf[:r + 1]) <= tail:
        r += 1
    s = n + 1
    while sum(pmf[s - 1:]) <= tail:
        s -= 1
    return r, s


class P999ValidityOnCountersTest(unittest.TestCase):
    def notes(self, n: int) -> list:
        p999 = dict(hp_p999_ms=12.0, hp_p999_ci_low_ms=11.0,
                    hp_p999_ci_high_ms=13.0, hp_p999_valid=1.0)
        rows = [dual("baseline", n=n, **p999),
                dual(OS, (8.0, 7.5, 8.5), n=n, **p999)]
        with tempfile.TemporaryDirectory() as d:
            path = write_json(d, "r.json", document(*rows))
            code, out, err = run_main(path, "--format", "json")
        self.assertEqual(code, 0, err)
        return [n for n in json.loads(out)["pairs"][0]["validity_notes"]
                if n.startswith("P99.9")]

    def test_between_3000_and_the_needed_count(self):
        needed = needed_for_upper_bound(0.999, 0.95)
        self.assertEqual(needed, 3688)
        self.assertEqual(ci.min_samples(0.999, 0.95), needed)
        for n in (3000, 3001, 3500, needed - 1):
            notes = self.notes(n)
            self.assertTrue(notes, n)
            self.assertIn(f"needs >= {needed} requests", notes[0])
            self.assertIn(f"had {n} (", notes[0])
        self.assertEqual(self.notes(needed), [])
        self.assertEqual(self.notes(needed + 500), [])


class LpSubWindowsTest(unittest.TestCase):
    def test_twenty_sub_windows_of_uneven_counts(self):
        # Window [1, 3) s: sub-window i (0.1 s long) holds i + 1
        # completions, so the sorted sub-window rates are 10, 20, ..., 200
        # per s and the interval's ends name which order statistics were
        # taken out of how many sub-windows.
        times = [1.0 + 0.1 * i + 0.1 * (j + 0.5) / (i + 1)
                 for i in range(20) for j in range(i + 1)]
        rate, low, high = ci.block_rate_interval(times, 1.0, 3.0, 0.95)
        self.assertAlmostEqual(rate, len(times) / 2.0)
        r, s = binomial_ranks(20, 0.95)
        self.assertEqual((r, s), (6, 15))
        self.assertAlmostEqual(low, 10.0 * r)
        self.assertAlmostEqual(high, 10.0 * s)

    def test_pooled_windows_of_unequal_length(self):
        # Two windows, 2 s and 1 s: 20 sub-windows each (0.1 s and 0.05 s
        # long), 40 rates together; the first window's rates are all 10/s,
        # the second's all 20/s.
        first = [0.05 + 0.1 * i for i in range(20)]
        second = [10.0 + 0.05 * i + 0.025 for i in range(20)]
        got = ci.pooled_rate_interval([(first, 0.0, 2.0),
                                       (second, 10.0, 11.0)], 0.95)
        rate, low, high = got
        self.assertAlmostEqual(rate, 40 / 3.0)
        r, s = binomial_ranks(40, 0.95)
        rates = sorted([10.0] * 20 + [20.0] * 20)
        self.assertAlmostEqual(low, min(rates[r - 1], rate))
        self.assertAlmostEqual(high, max(rates[s - 1], rate))
        # A completion exactly at a window's end is outside it.
        rate_end, _, _ = ci.block_rate_interval([1.0, 2.0, 3.0], 1.0, 3.0,
                                                0.95)
        self.assertAlmostEqual(rate_end, 1.0)


class SystemThroughputTest(unittest.TestCase):
    """The point figures come from medians over repetitions: with these
    skewed repetitions the means differ, so a mean or a first-repetition
    figure fails."""

    def test_median_based_figure(self):
        rows = []
        for r, (hp, lp) in enumerate(((150.0, 60.0), (200.0, 110.0),
                                      (190.0, 100.0))):
            rows.append({**dual("baseline", lp=(lp, lp * 0.9, lp * 1.1),
                                hp_achieved_rps=hp), "repetition_index": r})
            rows.append({**dual(OS, lp=(lp, lp * 0.9, lp * 1.1),
                                hp_achieved_rps=hp / 2),
                         "repetition_index": r})
        for r, (hp, lp) in enumerate(((200.0, 200.0), (210.0, 150.0),
                                      (205.0, 240.0))):
            rows.append({**entry("Standalone/hp/smoke/rate:200/duration_s:4",
                                 hp_p99_ms=5.0, hp_requests=800.0,
                                 hp_achieved_rps=hp), "repetition_index": r})
            rows.append({**entry("Standalone/lp/smoke/batch:8/duration_s:4",
                                 lp_iter_per_s=lp), "repetition_index": r})
        # Medians: HP 190 of 205 alone, LP 100 of 200 alone.
        base = 190 / 205 + 100 / 200
        cand = 95 / 205 + 100 / 200
        with tempfile.TemporaryDirectory() as d:
            path = write_json(d, "r.json", document(*rows))
            reference = os.path.join(d, "ref.json")
            code, out, err = run_main(path, "--format", "json",
                                      "--write-reference", reference)
            self.assertEqual(code, 0, err)
            _, text, _ = run_main(path)
            with open(reference, encoding="utf-8") as f:
                written = json.load(f)["pairs"]
        # The reference file and the report carry the same medians.
        (alone,) = [p["standalone"] for p in written.values()]
        self.assertAlmostEqual(alone["baseline"]["system_throughput"], base)
        self.assertAlmostEqual(alone["candidate"]["system_throughput"], cand)
        pair = json.loads(out)["pairs"][0]
        # The report's changes table, from compare's JSON as report.py
        # reads it.
        table = content.changes_table([verdicts.pair_verdict(pair, False)])
        column = table.header.index("system throughput")
        self.assertEqual(table.rows[1][0], OS)
        self.assertEqual(table.rows[1][column].split(" ")[0],
                         f"x{number(cand)}")
        self.assertAlmostEqual(
            pair["standalone"]["baseline"]["system_throughput"], base)
        self.assertAlmostEqual(
            pair["standalone"]["candidate"]["system_throughput"], cand)
        self.assertIn(f"system throughput baseline {base:.4g}x, candidate "
                      f"{cand:.4g}x", text)


if __name__ == "__main__":
    unittest.main()
