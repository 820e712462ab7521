#!/usr/bin/env python3
"""Scenarios as files, end to end on the CPU backend: a 3-tenant scenario
(two latency tenants at different priorities, one throughput tenant) under
baseline and os-priority, with per-tenant counters and SLOs; a user's
hp/lp pair runs as a DualModel case with today's counters; a bad file and
an unknown name stop xsb_bench with one line (docs/scenarios.md)."""
import json
import math
import os
import shutil
import tempfile
import unittest

import harness

SCALE = min(harness.time_scale(), 10)
DURATION = round(2 * SCALE, 1)
RATES = {"web": 100, "search": 50}

THREE = {
    "schema": "xsb-scenario/1",
    "name": "three",
    "duration_s": DURATION,
    "warmup_s": 0.5,
    "tenants": [
        {"name": "web", "kind": "latency", "priority": "high",
         "rate_per_s": RATES["web"], "slo": {"p99_ms": 1000}},
        {"name": "search", "kind": "latency", "priority": "low",
         "rate_per_s": RATES["search"], "arrival": {"process": "poisson"}},
        {"name": "train", "kind": "throughput", "batch": 4},
    ],
}

PAIR = {
    "schema": "xsb-scenario/1",
    "name": "mypair",
    "duration_s": DURATION,
    "warmup_s": 0.5,
    "tenants": [
        {"name": "hp", "kind": "latency", "rate_per_s": 100},
        {"name": "lp", "kind": "throughput", "batch": 4},
    ],
}

COMMON = ["--xsb_backend=cpu", "--xsb_standalone=false",
          "--xsb_schedulers=baseline,os-priority"]


class TenantsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="xsb_tenants_")
        self.out = os.path.join(self.tmp, "out.json")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, doc):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return path

    def run_file(self, doc, name):
        path = self.write(name + ".json", doc)
        run = harness.run_bench(*COMMON, "--xsb_scenario_file=" + path,
                                "--xsb_scenarios=" + name,
                                "--benchmark_out=" + self.out, timeout=120)
        harness.skip_if_os_priority_starved(run)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(self.out) as f:
            return {b["name"]: b for b in json.load(f)["benchmarks"]}

    def test_three_tenants_under_baseline_and_os_priority(self):
        rows = self.run_file(THREE, "three")
        for scheduler in ("baseline", "os-priority"):
            name = (f"Tenants/{scheduler}/three/tenants:3/duration_s:"
                    f"{DURATION:g}/iterations:1/manual_time")
            self.assertIn(name, rows)
            row = rows[name]
            self.assertFalse(row.get("error_occurred"), row)
            # Per tenant, never the pair's names.
            self.assertFalse([k for k in row if k.startswith(("hp_", "lp_"))])
            window = row["window_s"]
            for tenant, rate in RATES.items():
                requests = row[f"t_{tenant}_requests"]
                # Uniform: exactly rate x window (+-1); Poisson: within 5
                # standard deviations.
                slack = 1 if tenant == "web" else 5 * math.sqrt(rate * window)
                self.assertLessEqual(abs(requests - rate * window), slack + 1,
                                     (tenant, requests))
                self.assertEqual(row[f"t_{tenant}_target_rps"], rate)
                self.assertGreater(row[f"t_{tenant}_p99_ms"], 0)
                self.assertGreaterEqual(row[f"t_{tenant}_p99_ms"],
                                        row[f"t_{tenant}_p50_ms"])
            self.assertGreater(row["t_train_iter_per_s"], 0)
            self.assertEqual(row["t_train_samples_per_s"],
                             4 * row["t_train_iter_per_s"])
            self.assertEqual(row["t_web_slo_p99_ms"], 1000)
            self.assertIn(row["t_web_slo_met"], (0, 1))
            self.assertNotIn("t_search_slo_met", row)
            label = row["label"]
            for tenant in ("web", "search", "train"):
                self.assertIn(f"tenant:{tenant}[", label)
        # os-priority: the low tenants, latency one included, at SCHED_IDLE.
        label = rows[f"Tenants/os-priority/three/tenants:3/duration_s:"
                     f"{DURATION:g}/iterations:1/manual_time"]["label"]
        self.assertRegex(label, r"tenant:web\[default; SCHED_OTHER")
        self.assertRegex(label, r"tenant:search\[--cpu_policy=idle; "
                                r"SCHED_IDLE")
        self.assertRegex(label, r"tenant:train\[--cpu_policy=idle; SCHED_IDLE")

    def test_a_users_pair_keeps_the_dual_model_names(self):
        rows = self.run_file(PAIR, "mypair")
        name = (f"DualModel/baseline/mypair/rate:100/batch:4/duration_s:"
                f"{DURATION:g}/iterations:1/manual_time")
        self.assertIn(name, rows)
        self.assertGreater(rows[name]["hp_p99_ms"], 0)
        self.assertGreater(rows[name]["lp_iter_per_s"], 0)

    def test_a_bad_file_stops_the_run_with_one_line(self):
        bad = dict(THREE, tenants=[{"name": "web", "kind": "interactive",
                                    "rate_per_s": 10}])
        path = self.write("bad.json", bad)
        run = harness.run_bench(*COMMON, "--xsb_scenario_file=" + path,
                                "--xsb_scenarios=three", timeout=30)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(
            f"--xsb_scenario_file: {path}: tenants[0].kind: must be one of "
            f"latency, throughput, got 'interactive'\n", run.stderr)

    def test_an_unknown_name_lists_the_files_scenarios(self):
        path = self.write("three.json", THREE)
        run = harness.run_bench(*COMMON, "--xsb_scenarios=thre",
                                "--xsb_scenario_file=" + path, timeout=30)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertRegex(run.stderr,
                         r"--xsb_scenarios: unknown scenario 'thre' \(known: "
                         r"original, .*torch-intensive, three; "
                         r"--xsb_scenario_file=PATH adds one\)")


if __name__ == "__main__":
    harness.main()
