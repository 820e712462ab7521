"""A/B verdicts with confidence, end to end through the command line, for
single runs (one round: each arm's own interval, sampling noise only):
PASS / FAIL / INCONCLUSIVE from the ratio intervals, validity, the fallback
for files without CI counters, TEST-ONLY runs, the JSON fields the report
tool reads, and the exit codes. Paired rounds: test_rounds.py."""
import json
import math
import os
import tempfile
import unittest

from support import DUAL, document, dual, entry, run_main, write_json

OS = "os-priority"
ONE_ROUND = "1 round: sampling noise only, not drift between runs"


def one_round(point, *intervals):
    """(low, high) of a one-round ratio at 95 % whose arms' intervals are
    at 95 % too: each arm's log standard error is ln(high / low) / (2 z),
    and the ratio's half width z sqrt(se1^2 + se2^2), so z cancels."""
    half = math.hypot(*(math.log(high / low) for low, high in intervals)) / 2
    return point * math.exp(-half), point * math.exp(half)


class Files(unittest.TestCase):
    """Writes synthetic result files into a temporary folder."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def write(self, name, *rows, **context):
        return write_json(self.dir.name, name, document(*rows, **context))

    def pair(self, cand_hp, cand_lp=(97.0, 94.0, 100.0), **cand):
        base = self.write("base.json", dual("baseline"))
        other = self.write("cand.json", dual(OS, cand_hp, cand_lp, **cand))
        return base, other

    def json_report(self, *argv):
        code, out, err = run_main(*argv, "--format", "json")
        self.assertEqual(code, 0, err)
        return json.loads(out)


class VerdictTest(Files):
    def test_pass_with_its_interval(self):
        base, cand = self.pair((8.0, 7.5, 8.5))
        code, out, _ = run_main(base, cand, "--gate")
        self.assertEqual(code, 0)
        # HP: 0.8 with arms [9, 11] and [7.5, 8.5]: [0.711, 0.900], all <
        # 1.1; LP 0.97 with [95, 105] and [94, 100]: [0.915, 1.029].
        self.assertIn("os-priority cut HP P99 by 20 % (95 % CI 10.0-29 %), "
                      "LP kept 97 % (95 % CI 91-103 %): PASS (" + ONE_ROUND +
                      ")", out)
        data = self.json_report(base, cand)
        (pair,) = data["pairs"]
        self.assertEqual(pair["verdict_word"], "PASS")
        hp = pair["hp_p99_ratio"]
        self.assertEqual(sorted(hp), ["confidence", "high", "low", "method",
                                      "point"])
        self.assertAlmostEqual(hp["point"], 0.8)
        low, high = one_round(0.8, (9, 11), (7.5, 8.5))
        self.assertAlmostEqual(hp["low"], low)
        self.assertAlmostEqual(hp["high"], high)
        self.assertAlmostEqual(hp["confidence"], 0.95)
        self.assertEqual(hp["method"], ONE_ROUND)
        lp = pair["lp_ratio"]
        low, high = one_round(0.97, (95, 105), (94, 100))
        self.assertAlmostEqual(lp["low"], low)
        self.assertAlmostEqual(lp["high"], high)
        self.assertEqual(pair["rounds"]["used"], [0])
        self.assertTrue(pair["rounds"]["single_round"])
        self.assertEqual(data["exit_code_gate"], 0)
        self.assertEqual(pair["validity_notes"], [])

    def test_fail_when_the_whole_interval_misses(self):
        base, cand = self.pair((13.0, 12.5, 14.0))  # [1.159, 1.459]
        code, out, _ = run_main(base, cand, "--gate")
        self.assertEqual(code, 1)
        self.assertIn("os-priority raised HP P99 by 30 % (95 % CI 16-46 %)",
                      out)
        self.assertEqual(self.json_report(base, cand)["exit_code_gate"], 1)
        base, cand = self.pair((8.0, 7.5, 8.5), (60.0, 55.0, 66.0))
        # LP high 0.6 exp(hypot(ln(105 / 95), ln(66 / 55)) / 2) = 0.666
        self.assertEqual(run_main(base, cand, "--gate")[0], 1)

    def test_inconclusive_when_it_straddles(self):
        base, cand = self.pair((10.5, 9.5, 12.0))  # [0.900, 1.225]
        code, out, _ = run_main(base, cand, "--gate")
        self.assertEqual(code, 3)
        self.assertIn("os-priority vs baseline: smoke/rate:200/batch:8/"
                      "duration_s:4   INCONCLUSIVE", out.splitlines())
        self.assertIn("hp_p99_ms < baseline x 1.1: ratio 1.05 (95 % CI "
                      f"0.9001-1.225; {ONE_ROUND}) INCONCLUSIVE", out)
        self.assertIn("summary: 1 pair: 0 passed, 0 failed, 1 inconclusive",
                      out)
        # Without --gate the report is written and the exit code is 0.
        self.assertEqual(run_main(base, cand)[0], 0)

    def test_invalid_percentile_carries_no_verdict(self):
        base, cand = self.pair((8.0, 7.5, 8.5), hp_p99_valid=0.0)
        code, out, _ = run_main(base, cand, "--gate")
        self.assertEqual(code, 3)
        self.assertIn("verdict: NO-VERDICT", out)
        pair = self.json_report(base, cand)["pairs"][0]
        self.assertEqual(pair["verdict_word"], "NO-VERDICT")
        self.assertIn("P99 not supported: its valid counter is 0 "
                      f"({DUAL.format(OS)} round 0)", pair["validity_notes"])

    def test_too_few_requests_for_p99(self):
        # 367 requests cannot bound P99 from above at 95 %; 368 can.
        base, cand = self.pair((8.0, 7.5, 8.5), n=367)
        self.assertEqual(run_main(base, cand, "--gate")[0], 3)
        pair = self.json_report(base, cand)["pairs"][0]
        self.assertIn("P99 not supported: needs >= 368 requests in the "
                      f"window at 95 %, had 367 ({DUAL.format(OS)} round "
                      "0)",
                      pair["validity_notes"])
        base, cand = self.pair((8.0, 7.5, 8.5), n=368)
        self.assertEqual(run_main(base, cand, "--gate")[0], 0)

    def test_files_without_ci_counters_fall_back_to_medians(self):
        base = self.write("b.json", entry(DUAL.format("baseline"),
                                          hp_p99_ms=10.0, lp_iter_per_s=100.0,
                                          hp_requests=800.0))
        cand = self.write("c.json", entry(DUAL.format(OS), hp_p99_ms=10.9,
                                          lp_iter_per_s=71.0,
                                          hp_requests=800.0))
        code, out, _ = run_main(base, cand, "--gate")
        self.assertEqual(code, 0)
        self.assertIn("raised HP P99 by 9.0 % (no interval), LP kept 71 % "
                      "(no interval): PASS", out)
        pair = self.json_report(base, cand)["pairs"][0]
        self.assertEqual(pair["hp_p99_ratio"]["low"], None)
        self.assertEqual(pair["hp_p99_ratio"]["confidence"], None)
        self.assertAlmostEqual(pair["hp_p99_ratio"]["point"], 1.09)
        self.assertTrue(any(n.startswith("no interval for hp_p99_ms and "
                                         "lp_iter_per_s")
                            for n in pair["validity_notes"]))


class AATest(Files):
    def test_same_scheduler_is_same_and_passes(self):
        base = self.write("a1.json", dual("baseline", (10.0, 9.8, 10.2)))
        again = self.write("a2.json", dual("baseline", (10.1, 9.9, 10.3)))
        data = self.json_report(base, again)
        (pair,) = data["pairs"]
        outcomes = {c["name"]: c["outcome"] for c in pair["counters"]}
        self.assertEqual(outcomes["hp_p99_ms"], "same")
        self.assertEqual(outcomes["lp_iter_per_s"], "same")
        self.assertEqual(pair["verdict_word"], "PASS")

    def test_drift_between_rounds_is_not_a_difference(self):
        # The runs drift 10 -> 12 ms, in the other order in the second
        # file: the rounds' ratios 1.2 and 1 / 1.2 average to 1, and their
        # spread (sd sqrt(2) ln 1.2) with 1 degree of freedom gives the
        # half width t(0.975, 1) ln 1.2 = 12.7062 x 0.18232.
        runs = [dual("baseline", (10.0, 9.5, 10.5)),
                dual("baseline", (12.0, 11.5, 12.5))]
        base = self.write("r1.json", *runs)
        again = self.write("r2.json", *runs[::-1])
        pair = self.json_report(base, again)["pairs"][0]
        hp = pair["hp_p99_ratio"]
        half = 12.7062047 * math.log(1.2)
        self.assertAlmostEqual(hp["point"], 1.0)
        self.assertAlmostEqual(hp["low"], math.exp(-half), places=6)
        self.assertAlmostEqual(hp["high"], math.exp(half), places=4)
        self.assertEqual(hp["method"], "2 paired rounds")
        outcomes = {c["name"]: c["outcome"] for c in pair["counters"]}
        self.assertEqual(outcomes["hp_p99_ms"], "same")
        self.assertEqual(pair["verdict_word"], "INCONCLUSIVE")


class StandaloneTest(Files):
    def test_ratios_with_intervals(self):
        rows = [dual("baseline"),
                dual(OS, (8.0, 7.5, 8.5), (97.0, 94.0, 100.0),
                     hp_achieved_rps=190.0),
                entry("Standalone/hp/smoke/rate:200/duration_s:4",
                      hp_p99_ms=5.0, hp_p99_ci_low_ms=4.5,
                      hp_p99_ci_high_ms=5.5, hp_p99_valid=1.0,
                      hp_requests=800.0, hp_achieved_rps=200.0),
                entry("Standalone/lp/smoke/batch:8/duration_s:4",
                      lp_iter_per_s=200.0, lp_ci_low_iter_per_s=190.0,
                      lp_ci_high_iter_per_s=210.0)]
        pair = self.json_report(self.write("all.json", *rows))["pairs"][0]
        ratios = pair["standalone_ratios"]
        self.assertEqual(sorted(ratios), ["hp_p99_slowdown", "lp_retention",
                                          "system_throughput"])
        slowdown = ratios["hp_p99_slowdown"]
        self.assertEqual(sorted(slowdown), ["high", "low", "point"])
        # Each side's own interval: sampling noise only.
        self.assertAlmostEqual(slowdown["point"], 8.0 / 5.0)
        low, high = one_round(8 / 5, (7.5, 8.5), (4.5, 5.5))
        self.assertAlmostEqual(slowdown["low"], low)
        self.assertAlmostEqual(slowdown["high"], high)
        retention = ratios["lp_retention"]
        self.assertAlmostEqual(retention["point"], 97 / 200)
        low, high = one_round(97 / 200, (94, 100), (190, 210))
        self.assertAlmostEqual(retention["low"], low)
        self.assertAlmostEqual(retention["high"], high)
        system = ratios["system_throughput"]  # 190 / 200 + LP retention
        self.assertAlmostEqual(system["point"], 0.95 + 97 / 200)
        self.assertAlmostEqual(system["low"], 0.95 + low)
        self.assertAlmostEqual(system["high"], 0.95 + high)

    def test_unknown_without_standalone_cases(self):
        base, cand = self.pair((8.0, 7.5, 8.5))
        pair = self.json_report(base, cand)["pairs"][0]
        self.assertEqual(pair["standalone_ratios"], {
            "hp_p99_slowdown": None, "lp_retention": None,
            "system_throughput": None})


class TestOnlyTest(Files):
    def setUp(self):
        super().setUp()
        xsched = DUAL.format("xsched") + "/lp_threshold:4/lp_batch_size:2"
        rows = [dual("baseline"), dual(OS, (8.0, 7.5, 8.5)),
                entry(xsched, hp_p99_ms=0.5, hp_p99_ci_low_ms=0.4,
                      hp_p99_ci_high_ms=0.6, hp_p99_valid=1.0,
                      hp_requests=800.0, lp_iter_per_s=100.0,
                      lp_ci_low_iter_per_s=99.0, lp_ci_high_iter_per_s=101.0)]
        self.path = self.write("ab.json", *rows, xsb_xsched_test_only=(
            "cpu backend (--xsb_xsched_allow_cpu): a test of the pipeline"))

    def test_every_format_says_test_only(self):
        code, table, _ = run_main(self.path, "--gate")
        self.assertEqual(code, 3)  # nothing valid to judge for xsched
        self.assertIn("xsched/lp_threshold:4/lp_batch_size:2 vs baseline: "
                      "smoke/rate:200/batch:8/duration_s:4   TEST-ONLY", table)
        self.assertIn("TEST-ONLY: " + self.path + " says "
                      "xsb_xsched_test_only", table)
        self.assertNotIn("TEST-ONLY", table.split("xsched/lp_threshold")[0]
                         .split("os-priority vs baseline")[1])
        # Nothing of the xsched pair reads as a result.
        xsched_part = table.split(
            "xsched/lp_threshold:4/lp_batch_size:2 vs")[1]
        self.assertNotIn("PASS", xsched_part)
        self.assertIn("xsched/lp_threshold:4/lp_batch_size:2: TEST-ONLY, no "
                      "verdict", xsched_part)
        self.assertIn("hp_p99_ms < baseline x 1.1: ratio 0.05 (95 % CI "
                      f"0.03988-0.06269; {ONE_ROUND}) TEST-ONLY", xsched_part)
        _, markdown, _ = run_main(self.path, "--format", "markdown")
        self.assertIn(": **TEST-ONLY**", markdown)
        self.assertNotIn("PASS", markdown.split("xsched/lp_threshold")[1])
        data = self.json_report(self.path)
        words = {p["candidate_scheduler"]: p["verdict_word"]
                 for p in data["pairs"]}
        self.assertEqual(words, {OS: "PASS", "xsched": "TEST-ONLY"})
        xsched = data["pairs"][1]
        self.assertFalse(xsched["verdict"]["passed"])
        self.assertEqual({c["status"] for c in xsched["verdict"]["criteria"]},
                         {"TEST-ONLY"})
        self.assertTrue(xsched["test_only"])
        self.assertTrue(xsched["validity_notes"][0].startswith("TEST-ONLY"))
        self.assertEqual(data["exit_code_gate"], 3)


class ExitCodeTest(Files):
    def test_codes(self):
        base, passing = self.pair((8.0, 7.5, 8.5))
        self.assertEqual(run_main(base, passing, "--gate")[0], 0)
        failing = self.write("f.json", dual(OS, (13.0, 12.5, 14.0)))
        self.assertEqual(run_main(base, failing, "--gate")[0], 1)
        self.assertEqual(run_main(base, "missing.json", "--gate")[0], 2)
        unsure = self.write("u.json", dual(OS, (10.5, 9.5, 12.0)))
        self.assertEqual(run_main(base, unsure, "--gate")[0], 3)
        # Without --gate: 0 whatever the verdict, 2 for unusable input.
        for cand in (failing, unsure):
            self.assertEqual(run_main(base, cand)[0], 0)


def write_samples(folder, case, latencies_ms):
    """A sample file of one repetition: every request in the window."""
    rows = [[i * 1_000_000, i * 1_000_000, i * 1_000_000 + int(v * 1e6),
             int(v * 1e6), 1] for i, v in enumerate(latencies_ms)]
    doc = {"format": "xsb_samples", "version": 1, "case": case,
           "repetition": 0, "window_ns": [0, 1_000_000_000],
           "hp_columns": ["scheduled_ns", "sent_ns", "completed_ns",
                          "latency_ns", "in_window"], "hp": rows,
           "lp_columns": ["completed_ns", "in_window"],
           "lp": [[t * 10_000_000 + 5_000_000, 1] for t in range(100)]}
    name = case.replace("/", "_").replace(":", "_") + ".rep0.json"
    write_json(folder, name, doc)


class SamplesIntervalTest(Files):
    def test_exact_intervals_from_raw_latencies(self):
        folder = os.path.join(self.dir.name, "samples")
        os.mkdir(folder)
        # Baseline latencies 1..500 ms, candidate half of each.
        write_samples(folder, DUAL.format("baseline"),
                           [float(i) for i in range(1, 501)])
        write_samples(folder, DUAL.format(OS),
                           [i / 2 for i in range(1, 501)])
        base, cand = self.pair((250.0, 1.0, 1.0))  # counters ignored
        data = self.json_report(base, cand, "--samples-dir", folder)
        hp = data["pairs"][0]["hp_p99_ratio"]
        # Each arm at 95 %. n = 500, p = 0.99: with K ~ Binomial(500,
        # 0.99), P(K <= 489) = 0.0132 <= 0.025 < P(K <= 490) = 0.0316 and
        # P(K >= 499) = 0.0398 > 0.025 >= P(K >= 500) = 0.0066: ranks 490
        # and 500, so the arms are [490, 500] and [245, 250] ms around
        # P99s of 495 and 247.5.
        self.assertAlmostEqual(hp["point"], 0.5)
        low, high = one_round(0.5, (490, 500), (245, 250))
        self.assertAlmostEqual(hp["low"], low)
        self.assertAlmostEqual(hp["high"], high)
        self.assertAlmostEqual(hp["confidence"], 0.95)
        self.assertEqual(data["pairs"][0]["verdict_word"], "PASS")
        # Each arm's figure: the pooled percentile with its interval.
        arms = data["pairs"][0]["arms"]["hp_p99_ms"]
        self.assertEqual((arms["baseline"]["point"], arms["baseline"]["low"],
                          arms["baseline"]["high"]), (495, 490, 500))


class SamplesPerFileTest(Files):
    def test_one_folder_per_file(self):
        # A/A: the same case name in both files, each with its own folder.
        folders = []
        for i, scale in enumerate((1.0, 1.005)):
            folder = os.path.join(self.dir.name, f"s{i}")
            os.mkdir(folder)
            write_samples(folder, DUAL.format("baseline"),
                               [v * scale for v in range(1, 501)])
            folders.append(folder)
        base = self.write("a1.json", dual("baseline"))
        again = self.write("a2.json", dual("baseline"))
        data = self.json_report(base, again, "--samples-dir", folders[0],
                                "--samples-dir", folders[1])
        hp = data["pairs"][0]["hp_p99_ratio"]
        # Ranks 490 and 500 on both sides (see above).
        low, high = one_round(1.005, (490, 500), (490, 500))
        self.assertAlmostEqual(hp["low"], low)
        self.assertAlmostEqual(hp["high"], high)
        outcomes = {c["name"]: c["outcome"]
                    for c in data["pairs"][0]["counters"]}
        self.assertEqual(outcomes["hp_p99_ms"], "same")
        # One folder for both: the shared case's files are not used.
        data = self.json_report(base, again, "--samples-dir", folders[0])
        self.assertAlmostEqual(data["pairs"][0]["hp_p99_ratio"]["low"],
                               one_round(1, (9, 11), (9, 11))[0])
        self.assertTrue(any(n.startswith("samples of DualModel/baseline")
                            for n in data["notes"]))
        code, _, err = run_main(base, again, "--samples-dir", folders[0],
                                "--samples-dir", folders[0], "--samples-dir",
                                folders[1])
        self.assertEqual(code, 2)
        self.assertIn("3 --samples-dir for 2 result file(s)", err)
