#!/usr/bin/env python3
"""Runs the smoke scenario under both CPU schedulers through xsb_bench and
checks that every counter is present and plausible."""
import json
import re
import subprocess
import unittest

import harness

# Counters of the Preemption cases (preemption_test.py) and of device
# telemetry (telemetry_test.py; none here: no GPU library), not DualModel's.
OTHER_FAMILIES = ("preempt_", "hp_kernel_", "lp_kernels_", "gpu_")

CONTEXT_KEYS = ["xsb_backend", "xsb_device", "xsb_hp_model", "xsb_lp_model"]
NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/smoke/rate:(?P<rate>[\d.]+)"
                  r"/batch:(?P<batch>\d+)/duration_s:(?P<duration>[\d.]+)")



class SmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        run = subprocess.run(
            [harness.ARGS.bench, "--benchmark_filter=DualModel/.*/smoke",
             # Named, so an XSCHED_ROOT in the environment adds no case.
             "--xsb_schedulers=baseline,os-priority",
             "--xsb_progress_s=1",
             "--benchmark_out=" + harness.ARGS.out, "--benchmark_out_format=json"],
            capture_output=True, text=True, timeout=150)
        cls.stderr = run.stderr
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-2000:]}")
        with open(harness.ARGS.out) as f:
            cls.result = json.load(f)

    def cases(self):
        return {NAME.match(b["name"]).group("scheduler"): b
                for b in self.result["benchmarks"]}

    def test_both_schedulers_ran(self):
        self.assertEqual(sorted(self.cases()), ["baseline", "os-priority"])

    def test_every_counter_is_present(self):
        for scheduler, case in self.cases().items():
            counters = harness.counter_names()
            for counter in counters:
                if counter.startswith(OTHER_FAMILIES):
                    continue
                self.assertIn(counter, case, f"{scheduler}: {counter}")
            self.assertNotIn("error_occurred", case)

    def test_counters_are_plausible(self):
        for scheduler, case in self.cases().items():
            m = NAME.match(case["name"])
            rate, duration = float(m.group("rate")), float(m.group("duration"))
            batch = int(m.group("batch"))
            expected = rate * duration
            with self.subTest(scheduler=scheduler):
                self.assertLess(abs(case["hp_requests"] - expected),
                                0.1 * expected)
                self.assertEqual(case["hp_target_rps"], rate)
                self.assertLess(abs(case["hp_achieved_rps"] - rate), 0.1 * rate)
                percentiles = [case[c] for c in ("hp_p50_ms", "hp_p90_ms",
                                                 "hp_p99_ms", "hp_p999_ms",
                                                 "hp_max_ms")]
                self.assertGreater(percentiles[0], 0)
                self.assertEqual(percentiles, sorted(percentiles))
                self.assertLessEqual(case["hp_mean_ms"], case["hp_max_ms"])
                self.assertGreaterEqual(case["hp_send_lag_p99_us"], 0)
                self.assertGreater(case["lp_iter_per_s"], 0)
                # The counters repeat what the label shows.
                for role in ("hp", "lp"):
                    forward = case[f"{role}_standalone_forward_ms"]
                    self.assertGreater(forward, 0)
                    self.assertIn(f"forward {forward:.3f} ms", case["label"])
                self.assertAlmostEqual(case["lp_iter_per_s"],
                                       case["lp_iters"] / duration, places=6)
                self.assertAlmostEqual(case["lp_samples_per_s"],
                                       case["lp_iter_per_s"] * batch, places=6)

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
