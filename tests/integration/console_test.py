#!/usr/bin/env python3
"""What a user reads on the terminal: --help (purpose, scenarios, examples,
exit codes, every flag with its default, only the Google Benchmark flags that
apply), Google Benchmark's table on request, --xsb_device (the GPU index,
ignored with a note on the CPU backend, recorded in the JSON context) and
--xsb_doctor (one line per check with its remedy)."""
import json
import os
import re
import tempfile
import unittest

import harness
from xsched_test import FakeRoot, clean_env, free_port

SHORT = ["--xsb_scenarios=smoke", "--xsb_duration_s=0.5", "--xsb_warmup_s=0",
         "--xsb_standalone=false", "--benchmark_filter=DualModel/baseline/",
         "--xsb_backend=cpu"]


def run_bench(*flags, **kwargs):
    return harness.run_bench(*flags, **kwargs)


def documented_flags():
    """Every --xsb_* flag the user guide's table and every --xsched_* flag
    xsched.md's table name: the help must show each."""
    names = set()
    for doc, prefix in (("user-guide.md", "xsb"), ("xsched.md", "xsched")):
        with open(os.path.join(harness.REPO_ROOT, "docs", doc)) as f:
            for line in f:
                if line.startswith("| `--"):
                    names.update(re.findall(rf"`(--{prefix}_\w+)", line))
    # Commands handled before the flag tables, listed in the usage lines.
    return names - {"--xsb_list_counters", "--xsb_doctor"}


class HelpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.help = run_bench("--help")
        cls.text = cls.help.stdout

    def test_exits_zero_with_short_lines(self):
        self.assertEqual(self.help.returncode, 0, self.help.stderr)
        self.assertLessEqual(max(len(line) for line in self.text.splitlines()),
                             100)

    def test_purpose_usage_examples_exit_codes(self):
        self.assertRegex(self.text, r"^xsb_bench: measures how well a GPU "
                                    r"scheduler")
        self.assertIn("Usage: xsb_bench", self.text)
        self.assertIn("--xsb_doctor", self.text)
        self.assertIn("Examples:\n  xsb_bench --benchmark_filter=", self.text)
        self.assertRegex(self.text, r"(?s)Exit codes: 0 every case ran.*;\s+1"
                                    r"\s+a\s+case\s+failed.*;\s+2\s+bad\s+usage")

    def test_scenarios_with_their_parameters(self):
        for row in (r"original\s+10 req/s\s+8\s+60 s\s+5 s",
                    r"intensive\s+20 req/s\s+1024\s+180 s\s+10 s",
                    r"smoke\s+200 req/s\s+8\s+4 s\s+1 s"):
            self.assertRegex(self.text, row)

    def test_every_flag_with_its_default(self):
        flags = documented_flags()
        self.assertGreater(len(flags), 30)
        for flag in sorted(flags):
            with self.subTest(flag=flag):
                # A long entry wraps onto lines indented by six spaces.
                self.assertRegex(
                    self.text,
                    rf"\n  {flag}=(?:[^\n]|\n      )*?\[default:\s+[^\]]+\]")
        self.assertNotIn("see docs/user-guide.md]", self.text)

    def test_only_the_google_benchmark_flags_that_apply(self):
        listed = set(re.findall(r"\n  (--benchmark_\w+)", self.text))
        self.assertEqual(listed, {
            "--benchmark_filter", "--benchmark_repetitions",
            "--benchmark_out", "--benchmark_out_format", "--benchmark_format",
            "--benchmark_list_tests",
            "--benchmark_counters_tabular", "--benchmark_context",
            "--benchmark_color"})
        # Rounds replace interleaving and aggregates (docs/user-guide.md).
        for refused in ("benchmark_min_time", "benchmark_min_warmup_time",
                        "benchmark_perf_counters", "benchmark_time_unit",
                        "benchmark_enable_random_interleaving",
                        "benchmark_display_aggregates_only",
                        "benchmark_report_aggregates_only"):
            self.assertNotIn(refused, self.text)
        self.assertRegex(self.text, r"--benchmark_repetitions=N\s+\[default: "
                                    r"1\] means --xsb_rounds=N")


class TabularTest(unittest.TestCase):
    def test_counters_tabular_gives_google_benchmarks_table(self):
        run = run_bench(*SHORT, "--benchmark_counters_tabular=true")
        self.assertEqual(run.returncode, 0, run.stderr)
        header = [l for l in run.stdout.splitlines() if "Benchmark" in l]
        self.assertTrue(header, run.stdout)
        self.assertIn("hp_p99_ms", header[0])
        self.assertNotIn("HP latency", run.stdout)


class DeviceFlagTest(unittest.TestCase):
    def test_cpu_backend_ignores_the_index_with_a_note(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            run = run_bench(*SHORT, "--xsb_device=1", "--benchmark_out=" + out)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertIn("xsb: --xsb_device=1 ignored: the cpu backend has "
                          "one device", run.stderr)
            with open(out) as f:
                context = json.load(f)["context"]
        self.assertEqual(context["xsb_device_index"], "0")

    def test_bad_index_is_one_line(self):
        run = run_bench("--xsb_device=-1")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stderr.strip().splitlines(),
                         ["xsb_bench: --xsb_device: must be >= 0, got -1"])

    def test_gpu_backend_without_that_device_names_the_flag(self):
        # No GPU here (or fewer than 1000): --xsb_backend=gpu stops before
        # any case, exit 2, on one line.
        run = run_bench("--xsb_backend=gpu", "--xsb_device=1000")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)


class DoctorTest(unittest.TestCase):
    LINE = re.compile(r"^(ok  |warn|skip|FAIL)  [\w ()]+: .+$")

    def doctor(self, *flags, env=None):
        run = run_bench("--xsb_doctor", *flags,
                        env=clean_env() if env is None else env)
        lines = run.stdout.splitlines()
        for line in lines[:-1]:
            self.assertRegex(line, self.LINE)
        return run, lines

    def test_this_machine_passes(self):
        run, lines = self.doctor()
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertRegex(run.stdout, r"(?m)^ok    backend: (cpu|hip|cuda) on ")
        self.assertRegex(run.stdout, r"(?m)^ok    (model|kernels .*): a "
                                     r"worker ran the MLP on ")
        self.assertRegex(run.stdout, r"(?m)^skip  xsched: no install "
                                     r"configured \(--xsched_root=DIR or "
                                     r"XSCHED_ROOT\)")
        self.assertRegex(run.stdout, r"(?m)^(ok  |warn)  python: ")
        self.assertEqual(lines[-1], "xsb_bench --xsb_doctor: every required "
                                    "check passed")

    def test_fake_install_daemon_and_shim(self):
        root = FakeRoot()
        self.addCleanup(root.remove)
        run, _ = self.doctor("--xsched_root=" + root.root,
                             "--xsched_port=" + str(free_port()),
                             "--xsb_xsched_allow_cpu=true", env=root.env())
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn(f"ok    xsched install: {root.root} (shim ", run.stdout)
        self.assertRegex(run.stdout, r"(?m)^ok    xsched shim: loaded and "
                                     r"configured in a probe worker")
        self.assertRegex(run.stdout, r"(?m)^ok    xsched daemon: started .*"
                                     r"listened, stopped$")
        pids = root.daemon_pids()
        self.assertEqual(len(pids), 1)
        with self.assertRaises(ProcessLookupError):
            os.kill(pids[0], 0)

    def test_broken_install_fails_with_the_remedy(self):
        root = FakeRoot(xserver=False)
        self.addCleanup(root.remove)
        run, lines = self.doctor("--xsched_root=" + root.root,
                                 "--xsb_xsched_allow_cpu=true", env=root.env())
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertRegex(run.stdout, r"(?m)^FAIL  xsched install: .*no "
                                     r"bin/xserver")
        self.assertEqual(lines[-1], "xsb_bench --xsb_doctor: 1 required "
                                    "check(s) failed")

    def test_shim_that_does_not_load_fails(self):
        root = FakeRoot(garbage_shim=True)
        self.addCleanup(root.remove)
        run, _ = self.doctor("--xsched_root=" + root.root,
                             "--xsched_port=" + str(free_port()),
                             "--xsb_xsched_allow_cpu=true", env=root.env())
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertRegex(run.stdout, r"(?m)^FAIL  xsched shim: a probe worker ")


if __name__ == "__main__":
    harness.main("fake_shim", "fake_xserver")
