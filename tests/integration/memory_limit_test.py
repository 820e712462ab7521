#!/usr/bin/env python3
"""A GPU out-of-memory failure, simulated on the CPU backend with
--xsb_memory_limit_mib: the cap fits the HP model but not the LP batch, so
every case with an LP worker is skipped with the remedy, the HP standalone
case still produces its counters, xsb_bench exits 1 as for any failed case,
and no worker is left running."""
import json
import subprocess
import unittest

import harness
from harness import new_tag, processes_with_tag, tagged_environment

# The CPU default models (4 x 512): HP batch 1 needs 4.0 MiB, LP batch 1024
# needs 8.0 MiB; the largest LP batch within 5 MiB is 254.
LIMIT_MIB = 5
REMEDY = ("lp worker failed: LP batch 1024 needs 8.0 MiB of memory, more "
          "than --xsb_memory_limit_mib=5 allows; try a smaller --xsb_lp_batch "
          "(1024 -> 512 -> 256 -> 128)")
LP_CASES = ["DualModel/baseline/", "DualModel/os-priority/", "Standalone/lp/"]


class MemoryLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Workers inherit xsb_bench's environment: the tag finds any left.
        cls.tag = new_tag()
        env = tagged_environment(cls.tag)
        run = subprocess.run(
            [harness.ARGS.bench, "--xsb_backend=cpu", "--xsb_scenarios=smoke",
             "--xsb_lp_batch=1024", f"--xsb_memory_limit_mib={LIMIT_MIB}",
             "--xsb_duration_s=0.5", "--xsb_warmup_s=0",
             "--benchmark_out=" + harness.ARGS.out, "--benchmark_out_format=json"],
            capture_output=True, text=True, timeout=90, env=env)
        cls.bench_run = run
        with open(harness.ARGS.out) as f:
            cls.result = json.load(f)

    def case(self, prefix):
        matches = [b for b in harness.runs(self.result)
                   if b["name"].startswith(prefix)]
        self.assertEqual(len(matches), 1, prefix)
        return matches[0]

    def test_exit_code_is_that_of_a_failed_case(self):
        self.assertEqual(self.bench_run.returncode, 1, self.bench_run.stderr)
        self.assertIn("xsb_bench: 3 case(s) failed", self.bench_run.stderr)

    def test_lp_cases_are_skipped_with_the_remedy(self):
        for prefix in LP_CASES:
            with self.subTest(case=prefix):
                case = self.case(prefix)
                self.assertTrue(case.get("error_occurred"), case)
                self.assertEqual(case["error_message"],
                                 REMEDY + "; it exited with code 1")
                self.assertNotIn("lp_iter_per_s", case)
        # Printed once per case on stderr, as one line.
        lines = [l for l in self.bench_run.stderr.splitlines() if REMEDY in l]
        self.assertEqual(len(lines), len(LP_CASES), self.bench_run.stderr)

    def test_hp_standalone_still_produces_counters(self):
        case = self.case("Standalone/hp/")
        self.assertNotIn("error_occurred", case)
        for counter in ("hp_p99_ms", "hp_requests", "hp_standalone_forward_ms"):
            self.assertGreater(case[counter], 0, counter)

    def test_context_records_the_limit(self):
        self.assertEqual(self.result["context"]["xsb_memory_limit_mib"],
                         str(LIMIT_MIB))

    def test_no_process_is_left(self):
        self.assertEqual(processes_with_tag(self.tag), [])


if __name__ == "__main__":
    harness.main("out")
