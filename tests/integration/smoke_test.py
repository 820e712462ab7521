#!/usr/bin/env python3
"""Runs the smoke scenario under both CPU schedulers through xsb_bench and
checks that every counter is present and equals what its samples file
implies, recomputed here."""
import glob
import json
import os
import re
import subprocess
import tempfile
import unittest

import harness

CONTEXT_KEYS = ["xsb_backend", "xsb_device", "xsb_hp_model", "xsb_lp_model"]
NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/smoke/rate:(?P<rate>[\d.]+)"
                  r"/batch:(?P<batch>\d+)/duration_s:(?P<duration>[\d.]+)")



def nearest_rank(ascending, numerator, denominator):
    """The smallest sample with at least numerator/denominator of all
    samples at or below it: ascending[ceil(n * p) - 1], in integers."""
    rank = -(-len(ascending) * numerator // denominator)
    return ascending[max(rank, 1) - 1]


def expected_counters(doc, rate, batch, warmup_s, duration_s):
    """The counters a samples file implies, by docs/metrics.md's
    definitions: HP requests by scheduled time in [warm-up, warm-up +
    duration), latency = completed - scheduled, achieved rate and LP
    iterations by completion time inside it."""
    begin = round(warmup_s * 1e9)
    end = begin + round(duration_s * 1e9)
    inside = [(s, sent, done) for s, sent, done, _, _ in doc["hp"]
              if begin <= s < end]
    latencies = sorted(done - s for s, _, done in inside)
    lags = sorted(sent - s for s, sent, _ in inside)
    completed = sum(begin <= done < end for _, _, done, _, _ in doc["hp"])
    lp_iters = sum(begin <= done < end for done, _ in doc["lp"])
    return {
        "hp_requests": len(inside),
        "hp_p50_ms": nearest_rank(latencies, 50, 100) / 1e6,
        "hp_p90_ms": nearest_rank(latencies, 90, 100) / 1e6,
        "hp_p99_ms": nearest_rank(latencies, 99, 100) / 1e6,
        "hp_p999_ms": nearest_rank(latencies, 999, 1000) / 1e6,
        "hp_max_ms": latencies[-1] / 1e6,
        "hp_mean_ms": sum(latencies) / len(latencies) / 1e6,
        "hp_target_rps": rate,
        "hp_achieved_rps": completed / duration_s,
        "hp_send_lag_p99_us": nearest_rank(lags, 99, 100) / 1e3,
        "lp_iters": lp_iters,
        "lp_iter_per_s": lp_iters / duration_s,
        "lp_samples_per_s": lp_iters / duration_s * batch,
    }


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
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-2000:]}")
        with open(harness.ARGS.out) as f:
            cls.result = json.load(f)
        # Each case's samples file (repetition 0), by case name.
        cls.samples = {}
        for path in glob.glob(os.path.join(cls.tmp.name, "*.json")):
            with open(path) as f:
                doc = json.load(f)
            cls.samples[doc["case"]] = doc

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        return {NAME.match(b["name"]).group("scheduler"): b
                for b in self.result["benchmarks"]}

    def test_both_schedulers_ran(self):
        self.assertEqual(sorted(self.cases()), ["baseline", "os-priority"])

    def test_every_counter_is_present(self):
        for scheduler, case in self.cases().items():
            counters = harness.counter_names()
            for counter in counters:
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
                expected = expected_counters(self.samples[m.group(0)], rate,
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

    def test_progress_lines_on_stderr(self):
        # About one a second over the 5 s of each case.
        for scheduler in ("baseline", "os-priority"):
            lines = re.findall(rf"xsb: DualModel/{scheduler}/smoke/\S+: "
                               r"[\d.]+ s of 5 s, hp \d+ requests, "
                               r"lp \d+ iterations", self.stderr)
            self.assertGreaterEqual(len(lines), 3, self.stderr)


if __name__ == "__main__":
    harness.main("out")
