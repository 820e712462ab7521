"""tools/xsb_report without matplotlib and without xsb_bench: loading, bad
input, the compare tool's answer (new and old fields), criteria, the
verdict block, the trace, report.md and report.html on a synthetic run."""

import io
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import unittest

import report_support as rs
from xsb_report import checks, cli, document, folder, load_curve, plots, \
    runs, stability, summary, text, trace, verdicts
from xsb_report.errors import ReportError

NO_PLOTS = (lambda: (None, "plots skipped: matplotlib is not importable "
                     "(test)"))


def main_of(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


class LoadTest(unittest.TestCase):
    def test_case_names(self):
        case = runs.parse_case_name(
            "DualModel/xsched/original/rate:10/batch:8/duration_s:60/"
            "lp_threshold:4/lp_batch_size:2/iterations:1/real_time")
        self.assertEqual(case.name, "DualModel/xsched/original/rate:10/"
                         "batch:8/duration_s:60/lp_threshold:4/"
                         "lp_batch_size:2")
        self.assertEqual(case.params, {"rate": "10", "batch": "8",
                                       "duration_s": "60"})
        self.assertEqual(case.variant, "xsched/lp_threshold:4/lp_batch_size:2")
        alone = runs.parse_case_name("Standalone/lp/smoke/batch:8/"
                                     "duration_s:4")
        self.assertEqual((alone.role, alone.params["batch"]), ("lp", "8"))
        self.assertIsNone(runs.parse_case_name("BM_Other/1"))
        self.assertIsNone(runs.parse_case_name("Standalone/x/smoke/a:1"))

    def test_run_and_repetitions(self):
        doc = {"context": {"xsb_seed": "1"}, "benchmarks": [
            rs._entry(rs.BASE, {"hp_p99_ms": 3.0}, 0),
            rs._entry(rs.BASE, {"hp_p99_ms": 1.0}, 1),
            rs._entry(rs.BASE, {"hp_p99_ms": 2.0}, 2),
            {**rs._entry(rs.BASE, {}), "error_occurred": True,
             "error_message": "worker died"},
            {**rs._entry(rs.BASE, {"hp_p99_ms": 9.0}),
             "run_type": "aggregate", "aggregate_name": "mean"}]}
        run = runs.parse_run(doc, "x.json")
        case = run.cases[rs.BASE]
        self.assertEqual(case.median("hp_p99_ms"), 2.0)
        self.assertEqual(case.errors, ["worker died"])
        self.assertEqual(text.counter_cell(case, "hp_p99_ms"), "2 (1..3)")

    def test_bad_input_is_one_line(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            other = os.path.join(d, "other.json")
            rs.write_json(other, {"benchmarks": [{"name": "BM_x"}]})
            not_json = os.path.join(d, "not.json")
            with open(not_json, "w") as f:
                f.write("{")
            rs.write_json(os.path.join(d, "dict.json"), {"a": 1})
            empty = os.path.join(d, "empty")
            os.mkdir(empty)
            for argv, message in (
                    ([os.path.join(d, "none.json")], "none.json: no such "
                     "benchmark JSON file"),
                    ([not_json], "not.json: not JSON"),
                    ([os.path.join(d, "dict.json")], "not a Google "
                     "Benchmark JSON"),
                    ([other], "no xsb_bench cases"),
                    ([path, "--samples-dir", os.path.join(d, "nowhere")],
                     "nowhere: no samples folder"),
                    ([path, "--samples-dir", empty], "no sample files"),
                    ([path, "--bogus"], "unrecognized arguments")):
                code, out, err = main_of(*argv)
                self.assertEqual(code, 2, (argv, err))
                self.assertEqual(out, "")
                self.assertEqual(err.count("\n"), 1, err)
                self.assertIn(message, err)
                self.assertTrue(err.startswith("report.py: "))

    def test_samples_of_other_cases(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            doc = json.loads(rs.read_text(path))
            doc["benchmarks"] = [b for b in doc["benchmarks"]
                                 if "baseline" not in b["name"]]
            rs.write_json(path, doc)
            run = runs.read_run(path)
            own, notes = folder._own_samples(
                run, runs.read_samples(os.path.join(d, "samples")), d)
            self.assertEqual(len(own), 3)
            self.assertIn("1 sample file(s)", notes[0])
            run.cases = {k: v for k, v in run.cases.items() if "Standalone"
                         in k and "lp" in k}
            run.cases[rs.BASE] = runs.parse_case_name(rs.BASE)
            with self.assertRaises(ReportError):
                folder._own_samples(run, [], d)


NEW_PAIR = {
    "key": "smoke/rate:20/batch:8/duration_s:2", "baseline": rs.BASE,
    "candidate": rs.OS, "candidate_scheduler": "os-priority",
    "candidate_settings": [], "repetitions": {"baseline": 3,
                                              "candidate": 3},
    "verdict_word": "INCONCLUSIVE",
    "hp_p99_ratio": {"point": 0.9, "low": 0.8, "high": 1.2,
                     "confidence": 0.9},
    "lp_ratio": {"point": 0.95, "low": 0.9, "high": 1.0},
    "standalone_ratios": {"hp_p99_slowdown": {"point": 2.0, "low": 1.5,
                                              "high": 2.5},
                          "lp_retention": {"point": 0.8},
                          "system_throughput": None},
    "standalone": {"baseline": {"hp_p99_slowdown": 4.0,
                                "lp_throughput_retention": 0.9}},
    "validity_notes": ["HP P99.9 rests on 2 samples"],
    "rounds": {"used": [0, 1, 2], "left_out": [], "criteria": {
        "hp_p99_ms": {"per_round": [{"round": r, "ratio": v} for r, v in
                                    ((0, 0.8), (1, 1.15), (2, 0.85))]},
        "lp_iter_per_s": {"per_round": [{"round": r, "ratio": v} for r, v in
                                        ((0, 0.9), (1, 1.0), (2, 0.95))]}}},
    "verdict": {"passed": True, "reasons": [], "criteria": [
        {"counter": "hp_p99_ms", "op": "<", "threshold": 1.1, "ratio": 0.9,
         "passed": True, "inside_noise": True},
        {"counter": "lp_iter_per_s", "op": ">", "threshold": 0.7,
         "ratio": 0.95, "passed": True, "inside_noise": False}]},
    "counters": []}


class ComparisonTest(unittest.TestCase):
    def test_new_fields(self):
        c = verdicts.read_comparison({"pairs": [NEW_PAIR],
                                      "exit_code_gate": 0,
                                      "rounds": {"run": 3, "stop": "fixed",
                                                 "level": 0.95}}, "", {})
        pair = c.pairs[0]
        self.assertEqual((c.word, pair.word), ("INCONCLUSIVE",
                                               "INCONCLUSIVE"))
        self.assertEqual(pair.hp_p99_ratio.high, 1.2)
        self.assertEqual(pair.standalone["candidate"]["hp_p99_slowdown"].low,
                         1.5)
        self.assertNotIn("system_throughput", pair.standalone["candidate"])
        self.assertEqual(pair.standalone["baseline"]["lp_retention"].point,
                         0.9)
        self.assertEqual(text.change_cell(pair.hp_p99_ratio),
                         "-10.0 % (x0.9) [-20.0 %, +20.0 %] at 90 %")
        self.assertEqual(pair.rounds_used, [0, 1, 2])
        self.assertEqual(pair.per_round["hp_p99_ms"],
                         [(0, 0.8), (1, 1.15), (2, 0.85)])
        self.assertEqual(c.rounds.run, 3)
        stable = checks.stable(pair)
        self.assertEqual(stable.status, checks.NOT_MET)
        self.assertEqual(stable.detail, (
            "HP P99 x0.8..x1.15 per round (geometric sd 21 %), 2 of 3 below "
            "1.1; LP iter/s x0.9..x1 per round (geometric sd 5 %), all 3 "
            "above 0.7: the rounds point different ways"))

    def test_old_fields_fall_back(self):
        old = {k: v for k, v in NEW_PAIR.items() if k not in (
            "verdict_word", "hp_p99_ratio", "lp_ratio", "standalone_ratios",
            "validity_notes", "rounds")}
        old["counters"] = [{"name": "hp_p99_ms", "ratio": 0.5,
                            "baseline": {"values": [9.0, 10.0, 11.0]},
                            "candidate": {"values": [4.0, 5.0, 10.0]}}]
        c = verdicts.read_comparison({"pairs": [old]}, "", {})
        self.assertEqual((c.word, c.gate_code), ("PASS", 0))
        self.assertEqual(c.pairs[0].hp_p99_ratio.point, 0.5)
        self.assertIsNone(c.pairs[0].lp_ratio)
        # Without per-round ratios nothing is judged.
        stable = checks.stable(c.pairs[0])
        self.assertEqual(stable.status, checks.NOT_APPLICABLE)
        failed = dict(old, verdict={"passed": False, "criteria": []})
        c = verdicts.read_comparison({"pairs": [failed, old]}, "", {})
        self.assertEqual((c.word, c.gate_code), ("FAIL", 1))

    def test_test_only_and_no_verdict(self):
        xsched = dict(NEW_PAIR, candidate_scheduler="xsched")
        del xsched["verdict_word"]
        c = verdicts.read_comparison({"pairs": [xsched]}, "",
                                     {verdicts.TEST_ONLY_KEY: "cpu"})
        self.assertEqual((c.word, c.pairs[0].word), ("TEST-ONLY",
                                                     "TEST-ONLY"))
        c = verdicts.read_comparison(None, "no pairs: x", {})
        self.assertEqual((c.word, c.notes), ("NO-VERDICT",
                                             ["no verdict: no pairs: x"]))


def spread(ratios, op="<", threshold=1.1, label="HP P99"):
    return stability.Spread(label, tuple(ratios), op, threshold)


class StabilityTest(unittest.TestCase):
    """"Stable and repeatable" (stability.py): n/a below 2 rounds; NOT met
    when the rounds point different ways; met when they all point the way
    of a decisive verdict; undecided when they agree but the verdict is
    not decisive."""

    def test_the_four_outcomes(self):
        lp = spread([0.95, 1.0, 0.97], ">", 0.7, "LP iter/s")
        agree = [spread([0.5, 0.6, 0.55]), lp]
        self.assertEqual(stability.judge(agree, "PASS", 3)[0], stability.MET)
        self.assertEqual(stability.judge(agree, "INCONCLUSIVE", 3)[0],
                         stability.UNDECIDED)
        split = [spread([0.5, 1.2, 0.55]), lp]
        self.assertEqual(stability.judge(split, "PASS", 3)[0],
                         stability.NOT_MET)
        self.assertEqual(stability.judge(split, "INCONCLUSIVE", 3)[0],
                         stability.NOT_MET)
        failing = [spread([1.3, 1.5, 1.2]), lp]
        self.assertEqual(stability.judge(failing, "FAIL", 3)[0],
                         stability.MET)
        self.assertEqual(stability.judge([spread([0.5])], "PASS", 1),
                         (stability.NOT_APPLICABLE, "1 round used, nothing "
                          "was repeated: run with --xsb_rounds=N or "
                          "--xsb_rounds=auto"))

    def test_the_figure(self):
        # ln 0.5, ln 0.6, ln 0.55: sd 0.0912, exp(sd) - 1 = 9.5 %.
        s = spread([0.5, 0.6, 0.55])
        self.assertAlmostEqual(s.geometric_sd(), math.exp(statistics.stdev(
            [math.log(0.5), math.log(0.6), math.log(0.55)])) - 1)
        self.assertEqual(s.describe(), "HP P99 x0.5..x0.6 per round "
                         "(geometric sd 10 %), all 3 below 1.1")
        self.assertEqual(spread([1.2, 1.1]).describe(), "HP P99 x1.1..x1.2 "
                         "per round (geometric sd 6 %), all 2 at or above 1.1")
        self.assertEqual(spread([0.0, 0.9], ">", 0.7, "LP").describe(),
                         "LP x0..x0.9 per round (geometric sd -), 1 of 2 "
                         "above 0.7")
        # The threshold itself does not meet it (both strict).
        self.assertFalse(spread([1.1]).meets(1.1))
        self.assertFalse(spread([0.7], ">", 0.7).meets(0.7))


class OutputTest(unittest.TestCase):
    def test_intervals_and_validity(self):
        case = runs.parse_case_name(rs.BASE)
        case.repetitions = [{"hp_p99_ms": 4.0, "hp_p99_ci_low_ms": 3.5,
                             "hp_p99_ci_high_ms": 4.5, "hp_p999_ms": 9.0,
                             "hp_p999_valid": 0.0}]
        self.assertEqual(text.counter_cell(case, "hp_p99_ms"),
                         "4 [3.5, 4.5]")
        self.assertEqual(text.counter_cell(case, "hp_p999_ms"),
                         "9 (too few requests)")
        self.assertEqual(text.number(171959.794), "171960")
        self.assertEqual(text.number(0.2761512), "0.2762")

    def test_trace_and_lp_bins(self):
        s = runs.Samples("c", 0, "p", (10, 20),
                         [(0, 5, 30, 30, False), (10, 11, 15, 5, True)],
                         [(4000, False), (9000, True)])
        events = trace.trace_events([s])["traceEvents"]
        slices = [e for e in events if e["ph"] == "X"]
        self.assertEqual([e["name"] for e in slices],
                         ["measurement window", "HP request", "HP request",
                          "LP iteration", "LP iteration"])
        self.assertEqual(slices[2]["args"]["send_lag_us"], 0.001)
        self.assertEqual((slices[4]["ts"], slices[4]["dur"]), (4.0, 5.0))
        # Request 1 is scheduled before request 0 completes: queued track.
        self.assertEqual(trace.hp_lanes([(0, 0, 30, 30, True),
                                         (10, 30, 40, 30, True),
                                         (35, 40, 50, 15, True),
                                         (45, 50, 60, 15, True)]),
                         [0, 1, 0, 1])
        tids = [e["tid"] for e in trace.trace_events([runs.Samples(
            "c", 0, "p", (0, 1), [(0, 0, 30, 30, True),
                                  (10, 30, 40, 30, True)], [])])[
            "traceEvents"] if e.get("name") == "HP request"]
        self.assertEqual(tids, [trace.HP_TID, trace.QUEUED_TID])
        lp = runs.Samples("c", 0, "p", (0, 1), [],
                          [(int(t * 1e9), True) for t in (0.1, 0.5, 1.2,
                                                          2.1)])
        self.assertEqual(plots.lp_rate([lp]), ([0.0, 1.0], [2.0, 1.0]))
        self.assertEqual(plots.nearest_rank([1.0, 2.0, 3.0], 50), 2.0)

    def test_html_is_self_contained(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "a.png"), "wb") as f:
                f.write(rs.PNG_SIGNATURE)
            page = document.render_html(
                [document.Heading(1, "t <x>"), document.Image("a.png", "a"),
                 document.Paragraph("see `code` & more")], "t", d)
        self.assertIn('src="data:image/png;base64,iVBORw0KGgo="', page)
        self.assertIn("<code>code</code> &amp; more", page)
        self.assertIn("t &lt;x&gt;", page)


class FolderTest(unittest.TestCase):
    def test_report_without_matplotlib(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            out = os.path.join(d, "out")
            result = folder.build_folder(
                folder.Options(path, rs.TOOLS, out_dir=out), NO_PLOTS)
            names = sorted(os.listdir(out))
            self.assertEqual(names, ["benchmark.json", "compare.json",
                                     "report.html", "report.md", "samples",
                                     "trace.json"])
            self.assertEqual(len(os.listdir(os.path.join(out, "samples"))),
                             4)
            md = rs.read_text(os.path.join(out, "report.md"))
        self.assertIn("plots skipped: matplotlib is not importable", md)
        self.assertEqual(result.notices, [NO_PLOTS()[1]])
        # One round: the figures are that round's, from the samples, and
        # the intervals its sampling noise only.
        self.assertEqual(result.verdict_text.splitlines(), [
            "xsb: verdict PASS: smoke/rate:20/batch:8/duration_s:2 (cpu "
            "backend)",
            "xsb:   baseline     HP P99 19.84 ms (x6.667 standalone); LP 100 "
            "it/s (90.0 % of standalone)",
            "xsb:   os-priority  HP P99 4.96 ms (-75.0 % vs baseline, x1.667 "
            "[x1.648, x1.686] standalone); LP 91 it/s (-9.0 % vs baseline, "
            "82.0 % [81.4 %, 82.6 %] of standalone): PASS",
            "xsb: rounds: 1 round: sampling noise only, not drift between "
            "runs",
            "xsb:   os-priority  HP P99 x0.25 [x0.2472, x0.2529], LP x0.91 "
            "[x0.905, x0.915], 1 round used",
            "xsb:     stable and repeatable: n/a (1 round used, nothing was "
            "repeated: run with --xsb_rounds=N or --xsb_rounds=auto)",
            f"xsb: report: {out}/report.md (report.html: the same, plots "
            "inlined)"])
        self.assertIn("HP P99 < 1.1 x baseline | met", md)
        self.assertIn("| os-priority | -75.0 % (x0.25) [-75.3 %, -74.7 %] at "
                      "95 % | -9.0 % (x0.91) [-9.5 %, -8.5 %] at 95 % | "
                      "x1.667 [x1.648, x1.686] | 82.0 % [81.4 %, 82.6 %] | "
                      "x1.82 [x1.814, x1.826] | PASS |", md)

    def test_rounds_in_the_block_the_report_and_the_table(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d, rounds=3)
            result = folder.build_folder(folder.Options(path, rs.TOOLS),
                                         NO_PLOTS)
            md = rs.read_text(os.path.join(d, "report.md"))
            by_case = runs.samples_by_case(runs.read_samples(
                os.path.join(d, "samples")))
            run = runs.read_run(path)
        lines = result.verdict_text.splitlines()
        self.assertIn("xsb: rounds: 3 run (stop: fixed), order alternating; "
                      "intervals at 95 %", lines)
        self.assertIn("xsb:     stable and repeatable: met (HP P99 "
                      "x0.1875..x0.3194 per round (geometric sd 31 %), all 3 "
                      "below 1.1; LP iter/s x0.91..x0.91 per round (geometric "
                      "sd 0 %), all 3 above 0.7: every round points the same "
                      "way)", lines)
        self.assertIn("| stable and repeatable | met |", md)
        self.assertIn("## Rounds", md)
        # Round 1: os-priority 5 x 0.9 against baseline 20 x 1.2.
        self.assertIn("| 1 | x0.1875 | x0.91 |", md)
        # The table's P99 is the pooled one the CDF marks, not the median
        # of the rounds' counters (19.84, 23.81, 17.86 ms -> 19.84).
        pooled = plots.nearest_rank(runs.window_latencies_ms(
            by_case[rs.BASE]), 99)
        self.assertNotEqual(pooled, run.cases[rs.BASE].median("hp_p99_ms"))
        row = next(r for r in rs.markdown_table(md, "case | HP P50")
                   if r[0] == "baseline")
        self.assertTrue(row[3].startswith(text.number(pooled) + " ["), row)
        self.assertEqual(row[-1], "3")

    def test_the_block_is_a_list_of_line_functions(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            result = folder.build_folder(folder.Options(path, rs.TOOLS),
                                         NO_PLOTS)
            run = runs.read_run(path)
        extra = [lambda block: [f"{len(block.comparison.pairs)} pair(s)"]]
        original = list(summary.BLOCK_LINES)
        summary.BLOCK_LINES[-1:-1] = extra
        try:
            text_out = summary.verdict_block(run, result.comparison, [],
                                             "r.md")
        finally:
            summary.BLOCK_LINES[:] = original
        self.assertEqual(text_out.splitlines()[-2:],
                         ["xsb: 1 pair(s)", "xsb: report: r.md (report.html: "
                          "the same, plots inlined)"])

    def test_cli_in_place_and_test_only(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d, {verdicts.TEST_ONLY_KEY: "cpu backend"})
            code, out, err = main_of(path, "--no-plots", "--gate")
            # Only xsched pairs are test-only; os-priority is judged.
            self.assertEqual(code, 0, err)
            self.assertIn("plots skipped: --no-plots", err)
            self.assertTrue(out.startswith("xsb: verdict TEST-ONLY"), out)
            md = rs.read_text(os.path.join(d, "report.md"))
            self.assertIn("TEST-ONLY run: cpu backend", md)
            code, out, err = main_of(path, "--no-plots", "--gate",
                                     "--compare-arg=--max-hp-p99-ratio=0.1")
            self.assertEqual(code, 1, err)  # os-priority misses 0.1

    def test_a_straddling_interval_is_undecided_not_missed(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            # HP P99 ratio 0.25 with its interval around it: a threshold of
            # 0.25 falls inside, so the criterion is neither met nor missed.
            code, out, _ = main_of(path, "--no-plots", "--gate",
                                   "--compare-arg=--max-hp-p99-ratio=0.25")
            self.assertEqual(code, 3)
            self.assertIn("verdict INCONCLUSIVE", out)
            md = rs.read_text(os.path.join(d, "report.md"))
            self.assertRegex(md, r"\| HP P99 < 0\.25 x baseline \| undecided "
                                 r"\| ratio x0\.25, interval \[x[\d.]+, "
                                 r"x[\d.]+\] at 95 %")

    def test_gate(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            code, out, _ = main_of(path, "--no-plots", "--gate",
                                   "--compare-arg=--max-hp-p99-ratio=0.1")
            self.assertEqual(code, 1)
            self.assertIn("verdict FAIL", out)
            code, _, _ = main_of(path, "--no-plots",
                                 "--compare-arg=--max-hp-p99-ratio=0.1")
            self.assertEqual(code, 0)


class ModuleAndNoVerdictTest(unittest.TestCase):
    def test_python_m_xsb_report(self):
        env = dict(os.environ, PYTHONPATH=rs.TOOLS)
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            done = subprocess.run(
                [sys.executable, "-B", "-m", "xsb_report", path,
                 "--no-plots"], capture_output=True, text=True, env=env,
                check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(done.stdout.startswith("xsb: verdict PASS"))
            self.assertTrue(os.path.exists(os.path.join(d, "report.html")))
            done = subprocess.run(
                [sys.executable, "-B", "-m", "xsb_report",
                 os.path.join(d, "x.json")], capture_output=True,
                text=True, env=env, check=False)
        self.assertEqual((done.returncode, done.stdout), (2, ""))
        self.assertRegex(done.stderr, r"^report.py: .*x.json: no such "
                         r"benchmark JSON file\n$")

    def test_baseline_alone_has_no_verdict(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            doc = json.loads(rs.read_text(path))
            doc["benchmarks"] = doc["benchmarks"][:1]
            rs.write_json(path, doc)
            code, out, err = main_of(path, "--no-plots", "--gate")
            self.assertEqual(code, 0, err)
            md = rs.read_text(os.path.join(d, "report.md"))
        lines = out.splitlines()
        self.assertEqual(lines[0], "xsb: verdict NO-VERDICT: smoke/rate:20/"
                         "batch:8/duration_s:2 (cpu backend)")
        self.assertIn("no pairs", lines[1])
        self.assertEqual(len(lines), 3)
        self.assertIn("No scheduler was compared with a baseline", md)
        self.assertIn("- no verdict: ", md)


def sweep_run(rates: list[int]) -> runs.Run:
    """A run of DualModel cases at each rate under two schedulers, the
    baseline's P99 growing with the rate; os-priority's last one failed."""
    doc = {"context": {}, "benchmarks": []}
    for rate in rates:
        for scheduler, p99 in (("baseline", rate / 10), ("os-priority", 2.0)):
            name = (f"DualModel/{scheduler}/smoke/rate:{rate}/batch:8/"
                    "duration_s:4")
            entry = {"name": name, "run_name": name,
                     "run_type": "iteration", "hp_p99_ms": p99,
                     "hp_p99_ci_low_ms": p99 * 0.9,
                     "hp_p99_ci_high_ms": p99 * 1.2, "hp_p99_valid": 1.0,
                     "lp_iter_per_s": 1000.0 - rate,
                     "lp_ci_low_iter_per_s": 990.0 - rate,
                     "lp_ci_high_iter_per_s": 1010.0 - rate}
            if scheduler == "os-priority" and rate == rates[-1]:
                entry = {"name": name, "run_name": name,
                         "run_type": "iteration", "error_occurred": True,
                         "error_message": "hp worker cannot keep up"}
            doc["benchmarks"].append(entry)
    return runs.parse_run(doc, "sweep.json")


class LoadCurveTest(unittest.TestCase):
    def test_one_line_per_scheduler_sorted_by_rate(self):
        curves = load_curve.load_curves(sweep_run([400, 100, 200]))
        self.assertEqual(len(curves), 1)
        curve = curves[0]
        self.assertEqual(curve.key, "smoke/batch:8/duration_s:4")
        self.assertEqual(list(curve.lines), ["baseline", "os-priority"])
        base = curve.lines["baseline"]
        self.assertEqual([p.rate for p in base], [100, 200, 400])
        self.assertEqual([p.p99_ms for p in base], [10, 20, 40])
        self.assertEqual(base[0].p99_high_ms, 12)
        self.assertEqual(base[2].lp_iter_per_s, 600)
        # The failed case (the last rate given) keeps its place and error.
        failed = next(p for p in curve.lines["os-priority"] if p.rate == 200)
        self.assertIsNone(failed.p99_ms)
        self.assertIn("cannot keep up", failed.error)

    def test_one_rate_is_no_curve(self):
        self.assertEqual(load_curve.load_curves(sweep_run([100])), [])

    def test_section_table(self):
        curves = load_curve.load_curves(sweep_run([100, 200]))
        blocks = load_curve.section(curves, ["latency_load.png"])
        self.assertIsInstance(blocks[0], document.Heading)
        table = blocks[-1]
        self.assertEqual(table.rows[0],
                         ["baseline", "100", "10 [9, 12]", "900 [890, 910]"])
        self.assertEqual(table.rows[3][2],
                         "failed: hp worker cannot keep up")
        self.assertEqual(load_curve.section([], []), [])


class LoadCurveTicksTest(unittest.TestCase):
    """Pure, so it runs without matplotlib."""

    def test_latency_axis_ticks_inside_one_decade(self):
        # A sweep whose P99s lie in 1.2..5.7 ms got one label (10^0).
        self.assertEqual(load_curve.log_ticks(1.2, 5.7), [1, 2, 5, 10])
        self.assertEqual(load_curve.log_ticks(3, 180),
                         [2, 5, 10, 20, 50, 100, 200])
        self.assertEqual(load_curve.log_ticks(0, 5), [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[1:])
