"""Paired rounds end to end through the command line, on files written as
xsb_bench writes rounds (docs/compare.md, "Paired rounds"): each round a
repetition of every case (repetition_index = round), the run's context
saying how the rounds ran. The interval printed is the look's, rounds left
out are named, one round is labelled as sampling noise only, and the
sample files give per-round figures and pooled arms."""
import json
import math
import os
import tempfile
import unittest

from support import DUAL, document, dual, run_main, write_json
from xsb_compare import sequential

OS = "os-priority"
AUTO = {"xsb_rounds": "auto", "xsb_rounds_min": "4", "xsb_rounds_max": "14",
        "xsb_round_order": "abba: even rounds baseline first, odd rounds "
                           "reversed",
        "xsb_verdict_confidence": "0.95",
        "xsb_sequential": "obf-boundaries looks=4..14",
        "xsb_max_hp_p99_ratio": "1.1", "xsb_min_lp_ratio": "0.7"}


def rounds_rows(hp_ratios, lp_ratios=None, n=100, failed=(),
                message="hp worker timed out"):
    """Rows of len(hp_ratios) rounds in ABBA order: baseline HP P99 10 ms
    and LP 100 it/s; the candidate's are the ratios times those. failed:
    {round: side} whose run failed with `message`."""
    rows = []
    lp_ratios = lp_ratios or [1.0] * len(hp_ratios)
    for r, (hp, lp) in enumerate(zip(hp_ratios, lp_ratios)):
        pair = [("baseline", 10.0, 100.0), (OS, 10.0 * hp, 100.0 * lp)]
        for scheduler, p99, it in (pair if r % 2 == 0 else pair[::-1]):
            row = dual(scheduler, (p99, p99 * 0.9, p99 * 1.1),
                       (it, it * 0.97, it * 1.03), n=n)
            row.update(repetition_index=r, repetitions=len(hp_ratios))
            if dict(failed).get(r) == scheduler:
                row = {"name": row["name"], "run_type": "iteration",
                       "repetition_index": r, "error_occurred": True,
                       "error_message": message}
            rows.append(row)
    return rows


def t_interval(ratios):
    """(mean, standard error) of the log ratios, computed here."""
    d = [math.log(r) for r in ratios]
    k = len(d)
    mean = sum(d) / k
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (k - 1))
    return mean, sd / math.sqrt(k)


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def write(self, rows, **context):
        return write_json(self.dir.name, "run.json",
                          document(*rows, **context))

    def report(self, path, *argv):
        code, out, err = run_main(path, "--format", "json", *argv)
        self.assertEqual(code, 0, err)
        return json.loads(out)


class RoundsTest(Files):
    def test_fixed_rounds_t_interval(self):
        ratios = [0.5, 0.6, 0.55, 0.45]
        path = self.write(rounds_rows(ratios), **{
            **AUTO, "xsb_rounds": "4", "xsb_sequential": "fixed",
            "xsb_rounds_run": "4", "xsb_rounds_stop": "fixed"})
        data = self.report(path)
        (pair,) = data["pairs"]
        mean, se = t_interval(ratios)
        hp = pair["hp_p99_ratio"]
        # t(0.975, 3) = 3.18244631 (tables)
        self.assertAlmostEqual(hp["point"], math.exp(mean))
        self.assertAlmostEqual(hp["low"], math.exp(mean - 3.18244631 * se),
                               places=6)
        self.assertAlmostEqual(hp["high"], math.exp(mean + 3.18244631 * se),
                               places=6)
        self.assertAlmostEqual(hp["confidence"], 0.95)
        self.assertEqual(hp["method"], "4 paired rounds")
        self.assertEqual(pair["verdict_word"], "PASS")
        self.assertEqual(pair["rounds"]["used"], [0, 1, 2, 3])
        per_round = pair["rounds"]["criteria"]["hp_p99_ms"]["per_round"]
        self.assertEqual([r["ratio"] for r in per_round], ratios)
        self.assertEqual(data["rounds"]["stop"], "fixed")
        self.assertEqual(data["rounds"]["looks"], 1)
        _, table, _ = run_main(path)
        self.assertIn("rounds: 4 used (0-3) of 4 run, order abba: even "
                      "rounds baseline first, odd rounds reversed; stop: "
                      "fixed", table)

    def test_a_sequential_run_reports_the_look_it_stopped_at(self):
        ratios = [0.5, 0.52, 0.48, 0.5, 0.51, 0.49]
        path = self.write(rounds_rows(ratios), **AUTO, xsb_rounds_run="6",
                          xsb_rounds_stop="decisive")
        data = self.report(path)
        # Round 6 is look 3 of 11 (k_min 4, k_max 14): its boundary's level.
        alpha = sequential.look_alphas(
            sequential.Plan(sequential.BOUNDARIES, 4, 14), 0.05)[2]
        self.assertAlmostEqual(alpha, 0.0023795025960709733, places=15)
        self.assertEqual((data["rounds"]["look"], data["rounds"]["looks"]),
                         (3, 11))
        self.assertAlmostEqual(data["rounds"]["level"], 1 - alpha)
        hp = data["pairs"][0]["hp_p99_ratio"]
        self.assertAlmostEqual(hp["confidence"], 1 - alpha)
        self.assertEqual(data["pairs"][0]["verdict_word"], "PASS")
        _, table, _ = run_main(path)
        self.assertIn("intervals at 99.8 %: look 3 of 11 (sequential: a look "
                      "after each round 4..14, O'Brien-Fleming "
                      "group-sequential boundaries; the looks share 5 %)",
                      table)
        self.assertIn("; stop: decisive", table)

    def test_a_file_from_before_the_boundaries_keeps_its_levels(self):
        # Its stop decided at the union bound's levels: so does compare.
        ratios = [0.5, 0.52, 0.48, 0.5, 0.51, 0.49]
        older = dict(AUTO, xsb_rounds_max="10",
                     xsb_sequential="obf-spending looks=4..10")
        data = self.report(self.write(rounds_rows(ratios), **older,
                                      xsb_rounds_run="6",
                                      xsb_rounds_stop="decisive"))
        self.assertEqual((data["rounds"]["look"], data["rounds"]["looks"]),
                         (3, 7))
        self.assertAlmostEqual(data["rounds"]["level"],
                               1 - sequential.obf_spending(0.05, 7)[2])
    def test_a_failed_round_is_left_out_and_fails_the_pair(self):
        rows = rounds_rows([0.5, 0.5, 0.6, 0.5, 0.55],
                           failed={2: OS})
        path = self.write(rows, **AUTO, xsb_rounds_run="5",
                          xsb_rounds_stop="failed")
        data = self.report(path)
        (pair,) = data["pairs"]
        self.assertEqual(pair["rounds"]["used"], [0, 1, 3, 4])
        self.assertEqual(pair["rounds"]["left_out"], [
            "round 2: the candidate failed (hp worker timed out)"])
        self.assertEqual(pair["verdict_word"], "FAIL")
        self.assertEqual(pair["hp_p99_ratio"]["method"], "4 paired rounds")
        _, table, _ = run_main(path)
        self.assertIn("  left out: round 2: the candidate failed (hp worker "
                      "timed out)", table)
        _, markdown, _ = run_main(path, "--format", "markdown")
        self.assertIn("- left out: round 2: the candidate failed (hp worker "
                      "timed out)", markdown)

    def test_an_interrupted_round_is_left_out_without_failing_the_pair(self):
        # Ctrl+C in round 5: the user stopped the run, nothing crashed.
        rows = rounds_rows([0.5, 0.5, 0.6, 0.5, 0.55, 0.5],
                           failed={5: OS}, message="interrupted by SIGINT")
        path = self.write(rows, **AUTO, xsb_rounds_run="6",
                          xsb_rounds_stop="interrupted")
        (pair,) = self.report(path)["pairs"]
        self.assertEqual(pair["rounds"]["used"], [0, 1, 2, 3, 4])
        self.assertEqual(pair["rounds"]["left_out"], [
            "round 5: the candidate failed (interrupted by SIGINT)"])
        self.assertNotEqual(pair["verdict_word"], "FAIL")

    def test_pooled_requests_decide_p99_validity(self):
        # 3 rounds of 100 requests pool 300 < 368: no verdict on P99.
        path = self.write(rounds_rows([0.5, 0.5, 0.5]),
                          xsb_rounds="3", xsb_sequential="fixed")
        pair = self.report(path)["pairs"][0]
        self.assertEqual(pair["verdict_word"], "NO-VERDICT")
        self.assertIn("P99 not supported: needs >= 368 requests pooled over "
                      "the rounds used at 95 %, had 300 (" +
                      DUAL.format("baseline") + ", 3 rounds)",
                      pair["validity_notes"])
        # 4 rounds pool 400: valid.
        path = self.write(rounds_rows([0.5, 0.5, 0.6, 0.5]),
                          xsb_rounds="4", xsb_sequential="fixed")
        self.assertEqual(self.report(path)["pairs"][0]["verdict_word"],
                         "PASS")

    def test_signed_rank_beside_the_t_interval(self):
        # 6 rounds, fixed: the signed-rank interval reaches 96.9 % >= 95 %.
        ratios = [0.9, 1.3, 0.95, 1.0, 1.05, 0.98]
        path = self.write(rounds_rows(ratios), xsb_rounds="6",
                          xsb_sequential="fixed")
        pair = self.report(path)["pairs"][0]
        signed = pair["rounds"]["criteria"]["hp_p99_ms"]["signed_rank"]
        # 6 rounds at 95 %: the widest interval, [min, max] of the ratios.
        self.assertAlmostEqual(signed["low"], 0.9)
        self.assertAlmostEqual(signed["high"], 1.3)
        self.assertAlmostEqual(signed["confidence"], 1 - 2 / 64)
        _, table, _ = run_main(path)
        self.assertIn("hp_p99_ms signed-rank (Hodges-Lehmann)", table)
        # At a sequential look's level 6 rounds cannot reach it: said so.
        path = self.write(rounds_rows(ratios), **AUTO, xsb_rounds_run="6")
        pair = self.report(path)["pairs"][0]
        note = pair["rounds"]["criteria"]["hp_p99_ms"]["signed_rank_note"]
        self.assertEqual(note, "unavailable: 6 rounds reach at most 96.9 %, "
                               "not 99.8 %")

    def test_a_disagreement_of_the_two_intervals_is_noted(self):
        # ln ratios -1.0 .. -0.6 and 0.2: the t interval's high end is
        # exp(-0.194) = 0.82 (PASS); the signed-rank's, at 6 rounds the
        # largest ratio exp(0.2) = 1.22 (INCONCLUSIVE).
        ratios = [math.exp(x) for x in (-1.0, -0.9, -0.8, -0.7, -0.6, 0.2)]
        path = self.write(rounds_rows(ratios), xsb_rounds="6",
                          xsb_sequential="fixed")
        pair = self.report(path)["pairs"][0]
        self.assertEqual(pair["verdict_word"], "PASS")
        self.assertEqual(pair["rounds"]["signed_rank_word"], "INCONCLUSIVE")
        self.assertIn("the signed-rank intervals give INCONCLUSIVE where the "
                      "t intervals give PASS (the t interval decides)",
                      pair["validity_notes"])

    def test_one_round_is_sampling_noise_only_in_every_format(self):
        path = self.write(rounds_rows([0.5], n=400), xsb_rounds="1",
                          xsb_sequential="fixed")
        label = "1 round: sampling noise only, not drift between runs"
        _, table, _ = run_main(path)
        self.assertIn("rounds: 1 used (0) of 1 run: " + label, table)
        _, markdown, _ = run_main(path, "--format", "markdown")
        self.assertIn("Rounds: 1 used (0) of 1 run: " + label, markdown)
        pair = self.report(path)["pairs"][0]
        self.assertEqual(pair["hp_p99_ratio"]["method"], label)
        self.assertTrue(pair["rounds"]["single_round"])

    def test_other_thresholds_than_the_stop_used_are_noted(self):
        path = self.write(rounds_rows([0.5, 0.6, 0.55, 0.45]), **{
            **AUTO, "xsb_rounds_run": "4"})
        data = self.report(path, "--max-hp-p99-ratio", "1.2")
        self.assertIn("hp_p99_ms: the run's stop decided with the threshold "
                      "1.1 (xsb_max_hp_p99_ratio); this verdict uses 1.2",
                      data["notes"])
        self.assertFalse(any("xsb_min_lp_ratio" in n
                             for n in self.report(path)["notes"]))

    def test_an_older_file_says_its_repetitions_did_not_alternate(self):
        rows = rounds_rows([0.5, 0.6, 0.55, 0.45])
        path = self.write(rows)  # no xsb_rounds in the context
        _, table, _ = run_main(path)
        self.assertIn("order not alternating: the file has no xsb_rounds",
                      table)
        data = self.report(path)
        self.assertEqual(data["rounds"]["order"],
                         sequential.ORDER_BACK_TO_BACK)
        self.assertEqual(data["pairs"][0]["verdict_word"], "PASS")


def sample_file(folder, case, round_index, latencies_ms, lp_per_s):
    """One round's sample file: a 10 s window, every request in it."""
    rows = [[i * 100_000_000, i * 100_000_000, i * 100_000_000 +
             int(v * 1e6), int(v * 1e6), 1]
            for i, v in enumerate(latencies_ms)]
    lp = [[int(t * 1e9 / lp_per_s), 1] for t in range(int(10 * lp_per_s))]
    doc = {"format": "xsb_samples", "version": 1, "case": case,
           "repetition": round_index, "window_ns": [0, 10_000_000_000],
           "hp_columns": ["scheduled_ns", "sent_ns", "completed_ns",
                          "latency_ns", "in_window"], "hp": rows,
           "lp_columns": ["completed_ns", "in_window"], "lp": lp}
    name = (case.replace("/", "_").replace(":", "_") +
            f".rep{round_index}.json")
    write_json(folder, name, doc)


class MainJobSamplesTest(Files):
    """--samples-dir on the main job's data: 100 requests a round, 4
    rounds, a verdict (each arm at 97.5 % on one run never had one)."""

    def test_verdict_from_per_round_samples(self):
        folder = os.path.join(self.dir.name, "samples")
        os.mkdir(folder)
        drift = [1.0, 1.3, 0.8, 1.1]
        for r, scale in enumerate(drift):
            base = [scale * (1 + i / 100) for i in range(100)]
            sample_file(folder, DUAL.format("baseline"), r, base, 50.0)
            sample_file(folder, DUAL.format(OS), r, [x / 2 for x in base],
                        48.0)
        # The counters say otherwise: the samples decide.
        path = self.write(rounds_rows([1.0] * 4), **{
            **AUTO, "xsb_rounds": "4", "xsb_sequential": "fixed"})
        data = self.report(path, "--samples-dir", folder)
        (pair,) = data["pairs"]
        self.assertEqual(pair["verdict_word"], "PASS")
        per_round = pair["rounds"]["criteria"]["hp_p99_ms"]["per_round"]
        # P99 of 100 is the 99th smallest: scale x 1.98 ms, halved.
        self.assertEqual([r["baseline"] for r in per_round],
                         [s * 1.98 for s in drift])
        self.assertEqual([r["ratio"] for r in per_round], [0.5] * 4)
        self.assertAlmostEqual(pair["lp_ratio"]["point"], 0.96)
        # Each arm: the pooled P99 of 400 latencies, with its interval.
        arm = pair["arms"]["hp_p99_ms"]["baseline"]
        pooled = sorted(s * (1 + i / 100) for s in drift for i in range(100))
        self.assertEqual(arm["point"], pooled[395])
        self.assertLess(arm["low"], arm["point"])
        self.assertEqual(arm["method"], "pooled over 4 rounds")


if __name__ == "__main__":
    unittest.main()
