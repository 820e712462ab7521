#!/usr/bin/env python3
"""--benchmark_enable_random_interleaving=true with repetitions, the way to
spread drift over both arms of a comparison: every case family runs, each
repetition is a fresh scenario run, the runs of different cases are mixed
in time, and each JSON row still pairs with its own sample file."""
import json
import os
import re
import tempfile
import unittest

import harness

REPETITIONS = 4
# "xsb: [3/12] NAME rep 2/4: running (...)" (bench/cases/run_progress.h)
RUNNING = re.compile(r"^xsb: \[\d+/\d+\] (\S+) rep \d+/\d+: running ", re.M)


class InterleavingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.samples = os.path.join(cls.tmp.name, "samples")
        cls.out = os.path.join(cls.tmp.name, "out.json")
        cls.bench = harness.run_bench(
            # Baseline only: os-priority's idle-class LP can be starved for
            # a whole short window on a loaded machine, which fails its case.
            "--xsb_backend=cpu", "--xsb_scenarios=smoke",
            "--xsb_schedulers=baseline",
            "--xsb_duration_s=0.3", "--xsb_warmup_s=0.1",
            f"--benchmark_repetitions={REPETITIONS}",
            "--benchmark_enable_random_interleaving=true",
            f"--benchmark_out={cls.out}", "--benchmark_out_format=json",
            f"--xsb_samples_dir={cls.samples}", timeout=150)
        with open(cls.out) as f:
            cls.rows = [b for b in json.load(f)["benchmarks"]
                        if b["run_type"] == "iteration"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_runs_every_family_fully(self):
        self.assertEqual(self.bench.returncode, 0, self.bench.stderr[-2000:])
        started = RUNNING.findall(self.bench.stderr)
        families = {name.split("/")[0] + "/" + name.split("/")[1]
                    for name in started}
        self.assertEqual(families, {"DualModel/baseline", "Standalone/hp",
                                    "Standalone/lp"})
        for name in set(started):
            self.assertEqual(started.count(name), REPETITIONS, name)

    def test_order_is_mixed(self):
        # Grouped, each case's runs would be consecutive: 3 groups. With 12
        # runs shuffled, that happens with probability 3! 4!^3 / 12!
        # (about 2e-4).
        started = RUNNING.findall(self.bench.stderr)
        self.assertEqual(len(started), 3 * REPETITIONS, self.bench.stderr)
        changes = sum(a != b for a, b in zip(started, started[1:]))
        self.assertGreater(changes, len(set(started)) - 1, started)

    def test_rows_pair_with_their_sample_files(self):
        indices = {}
        for row in self.rows:
            name = row["run_name"].replace("/iterations:1/real_time", "")
            rep = row["repetition_index"]
            indices.setdefault(name, []).append(rep)
            path = os.path.join(self.samples, name.replace("/", "_").replace(
                ":", "_") + f".rep{rep}.json")
            with self.subTest(path=path), open(path) as f:
                doc = json.load(f)
                self.assertEqual((doc["case"], doc["repetition"]), (name, rep))
                inside = [r for r in doc["hp"] if r[4]]
                if "hp_max_ms" in row:
                    worst = max(r[3] for r in inside) / 1e6
                    self.assertAlmostEqual(worst, row["hp_max_ms"], places=6)
                if "lp_iters" in row:
                    self.assertEqual(sum(r[1] for r in doc["lp"]),
                                     row["lp_iters"])
        for name, reps in indices.items():
            self.assertEqual(sorted(reps), list(range(REPETITIONS)), name)


if __name__ == "__main__":
    harness.main()
