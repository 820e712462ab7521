#!/usr/bin/env python3
"""Paired rounds end to end (docs/user-guide.md, "Rounds").

With real CPU workers: --xsb_rounds=3 runs the cases in ABBA order (seen
in the order of the "running" lines), the Standalone references in round 1
only, every JSON row a repetition whose index is its round and which pairs
with its sample file; --benchmark_repetitions=N is N rounds; an interrupt
inside a round keeps the finished rounds; the adaptive window's intervals
hold the level of the look that ended it. With the fake latency worker
(tests/fakes/fake_latency_worker.cc, answers at once with latencies
chosen per stream priority): --xsb_rounds=auto stops at its first look on
a decisive difference and runs to its maximum on an indecisive one, and a
failed run stops it; scripts/ab.sh --aa on the fake worker."""
import json
import math
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

import harness

# "xsb: [3/8] NAME round 2/3: running (...)" (bench/cases/run_progress.h)
RUNNING = re.compile(r"^xsb: \[\d+/\d+\] (\S+) round (\d+)\S*(?: \(up to "
                     r"\d+\))?: running ", re.M)
# "xsb: round 5/10: PAIR: ... -> stop (decisive)" (bench/cases/round_loop.h)
LOOK = re.compile(r"^xsb: round (\d+)/(\d+): (.+) -> (next round|stop "
                  r"\((\w+)\))$", re.M)
SHORT = ["--xsb_backend=cpu", "--xsb_scenarios=smoke",
         "--xsb_schedulers=baseline,baseline-again",
         "--xsb_duration_s=0.3", "--xsb_warmup_s=0.1"]


def scheduler(name):
    """"baseline-again" of DualModel/baseline-again/..., "Standalone/hp"."""
    family, second = name.split("/")[:2]
    return second if family == "DualModel" else family + "/" + second


def iteration_rows(path):
    with open(path) as f:
        doc = json.load(f)
    return doc["context"], [b for b in harness.runs(doc)
                            if b["run_type"] == "iteration"]


class FixedRoundsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.samples = os.path.join(cls.tmp.name, "samples")
        cls.out = os.path.join(cls.tmp.name, "out.json")
        cls.bench = harness.run_bench(
            *SHORT, "--xsb_rounds=3", f"--benchmark_out={cls.out}",
            f"--xsb_samples_dir={cls.samples}", timeout=150)
        cls.context, cls.rows = iteration_rows(cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_abba_order_and_references_in_the_first_round(self):
        self.assertEqual(self.bench.returncode, 0, self.bench.stderr[-2000:])
        started = [(scheduler(name), int(round_))
                   for name, round_ in RUNNING.findall(self.bench.stderr)]
        self.assertEqual(started, [
            ("baseline", 1), ("baseline-again", 1), ("Standalone/hp", 1),
            ("Standalone/lp", 1), ("baseline-again", 2), ("baseline", 2),
            ("baseline", 3), ("baseline-again", 3)])

    def test_rounds_are_repetitions_in_the_json(self):
        seen = [(scheduler(r["run_name"]), r["repetition_index"],
                 r["repetitions"]) for r in self.rows]
        self.assertEqual(seen, [
            ("baseline", 0, 3), ("baseline-again", 0, 3),
            ("Standalone/hp", 0, 1), ("Standalone/lp", 0, 1),
            ("baseline-again", 1, 3), ("baseline", 1, 3),
            ("baseline", 2, 3), ("baseline-again", 2, 3)])
        families = {}
        for row in self.rows:
            families.setdefault(row["run_name"], set()).add(
                row["family_index"])
        self.assertTrue(all(len(f) == 1 for f in families.values()),
                        families)
        for key, value in {"xsb_rounds": "3", "xsb_rounds_min": "3",
                           "xsb_rounds_max": "3", "xsb_sequential": "fixed",
                           "xsb_rounds_run": "3", "xsb_rounds_stop": "fixed",
                           "xsb_verdict_confidence": "0.95",
                           "xsb_max_hp_p99_ratio": "1.1",
                           "xsb_min_lp_ratio": "0.7"}.items():
            self.assertEqual(self.context.get(key), value, key)
        self.assertTrue(self.context["xsb_round_order"].startswith("abba"))

    def test_one_look_after_the_last_round(self):
        looks = LOOK.findall(self.bench.stderr)
        self.assertEqual([(k, n, stop) for k, n, _, _, stop in looks],
                         [("3", "3", "fixed")], self.bench.stderr[-2000:])
        self.assertIn("baseline-again vs baseline (smoke)", looks[0][2])
        record = self.context["xsb_round_look_3"]
        self.assertRegex(record, r"^pair=DualModel/baseline-again/smoke/\S+;"
                                 r"k=3;n=3;alpha=0\.05;hp=")

    def test_rows_pair_with_their_sample_files(self):
        for row in self.rows:
            name = row["run_name"].replace("/iterations:1/manual_time", "")
            rep = row["repetition_index"]
            path = os.path.join(self.samples, name.replace("/", "_").replace(
                ":", "_") + f".rep{rep}.json")
            with self.subTest(path=path), open(path) as f:
                doc = json.load(f)
                self.assertEqual((doc["case"], doc["repetition"]), (name, rep))
                inside = [r for r in doc["hp"] if r[4]]
                if "hp_max_ms" in row:
                    worst = max(r[3] for r in inside) / 1e6
                    self.assertAlmostEqual(worst, row["hp_max_ms"], places=6)
                if "lp_iters" in row:
                    self.assertEqual(sum(r[1] for r in doc["lp"]),
                                     row["lp_iters"])


class RepetitionsAreRoundsTest(unittest.TestCase):
    def test_repetitions_flag_sets_the_rounds(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            run = harness.run_bench(
                *SHORT, "--benchmark_filter=DualModel/baseline/",
                "--benchmark_repetitions=2", f"--benchmark_out={out}",
                timeout=90)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            context, rows = iteration_rows(out)
        self.assertEqual(context["xsb_rounds"], "2")
        self.assertEqual([(r["repetition_index"], r["repetitions"])
                          for r in rows], [(0, 2), (1, 2)])
        # Google Benchmark computed no aggregates of its own.
        self.assertNotIn("(mean of", run.stdout)


class InterruptTest(unittest.TestCase):
    def test_sigint_inside_a_round_keeps_the_finished_rounds(self):
        tag = harness.new_tag()
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            bench = subprocess.Popen(
                [harness.ARGS.bench, *SHORT[:-2], "--xsb_duration_s=1.5",
                 "--xsb_warmup_s=0.1", "--xsb_standalone=false",
                 "--benchmark_filter=DualModel/baseline/",
                 "--xsb_rounds=4", "--xsb_progress_s=0.2",
                 f"--benchmark_out={out}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                env=harness.tagged_environment(tag))
            lines = []
            for line in bench.stderr:
                lines.append(line)
                if " round 2/4: running" in line:
                    break
            bench.send_signal(signal.SIGINT)
            rest = bench.stderr.read()
            bench.stderr.close()
            code = bench.wait(timeout=20 * harness.time_scale())
            self.assertEqual(harness.wait_for_exit_of_tagged(
                tag, 10 * harness.time_scale()), [])
            stderr = "".join(lines) + rest
            self.assertEqual(code, 128 + signal.SIGINT, stderr)
            context, rows = iteration_rows(out)
        self.assertEqual(context["xsb_rounds_stop"], "interrupted")
        self.assertEqual(context["xsb_rounds_run"], "2")
        self.assertGreater(rows[0]["hp_p99_ms"], 0)
        self.assertEqual(rows[0]["repetition_index"], 0)
        self.assertEqual(rows[1]["error_message"], "interrupted by SIGINT")
        self.assertEqual(len(rows), 2, rows)


class AutoRoundsTest(unittest.TestCase):
    """The fake worker: stream-priority's HP latency against baseline's."""

    def run_auto(self, *flags, **env):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        out = os.path.join(self.tmp.name, "out.json")
        environment = dict(os.environ, XSB_FAKE_STATE_DIR=self.tmp.name,
                           **env)
        run = harness.run_bench(
            "--xsb_worker=" + harness.ARGS.fake_latency_worker,
            "--xsb_scenarios=smoke", "--xsb_warmup_s=0", "--xsb_telemetry=false",
            "--xsb_rounds=auto", f"--benchmark_out={out}", *flags,
            env=environment, timeout=120)
        context, rows = iteration_rows(out)
        return run, context, rows

    def test_decisive_difference_stops_at_the_first_look(self):
        # Half the latency in every round: PASS as soon as it may stop
        # (800 HP requests a round: 3 rounds bound a P99).
        run, context, rows = self.run_auto(XSB_FAKE_HP_MS_HIGHEST="10")
        self.assertEqual(run.returncode, 0, run.stderr[-2000:])
        looks = LOOK.findall(run.stderr)
        self.assertEqual(len(looks), 1, run.stderr[-2000:])
        k, max_rounds, text, _, stop = looks[0]
        self.assertEqual((k, max_rounds, stop), ("3", "14", "decisive"))
        self.assertRegex(text, r"^stream-priority vs baseline \(smoke\): HP "
                               r"P99 x0\.50 \[0\.50, 0\.50\], LP x1\.00 .*: "
                               r"PASS$")
        self.assertEqual((context["xsb_rounds_run"],
                          context["xsb_rounds_stop"]), ("3", "decisive"))
        self.assertEqual(context["xsb_sequential"],
                         "obf-boundaries looks=3..14")
        self.assertEqual(len(rows), 3 * 2 + 2)
        self.assertIn("up to 30 run(s)", run.stderr)

    def test_indecisive_difference_runs_to_the_maximum(self):
        # 1.1 x in the middle, alternately 35 % above and below: every
        # interval holds the threshold.
        run, context, rows = self.run_auto(
            "--xsb_rounds_max=6", XSB_FAKE_HP_MS_HIGHEST="22",
            XSB_FAKE_SWING="0.3")
        self.assertEqual(run.returncode, 0, run.stderr[-2000:])
        looks = LOOK.findall(run.stderr)
        self.assertEqual([(k, stop) for k, _, _, _, stop in looks],
                         [("3", ""), ("4", ""), ("5", ""), ("6", "max")],
                         run.stderr[-2000:])
        self.assertTrue(all(text.endswith("INCONCLUSIVE")
                            for _, _, text, _, _ in looks), looks)
        self.assertEqual(context["xsb_rounds_stop"], "max")
        self.assertEqual(len([r for r in rows if "/stream-priority/" in
                              r["name"]]), 6)
        for k in range(3, 7):
            self.assertRegex(context[f"xsb_round_look_{k}"],
                             rf";k={k};n={k};.*;word=INCONCLUSIVE$")

    def test_a_failed_run_stops_the_rounds(self):
        run = harness.run_bench(
            "--xsb_worker=" + harness.ARGS.fake_worker, "--xsb_rounds=auto",
            "--xsb_scenarios=smoke", "--xsb_standalone=false",
            env=dict(os.environ, XSB_FAKE_MODE="crash"), timeout=60)
        self.assertEqual(run.returncode, 1, run.stderr[-2000:])
        self.assertEqual(len(RUNNING.findall(run.stderr)), 2, run.stderr)


def binomial_coverage(n, p, lower, upper):
    """P(lower <= K <= upper - 1), K ~ Binomial(n, p): the coverage of the
    order statistics x(lower), x(upper) as an interval of the p-quantile."""
    def pmf(k):
        return math.exp(math.lgamma(n + 1) - math.lgamma(k + 1)
                        - math.lgamma(n - k + 1) + k * math.log(p)
                        + (n - k) * math.log1p(-p))
    return sum(pmf(k) for k in range(max(lower, 0), min(upper - 1, n) + 1))


class AdaptiveWindowLevelTest(unittest.TestCase):
    """--xsb_duration_s=auto reports its intervals at the level of the look
    that ended the window (docs/metrics.md, "Adaptive window length"): the
    P99 interval's order statistics, found in the sample file, cover at
    least the level the label names, well above the 95 % of one look."""

    def test_p99_interval_holds_the_looks_level(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            samples = os.path.join(tmp, "samples")
            run = harness.run_bench(
                *SHORT[:3], "--xsb_standalone=false",
                "--benchmark_filter=DualModel/baseline/",
                "--xsb_duration_s=auto", "--xsb_min_duration_s=1",
                "--xsb_max_duration_s=6", "--xsb_target_ci=0.99",
                "--xsb_warmup_s=0.2", f"--benchmark_out={out}",
                f"--xsb_samples_dir={samples}", timeout=90)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            _, (row,) = iteration_rows(out)
            (path,) = [os.path.join(samples, f) for f in os.listdir(samples)]
            with open(path) as f:
                latencies = sorted(r[3] for r in json.load(f)["hp"] if r[4])
        level = re.search(r"at look \d+/6 \(([\d.]+) %\)",
                          row["label"])
        self.assertIsNotNone(level, row["label"])
        level = float(level.group(1)) / 100
        # Six looks from 1 to 6 s share 5 %: the last is at 98.2 %.
        self.assertGreater(level, 0.98)
        self.assertEqual(row["hp_p99_valid"], 1, row["label"])
        low = round(row["hp_p99_ci_low_ms"] * 1e6)
        high = round(row["hp_p99_ci_high_ms"] * 1e6)
        # Ties: the ranks that give the least coverage.
        lower = max(i + 1 for i, v in enumerate(latencies) if v == low)
        upper = min(i + 1 for i, v in enumerate(latencies) if v == high)
        coverage = binomial_coverage(len(latencies), 0.99, lower, upper)
        # The label's level has 4 significant digits.
        self.assertGreaterEqual(coverage, level - 5e-4,
                                (len(latencies), lower, upper))


class AdaptiveLpOnlyTest(unittest.TestCase):
    """--xsb_duration_s=auto on a case without HP (Standalone/lp) judges the
    LP throughput interval (docs/metrics.md, "Adaptive window length"): a
    target any valid interval meets ends the window at its first look, the
    minimum, and the counters are over that window. Issue 25: no test ran
    this rule before."""

    def test_standalone_lp_ends_at_its_first_look(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            run = harness.run_bench(
                *SHORT[:3], "--benchmark_filter=Standalone/lp/",
                "--xsb_duration_s=auto", "--xsb_min_duration_s=2",
                "--xsb_max_duration_s=3", "--xsb_target_ci=0.99",
                "--xsb_warmup_s=0.2", f"--benchmark_out={out}", timeout=90)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            _, (row,) = iteration_rows(out)
        self.assertTrue(row["name"].startswith("Standalone/lp/"), row["name"])
        self.assertRegex(row["label"], r"window\[2(\.0+)? s, ended early: "
                         r"LP throughput interval \+/-[\d.]+ % at look 1/2 ")
        self.assertEqual(row["window_ended_early"], 1)
        self.assertGreater(row["lp_iter_per_s"], 0)
        # The rate is over the 2 s window: iterations / window length.
        self.assertAlmostEqual(row["lp_iters"], 2 * row["lp_iter_per_s"],
                               delta=0.01 * row["lp_iters"])


class AbAaTest(unittest.TestCase):
    """scripts/ab.sh --aa: baseline against baseline-again in the main job's
    rounds, no XSched needed (the fake worker: identical arms)."""

    def test_aa_pairs_baseline_with_baseline_again_in_auto_rounds(self):
        script = os.path.join(harness.REPO_ROOT, "scripts", "ab.sh")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "results", "benchmark.json")
            env = dict(os.environ, XSB_BENCH=harness.ARGS.bench,
                       XSB_AB_OUT=out, XSB_FAKE_STATE_DIR=tmp)
            env.pop("XSCHED_ROOT", None)
            run = subprocess.run(
                [script, "--aa",
                 "--xsb_worker=" + harness.ARGS.fake_latency_worker,
                 "--xsb_telemetry=false"],
                capture_output=True, text=True, env=env,
                timeout=120 * harness.time_scale())
            context, rows = iteration_rows(out)
        # A/A never fails.
        self.assertIn(run.returncode, (0, 3), run.stderr[-3000:])
        self.assertEqual({scheduler(r["run_name"]) for r in rows},
                         {"baseline", "baseline-again", "Standalone/hp",
                          "Standalone/lp"})
        # The main job's rounds: 10 req/s x 10 s, so 4 rounds bound a P99.
        self.assertEqual((context["xsb_rounds"], context["xsb_rounds_min"],
                          context["xsb_rounds_max"]), ("auto", "4", "14"))
        self.assertEqual(context["xsb_rounds_stop"], "decisive")
        self.assertIn("baseline-again vs baseline (original): HP P99 x1.00",
                      run.stderr)
        # The verdict block ends the output: no look line ("xsb: round
        # K/N: ...") after it.
        self.assertIn("xsb: verdict", run.stderr)
        self.assertNotRegex(run.stderr[run.stderr.rindex("xsb: verdict"):],
                            r"xsb: round \d")


if __name__ == "__main__":
    harness.main("fake_latency_worker", "fake_worker")
