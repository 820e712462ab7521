#!/usr/bin/env python3
"""Google Benchmark's ecosystem reads the suite's headline figure (issue 25,
items 1 and 2): a fresh smoke result with two repetitions, read by the rules
of Google Benchmark's tools/compare.py (gbench/report.py) and of
github-action-benchmark's `googlecpp` tool (src/extract.ts), each
re-implemented here from its source, and by a strict JSON parser.

With --gbench_tools DIR (a checkout's tools/ folder, holding compare.py;
CMake's XSB_GBENCH_TOOLS registers that run as its own test) Google
Benchmark's own compare.py runs on the file as well; without it that check
is skipped with the reason."""
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest

import harness


def strict_load(text):
    """json.loads that refuses NaN and Infinity, as JSON.parse does."""
    def refuse(token):
        raise ValueError(f"not strict JSON: bare {token}")
    return json.loads(text, parse_constant=refuse)


def googlecpp(doc):
    """github-action-benchmark's extractGoogleCppResult: every entry of
    "benchmarks" becomes {name, value: real_time, unit: time_unit + '/iter'}
    (a missing key reads as undefined, here None)."""
    return [{"name": b.get("name"), "value": b.get("real_time"),
             "unit": f"{b.get('time_unit')}/iter"} for b in doc["benchmarks"]]


def gbench_filter(doc, family, replacement):
    """gbench/report.py's filter_benchmark."""
    regex = re.compile(family)
    return [dict(b, name=regex.sub(replacement, b["name"]))
            for b in doc["benchmarks"] if regex.search(b["name"])]


def gbench_changes(doc, baseline, contender):
    """compare.py filters: per common name, the (old, new, change) of each
    pair of comparable entries (gbench/report.py's partition_benchmarks and
    calculate_change), repetitions and aggregates alike."""
    replacement = f"[{baseline} vs. {contender}]"
    lhs = gbench_filter(doc, baseline, replacement)
    rhs = gbench_filter(doc, contender, replacement)
    changes = {}
    for name in dict.fromkeys(b["name"] for b in lhs):
        pick = [b for b in lhs if b["name"] == name
                and {"time_unit", "real_time", "cpu_time"} <= b.keys()]
        if not pick:
            continue
        unit = pick[0]["time_unit"]
        left = [b for b in lhs if b["name"] == name and b["time_unit"] == unit]
        right = [b for b in rhs if b["name"] == name
                 and b["time_unit"] == unit]
        changes[name] = [
            (a["real_time"], b["real_time"],
             (b["real_time"] - a["real_time"]) / abs(a["real_time"]))
            for a, b in zip(left, right)]
    return changes


class StandardToolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out.json")
        run = subprocess.run(
            [harness.ARGS.bench,
             "--benchmark_filter=(DualModel/.*|Standalone/lp)/smoke",
             "--xsb_schedulers=baseline,os-priority",
             "--benchmark_repetitions=2", "--xsb_duration_s=1",
             "--benchmark_out=" + cls.out, "--benchmark_out_format=json"],
            capture_output=True, text=True, timeout=300 * harness.time_scale())
        starved = harness.os_priority_starved(run.stderr)
        if run.returncode == 1 and starved:
            raise unittest.SkipTest(starved)
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-2000:]}")
        cls.stdout = run.stdout
        with open(cls.out) as f:
            cls.text = f.read()
        cls.doc = strict_load(cls.text)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def iterations(self, prefix):
        return [b for b in self.doc["benchmarks"]
                if b["name"].startswith(prefix)
                and b["run_type"] == "iteration"]

    def test_file_is_strict_json_with_repetitions(self):
        # strict_load in setUpClass parsed it; nothing of the bare tokens.
        for token in ("NaN", "Infinity"):
            self.assertNotIn(token, self.text)
        self.assertEqual(len(self.iterations("DualModel/baseline/")), 2)

    def test_googlecpp_tracks_hp_p99_in_ms(self):
        tracked = googlecpp(self.doc)  # in the file's order, like the tool
        self.assertEqual(len(tracked), len(self.doc["benchmarks"]))
        lp = 0
        for got, entry in zip(tracked, self.doc["benchmarks"]):
            if entry["run_type"] != "iteration":
                continue
            self.assertGreater(got["value"], 0, entry)  # never a failure's 0
            if entry["name"].startswith("DualModel/"):
                self.assertEqual(got["unit"], "ms/iter")
                self.assertAlmostEqual(got["value"], entry["hp_p99_ms"],
                                       places=6)
            elif entry["name"].startswith("Standalone/lp/"):
                lp += 1
                self.assertEqual(got["unit"], "s/iter")
                self.assertAlmostEqual(
                    got["value"], 1 / entry["lp_iter_per_s"],
                    delta=1e-9 / entry["lp_iter_per_s"])
        self.assertGreater(lp, 0)

    def test_compare_filters_shows_the_hp_p99_change(self):
        changes = gbench_changes(self.doc, "DualModel/baseline",
                                 "DualModel/os-priority")
        self.assertEqual(len(changes), 1, changes)
        base = self.iterations("DualModel/baseline/")
        other = self.iterations("DualModel/os-priority/")
        (pairs,) = changes.values()
        self.assertEqual(len(pairs), 2)
        for (old, new, change), a, b in zip(pairs, base, other):
            self.assertAlmostEqual(old, a["hp_p99_ms"], places=6)
            self.assertAlmostEqual(new, b["hp_p99_ms"], places=6)
            self.assertAlmostEqual(
                change, (b["hp_p99_ms"] - a["hp_p99_ms"]) / a["hp_p99_ms"],
                places=6)

    def test_google_benchmarks_own_compare_py(self):
        tools = harness.ARGS.gbench_tools
        if not tools or not os.path.exists(os.path.join(tools, "compare.py")):
            self.skipTest("no Google Benchmark tools/ folder given "
                          "(--gbench_tools DIR holding compare.py): its "
                          "reading rule is re-implemented in the other tests")
        python = next((p for p in (sys.executable, "/usr/bin/python3")
                       if subprocess.run([p, "-c", "import numpy, scipy"],
                                         capture_output=True).returncode == 0),
                      None)
        if python is None:
            self.skipTest("compare.py needs numpy and scipy: no Python here "
                          "has both")
        run = subprocess.run(
            [python,
             os.path.join(tools, "compare.py"), "--no-color", "filters",
             self.out, "DualModel/baseline", "DualModel/os-priority"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        base = self.iterations("DualModel/baseline/")[0]["hp_p99_ms"]
        other = self.iterations("DualModel/os-priority/")[0]["hp_p99_ms"]
        change = (other - base) / base
        self.assertRegex(run.stdout, re.escape(f"{change:+.4f}"))


if __name__ == "__main__":
    harness.main(gbench_tools="")
