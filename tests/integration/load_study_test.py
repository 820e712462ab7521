#!/usr/bin/env python3
"""Load studies on the CPU backend, end to end: a sweep registers one case
per rate; the capacity search with a synthetic SLO finds a rate within its
tolerance, checked against a sweep (half the capacity passes, twice the
first failing rate fails); a bursty and a replayed arrival run and are
named in the context. Small windows: the whole test takes about a minute.

The capacity's HP model is a trace of one 4 ms single-thread spin (a busy
wait of wall-clock length) under os-priority (LP at SCHED_IDLE): HP then
serves at most 250 req/s whatever else loads the machine, and its capacity
under a 1 s SLO is somewhat below that. (An MLP's capacity, or anything
under baseline, moves several-fold with the machine's load.)"""
import json
import os
import re
import tempfile
import unittest

import harness

# Loose: under a heavily loaded machine (ctest runs at nice 19 beside
# other work) a 4 ms request can wait hundreds of ms; past 250 req/s HP
# alone cannot keep up, which fails a probe whatever the load.
SLO_MS = 1000
TOLERANCE = 0.25
# Small windows; at 80 % each probe needs fewer requests (docs/metrics.md).
COMMON = ("--xsb_backend=cpu", "--xsb_scenarios=smoke",
          "--xsb_schedulers=os-priority", "--xsb_duration_s=1",
          "--xsb_warmup_s=0.5", "--xsb_confidence=0.8")
SPIN_TRACE = {"format": "xsb-trace-1",
              "description": "one 4 ms single-thread spin per request",
              "kernels": [{"name": "serve", "duration_us": 4000,
                           "blocks": 1}]}


def spin_model_flag():
    path = os.path.join(tempfile.mkdtemp(), "spin_4ms.json")
    with open(path, "w") as f:
        json.dump(SPIN_TRACE, f)
    return "--xsb_hp_model=trace:" + path


def load_cases(path):
    with open(path) as f:
        doc = json.load(f)
    return doc, [b for b in harness.runs(doc)
                 if b.get("run_type") == "iteration"]


def verdict(case):
    """True when a DualModel case met the SLO as a probe must; False when it
    failed it or HP alone could not keep up (a failing probe too); None
    when it failed otherwise."""
    if "error_occurred" in case:
        return False if "cannot keep up" in case["error_message"] else None
    return case["hp_p99_valid"] == 1 and case["hp_p99_ci_high_ms"] <= SLO_MS


class CapacityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = os.path.join(tempfile.mkdtemp(), "capacity.json")
        cls.model = spin_model_flag()
        cls.run_ = harness.run_bench(
            *COMMON, cls.model, "--xsb_capacity=hp", "--xsb_slo_p99_ms=%d" % SLO_MS,
            "--xsb_capacity_range=60,800",
            "--xsb_capacity_tolerance=%g" % TOLERANCE,
            "--xsb_capacity_max_probes=6",
            "--benchmark_out=" + cls.out, "--benchmark_out_format=json",
            timeout=300)
        harness.skip_if_os_priority_starved(cls.run_)
        cls.doc, cls.cases = load_cases(cls.out)
        cls.skip_if_starved_at_the_lowest_rate(cls.cases)

    @staticmethod
    def skip_if_starved_at_the_lowest_rate(cases):
        """A 4 ms request at 60 req/s waits past a 1 s P99 only when other
        work keeps HP (at the test's nice level) off the CPU for seconds:
        the machine, not the search, decides then (the search itself is
        tested on a simulated server in capacity_search_test)."""
        if len(cases) == 1 and cases[0].get("capacity_req_per_s") == 0 \
                and cases[0].get("capacity_probes") == 1:
            raise unittest.SkipTest(
                f"the machine is too busy for a CPU capacity check (load "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): "
                f"{cases[0]['label']}")

    def test_finds_a_bracket_within_tolerance(self):
        self.assertEqual(self.run_.returncode, 0, self.run_.stderr[-2000:])
        self.assertEqual(len(self.cases), 1)
        case = self.cases[0]
        self.assertRegex(case["run_name"],
                         r"^Capacity/os-priority/smoke/slo_p99_ms:1000/batch:8/")
        capacity = case["capacity_req_per_s"]
        failing = case["capacity_failing_req_per_s"]
        # HP serves at most 250 req/s; well below, a 4 ms request waits far
        # less than the SLO even on a busy machine.
        self.assertGreaterEqual(capacity, 60, case["label"])
        self.assertLess(capacity, 250, case["label"])
        self.assertGreater(failing, capacity, case["label"])
        self.assertLessEqual(failing / capacity - 1, TOLERANCE + 1e-9)
        self.assertLessEqual(case["capacity_probes"], 6)
        self.assertLessEqual(case["capacity_hp_p99_ci_high_ms"], SLO_MS)
        self.assertGreater(case["capacity_lp_iter_per_s"], 0)
        self.assertIn("capacity under SLO", case["label"])
        self.assertIn("capacity under SLO", self.run_.stderr)
        self.assertIn("each at 96.6", self.doc["context"]["xsb_capacity"])

    def test_agrees_with_a_sweep(self):
        case = self.cases[0]
        capacity = case["capacity_req_per_s"]
        failing = case["capacity_failing_req_per_s"]
        # Above 250 req/s HP alone cannot keep up: a certain fail.
        below, above = round(capacity / 2), round(max(failing * 2, 300))
        out = self.out.replace(".json", "_sweep.json")
        run = harness.run_bench(
            *COMMON, self.model, "--xsb_standalone=false",
            "--xsb_sweep=hp_rate:%d,%d" % (below, above),
            # As long as the probe at that rate ran.
            "--xsb_duration_s=%d" % (600 / below + 1),
            "--benchmark_out=" + out, "--benchmark_out_format=json",
            timeout=300)
        harness.skip_if_os_priority_starved(run)
        _, sweep = load_cases(out)
        by_rate = {int(re.search(r"/rate:(\d+)/", c["run_name"]).group(1)): c
                   for c in sweep}
        self.assertEqual(sorted(by_rate), [below, above], run.stderr[-2000:])
        self.assertIs(verdict(by_rate[below]), True, by_rate[below])
        self.assertIs(verdict(by_rate[above]), False, by_rate[above])


class SweepAndArrivalTest(unittest.TestCase):
    def test_one_case_per_point_and_scheduler(self):
        run = harness.run_bench(
            "--xsb_backend=cpu", "--xsb_scenarios=smoke",
            "--xsb_schedulers=baseline,os-priority",
            "--xsb_sweep=hp_rate:50,100,400", "--benchmark_list_tests")
        self.assertEqual(run.returncode, 0, run.stderr[-2000:])
        names = run.stdout.split()
        for scheduler in ("baseline", "os-priority"):
            for rate in (50, 100, 400):
                self.assertIn("DualModel/%s/smoke/rate:%d/batch:8/"
                              "duration_s:4/iterations:1/manual_time"
                              % (scheduler, rate), names)
        # LP alone does not depend on the HP rate: registered once.
        self.assertEqual(sum(n.startswith("Standalone/lp/") for n in names), 1)
        self.assertEqual(sum(n.startswith("Standalone/hp/") for n in names), 3)

    def test_bursty_and_replayed_arrivals_run(self):
        log = os.path.join(tempfile.mkdtemp(), "requests.csv")
        with open(log, "w") as f:
            f.write("timestamp_ms,route\n")
            f.writelines("%d,/infer\n" % t for t in (0, 2, 3, 50, 51, 90))
        for arrival, described in (("gamma:cv=4", "gamma:cv=4"),
                                   ("onoff:burst=8", "onoff:burst=8"),
                                   ("replay:%s,unit=ms" % log,
                                    "replay:%s,unit=ms" % log)):
            with self.subTest(arrival=arrival):
                out = log + ".json"
                run = harness.run_bench(
                    *COMMON, "--xsb_standalone=false", "--xsb_hp_rate=200",
                    "--xsb_hp_arrival=" + arrival,
                    "--benchmark_out=" + out, "--benchmark_out_format=json",
                    timeout=120)
                self.assertEqual(run.returncode, 0, run.stderr[-2000:])
                doc, cases = load_cases(out)
                self.assertEqual(doc["context"]["xsb_arrival"], described)
                # About rate x window requests, whatever the process.
                self.assertGreater(cases[0]["hp_requests"], 100)
                self.assertLess(cases[0]["hp_requests"], 300)


if __name__ == "__main__":
    harness.main()
