#!/usr/bin/env python3
"""The counters xsb_bench reports have one source of truth, the table in
bench/protocol/counters.h, which `xsb_bench --xsb_list_counters` prints.
tools/xsb_compare/counters.py (COUNTERS) and docs/metrics.md must list
exactly those counters, with the same units and directions."""
import re
import subprocess
import unittest

from xsb_compare.counters import COUNTERS

import harness

# A row of the counter table: the backticked names in the first cell, then
# unit and direction.
ROW = re.compile(r"^\|(?P<names>(?:\s*`\w+`,?)+)\s*\|\s*(?P<unit>[^|]+?)\s*\|"
                 r"\s*(?P<direction>lower|higher|neutral)\s*\|")


def listed_counters():
    """{name: (unit, direction)} as xsb_bench prints them."""
    run = subprocess.run([harness.ARGS.bench, "--xsb_list_counters"],
                         capture_output=True, text=True, timeout=30,
                         check=True)
    table = {}
    for line in run.stdout.splitlines():
        name, unit, direction = line.split("\t")
        table[name] = (unit, direction)
    return table


def documented_counters(path):
    """{name: (unit, direction)} from the counter table of docs/metrics.md."""
    table = {}
    with open(path) as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            for name in re.findall(r"`(\w+)`", m.group("names")):
                table[name] = (m.group("unit"), m.group("direction"))
    return table


class CountersInSyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.listed = listed_counters()

    def test_list_is_not_empty(self):
        self.assertIn("hp_p99_ms", self.listed)
        self.assertEqual(self.listed["hp_p99_ms"], ("ms", "lower"))

    def test_compare_table_matches(self):
        self.assertEqual(dict(COUNTERS), self.listed)

    def test_metrics_doc_matches(self):
        self.assertEqual(documented_counters(harness.ARGS.metrics_md),
                         self.listed)


if __name__ == "__main__":
    harness.main("metrics_md")
