#!/usr/bin/env python3
"""Bad input and failing workers through xsb_bench's command line: one clear
line, a non-zero exit, never a hang or a core dump, nothing left running."""
import json
import os
import subprocess
import tempfile
import time
import unittest

import harness

SHORT = ["--xsb_scenarios=smoke", "--xsb_duration_s=0.5", "--xsb_warmup_s=0",
         "--xsb_standalone=false", "--benchmark_filter=DualModel/baseline/"]


run_bench = harness.run_bench


class BadFlagsTest(unittest.TestCase):
    def assert_rejected(self, flag, message):
        run = run_bench(flag)
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertIn(message, lines[0])
        self.assertEqual(run.stdout, "")

    def test_unknown_scenario(self):
        self.assert_rejected("--xsb_scenarios=smoke,nightly",
                             "unknown scenario 'nightly'")

    def test_zero_rate(self):
        self.assert_rejected("--xsb_hp_rate=0", "--xsb_hp_rate: must be > 0")

    def test_negative_batch(self):
        self.assert_rejected("--xsb_lp_batch=-8", "--xsb_lp_batch: must be >= 1")

    def test_zero_duration(self):
        self.assert_rejected("--xsb_duration_s=0", "--xsb_duration_s: must be > 0")

    def test_not_a_number(self):
        self.assert_rejected("--xsb_duration_s=ten",
                             "--xsb_duration_s: 'ten' is not a number")

    def test_unknown_flag(self):
        self.assert_rejected("--xsb_durations=1", "unknown flag --xsb_durations")

    def test_unknown_scheduler(self):
        self.assert_rejected("--xsb_schedulers=xsched-ish",
                             "unknown scheduler 'xsched-ish'")

    def test_unknown_backend(self):
        self.assert_rejected("--xsb_backend=tpu", "'tpu' is not auto, cpu or gpu")

    def test_huge_timeout(self):
        self.assert_rejected("--xsb_ready_timeout_s=1e300",
                             "--xsb_ready_timeout_s: must be <= 1000000 s")

    def test_every_bad_flag_gets_its_own_line(self):
        run = run_bench("--xsb_hp_rate=0", "--xsb_watchdog_s=-1",
                        "--xsb_arrival=bursty", "--benchmark_filter=.*")
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 3, run.stderr)
        self.assertIn("--xsb_hp_rate: must be > 0", lines[0])
        self.assertIn("--xsb_watchdog_s: must be >= 0", lines[1])
        self.assertIn("--xsb_arrival", lines[2])
        self.assertEqual(run.stdout, "")

    def test_csv_output_is_rejected_before_any_case(self):
        self.assert_rejected("--benchmark_out_format=csv",
                             "--benchmark_out_format=csv")

    def test_unwritable_output_is_rejected_before_any_case(self):
        self.assert_rejected("--benchmark_out=/nonexistent/out.json",
                             "--benchmark_out: cannot write beside "
                             "/nonexistent/out.json")

    def test_output_folder_is_rejected_before_any_case(self):
        with tempfile.TemporaryDirectory() as folder:
            run = run_bench(*SHORT, "--benchmark_out=" + folder)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stderr.splitlines(),
                         [f"xsb_bench: --benchmark_out: {folder} is a folder; "
                          f"name a file, e.g. --benchmark_out={folder}/"
                          "benchmark.json"])
        self.assertEqual(run.stdout, "")

    def test_filter_for_a_scenario_that_is_not_registered(self):
        self.assert_rejected_exactly(
            ["--benchmark_filter=smoke", "--xsb_scenarios=original"],
            "no case matches --benchmark_filter=smoke; the smoke scenario is "
            "not registered: --xsb_scenarios=original leaves it out; "
            "--xsb_scenarios=original,smoke registers it")

    def test_filter_for_a_scheduler_that_is_not_registered(self):
        self.assert_rejected_exactly(
            ["--benchmark_filter=os-priority", "--xsb_backend=cpu",
             "--xsb_schedulers=baseline"],
            "no case matches --benchmark_filter=os-priority; the os-priority "
            "scheduler is not registered: --xsb_schedulers=baseline leaves it "
            "out; --xsb_schedulers=baseline,os-priority registers it")

    def test_filter_for_standalone_cases_left_out(self):
        with tempfile.TemporaryDirectory() as d:
            samples = os.path.join(d, "samples")
            self.assert_rejected_exactly(
                ["--benchmark_filter=Standalone/", "--xsb_standalone=false",
                 "--xsb_samples_dir=" + samples],
                "no case matches --benchmark_filter=Standalone/; the "
                "Standalone cases are not registered: --xsb_standalone=false "
                "leaves them out")
            self.assertFalse(os.path.exists(samples))

    def assert_rejected_exactly(self, flags, line):
        run = run_bench(*flags)
        self.assertEqual(run.returncode, 2, run.stderr)
        # Before Google Benchmark starts: no context, no "Failed to match".
        self.assertEqual(run.stderr.splitlines()[-1], "xsb_bench: " + line)
        self.assertNotIn("Failed to match", run.stderr)
        self.assertEqual(run.stdout, "")

    def test_filter_matching_nothing(self):
        run = run_bench("--benchmark_filter=NoSuchCase")
        self.assertEqual(run.returncode, 2)
        self.assertIn("no case matches --benchmark_filter", run.stderr)


class GoogleBenchmarkFlagsTest(unittest.TestCase):
    """Google Benchmark's flags that would change what a scenario case runs
    are refused before anything runs; the ones that apply still work."""

    def assert_refused(self, flags, lines, env=None):
        run = run_bench(*SHORT, *flags, env=env)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stderr.splitlines(),
                         ["xsb_bench: " + line for line in lines])
        self.assertEqual(run.stdout, "")

    def test_min_warmup_time(self):
        self.assert_refused(
            ["--benchmark_min_warmup_time=3"],
            ["--benchmark_min_warmup_time does not apply here: it reruns "
             "whole scenarios whose results are dropped; a scenario has its "
             "own warm-up: set it with --xsb_warmup_s"])

    def test_every_refused_flag_gets_its_own_line(self):
        run = run_bench(*SHORT, "--benchmark_min_time=2",
                        "--benchmark_perf_counters=CYCLES",
                        "--benchmark_repetitions=-1")
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.splitlines()
        self.assertEqual(len(lines), 3, run.stderr)
        self.assertTrue(lines[0].startswith(
            "xsb_bench: --benchmark_min_time does not apply here"), lines[0])
        self.assertIn("--xsb_duration_s", lines[0])
        self.assertTrue(lines[1].startswith(
            "xsb_bench: --benchmark_perf_counters does not apply here"))
        self.assertEqual(lines[2], "xsb_bench: --benchmark_repetitions: must "
                                   "be >= 1, got -1")

    def test_zero_repetitions(self):
        self.assert_refused(["--benchmark_repetitions=0"],
                            ["--benchmark_repetitions: must be >= 1, got 0 "
                             "(0 would run nothing)"])

    def test_the_same_from_the_environment(self):
        # Google Benchmark reads BENCHMARK_<FLAG> when the flag is absent.
        env = dict(os.environ, BENCHMARK_REPETITIONS="0",
                   BENCHMARK_MIN_WARMUP_TIME="3")
        run = run_bench(*SHORT, env=env)
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.splitlines()
        self.assertEqual(len(lines), 2, run.stderr)
        self.assertTrue(lines[0].startswith(
            "xsb_bench: BENCHMARK_REPETITIONS (in the environment, for "
            "--benchmark_repetitions): must be >= 1, got 0"), lines[0])
        self.assertTrue(lines[1].startswith(
            "xsb_bench: BENCHMARK_MIN_WARMUP_TIME (in the environment, for "
            "--benchmark_min_warmup_time) does not apply here"), lines[1])

    def test_random_interleaving_points_to_rounds(self):
        self.assert_refused(
            ["--benchmark_enable_random_interleaving=true"],
            ["--benchmark_enable_random_interleaving does not apply here: "
             "xsb_bench runs paired rounds in ABBA order instead; use "
             "--xsb_rounds=N or --xsb_rounds=auto "
             "(docs/user-guide.md#rounds)"])

    def test_repetitions_and_rounds_together(self):
        self.assert_refused(
            ["--benchmark_repetitions=3", "--xsb_rounds=auto"],
            ["--benchmark_repetitions=3 and --xsb_rounds both set the "
             "rounds; give only --xsb_rounds"])

    def test_flags_that_apply_are_kept(self):
        run = run_bench(*SHORT, "--benchmark_repetitions=2",
                        "--benchmark_counters_tabular=true",
                        "--benchmark_color=false", "--benchmark_context=k=v",
                        "--benchmark_list_tests=true")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("DualModel/baseline/smoke/", run.stdout)


class SamplesDirTest(unittest.TestCase):
    """--xsb_samples_dir is created only once cases will run."""

    def run_with_samples_dir(self, *flags):
        with tempfile.TemporaryDirectory() as d:
            samples = os.path.join(d, "samples")
            run = run_bench(f"--xsb_samples_dir={samples}", *flags)
            return run, os.path.exists(samples)

    def test_another_bad_flag_leaves_no_directory(self):
        run, created = self.run_with_samples_dir("--xsb_hp_rate=0")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertFalse(created)

    def test_listing_the_cases_leaves_no_directory(self):
        run, created = self.run_with_samples_dir(*SHORT,
                                                 "--benchmark_list_tests")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("DualModel/baseline/smoke/", run.stdout)
        self.assertFalse(created)

    def test_unwritable_directory_is_reported_when_listing(self):
        # /proc takes no new entries, for root too (whom access(2) lets
        # write anywhere).
        for samples in ("/proc/xsb_samples", "/proc"):
            run = run_bench(f"--xsb_samples_dir={samples}", *SHORT,
                            "--benchmark_list_tests")
            self.assertEqual(run.returncode, 2, run.stderr)
            lines = run.stderr.splitlines()
            self.assertEqual(len(lines), 1, run.stderr)
            self.assertRegex(lines[0], r"^xsb_bench: --xsb_samples_dir: "
                                       rf"(cannot create '{samples}'|"
                                       rf"'{samples}' is not writable): ")
            self.assertEqual(run.stdout, "")

    def test_read_only_directory_is_reported_when_listing(self):
        if os.geteuid() == 0:
            self.skipTest("root may write into a read-only directory; the "
                          "/proc test covers root")
        with tempfile.TemporaryDirectory() as d:
            os.chmod(d, 0o555)
            run = run_bench(f"--xsb_samples_dir={d}/samples", *SHORT,
                            "--benchmark_list_tests")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn("Permission denied", run.stderr)

    def test_help_leaves_no_directory(self):
        run, created = self.run_with_samples_dir("--help")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertFalse(created)


class RealWorkerTest(unittest.TestCase):
    def test_runs_with_stdin_closed(self):
        run = subprocess.run([harness.ARGS.bench, *SHORT], capture_output=True,
                             text=True, timeout=60,
                             preexec_fn=lambda: os.close(0))
        self.assertEqual(run.returncode, 0, run.stderr)

    def test_window_without_requests_fails_the_case(self):
        run = run_bench(*SHORT, "--xsb_hp_rate=0.5", "--xsb_duration_s=1",
                        "--xsb_warmup_s=0.5")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("no HP request was due inside the 1 s window at 0.5 "
                      "req/s", run.stderr)


class WatchdogTest(unittest.TestCase):
    def test_low_rate_hp_worker_outlives_a_short_watchdog(self):
        # A request a second, a watchdog of half that: the HP worker's
        # heartbeats while it waits keep it alive.
        run = run_bench("--xsb_scenarios=smoke",
                        "--benchmark_filter=Standalone/hp/",
                        "--xsb_hp_rate=1", "--xsb_watchdog_s=0.5",
                        "--xsb_duration_s=2.5", "--xsb_warmup_s=0")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn(" 3 requests;", run.stdout)


class FailingWorkerTest(unittest.TestCase):
    def run_with_fake(self, mode, *extra):
        with tempfile.NamedTemporaryFile("r", suffix=".pids") as pids:
            env = dict(os.environ, XSB_FAKE_MODE=mode,
                       XSB_FAKE_PID_FILE=pids.name)
            begin = time.monotonic()
            run = run_bench("--xsb_worker=" + harness.ARGS.fake_worker, *SHORT, *extra,
                            env=env)
            elapsed = time.monotonic() - begin
            for pid in [int(p) for p in pids.read().split()]:
                with self.assertRaises(ProcessLookupError, msg=f"pid {pid}"):
                    os.kill(pid, 0)
        return run, elapsed

    def test_worker_that_dies(self):
        run, _ = self.run_with_fake("crash")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("exited with code 3", run.stderr)
        self.assertIn("cannot open the device", run.stderr)
        self.assertIn("ERROR OCCURRED", run.stdout)
        self.assertIn("1 case(s) failed", run.stderr)

    def test_worker_that_never_answers(self):
        run, elapsed = self.run_with_fake("silent", "--xsb_ready_timeout_s=1")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("sent no ready message within 1 s", run.stderr)
        # Far below the default ready timeout of 120 s, however loaded.
        self.assertLess(elapsed, min(20 * harness.time_scale(), 100))

    def test_missing_worker_binary_names_the_flag(self):
        # Not "cannot use --xsb_backend=auto: backend probe: ...": the
        # backend is fine, the path is not.
        run = run_bench("--xsb_worker=/nonexistent/xsb_worker", *SHORT)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.splitlines(),
                         ["xsb_bench: --xsb_worker: /nonexistent/xsb_worker: "
                          "no such file"])

    def test_worker_that_is_a_folder_names_the_flag(self):
        with tempfile.TemporaryDirectory() as folder:
            run = run_bench("--xsb_worker=" + folder, *SHORT)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.splitlines(),
                         [f"xsb_bench: --xsb_worker: {folder}: is a folder, "
                          "not a program"])


class BackendModelDefaultsTest(unittest.TestCase):
    """Model sizes follow the backend the probe reports; flags still win."""

    def context(self, *flags):
        with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
            # The fake worker claims a hip GPU in the probe, then fails the
            # case; the context is written all the same.
            env = dict(os.environ, XSB_FAKE_MODE="crash", XSB_FAKE_BACKEND="hip")
            run = run_bench("--xsb_worker=" + harness.ARGS.fake_worker, *SHORT, *flags,
                            "--benchmark_out=" + out.name,
                            "--benchmark_out_format=json", env=env)
            self.assertEqual(run.returncode, 1, run.stderr)
            # Read by name: the file is replaced (renamed over), not
            # rewritten in place.
            with open(out.name) as f:
                return json.load(f)["context"]

    def test_gpu_backend_gets_the_gpu_sizes(self):
        context = self.context()
        self.assertEqual(context["xsb_backend"], "hip")
        self.assertIn("mlp layers=8 hidden=8192 ", context["xsb_hp_model"])
        self.assertIn("mlp layers=8 hidden=4096 ", context["xsb_lp_model"])

    def test_flags_win_over_the_gpu_sizes(self):
        context = self.context("--xsb_hp_hidden=1024", "--xsb_lp_layers=2")
        self.assertIn("mlp layers=8 hidden=1024 ", context["xsb_hp_model"])
        self.assertIn("mlp layers=2 hidden=4096 ", context["xsb_lp_model"])


if __name__ == "__main__":
    harness.main("fake_worker")
