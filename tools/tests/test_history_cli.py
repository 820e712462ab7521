"""history.py's command line: check's exit codes (0 ok, 1 regression, 2
unusable input, 3 nothing comparable / nothing measured / a case failed),
the merge base, comparability messages, trend tables and PNGs, the
dashboard, and one-line messages for what is missing."""
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

from history_support import (CASE, HISTORY, OS_CASE, TOOLS, counters,
                             noisy, results, run_main, sha, smoke_runs,
                             write)
from xsb_history import plots


class Base(unittest.TestCase):
    def setUp(self):
        self.folder = self.enterContext(tempfile.TemporaryDirectory())
        self.db = os.path.join(self.folder, "h.sqlite")

    def main(self, *argv):
        return run_main("--db", self.db, *argv)

    def record(self, doc: dict, i: int, branch: str = "main"):
        path = write(self.folder, f"r{i}.json", doc)
        code, out, err = self.main("record", path, "--commit", sha(i),
                                   "--branch", branch, "--machine", "m")
        self.assertEqual(code, 0, err)
        return path

    def series(self, values: list, start: int = 0, **context):
        for i, v in enumerate(values):
            self.record(results({CASE: counters(v)}, start + i, context),
                        start + i)

    def check(self, doc: dict, *extra):
        path = write(self.folder, "new.json", doc)
        return self.main("check", path, "--machine", "m", "--gate", *extra)


class CheckTest(Base):
    def test_regression_same_and_better(self):
        # 5 runs within 5 %: a doubling is past the fence (the most
        # extreme run, 2.1, by 8 x its distance from the median).
        self.series([2.0, 2.1, 1.9, 2.05, 1.95])
        code, out, _ = self.check(results({CASE: counters(4.0)}, 99),
                                  "--against", "main")
        self.assertEqual(code, 1, out)
        self.assertRegex(out, r"hp_p99_ms \*\s+4\s+2\s+5\s+\+100.0%.*worse")
        self.assertIn("regression: hp_p50_ms in " + CASE, out)
        self.assertIn(", hp_p99_ms in " + CASE, out)
        code, out, _ = self.check(results({CASE: counters(2.02)}, 98),
                                  "--against", "main")
        self.assertEqual(code, 0, out)
        code, out, _ = self.check(results({CASE: counters(1.0)}, 97),
                                  "--against", "main")
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"hp_p99_ms \*.*better")

    def test_every_hp_percentile_1_5x_after_three_runs(self):
        # A real smoke run (fixtures/smoke_history.json) recorded three
        # times within 1 % (a machine whose runs repeat), then checked with
        # every HP percentile of every case 1.5x: P50 and P90 are gated,
        # so the check fails (before issue 21 only P99, whose n = 3 bound
        # is wide, and LP were: exit 0).
        real = smoke_runs()[0]

        def scaled(hp: float, other: float = 1.0) -> dict:
            return {case: {k: v * (hp if k.startswith("hp_") else other)
                           for k, v in figures.items()}
                    for case, figures in real.items()}
        for i, scale in enumerate((1.0, 1.01, 0.99)):
            self.record(results(scaled(scale, scale), i), i)
        code, out, _ = self.check(results(scaled(1.5), 9), "--against",
                                  "main")
        self.assertEqual(code, 1, out)
        for counter in ("hp_p50_ms", "hp_p90_ms"):
            self.assertRegex(out, counter + r" \*.*\+50.0%.*worse")
        self.assertEqual(self.check(results(scaled(1.005), 8), "--against",
                                    "main")[0], 0)

    def test_threshold_decides_a_small_but_clear_change(self):
        self.series([2.0, 2.01, 1.99, 2.0, 2.0])
        doc = results({CASE: counters(2.12)}, 99)
        self.assertEqual(self.check(doc, "--against", "main")[0], 0)
        code, out, _ = self.check(doc, "--against", "main", "--threshold",
                                  "hp_p99_ms=0.05")
        self.assertEqual(code, 1, out)

    def test_direction_aware_throughput(self):
        self.series([2.0] * 4)
        code, out, _ = self.check(results({CASE: counters(2.0, lp=400.0)},
                                          9), "--against", "main")
        self.assertEqual(code, 1)
        self.assertRegex(out, r"lp_iter_per_s \*.*-50.0%.*worse")

    def test_against_a_commit_uses_the_window_ending_there(self):
        self.series([2.0, 2.1, 1.9, 2.0, 8.0, 8.2, 7.9])
        doc = results({CASE: counters(8.1)}, 99)
        self.assertEqual(self.check(doc, "--against", sha(3)[:10])[0], 1)
        self.assertEqual(self.check(doc, "--against", "main")[0], 0)

    def test_merge_base_from_git(self):
        self.series([2.0, 2.1, 1.9, 2.0])
        git = mock.Mock()
        git.merge_base.return_value = "f" * 40  # not recorded
        git.ancestors.return_value = ["f" * 40, "e" * 40, sha(3), sha(2)]
        with mock.patch("xsb_history.cli.gitinfo", git):
            code, out, _ = self.check(results({CASE: counters(4.0)}, 9),
                                      "--against", "merge-base",
                                      "--commit", "a" * 40)
        self.assertEqual(code, 1, out)
        self.assertIn("merge base ffffffff with main, its nearest recorded "
                      "ancestor 00000003 is 2 commit(s) back", out)
        git.merge_base.assert_called_with("a" * 40, "main", ".")

    def test_merge_base_with_a_real_repository(self):
        repo = os.path.join(self.folder, "repo")
        os.mkdir(repo)
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")

        def git(*args):
            return subprocess.run(["git", *args], cwd=repo, env=env,
                                  check=True, capture_output=True,
                                  text=True).stdout.strip()
        git("init", "-q", "-b", "main")
        shas = []
        for i in range(4):
            git("commit", "-q", "--allow-empty", "-m", f"c{i}")
            shas.append(git("rev-parse", "HEAD"))
        git("checkout", "-q", "-b", "pr")
        git("commit", "-q", "--allow-empty", "-m", "pr")
        for i, (commit, v) in enumerate(zip(shas, [2.0, 2.1, 1.9, 2.0])):
            path = write(self.folder, f"g{i}.json",
                         results({CASE: counters(v)}, i))
            self.main("record", path, "--commit", commit, "--branch",
                      "main", "--machine", "m")
        new = write(self.folder, "pr.json",
                    results({CASE: counters(5.0)}, 9))
        code = subprocess.run(
            [sys.executable, HISTORY, "--db", self.db, "check", new,
             "--against", "merge-base", "--machine", "m", "--gate"],
            cwd=repo, capture_output=True, text=True)
        self.assertEqual(code.returncode, 1, code.stdout + code.stderr)
        self.assertIn(f"merge base {shas[3][:8]} with main", code.stdout)


class NotComparableTest(Base):
    def test_other_model_shape_is_a_message_not_a_number(self):
        self.series([2.0, 2.1, 1.9])
        big = {"xsb_hp_model": "mlp layers=4 hidden=2048 batch=1"}
        doc = results({CASE: counters(20.0)}, 9, big)
        code, out, err = self.check(doc, "--against", "main")
        self.assertEqual((code, out), (3, ""))
        self.assertIn("not comparable: xsb_hp_model is 'mlp layers=4 "
                      "hidden=2048 batch=1' here", err)
        self.assertIn("pass --ignore xsb_hp_model", err)
        code, out, _ = self.check(doc, "--against", "main", "--ignore",
                                  "xsb_hp_model")
        self.assertEqual(code, 1, out)
        self.assertIn("compared across an ignored difference: xsb_hp_model",
                      out)

    def test_other_machine(self):
        self.series([2.0, 2.1, 1.9])
        path = write(self.folder, "n.json", results({CASE: counters(2.0)}))
        code, _, err = self.main("check", path, "--against", "main",
                                 "--machine", "other", "--gate")
        self.assertEqual(code, 3)
        self.assertIn("no recorded run on machine 'other' (machines "
                      "recorded: m)", err)

    def test_driver_change_is_named_not_refused(self):
        self.series([2.0, 2.1, 1.9])
        doc = results({CASE: counters(2.0)}, 9,
                      {"xsb_driver_version": "Linux 6.9"})
        code, out, _ = self.check(doc, "--against", "main")
        self.assertEqual(code, 0)
        self.assertIn("note: xsb_driver_version changed: 'Linux 6.1' -> "
                      "'Linux 6.9'", out)

    def test_unknown_target(self):
        self.series([2.0, 2.1, 1.9])
        code, _, err = self.check(results({CASE: counters(2.0)}, 9),
                                  "--against", "nosuchbranch")
        self.assertEqual(code, 3)
        self.assertIn("no comparable run on branch or at commit", err)

    def test_too_short_a_history_judges_nothing(self):
        self.series([2.0, 2.1])
        code, out, _ = self.check(results({CASE: counters(9.0)}, 9),
                                  "--against", "main")
        self.assertEqual(code, 3)
        self.assertIn("2 comparable run(s): a check needs 3", out)


class FailedAndEmptyTest(Base):
    def test_failed_case_is_not_a_regression(self):
        self.record(results({CASE: counters(2.0), OS_CASE: counters(1.0)},
                            0), 0)
        self.series([2.1, 1.9, 2.0], start=1)
        doc = results({CASE: counters(2.0), OS_CASE: "HP worker crashed"}, 9)
        code, out, _ = self.check(doc, "--against", "main")
        self.assertEqual(code, 3)
        self.assertIn(f"failed: {OS_CASE}: HP worker crashed", out)
        self.assertNotIn("regression", out)

    def test_nothing_measured(self):
        self.series([2.0, 2.1, 1.9])
        code, out, err = self.check(results({CASE: "timed out"}, 9),
                                    "--against", "main")
        self.assertEqual((code, out), (3, ""))
        self.assertIn("nothing measured: every case of", err)
        self.assertIn("timed out", err)

    def test_without_gate_the_exit_code_is_0(self):
        self.series([2.0, 2.1, 1.9])
        path = write(self.folder, "n.json", results({CASE: counters(9.0)}))
        code, out, _ = self.main("check", path, "--against", "main",
                                 "--machine", "m")
        self.assertEqual(code, 0)
        self.assertIn("worse", out)


class BadInputTest(Base):
    def test_one_line_errors_exit_2(self):
        cases = [
            (["record", os.path.join(self.folder, "missing.json")],
             "missing.json: no such results file"),
            (["record", write(self.folder, "x.json", {"a": 1})],
             "not Google Benchmark JSON"),
            (["show", "5"], "no run 5 in the history"),
            (["check", "x.json", "--against", "main", "--threshold",
              "hp_p99_ms"], "is not COUNTER=FRACTION"),
            (["trend", "nonsense_ms"], "unknown counter 'nonsense_ms'"),
            (["list", "--bogus"], "unrecognized arguments"),
        ]
        for argv, message in cases:
            code, out, err = self.main(*argv)
            self.assertEqual((code, out), (2, ""), argv)
            self.assertIn(message, err)
            self.assertEqual(len(err.splitlines()), 1, err)

    def test_missing_psycopg2_is_one_line(self):
        with mock.patch.dict(sys.modules, {"psycopg2": None}):
            code, _, err = run_main("--db", "postgresql://x@127.0.0.1/db",
                                    "list")
        self.assertEqual(code, 2)
        self.assertEqual(err, "history.py: PostgreSQL history needs "
                         "psycopg2: apt-get install python3-psycopg2, or run "
                         "with /usr/bin/python3\n")

    def test_module_entry_point(self):
        done = subprocess.run([sys.executable, "-m", "xsb_history", "--db",
                               self.db, "list"], cwd=TOOLS,
                              capture_output=True, text=True)
        self.assertEqual((done.returncode, done.stdout),
                         (0, "no runs recorded\n"))


class TrendTest(Base):
    def test_table_marks_the_step_and_the_worse_point(self):
        values = noisy(12, 0.03, seed=1, step_at=6, step=2.0)
        self.series(values)
        plot_dir = os.path.join(self.folder, "plots")
        code, out, err = self.main("trend", "hp_p99_ms", "--case", "base",
                                   "--plot-dir", plot_dir)
        self.assertEqual(code, 0, err)
        self.assertIn("1 change point(s)", out)
        row = [line for line in out.splitlines()
               if line.startswith("7 ")][0]
        self.assertIn("worse", row)
        self.assertIn("step", row)
        if plots.load_pyplot() is None:
            self.assertIn("plots skipped: matplotlib", err)
            return
        (png,) = os.listdir(plot_dir)
        with open(os.path.join(plot_dir, png), "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_without_matplotlib_one_line(self):
        self.series([2.0, 2.1, 1.9])
        with mock.patch.dict(sys.modules, {"matplotlib": None}):
            code, _, err = self.main("trend", "hp_p99_ms", "--plot-dir",
                                     os.path.join(self.folder, "p"))
        self.assertEqual(code, 0)
        self.assertEqual(err.count("\n"), 1)
        self.assertIn("plots skipped: matplotlib is not importable", err)

    def test_series_split_by_configuration(self):
        self.series([2.0, 2.1, 1.9])
        self.series([9.0, 9.1], start=3, xsb_seed="7")
        _, out, _ = self.main("trend", "hp_p99_ms", "--plot-dir",
                              os.path.join(self.folder, "p"))
        self.assertEqual(out.count("hp_p99_ms  " + CASE), 2)
        _, out, _ = self.main("trend", "hp_p99_ms", "--ignore", "xsb_seed",
                              "--plot-dir", os.path.join(self.folder, "p"))
        self.assertEqual(out.count("hp_p99_ms  " + CASE), 1)


class DashboardTest(Base):
    def test_self_contained_page_with_linked_points(self):
        self.series(noisy(12, 0.03, seed=1, step_at=6, step=2.0))
        out_dir = os.path.join(self.folder, "dash")
        code, out, _ = self.main("dashboard", out_dir, "--last", "10")
        self.assertEqual(code, 0)
        self.assertIn("2 trend(s), 10 run(s)", out)
        with open(os.path.join(out_dir, "index.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertNotIn("http://" + "cdn", page)
        self.assertNotIn("<script", page)
        self.assertNotIn("src=", page)
        self.assertIn('<tr id="run-12">', page)
        self.assertIn('<a href="#run-12">', page)
        self.assertNotIn('id="run-2"', page)  # older than the last 10
        self.assertIn('stroke-dasharray', page)  # the change point
        self.assertIn("change points: at 00000006", page)


if __name__ == "__main__":
    unittest.main()
