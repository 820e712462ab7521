#!/usr/bin/env python3
"""The issue's acceptance check, as a test a person runs on an otherwise idle
machine (ctest --preset perf; not in the default run, whose outcome must not
depend on machine noise): with os-priority the HP P99 of the smoke scenario
is lower than with baseline while LP still saturates the cores."""
import json
import statistics
import subprocess
import unittest

import harness



class PriorityEffectTest(unittest.TestCase):
    def test_os_priority_lowers_hp_p99(self):
        run = subprocess.run(
            [harness.ARGS.bench, "--benchmark_filter=DualModel/.*/smoke",
             "--xsb_schedulers=baseline,os-priority",
             f"--benchmark_repetitions={harness.ARGS.repetitions}",
             "--benchmark_out=" + harness.ARGS.out, "--benchmark_out_format=json"],
            capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr[-2000:])
        with open(harness.ARGS.out) as f:
            runs = [b for b in harness.runs(json.load(f))
                    if b.get("run_type") == "iteration"]
        by_scheduler = {}
        for b in runs:
            by_scheduler.setdefault(b["name"].split("/")[1], []).append(b)

        def median(scheduler, counter):
            return statistics.median(b[counter] for b in by_scheduler[scheduler])

        base_p99 = median("baseline", "hp_p99_ms")
        prio_p99 = median("os-priority", "hp_p99_ms")
        base_lp = median("baseline", "lp_iter_per_s")
        prio_lp = median("os-priority", "lp_iter_per_s")
        print(f"median hp_p99_ms: baseline {base_p99:.3f}, os-priority "
              f"{prio_p99:.3f}; median lp_iter_per_s: baseline {base_lp:.0f}, "
              f"os-priority {prio_lp:.0f}")
        self.assertLess(prio_p99, base_p99)
        # LP still saturates the cores: it loses only the HP's share.
        self.assertGreater(prio_lp, 0.8 * base_lp)


if __name__ == "__main__":
    harness.main("out", repetitions=3)
