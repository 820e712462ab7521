"""history.py export --format for CI trackers (issue 25, item 3):
github-action-benchmark's customSmallerIsBetter / customBiggerIsBetter and
the Bencher Metric Format, each headline counter with its unit and
direction, strict JSON, the newest run unless --run names one."""
import json
import os
import tempfile
import unittest

from history_support import CASE, OS_CASE, counters, results, run_main, \
    sha, write


def strict(text: str):
    def refuse(token):
        raise ValueError(f"bare {token}")
    return json.loads(text, parse_constant=refuse)


class TrackerExportTest(unittest.TestCase):
    def setUp(self):
        self.folder = self.enterContext(tempfile.TemporaryDirectory())
        self.db = os.path.join(self.folder, "h.sqlite")
        self.record({CASE: counters(2.0), OS_CASE: counters(9.0)}, 1)
        # The newest: three repetitions, median P99 3.0, LP 700..900.
        self.record({CASE: [counters(3.0, 700.0), counters(2.0, 800.0),
                            counters(5.0, 900.0)],
                     OS_CASE: "lp worker exited with signal 9 (Killed)"}, 2)

    def record(self, cases: dict, i: int):
        path = write(self.folder, f"r{i}.json", results(cases, i))
        code, _, err = run_main("--db", self.db, "record", path, "--commit",
                                sha(i), "--machine", "m")
        self.assertEqual(code, 0, err)

    def export(self, fmt: str, *extra):
        code, out, err = run_main("--db", self.db, "export", "--format", fmt,
                                  *extra)
        self.assertEqual(code, 0, err)
        return strict(out), err

    def test_github_smaller_is_the_lower_counters_of_the_newest_run(self):
        entries, _ = self.export("github-smaller")
        by_name = {e["name"]: e for e in entries}
        self.assertEqual(sorted(by_name), sorted(
            f"{CASE} {c}" for c in ("hp_p50_ms", "hp_p99_ms")))
        p99 = by_name[f"{CASE} hp_p99_ms"]
        self.assertEqual((p99["unit"], p99["value"]), ("ms", 3.0))
        self.assertEqual(p99["range"], "2 to 5")
        self.assertIn("lower is better", p99["extra"])
        for entry in entries:  # github-action-benchmark's required keys
            self.assertIsInstance(entry["value"], float)
            self.assertTrue(entry["unit"])

    def test_github_bigger_is_the_higher_counters(self):
        entries, _ = self.export("github-bigger")
        by_name = {e["name"]: e for e in entries}
        self.assertEqual(sorted(by_name), sorted(
            f"{CASE} {c}" for c in ("lp_iter_per_s", "lp_samples_per_s")))
        lp = by_name[f"{CASE} lp_iter_per_s"]
        self.assertEqual((lp["unit"], lp["value"]), ("iterations/s", 800.0))
        self.assertIn("higher is better", lp["extra"])

    def test_bencher_metric_format_names_unit_and_direction(self):
        doc, _ = self.export("bencher", "--run", "1")
        self.assertEqual(sorted(doc), sorted([CASE, OS_CASE]))
        p99 = doc[OS_CASE]["hp_p99_ms (ms, lower is better)"]
        self.assertEqual(p99, {"value": 9.0, "lower_value": 9.0,
                               "upper_value": 9.0})
        self.assertIn("lp_iter_per_s (iterations/s, higher is better)",
                      doc[CASE])
        for measures in doc.values():
            for measure in measures:
                self.assertLessEqual(len(measure), 64)  # Bencher's limit

    def test_a_value_that_is_not_finite_is_named_not_written(self):
        self.record({CASE: [counters(2.0), dict(counters(3.0),
                                                 hp_p99_ms=float("inf"))]}, 3)
        entries, err = self.export("github-smaller")
        names = [e["name"] for e in entries]
        self.assertNotIn(f"{CASE} hp_p99_ms", names)
        self.assertIn(f"{CASE} hp_p50_ms", names)
        self.assertIn(f"{CASE} hp_p99_ms (repetition 2) is not a finite", err)

    def test_unknown_run_is_one_line(self):
        code, _, err = run_main("--db", self.db, "export", "--format",
                                "bencher", "--run", "7")
        self.assertEqual(code, 2)
        self.assertEqual(err.count("\n"), 1, err)
        self.assertIn("no run 7", err)


class NonFiniteShowTest(unittest.TestCase):
    """Issue 25, item 5: history.py show names a value that is not finite,
    with its case and repetition, instead of omitting the counter."""

    def test_show_names_the_value(self):
        folder = self.enterContext(tempfile.TemporaryDirectory())
        db = os.path.join(folder, "h.sqlite")
        doc = results({CASE: [counters(2.0), dict(counters(3.0),
                                                   hp_p99_ms=float("nan"))]})
        path = write(folder, "r.json", doc)
        code, _, err = run_main("--db", db, "record", path, "--commit",
                                sha(1), "--machine", "m")
        self.assertEqual(code, 0, err)
        code, out, _ = run_main("--db", db, "show", "1")
        self.assertEqual(code, 0)
        self.assertIn(f"{CASE}: 2 repetition(s)", out)
        self.assertIn("hp_p99_ms = 2 (not finite, left out: nan in "
                      "repetition 2)", out)


if __name__ == "__main__":
    unittest.main()
