#!/usr/bin/env python3
"""Runs the smoke scenario under both CPU schedulers through xsb_bench and
checks that every counter is present and equals what its samples file
implies, recomputed here."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import harness

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                     "tools")
CONTEXT_KEYS = ["xsb_backend", "xsb_device", "xsb_hp_model", "xsb_lp_model"]
NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/smoke/rate:(?P<rate>[\d.]+)"
                  r"/batch:(?P<batch>\d+)/duration_s:(?P<duration>[\d.]+)")


class SmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        run = subprocess.run(
            [harness.ARGS.bench, "--benchmark_filter=DualModel/.*/smoke",
             # Named, so an XSCHED_ROOT in the environment adds no case.
             "--xsb_schedulers=baseline,os-priority",
             "--xsb_progress_s=1",
             "--benchmark_out=" + harness.ARGS.out, "--benchmark_out_format=json",
             "--xsb_samples_dir=" + cls.tmp.name],
            capture_output=True, text=True, timeout=150 * harness.time_scale())
        cls.stderr = run.stderr
        starved = harness.os_priority_starved(run.stderr)
        if run.returncode == 1 and starved:
            raise unittest.SkipTest(starved)
        cls.stdout = run.stdout
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-2000:]}")
        with open(harness.ARGS.out) as f:
            cls.result = json.load(f)
        # Each case's samples file (repetition 0), by case name.
        cls.samples = harness.samples_by_case(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        return {NAME.match(b["name"]).group("scheduler"): b
                for b in harness.runs(self.result)}

    def test_both_schedulers_ran(self):
        self.assertEqual(sorted(self.cases()), ["baseline", "os-priority"])

    def test_every_counter_is_present(self):
        for scheduler, case in self.cases().items():
            for counter in harness.dual_model_counter_names():
                self.assertIn(counter, case, f"{scheduler}: {counter}")
            self.assertNotIn("error_occurred", case)

    def test_counters_match_the_samples(self):
        # Every counter recomputed here from the raw times of the samples
        # file, with the window taken from the scenario (1 s warm-up, then
        # the duration) rather than from anything the run computed.
        for scheduler, case in self.cases().items():
            m = NAME.match(case["name"])
            rate, duration = float(m.group("rate")), float(m.group("duration"))
            batch = int(m.group("batch"))
            with self.subTest(scheduler=scheduler):
                expected = harness.expected_counters(self.samples[m.group(0)], rate,
                                             batch, warmup_s=1,
                                             duration_s=duration)
                for name, value in expected.items():
                    self.assertAlmostEqual(case[name], value,
                                           delta=1e-9 * abs(value), msg=name)
                # Open loop: the schedule alone decides the request count.
                self.assertLess(abs(case["hp_requests"] - rate * duration),
                                0.1 * rate * duration)
                self.assertGreater(case["lp_iters"], 0)
                # The counters repeat what the label shows.
                for role in ("hp", "lp"):
                    forward = case[f"{role}_standalone_forward_ms"]
                    self.assertGreater(forward, 0)
                    self.assertIn(f"forward {forward:.3f} ms", case["label"])

    def test_lp_interval_matches_the_compare_tools(self):
        # The C++ lp_ci_* counters and compare's pooled_rate_interval, on
        # the same completions: the same sub-windows and order statistics
        # (issue 25, item 19).
        sys.path.insert(0, TOOLS)
        from xsb_compare import confidence as ci
        conf = float(self.result["context"]["xsb_confidence"])
        for scheduler, case in self.cases().items():
            m = NAME.match(case["name"])
            duration = float(m.group("duration"))
            times = [done / 1e9 for done, _ in self.samples[m.group(0)]["lp"]]
            rate, low, high = ci.block_rate_interval(times, 1.0,
                                                     1.0 + duration, conf)
            with self.subTest(scheduler=scheduler):
                self.assertAlmostEqual(case["lp_iter_per_s"], rate,
                                       delta=1e-9 * rate)
                self.assertAlmostEqual(case["lp_ci_low_iter_per_s"], low,
                                       delta=1e-6 * rate)
                self.assertAlmostEqual(case["lp_ci_high_iter_per_s"], high,
                                       delta=1e-6 * rate)

    def test_label_names_scheduler_and_worker_settings(self):
        cases = self.cases()
        self.assertIn("scheduler=baseline", cases["baseline"]["label"])
        label = cases["os-priority"]["label"]
        self.assertIn("scheduler=os-priority", label)
        # The LP worker really ran at the lowest CPU priority.
        self.assertRegex(label, r"lp\[--cpu_policy=idle; SCHED_IDLE nice 19;")

    def test_context_describes_the_device(self):
        context = self.result["context"]
        for key in CONTEXT_KEYS:
            self.assertIn(key, context)
        self.assertEqual(context["xsb_backend"], "cpu")

    def test_console_shows_a_readable_summary(self):
        # Per case, the headline counters with units in short lines, not
        # Google Benchmark's table of every counter on one long line.
        lines = self.stdout.splitlines()
        self.assertLessEqual(max(len(line) for line in lines), 100,
                             self.stdout)
        self.assertNotIn("UserCounters", self.stdout)
        for scheduler in ("baseline", "os-priority"):
            block = self.stdout.split(f"DualModel/{scheduler}/smoke/")[1]
            # Intervals for the valid percentiles (800 requests: not P99.9),
            # and the line wrapped at 100 columns.
            iv = r" \[[\d.]+, [\d.]+\]"
            self.assertRegex(block, r"\n  HP latency  P50 [\d.]+ ms" + iv +
                                    r"  P99 [\d.]+ ms" + iv +
                                    r"  P99\.9 [\d.]+ ms\s+max [\d.]+ ms\n")
            self.assertRegex(block, r"\n  HP rate     [\d.]+ of 200 req/s, "
                                    r"\d+ requests; send lag P99 [\d.]+ us\n")
            self.assertRegex(block, r"\n  LP          [\d.]+ it/s, [\d.]+ "
                                    r"samples/s, \d+ iterations\n")
            self.assertRegex(block, r"\n  window 4 s; standalone forward "
                                    r"HP [\d.]+ ms, LP [\d.]+ ms\n")
            self.assertIn(f"\n  scheduler={scheduler}\n", block)

    def test_short_context_on_the_console_full_one_in_the_json(self):
        before_first_case = self.stderr.split(": running (")[0]
        self.assertLessEqual(len(before_first_case.splitlines()), 6,
                             before_first_case)
        self.assertNotIn("CPU Caches", self.stderr)
        self.assertNotIn("xsb_hp_model", self.stderr)
        self.assertIn("full context", before_first_case)
        # A machine without a GPU is not told again to use the CPU backend.
        self.assertNotIn("use --xsb_backend=cpu", self.stderr)
        context = self.result["context"]
        self.assertIn("caches", context)
        for key in ("xsb_hp_model", "xsb_seed", "xsb_arrival",
                    "xsb_device_index"):
            self.assertIn(key, context)

    def test_progress_lines_on_stderr(self):
        # Each case starts with its place in the run and its round,
        # then about one line a second over its 1 s warm-up and 4 s window:
        # the phase, each worker's rate (not a running total) and the ETA.
        for index, scheduler in ((1, "baseline"), (2, "os-priority")):
            self.assertRegex(
                self.stderr,
                rf"xsb: \[{index}/2\] DualModel/{scheduler}/smoke/\S+ round 1/1: "
                r"running \(1 s warm-up \+ 4 s window\)")
            tag = re.escape(f"[{index}/2]")
            warmup = re.findall(rf"xsb: {tag} warm-up [\d.]+ of 1 s: "
                                r"hp [\d.]+ req/s, lp [\d.]+ it/s; ETA \d+ s",
                                self.stderr)
            window = re.findall(rf"xsb: {tag} window [\d.]+ of 4 s: "
                                r"hp ([\d.]+) req/s, lp [\d.]+ it/s; ETA \d+ s",
                                self.stderr)
            self.assertGreaterEqual(len(window), 3, self.stderr)
            self.assertGreaterEqual(len(warmup) + len(window), 4, self.stderr)
            # A rate near the scenario's 200 req/s, where a running total
            # would grow past it.
            self.assertLess(float(window[-1]), 400, self.stderr)
        self.assertIn("xsb: 2 run(s): 2 case(s) x 1 round(s), about",
                      self.stderr)


if __name__ == "__main__":
    harness.main("out")
