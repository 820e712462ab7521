"""compare.py's command line: formats, exit codes, every bad input."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

from support import (COMPARE, FIXTURES, TOOLS, document, dual, fixture,
                     run_main, write_json)

BASE, OS = fixture("base.json"), fixture("os_priority.json")
OS_NAME = "os-priority"
NO_MATPLOTLIB = {"matplotlib": None, "matplotlib.pyplot": None}


class FormatsTest(unittest.TestCase):
    def test_table_is_the_default(self):
        code, out, err = run_main(BASE, OS)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("os-priority vs baseline", out)
        self.assertIn("summary: 1 pair: 1 passed, 0 failed", out)

    def test_markdown(self):
        code, out, _ = run_main(BASE, OS, "--format", "markdown")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("# xsb_bench comparison\n"))

    def test_json(self):
        code, out, _ = run_main(BASE, OS, "--format", "json")
        self.assertEqual(code, 0)
        data = json.loads(out)
        self.assertTrue(data["passed"])
        self.assertEqual(len(data["pairs"]), 1)

    def test_one_file_holding_both(self):
        code, out, _ = run_main(fixture("repeated.json"))
        self.assertEqual(code, 0)
        self.assertIn("summary: 2 pairs: 1 passed, 0 failed, 1 inconclusive",
                      out)

    def test_closed_pipe_ends_quietly(self):
        # `compare.py ... | head -1`: here the reader is gone before the
        # first write, so every write fails.
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            run = subprocess.run([sys.executable, COMPARE, BASE, OS],
                                 stdout=write_end, stderr=subprocess.PIPE,
                                 text=True, timeout=30)
        finally:
            os.close(write_end)
        self.assertNotIn("Traceback", run.stderr)
        self.assertEqual(run.returncode, 141)

    def test_help(self):
        with mock.patch("sys.stdout"):
            self.assertEqual(run_main("--help")[0], 0)


class GateTest(unittest.TestCase):
    def test_passing(self):
        self.assertEqual(run_main(BASE, OS, "--gate")[0], 0)

    def test_failing_threshold(self):
        self.assertEqual(run_main(BASE, OS, "--gate",
                                  "--max-hp-p99-ratio", "0.2")[0], 1)
        self.assertEqual(run_main(BASE, OS, "--gate",
                                  "--min-lp-ratio", "0.8")[0], 1)

    def test_no_gate_reports_but_exits_0(self):
        code, out, _ = run_main(BASE, OS, "--min-lp-ratio", "0.8")
        self.assertEqual(code, 0)
        self.assertIn("lp_iter_per_s > baseline x 0.8: ratio 0.75 (no "
                      "interval) FAIL", out)

    def test_failed_case_fails_the_gate(self):
        self.assertEqual(run_main(BASE, fixture("os_priority_failed.json"),
                                  "--gate")[0], 1)

    def test_alpha(self):
        # hp_mean_ms has no interval: 3 rounds a side that do not overlap
        # give the rank test's smallest p, 0.1.
        rows = []
        for r in range(3):
            for scheduler, mean in (("baseline", 2.0), (OS_NAME, 1.0)):
                row = dual(scheduler, hp_mean_ms=mean + r / 10)
                rows.append({**row, "repetition_index": r})
        with tempfile.TemporaryDirectory() as d:
            path = write_json(d, "r.json", document(*rows))
            _, out, _ = run_main(path)
            self.assertRegex(out, r"hp_mean_ms .* better p=0.1\n")
            _, out, _ = run_main(path, "--alpha", "0.05")
            self.assertRegex(out, r"hp_mean_ms .* same p=0.1\n")


class ReferenceModeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.ref = os.path.join(self.dir.name, "ref.json")

    def write_reference(self, *files):
        code, _, err = run_main(*files, "--write-reference", self.ref)
        self.assertEqual(code, 0, err)
        with open(self.ref) as f:
            return json.load(f)

    def test_round_trip_passes(self):
        data = self.write_reference(BASE, OS)
        self.assertEqual(data["format"], "xsb_compare_reference")
        code, out, _ = run_main(BASE, OS, "--reference", self.ref, "--gate")
        self.assertEqual(code, 0)
        self.assertIn("reference check against " + self.ref, out)

    def test_regression_fails_the_gate(self):
        data = self.write_reference(BASE, OS)
        pair = next(iter(data["pairs"].values()))
        pair["ratios"]["hp_p99_ms"] = 0.1  # the run's 0.225 is now +125 %
        with open(self.ref, "w") as f:
            json.dump(data, f)
        code, out, _ = run_main(BASE, OS, "--reference", self.ref, "--gate")
        self.assertEqual(code, 1)
        self.assertIn("regression", out)
        self.assertEqual(run_main(BASE, OS, "--reference", self.ref)[0], 0)
        # Tolerances: per counter, and the default.
        self.assertEqual(run_main(BASE, OS, "--reference", self.ref, "--gate",
                                  "--tolerance", "hp_p99_ms=1.5")[0], 0)
        self.assertEqual(run_main(BASE, OS, "--reference", self.ref, "--gate",
                                  "--tolerance", "1.5")[0], 0)
        code, out, _ = run_main(BASE, OS, "--reference", self.ref, "--gate",
                                "--tolerance", "1.5", "--tolerance",
                                "hp_p99_ms=0.1", "--format", "json")
        self.assertEqual(code, 1)
        checks = json.loads(out)["reference"]["checks"]
        self.assertEqual({c["metric"]: c["tolerance"] for c in checks},
                         {"hp_p99_ms": 0.1, "lp_iter_per_s": 1.5})

    def test_reference_of_another_backend(self):
        data = self.write_reference(BASE, OS)
        data["context"]["xsb_backend"] = "hip"
        with open(self.ref, "w") as f:
            json.dump(data, f)
        code, _, err = run_main(BASE, OS, "--reference", self.ref)
        self.assertEqual(code, 2)
        self.assertIn("context mismatch: xsb_backend is 'hip' in " + self.ref,
                      err)
        code, out, _ = run_main(BASE, OS, "--reference", self.ref,
                                "--allow-mismatch")
        self.assertEqual(code, 0)
        self.assertIn("context mismatch (allowed): xsb_backend", out)


class BadInputTest(unittest.TestCase):
    """Every unusable input: exit 2, one line on stderr, nothing else."""

    def assert_unusable(self, message, *argv):
        code, out, err = run_main(*argv)
        self.assertEqual(code, 2, err)
        self.assertEqual(out, "")
        self.assertEqual(err.count("\n"), 1, err)
        self.assertTrue(err.startswith("compare.py: "), err)
        self.assertIn(message, err)

    def test_missing_file(self):
        self.assert_unusable("nope.json: no such file", BASE, "nope.json")

    def test_not_json(self):
        self.assert_unusable("not_json.json: not JSON",
                             fixture("not_json.json"))

    def test_no_benchmarks(self):
        self.assert_unusable("no benchmarks in the file",
                             fixture("no_benchmarks.json"))

    def test_no_xsb_cases(self):
        self.assert_unusable("no xsb_bench cases",
                             fixture("other_benchmarks.json"))

    def test_no_pairs(self):
        self.assert_unusable("no pairs: the candidate cases", BASE,
                             fixture("os_priority_rate100.json"))

    def test_mismatched_context(self):
        self.assert_unusable(
            "context mismatch: xsb_seed is '42' in " + BASE + " but '7' in ",
            BASE, fixture("os_priority_seed7.json"))

    def test_allowed_mismatch_is_a_warning(self):
        code, out, _ = run_main(BASE, fixture("os_priority_seed7.json"),
                                "--allow-mismatch", "--gate")
        self.assertEqual(code, 0)
        self.assertIn("context mismatch (allowed): xsb_seed is '42'", out)

    def test_too_many_files(self):
        self.assert_unusable("give one or two result files, not 3", BASE, OS,
                             OS)

    def test_bad_flags(self):
        self.assert_unusable("'abc' is not a number", BASE, OS,
                             "--max-hp-p99-ratio", "abc")
        self.assert_unusable("must be >= 0", BASE, OS, "--min-lp-ratio", "-1")
        self.assert_unusable("invalid choice: 'xml'", BASE, "--format", "xml")
        self.assert_unusable("unrecognized arguments: --colour", BASE,
                             "--colour")
        self.assert_unusable("the following arguments are required: FILE")
        self.assert_unusable("'=0.1' names no counter", BASE, OS,
                             "--reference", "r.json", "--tolerance", "=0.1")
        self.assert_unusable("--tolerance applies to --reference", BASE, OS,
                             "--tolerance", "0.1")
        self.assert_unusable("--plot-dir needs --samples-dir",
                             BASE, OS, "--plot-dir", "plots")

    def test_tolerance_for_an_unknown_counter(self):
        self.assert_unusable(
            "argument --tolerance: 'hp_p99' is not a counter compare knows",
            BASE, OS, "--reference", "r.json", "--tolerance", "hp_p99=0.5")
        # Known counters and the Standalone ratios are accepted.
        for name in ("hp_p999_ms", "hp_p99_slowdown", "system_throughput"):
            with self.subTest(name=name):
                code, _, err = run_main(BASE, OS, "--reference", "nope.json",
                                        "--tolerance", f"{name}=0.5")
                self.assertIn("nope.json: no such reference file", err)

    def test_alpha_and_confidence_inside_0_1(self):
        for flag in ("--alpha", "--confidence"):
            for value in ("2", "1", "0", "-0.1", "nan"):
                with self.subTest(flag=flag, value=value):
                    self.assert_unusable(
                        f"argument {flag}: must be between 0 and 1 "
                        f"(exclusive), got {value}", BASE, OS, flag, value)
            self.assertEqual(run_main(BASE, OS, flag, "0.05")[0], 0)

    def test_bad_reference(self):
        self.assert_unusable("nope.json: no such reference file", BASE, OS,
                             "--reference", "nope.json")
        self.assert_unusable("not_json.json: not JSON (Expecting value",
                             BASE, OS, "--reference", fixture("not_json.json"))
        self.assert_unusable("not an xsb_compare reference", BASE, OS,
                             "--reference", BASE)

    def test_reference_cannot_be_written(self):
        self.assert_unusable("cannot write the reference", BASE, OS,
                             "--write-reference",
                             os.path.join(FIXTURES, "no_dir", "ref.json"))

    def test_bad_samples_dir(self):
        self.assert_unusable("no_dir: no such directory", BASE, OS,
                             "--samples-dir", fixture("no_dir"),
                             "--plot-dir", "plots")

    def test_no_traceback_from_the_script(self):
        for argv in ([BASE, "nope.json"], [fixture("not_json.json")],
                     [BASE, "--format"]):
            with self.subTest(argv=argv):
                run = subprocess.run([sys.executable, COMPARE, *argv],
                                     capture_output=True, text=True,
                                     timeout=30)
                self.assertEqual(run.returncode, 2)
                self.assertEqual(run.stderr.count("\n"), 1, run.stderr)
                self.assertNotIn("Traceback", run.stderr)


class EntryPointsTest(unittest.TestCase):
    def test_python_m_xsb_compare(self):
        # PYTHONPATH holds tools/ (ctest sets it; so does this process).
        env = dict(os.environ, PYTHONPATH=TOOLS)
        run = subprocess.run([sys.executable, "-m", "xsb_compare", BASE, OS,
                              "--gate"], capture_output=True, text=True,
                             env=env, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("summary: 1 pair: 1 passed, 0 failed", run.stdout)

    def test_the_script_needs_no_pythonpath(self):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        run = subprocess.run([sys.executable, COMPARE, BASE, "nope.json"],
                             capture_output=True, text=True, env=env,
                             timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("nope.json: no such file", run.stderr)

    def test_wrapper_main_returns_the_exit_code(self):
        import compare  # tools/compare.py, importable from PYTHONPATH
        with mock.patch("sys.stdout"), mock.patch("sys.stderr"):
            self.assertEqual(compare.main([BASE, "nope.json"]), 2)

    def test_no_sys_path_changes(self):
        for folder in ("xsb_compare", "tests"):
            for name in os.listdir(os.path.join(TOOLS, folder)):
                if not name.endswith(".py") or name == "test_cli.py":
                    continue
                with open(os.path.join(TOOLS, folder, name)) as f:
                    self.assertNotIn("sys.path", f.read(), name)
        with open(COMPARE) as f:
            self.assertNotIn("sys.path", f.read())


class PlotsTest(unittest.TestCase):
    def test_without_matplotlib_a_notice_and_carry_on(self):
        with tempfile.TemporaryDirectory() as plots:
            with mock.patch.dict(sys.modules, NO_MATPLOTLIB):
                code, out, err = run_main(
                    BASE, OS, "--samples-dir", fixture("samples"),
                    "--plot-dir", plots)
            self.assertEqual(code, 0)
            self.assertIn("summary: 1 pair", out)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertTrue(err.startswith("plots skipped: matplotlib is not "
                                           "importable"), err)
            self.assertEqual(os.listdir(plots), [])


if __name__ == "__main__":
    unittest.main()
