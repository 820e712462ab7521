"""The noise monitor in tools/report.py's output: the verdict block names
the disturbed windows and says when the verdict rests on one; report.md
has the "Machine noise" table; a quiet run gets one line; a run without
noise counters gets none (tools/xsb_report/noise.py, noise_section.py)."""

import json
import os
import tempfile
import unittest

import report_support as rs
from xsb_report import folder, verdicts
from xsb_report import noise as report_noise

NO_PLOTS = (lambda: (None, "plots skipped (test)"))
QUIET = {"noise_other_cpu_cores": 0.04, "noise_own_cpu_cores": 1.9,
         "noise_steal_pct": 0.0, "noise_load_avg": 2.0,
         "noise_disturbed": 0.0}
BUSY = dict(QUIET, noise_other_cpu_cores=1.26, noise_load_avg=4.3,
            noise_disturbed=1.0)


def report(d: str, noise_by_case: dict) -> tuple[list[str], str]:
    """The verdict block's lines and report.md of rs.make_run's run with
    these noise counters per case."""
    path = rs.make_run(d)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for entry in doc["benchmarks"]:
        entry.update(noise_by_case.get(entry["name"].split("/iter")[0], {}))
    rs.write_json(path, doc)
    out = os.path.join(d, "out")
    result = folder.build_folder(folder.Options(path, rs.TOOLS, out_dir=out),
                                 NO_PLOTS)
    return (result.verdict_text.splitlines(),
            rs.read_text(os.path.join(out, "report.md")))


class NoiseReportTest(unittest.TestCase):
    def test_disturbed_baseline_named_in_block_and_report(self):
        with tempfile.TemporaryDirectory() as d:
            lines, md = report(d, {rs.BASE: BUSY, rs.OS: QUIET,
                                   rs.HP_ALONE: QUIET, rs.LP_ALONE: QUIET})
        self.assertIn("xsb: noise: 1 of 4 windows disturbed (limits: other "
                      "work > 0.5 cores, steal > 5 %, other GPU processes > "
                      "0, HP send lag P99 > max(20000 us, 10 x standalone)):",
                      lines)
        self.assertIn("xsb:   round 0's baseline window shared the CPU with "
                      "1.3 cores of other work (steal 0.0 %, load 4.3): "
                      "DISTURBED (1.3 cores of other work > 0.5)", lines)
        self.assertIn("xsb:   os-priority: the verdict rests on disturbed "
                      "round 0: other work, not only the scheduler, shaped "
                      "it; rerun on a quiet machine to confirm", lines)
        self.assertIn("## Machine noise", md)
        self.assertIn("| 0 | baseline | `" + rs.BASE + "` | 1.26 | 0 | 4.3 "
                      "| - | 20 | yes: 1.3 cores of other work > 0.5 |", md)
        self.assertIn("| 0 | standalone LP | `" + rs.LP_ALONE + "` | 0.04 | "
                      "0 | 2 | - | - | no |", md)

    def test_quiet_run_gets_one_line(self):
        with tempfile.TemporaryDirectory() as d:
            lines, md = report(d, {name: QUIET for name in (
                rs.BASE, rs.OS, rs.HP_ALONE, rs.LP_ALONE)})
        # ("xsb: rounds: 1 round: sampling noise only" is not the monitor's.)
        noise_lines = [line for line in lines if line.startswith("xsb: noise")
                       or "disturbed" in line]
        self.assertEqual(noise_lines, [
            "xsb: noise: no window disturbed; the busiest, round 0's "
            "baseline window shared the CPU with 0.0 cores of other work "
            "(steal 0.0 %, load 2.0)"])
        self.assertIn("| no |", md)

    def test_run_without_noise_counters(self):
        with tempfile.TemporaryDirectory() as d:
            lines, md = report(d, {})
        self.assertFalse([line for line in lines
                          if line.startswith("xsb: noise")
                          or "disturbed" in line])
        self.assertIn("No noise figures", md)

    def test_a_compare_without_the_field(self):
        pair = {"verdict_word": "PASS", "candidate_scheduler": "x"}
        self.assertIsNone(verdicts.pair_verdict(pair, False).noise)
        self.assertEqual(report_noise.block_lines(
            [verdicts.pair_verdict(pair, False)]), [])


if __name__ == "__main__":
    unittest.main()
