"""tools/report.py on a real xsb_bench smoke run (label integration).

  test_report_smoke.py --run --bench BIN --dir DIR   # the run (setup)
  test_report_smoke.py --dir DIR                     # report, non-plot checks
  test_report_smoke.py --dir DIR --plots             # the PNGs; exit 77
                                                     # without matplotlib
The checks: the folder holds every file; the numbers in report.md equal
the JSON's counters; trace.json is a Chrome trace with one slice per HP
request and LP iteration (or 100 ms bin of them) of the samples;
report.html references no external resource; each PNG decodes with its expected size."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import report_support as rs

ARGS = argparse.Namespace()
RESULT_COUNTERS = ["hp_p50_ms", "hp_p90_ms", "hp_p99_ms", "hp_p999_ms",
                   "hp_max_ms", "hp_send_lag_p99_us", "hp_achieved_rps",
                   "lp_iter_per_s", "lp_samples_per_s"]


# An os-priority case fails with this when its LP worker, at SCHED_IDLE,
# got no CPU because other work kept every core busy: the policy working,
# not a fault of the report; the run is then skipped with the reason.
STARVED = re.compile(r"^xsb: \S*/os-priority/\S*: no LP iteration completed "
                     r"inside the .*$", re.M)
SKIPPED_NOTE = "skipped.txt"


def run_bench(bench: str, folder: str) -> int:
    shutil.rmtree(folder, ignore_errors=True)  # no files of an older run
    os.makedirs(folder)
    done = subprocess.run(
        [bench, "--benchmark_filter=/smoke/", "--xsb_duration_s=2",
         "--xsb_backend=cpu",
         f"--benchmark_out={os.path.join(folder, 'benchmark.json')}",
         "--benchmark_out_format=json",
         f"--xsb_samples_dir={os.path.join(folder, 'samples')}"],
        capture_output=True, text=True, check=False)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    starved = STARVED.findall(done.stderr)
    if done.returncode == 1 and starved and \
            f"xsb_bench: {len(starved)} case(s) failed" in done.stderr:
        reason = (f"the machine is too busy for os-priority's LP worker at "
                  f"SCHED_IDLE (load {os.getloadavg()[0]:.1f}): {starved[0]}")
        with open(os.path.join(folder, SKIPPED_NOTE), "w") as f:
            f.write(reason + "\n")
        print("SKIPPED: " + reason)
        return rs.SKIP
    return done.returncode


def skip_if_the_run_was_skipped() -> None:
    note = os.path.join(ARGS.dir, SKIPPED_NOTE)
    if os.path.exists(note):
        with open(note) as f:
            print("SKIPPED: the smoke run was: " + f.read().strip())
        sys.exit(rs.SKIP)


def build_report(out: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-B", rs.REPORT,
         os.path.join(ARGS.dir, "benchmark.json"), "--out", out],
        capture_output=True, text=True, check=False)


def row_labels(doc: dict) -> dict[str, dict]:
    """report.md's row label -> the JSON's benchmark entry."""
    found = {}
    for entry in doc["benchmarks"]:
        parts = entry["run_name"].split("/")
        label = parts[1] if parts[0] == "DualModel" else \
            "standalone " + parts[1]
        found[label] = entry
    return found


def close_to(cell: str, value: float) -> bool:
    written = float(cell.split()[0])
    return abs(written - value) <= max(abs(value) * 5e-4, 0.5 * (
        abs(value) >= 1000))


class SmokeReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "report")
        cls.done = build_report(cls.out)
        with open(os.path.join(ARGS.dir, "benchmark.json")) as f:
            cls.doc = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exit_code_and_verdict_block(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        lines = self.done.stdout.splitlines()
        # The noise lines: one on a quiet machine; on a busy one the
        # disturbed windows (at most 4, then "and N more") and the note.
        noise = [line for line in lines if line.startswith(
            ("xsb: noise:", "xsb:   round ", "xsb:   and "))
            or "the verdict rests on disturbed" in line]
        self.assertTrue(3 <= len(lines) - len(noise) <= 8, lines)
        self.assertTrue(1 <= len(noise) <= 7, lines)
        self.assertRegex(lines[0], r"^xsb: verdict (PASS|FAIL|INCONCLUSIVE)")
        # One round: said so, and "stable and repeatable" is n/a.
        self.assertIn("xsb: rounds: 1 round: sampling noise only, not drift "
                      "between runs", lines)
        self.assertTrue(any(line.startswith("xsb:     stable and "
                                            "repeatable: n/a")
                            for line in lines), lines)
        self.assertIn(os.path.join(self.out, "report.md"), lines[-1])

    def test_folder_holds_every_file(self):
        names = set(os.listdir(self.out))
        self.assertLessEqual({"benchmark.json", "samples", "compare.json",
                              "report.md", "report.html", "trace.json"},
                             names)
        self.assertEqual(len(os.listdir(os.path.join(self.out, "samples"))),
                         len(self.doc["benchmarks"]))
        pngs = {n for n in names if n.endswith(".png")}
        if rs.matplotlib_missing():
            self.assertEqual(pngs, set())
            self.assertIn("plots skipped: matplotlib", self.done.stderr)
        else:
            self.assertEqual(pngs, {"hp_latency_cdf.png", "lp_throughput.png",
                                    "hp_latency_over_time.png",
                                    "rounds_os-priority.png"})

    def test_numbers_equal_the_counters(self):
        md = rs.read_text(os.path.join(self.out, "report.md"))
        rows = rs.markdown_table(md, "case | HP P50")
        entries = row_labels(self.doc)
        self.assertEqual(sorted(r[0] for r in rows[1:]), sorted(entries))
        checked = 0
        for row in rows[1:]:
            entry = entries[row[0]]
            for counter, cell in zip(RESULT_COUNTERS, row[1:]):
                if counter in entry:
                    self.assertTrue(close_to(cell, entry[counter]),
                                    (row[0], counter, cell, entry[counter]))
                    checked += 1
                else:
                    self.assertEqual(cell, "-", (row[0], counter))
        self.assertGreaterEqual(checked, 2 * 9 + 7 + 2)

    def test_trace_has_a_slice_per_request_and_iteration(self):
        with open(os.path.join(self.out, "trace.json")) as f:
            events = json.load(f)["traceEvents"]
        names = {e["pid"]: e["args"]["name"] for e in events
                 if e["ph"] == "M" and e["name"] == "process_name"}
        samples_dir = os.path.join(ARGS.dir, "samples")
        expected = {}
        for file in os.listdir(samples_dir):
            with open(os.path.join(samples_dir, file)) as f:
                s = json.load(f)
            expected[f"{s['case']} rep {s['repetition']}"] = (len(s["hp"]),
                                                              len(s["lp"]))
        counted = {name: [0, 0] for name in names.values()}
        for e in events:
            if e["ph"] == "X" and e["name"] in ("HP request", "LP iteration",
                                                "LP iterations"):
                self.assertGreaterEqual(e["dur"], 0)
                self.assertIsInstance(e["ts"], (int, float))
                # A run of many LP iterations has them in 100 ms bins.
                counted[names[e["pid"]]][e["name"] != "HP request"] += e[
                    "args"].get("iterations", 1)
                if e["name"] == "HP request":
                    self.assertIn("send_lag_us", e["args"])
        self.assertEqual({k: tuple(v) for k, v in counted.items()}, expected)
        # Perfetto draws no overlapping slices on one track: there are none.
        tracks = {}
        for e in events:
            if e["ph"] == "X":
                begin = round(e["ts"] * 1000)
                tracks.setdefault((e["pid"], e["tid"]), []).append(
                    (begin, begin + round(e["dur"] * 1000)))
        for track, slices in tracks.items():
            slices.sort()
            for (_, end), (begin, _) in zip(slices, slices[1:]):
                self.assertLessEqual(end, begin, track)

    def test_html_references_nothing_outside(self):
        page = rs.read_text(os.path.join(self.out, "report.html"))
        self.assertNotRegex(page, r"(?i)<script|<link|<iframe|@import|url\(")
        self.assertNotRegex(page, r"(?i)\bhref=")
        for source in re.findall(r'(?i)\bsrc="([^"]*)"', page):
            self.assertTrue(source.startswith("data:image/png;base64,"))
        images = len([n for n in os.listdir(self.out) if n.endswith(".png")])
        self.assertEqual(page.count("<img "), images)


class SmokePlotsTest(unittest.TestCase):
    def test_each_png_decodes_with_its_size(self):
        from xsb_report import plots
        with tempfile.TemporaryDirectory() as d:
            done = build_report(d)
            self.assertEqual(done.returncode, 0, done.stderr)
            for kind, panels in ((plots.CDF, 1), (plots.OVER_TIME, 3),
                                 (plots.LP_THROUGHPUT, 1)):
                self.assertEqual(rs.png_size(os.path.join(d, kind + ".png")),
                                 plots.size_px(kind, panels), kind)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--bench")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--plots", action="store_true")
    parser.parse_args(namespace=ARGS)
    if ARGS.run:
        return run_bench(ARGS.bench, ARGS.dir)
    skip_if_the_run_was_skipped()
    if ARGS.plots:
        rs.skip_without_matplotlib()
    test = SmokePlotsTest if ARGS.plots else SmokeReportTest
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(test)
    return 0 if unittest.TextTestRunner(verbosity=2).run(
        suite).wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
