#!/usr/bin/env python3
"""The Preemption family on the CPU backend, end to end: registered only
under --xsb_preemption, one case per LP kernel length and scheduler, with
preemption counters that hold together (the spin kernels are real busy
waits, so their lengths bound what can be measured)."""
import json
import re
import unittest

import harness

NAME = re.compile(r"^Preemption/(baseline|os-priority)/lp_kernel_us:(\d+)/"
                  r"hp_kernel_us:50/rate:100/duration_s:1(/|$)")


class PreemptionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.run_ = harness.run_bench(
            "--xsb_backend=cpu", "--xsb_preemption=true",
            "--benchmark_filter=Preemption/",
            "--xsb_schedulers=baseline,os-priority",
            "--xsb_preempt_lp_kernel_us=100,2000",
            "--xsb_preempt_rate=100", "--xsb_preempt_duration_s=1",
            "--benchmark_out=" + harness.ARGS.out,
            "--benchmark_out_format=json", timeout=120)
        harness.skip_if_os_priority_starved(cls.run_)
        with open(harness.ARGS.out) as f:
            cls.cases = [b for b in harness.runs(json.load(f))
                         if b.get("run_type") == "iteration"]

    def test_one_case_per_length_and_scheduler(self):
        self.assertEqual(self.run_.returncode, 0, self.run_.stderr[-2000:])
        found = sorted((NAME.match(b["run_name"]).group(1),
                        int(NAME.match(b["run_name"]).group(2)))
                       for b in self.cases)
        self.assertEqual(found, [("baseline", 100), ("baseline", 2000),
                                 ("os-priority", 100), ("os-priority", 2000)])

    def test_counters_hold_together(self):
        for case in self.cases:
            with self.subTest(case=case["run_name"]):
                lp_us = int(NAME.match(case["run_name"]).group(2))
                self.assertNotIn("error_occurred", case)
                standalone = case["hp_kernel_standalone_us"]
                # A spin never ends early, and a host spin is not slow alone.
                self.assertGreaterEqual(standalone, 50)
                self.assertLess(standalone, 5000)
                # The latency holds the HP kernel itself.
                self.assertGreaterEqual(case["preempt_p50_us"], 50)
                self.assertLessEqual(case["preempt_p50_us"],
                                     case["preempt_p99_us"])
                self.assertLessEqual(case["preempt_p99_us"],
                                     case["preempt_max_us"])
                # One LP kernel at a time on a host stream: at most 1/K.
                self.assertGreater(case["lp_kernels_per_s"], 0)
                self.assertLessEqual(case["lp_kernels_per_s"],
                                     1.05e6 / lp_us)
                self.assertGreater(case["hp_requests"], 0)
                self.assertNotIn("hp_p99_ms", case)

    def test_family_needs_its_flag(self):
        run = harness.run_bench("--xsb_backend=cpu",
                                "--benchmark_filter=Preemption/")
        self.assertEqual(run.returncode, 2, run.stderr[-2000:])
        self.assertIn("no case matches", run.stderr)

    def test_bad_kernel_length_is_one_line(self):
        run = harness.run_bench("--xsb_backend=cpu", "--xsb_preemption=true",
                                "--xsb_preempt_lp_kernel_us=100,0")
        self.assertEqual(run.returncode, 2)
        self.assertIn("--xsb_preempt_lp_kernel_us:", run.stderr)
        self.assertNotIn("Preemption/", run.stdout)


if __name__ == "__main__":
    harness.main("out")
