import os
import tempfile
import unittest

from support import FIXTURES, fixture
from xsb_compare.errors import InputError
from xsb_compare.load import listing, load_run, parse_run

BASE = "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4"
OS = "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4"


class LoadTest(unittest.TestCase):
    def test_single_run(self):
        run = load_run(fixture("base.json"))
        self.assertEqual(list(run.cases), [BASE])
        case = run.cases[BASE]
        self.assertEqual(case.repetitions, 1)
        self.assertEqual(case.values["hp_p99_ms"], [4.0])
        self.assertEqual(run.context["xsb_seed"], "42")
        # Google Benchmark's own fields are not counters.
        for field in ("real_time", "cpu_time", "iterations", "threads",
                      "repetitions", "family_index"):
            self.assertNotIn(field, case.values)

    def test_repetitions_in_order_and_aggregates_ignored(self):
        run = load_run(fixture("repeated.json"))
        self.assertEqual(run.cases[BASE].values["hp_p99_ms"], [4.0, 4.4, 4.2])
        self.assertEqual(run.cases[BASE].repetitions, 3)
        self.assertFalse(run.cases[BASE].from_median)
        self.assertEqual(len(run.cases), 5)

    def test_failed_repetitions_are_kept_apart(self):
        case = load_run(fixture("os_priority_failed.json")).cases[OS]
        self.assertEqual(case.repetitions, 1)
        self.assertEqual(case.values["hp_p99_ms"], [0.9])
        self.assertEqual(case.errors,
                         ["lp worker exited with signal 9 (Killed)"])

    def test_aggregates_only_uses_the_median_row(self):
        case = load_run(fixture("os_priority_aggregates_only.json")).cases[OS]
        self.assertTrue(case.from_median)
        self.assertEqual(case.repetitions, 1)
        self.assertEqual(case.values["hp_p99_ms"], [0.9])

    def test_aggregate_without_run_name(self):
        run = parse_run({"benchmarks": [{
            "name": BASE + "/iterations:1/real_time_median",
            "run_type": "aggregate", "aggregate_name": "median",
            "hp_p99_ms": 2.0}]}, "x.json")
        self.assertEqual(run.cases[BASE].values, {"hp_p99_ms": [2.0]})
        self.assertTrue(run.cases[BASE].from_median)

    def test_non_numeric_and_non_finite_fields_are_not_counters(self):
        run = parse_run({"benchmarks": [{
            "name": BASE, "run_type": "iteration", "hp_p99_ms": 1.0,
            "note": "text", "flag": True, "bad": float("nan")}]}, "x.json")
        self.assertEqual(run.cases[BASE].values, {"hp_p99_ms": [1.0]})

    def test_run_facts_reach_every_case(self):
        xsched = ("DualModel/xsched/smoke/rate:200/batch:8/duration_s:4/"
                  "lp_threshold:16/lp_batch_size:8")
        mps = "DualModel/mps/smoke/rate:200/batch:8/duration_s:4"
        doc = {"context": {"xsb_confidence": "0.975",
                           "xsb_xsched_test_only": "cpu backend",
                           "xsb_scheduler_mps_test_only": "cpu backend"},
               "benchmarks": [{"name": n, "hp_p99_ms": 1.0}
                              for n in (BASE, xsched, mps)]}
        run = parse_run(doc, "x.json")
        self.assertEqual(run.cases[BASE].confidence, 0.975)
        # Only the schedulers the run names ran as a test; baseline ran.
        self.assertFalse(run.cases[BASE].test_only_run)
        self.assertTrue(run.cases[xsched].test_only_run)
        self.assertTrue(run.cases[mps].test_only_run)
        plain = parse_run({"benchmarks": [{"name": BASE}]}, "x.json")
        self.assertIsNone(plain.cases[BASE].confidence)
        self.assertFalse(plain.cases[BASE].test_only_run)

    def test_bad_confidence(self):
        for value in ("abc", "1.5", "0"):
            with self.subTest(value=value):
                with self.assertRaises(InputError) as caught:
                    parse_run({"context": {"xsb_confidence": value},
                               "benchmarks": [{"name": BASE}]}, "x.json")
                self.assertEqual(str(caught.exception),
                                 f"x.json: xsb_confidence is '{value}', not a "
                                 "number between 0 and 1")

    def test_listing(self):
        self.assertEqual(listing(["a", "b"]), "a, b")
        self.assertEqual(listing("abcdef"), "a, b, c, d and 2 more")
        self.assertEqual(listing([]), "none")


class BadInputTest(unittest.TestCase):
    def assert_error(self, path, message):
        with self.assertRaises(InputError) as caught:
            load_run(path)
        text = str(caught.exception)
        self.assertIn(message, text)
        self.assertNotIn("\n", text)
        self.assertTrue(text.startswith(path), text)

    def test_missing_file(self):
        self.assert_error(fixture("nope.json"), "no such file")

    def test_directory(self):
        self.assert_error(FIXTURES, "is a directory")

    def test_not_json(self):
        self.assert_error(fixture("not_json.json"),
                          "not JSON (Expecting value at line 1, column 1)")

    def test_not_utf8(self):
        with tempfile.NamedTemporaryFile("wb", suffix=".json",
                                         delete=False) as f:
            f.write(b"\xff\xfe\x00")
        self.addCleanup(os.unlink, f.name)
        self.assert_error(f.name, "not JSON (not UTF-8 text)")

    def test_not_benchmark_json(self):
        self.assert_error(fixture("not_benchmark_json.json"),
                          "not Google Benchmark JSON (no 'benchmarks' list)")

    def test_no_benchmarks(self):
        self.assert_error(fixture("no_benchmarks.json"),
                          "no benchmarks in the file")

    def test_no_xsb_cases(self):
        self.assert_error(fixture("other_benchmarks.json"),
                          "no xsb_bench cases (DualModel/... or "
                          "Standalone/...); found BM_NearestRankPercentile/"
                          "1000")

    def test_entry_without_name(self):
        with self.assertRaises(InputError) as caught:
            parse_run({"benchmarks": [{"run_type": "iteration"}]}, "x.json")
        self.assertIn("benchmark #1 has no name", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
