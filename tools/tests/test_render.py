import json
import unittest

from test_verdict import report_for
from xsb_compare import text
from xsb_compare.reference import check_reference, reference_data
from xsb_compare.render_json import render_json
from xsb_compare.render_markdown import render_markdown
from xsb_compare.render_table import render_table

OS = "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4"


class NumberTest(unittest.TestCase):
    def test_number(self):
        self.assertEqual(text.number(0.909419), "0.9094")
        self.assertEqual(text.number(800.0), "800")
        self.assertEqual(text.number(9224.4), "9224")
        self.assertEqual(text.number(123456.7), "123457")
        self.assertEqual(text.number(None), "-")

    def test_change(self):
        self.assertEqual(text.change(0.225), "-77.5 %")
        self.assertEqual(text.change(1.0), "+0.0 %")
        self.assertEqual(text.change(None), "-")


class TableTest(unittest.TestCase):
    def test_single_runs(self):
        out = render_table(report_for("base.json", "os_priority.json"))
        lines = out.splitlines()
        self.assertIn("os-priority vs baseline: smoke/rate:200/batch:8/"
                      "duration_s:4   PASS", lines)
        self.assertIn("  rounds: 1 used (0) of 1 run: 1 round: sampling noise "
                      "only, not drift between runs", lines)
        row = next(l for l in lines if l.strip().startswith("hp_p99_ms"))
        self.assertEqual(row.split(), ["hp_p99_ms", "ms", "lower", "4", "0.9",
                                       "-77.5", "%", "better"])
        # 800 requests cannot support P99.9 (3,688 at 95 %): said so.
        row = next(l for l in lines if l.strip().startswith("hp_p999_ms"))
        self.assertTrue(row.endswith("better (not supported by the sample)"),
                        row)
        row = next(l for l in lines if l.strip().startswith("lp_iter_per_s"))
        self.assertEqual(row.split()[-3:], ["-25.0", "%", "worse"])
        self.assertIn("    hp_p99_ms < baseline x 1.1: ratio 0.225 (no "
                      "interval) PASS", lines)
        self.assertIn("    lp_iter_per_s > baseline x 0.7: ratio 0.75 (no "
                      "interval) PASS", lines)
        self.assertEqual(lines[-1], "summary: 1 pair: 1 passed, 0 failed")

    def test_repetitions_standalone_and_failures(self):
        out = render_table(report_for("repeated.json"))
        self.assertIn("4.2 (4..4.4)", out)
        self.assertIn("better p=0.1", out)
        self.assertIn("  standalone: HP P99 slowdown baseline 8.4x, candidate "
                      "2.2x (no interval); LP throughput retention baseline "
                      "0.82x, candidate 0.83x (no interval)", out)
        # Rounds paired by index, without an alternating order (an older
        # file): the per-round ratios' t interval decides.
        self.assertIn("  rounds: 3 used (0-2) of 3 run, order not "
                      "alternating: the file has no xsb_rounds", out)
        self.assertIn("ratio 0.9827 (95 % CI 0.7581-1.274; 3 paired rounds) "
                      "PASS (difference inside the noise)", out)
        self.assertIn("    hp_p99_ms per round: 0: x0.25, 1: x0.2727, 2: "
                      "x0.2619", out)
        self.assertIn("xsched/lp_threshold:4/lp_batch_size:2 vs baseline: "
                      "smoke/rate:200/batch:8/duration_s:4   INCONCLUSIVE",
                      out)
        self.assertIn("ratio 1.191 (95 % CI 1.076-1.319; 3 paired rounds) "
                      "INCONCLUSIVE", out)
        self.assertIn("summary: 2 pairs: 1 passed, 0 failed, 1 inconclusive",
                      out)
        out = render_table(report_for("base.json", "os_priority_failed.json"))
        self.assertIn("    candidate DualModel/os-priority/smoke/rate:200/"
                      "batch:8/duration_s:4: 1 of 2 rounds failed", out)
        self.assertIn("  left out: round 1: the candidate failed (lp worker "
                      "exited with signal 9 (Killed))", out)

    def test_reference_section(self):
        report = report_for("repeated.json")
        ref = reference_data(report, {})
        ref["pairs"][OS]["ratios"]["hp_p99_ms"] = 0.1
        report.reference = check_reference(ref, report, {}, 0.25, "ref.json")
        out = render_table(report)
        self.assertIn("reference check against ref.json:", out)
        self.assertRegex(out, r"DualModel/os-priority/\S+\s+hp_p99_ms\s+0.1\s+"
                              r"0.2619\s+0.25\s+regression")
        self.assertIn("reference ref.json: 1 regression, 7 ok", out)


class MarkdownTest(unittest.TestCase):
    def test_report(self):
        out = render_markdown(report_for("repeated.json"))
        lines = out.splitlines()
        self.assertEqual(lines[0], "# xsb_bench comparison")
        self.assertIn("- **2 pairs: 1 passed, 0 failed, 1 inconclusive**",
                      lines)
        self.assertIn("## os-priority vs baseline: smoke/rate:200/batch:8/"
                      "duration_s:4: **PASS**", lines)
        self.assertIn("| counter | unit | better | baseline | candidate | "
                      "change | outcome |", lines)
        self.assertIn("|---|---|---|---:|---:|---:|---|", lines)
        self.assertIn("| hp_p99_ms | ms | lower | 4.2 (4..4.4) | 1.1 (1..1.2) "
                      "| -73.8 % | better p=0.1 ratio 95 % CI 0.2346..0.2912 "
                      "|", lines)
        self.assertIn("| xsched_preemptions |  | ? | - | 11 (10..12) | - | "
                      "missing |", lines)
        self.assertIn("- hp_p99_ms < baseline x 1.1: ratio 1.191 (95 % CI "
                      "1.076-1.319; 3 paired rounds) INCONCLUSIVE", lines)
        self.assertIn("- hp_p99_ms per round: 0: x1.225, 1: x1.136, 2: "
                      "x1.214", lines)
        self.assertTrue(out.endswith("\n") and not out.endswith("\n\n"))

    def test_reference_and_notes(self):
        report = report_for("base.json", "os_priority.json")
        report.reference = check_reference(reference_data(report, {}), report,
                                           {}, 0.25, "ref.json")
        lines = render_markdown(report).splitlines()
        self.assertIn("## Reference check against `ref.json`", lines)
        self.assertIn("| pair | ratio | reference | current | tolerance | "
                      "status |", lines)
        self.assertIn(f"| {OS} | hp_p99_ms | 0.225 | 0.225 | 0.25 | ok |",
                      lines)
        self.assertIn("## Notes", lines)


class JsonTest(unittest.TestCase):
    def test_structure(self):
        data = json.loads(render_json(report_for("repeated.json")))
        self.assertEqual(data["format"], "xsb_compare_report")
        self.assertFalse(data["passed"])
        self.assertEqual(data["criteria"][0],
                         {"counter": "hp_p99_ms", "op": "<", "threshold": 1.1})
        os_pair = data["pairs"][0]
        self.assertEqual(os_pair["candidate"], OS)
        self.assertEqual(os_pair["candidate_settings"], [])
        hp = next(c for c in os_pair["counters"] if c["name"] == "hp_p99_ms")
        self.assertEqual(hp["baseline"], {"n": 3, "median": 4.2, "min": 4.0,
                                          "max": 4.4,
                                          "values": [4.0, 4.4, 4.2]})
        self.assertAlmostEqual(hp["change_pct"], (1.1 / 4.2 - 1) * 100)
        self.assertEqual((hp["outcome"], hp["direction"]), ("better", "lower"))
        self.assertAlmostEqual(hp["p_value"], 0.1)
        self.assertAlmostEqual(os_pair["standalone"]["candidate"][
            "hp_p99_slowdown"], 2.2)
        self.assertTrue(os_pair["verdict"]["passed"])
        self.assertTrue(os_pair["verdict"]["criteria"][1]["inside_noise"])
        xsched = data["pairs"][1]
        self.assertEqual(xsched["candidate_settings"],
                         ["lp_threshold:4", "lp_batch_size:2"])
        self.assertIsNone(data["reference"])

    def test_infinite_tolerance_is_valid_json(self):
        report = report_for("repeated.json")
        report.reference = check_reference(reference_data(report, {}), report,
                                           {}, float("inf"), "ref.json")
        data = json.loads(render_json(report))
        self.assertIsNone(data["reference"]["checks"][0]["tolerance"])
        self.assertTrue(data["reference"]["passed"])


if __name__ == "__main__":
    unittest.main()
