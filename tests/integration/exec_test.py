#!/usr/bin/env python3
"""Exec models end to end on the CPU backend (docs/workloads.md):
kernels/exec/examples/numpy_mlp.py as the HP and the LP model under baseline
and os-priority, its counters against the samples file, the label and the
context naming the program and what it said in its handshake, os-priority
on every thread of the program, the no-op round trip in the context; bad
exec flags refused in one line; and the XSched proof read from the
program's process (the fake install), not the worker's."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import harness
import xsched_test

NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/smoke/rate:(?P<rate>[\d.]+)"
                  r"/batch:(?P<batch>\d+)/duration_s:(?P<duration>[\d.]+)")
WARMUP_S = 0.5
# Long enough on an idle machine for a valid P99 (400 requests at smoke's
# 200 req/s); longer where the machine is loaded.
DURATION_S = round(2 * min(harness.time_scale(), 3), 1)
# A program's thread line in the label: policy, nice, count and pid.
THREADS = r"(SCHED_\w+) nice (-?\d+) \(all \d+ threads? of pid (\d+)\)"


def example(name):
    """An example program where the build copies it, beside xsb_bench."""
    return os.path.join(os.path.dirname(harness.ARGS.bench), "examples", name)


def fault_model():
    """tests/fakes/exec_fault_model.py under this test's own Python."""
    return os.path.join(harness.REPO_ROOT, "tests", "fakes",
                        "exec_fault_model.py")


class NumpyPairTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not harness.ARGS.numpy_python:
            raise unittest.SkipTest(
                "no Python with numpy (cmake/XsbPython.cmake looked at "
                "$XSB_PYTHON, python3 on PATH and /usr/bin/python3); "
                "install python3-numpy")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out.json")
        cls.tag = harness.new_tag()
        command = f"{harness.ARGS.numpy_python} {example('numpy_mlp.py')}"
        run = subprocess.run(
            [harness.ARGS.bench, "--xsb_backend=cpu", "--xsb_scenarios=smoke",
             "--xsb_schedulers=baseline,os-priority",
             "--xsb_standalone=false", f"--xsb_duration_s={DURATION_S}",
             f"--xsb_warmup_s={WARMUP_S}", "--xsb_hp_model=exec:" + command,
             "--xsb_lp_model=exec:" + command,
             "--xsb_samples_dir=" + cls.tmp.name, "--benchmark_out=" + cls.out],
            capture_output=True, text=True, timeout=150 * harness.time_scale(),
            env=harness.tagged_environment(cls.tag))
        cls.leftovers = harness.wait_for_exit_of_tagged(cls.tag, 10)
        harness.skip_if_os_priority_starved(run)
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-3000:]}")
        cls.stderr = run.stderr
        with open(cls.out) as f:
            cls.result = json.load(f)
        cls.samples = harness.samples_by_case(cls.tmp.name, "*.rep0.json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        return {NAME.match(b["name"]).group("scheduler"): b
                for b in harness.runs(self.result)}

    def worker(self, case, role):
        return re.search(rf" {role}\[(.*?)\](?= |$)", case["label"]).group(1)

    def test_counters_match_the_samples(self):
        cases = self.cases()
        self.assertEqual(sorted(cases), ["baseline", "os-priority"])
        for scheduler, case in cases.items():
            m = NAME.match(case["name"])
            rate, batch = float(m.group("rate")), int(m.group("batch"))
            duration = float(m.group("duration"))
            with self.subTest(scheduler=scheduler):
                self.assertNotIn("error_occurred", case)
                for counter in harness.dual_model_counter_names():
                    self.assertIn(counter, case)
                expected = harness.expected_counters(
                    self.samples[m.group(0)], rate, batch, WARMUP_S, duration)
                for name, value in expected.items():
                    self.assertAlmostEqual(case[name], value,
                                           delta=1e-9 * abs(value), msg=name)
                # The worker's open-loop schedule decides the count.
                self.assertLess(abs(case["hp_requests"] - rate * duration),
                                0.1 * rate * duration)
                self.assertGreater(case["lp_iters"], 0)

    def test_label_names_the_program_and_what_it_said(self):
        for case in self.cases().values():
            for role, batch in (("hp", 1), ("lp", 8)):
                worker = self.worker(case, role)
                self.assertRegex(
                    worker, rf"; exec numpy-mlp 4x512 on cpu, batch {batch}, "
                            rf"pid \d+: {re.escape(harness.ARGS.numpy_python)}"
                            r" \S+/examples/numpy_mlp\.py; forward ")
                forward = case[f"{role}_standalone_forward_ms"]
                self.assertIn(f"forward {forward:.3f} ms", worker)

    def test_os_priority_reaches_every_thread_of_the_program(self):
        for scheduler, case in self.cases().items():
            for role in ("hp", "lp"):
                worker = self.worker(case, role)
                policy, nice, pid = re.search(THREADS, worker).groups()
                # The pid of the threads is the program's, not the worker's.
                self.assertIn(f"pid {pid}: ", worker)
                idle = scheduler == "os-priority" and role == "lp"
                # Others keep the nice value the test was started with
                # (0 normally; 19 under `nice -n 19 ctest`).
                self.assertEqual((policy, nice),
                                 ("SCHED_IDLE", "19") if idle
                                 else ("SCHED_OTHER", str(os.nice(0))),
                                 worker)

    def test_context_names_the_programs_and_the_round_trip(self):
        context = self.result["context"]
        for role in ("hp", "lp"):
            self.assertEqual(context[f"xsb_{role}_model"],
                             f"exec {harness.ARGS.numpy_python} "
                             f"{example('numpy_mlp.py')}")
        p50 = float(context["xsb_exec_round_trip_p50_us"])
        p99 = float(context["xsb_exec_round_trip_p99_us"])
        self.assertGreater(p50, 0)
        self.assertGreaterEqual(p99, p50)
        self.assertEqual(context["xsb_exec_round_trip_model"],
                         f"{harness.ARGS.numpy_python} -m xsb_model "
                         "(2000 no-op requests)")
        self.assertRegex(self.stderr, r"xsb: exec round trip: p50 [\d.]+ us, "
                                      r"p99 [\d.]+ us \(")

    def test_nothing_is_left_running(self):
        self.assertEqual(self.leftovers, [])


class ExecFlagsTest(unittest.TestCase):
    def assert_rejected(self, flag, message):
        run = harness.run_bench(flag)
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertTrue(lines[0].startswith("xsb_bench: " + message),
                        lines[0])

    def test_missing_program(self):
        self.assert_rejected(
            "--xsb_hp_model=exec:no_such_model_program model.py",
            "--xsb_hp_model: exec: 'no_such_model_program' is not an "
            "executable file in any folder of PATH (")
        self.assert_rejected("--xsb_lp_model=exec:/nonexistent/model",
                             "--xsb_lp_model: exec: /nonexistent/model: no "
                             "such file")

    def test_program_that_is_not_executable(self):
        with tempfile.NamedTemporaryFile(suffix=".py") as script:
            self.assert_rejected(f"--xsb_lp_model=exec:{script.name} --x",
                                 f"--xsb_lp_model: exec: {script.name}: not "
                                 "executable")

    def test_folder_empty_command_and_unterminated_quote(self):
        self.assert_rejected("--xsb_hp_model=exec:/tmp",
                             "--xsb_hp_model: exec: /tmp: is a folder")
        self.assert_rejected("--xsb_hp_model=exec:  ",
                             "--xsb_hp_model: exec: names no program")
        self.assert_rejected("--xsb_hp_model=exec:python3 'my model.py",
                             "--xsb_hp_model: exec: 'python3 'my model.py' "
                             "has an unterminated ' quote")


class ExecXschedProofTest(xsched_test.XschedTestCase):
    """The proof of activation is taken from the program, the process that
    runs the model, not from the worker, which has the shim preloaded too."""

    def setUp(self):
        self.root = xsched_test.FakeRoot()
        self.port = xsched_test.free_port()

    def tearDown(self):
        self.assert_not_running(self.root.daemon_pids())
        self.root.remove()

    def run_xsched(self, hp_command):
        return xsched_test.run_bench(
            "--xsched_root=" + self.root.root,
            "--xsched_port=" + str(self.port), "--xsb_xsched_allow_cpu=true",
            *xsched_test.SHORT, xsched_test.XSCHED_FILTER, "--xsb_hp_model=exec:"
            + hp_command, "--benchmark_format=json", env=self.root.env())

    def test_the_programs_maps_carry_the_proof(self):
        run = self.run_xsched(f"{sys.executable} {fault_model()} ok")
        self.assertEqual(run.returncode, 0, run.stderr)
        case = json.loads(run.stdout)["benchmarks"][0]
        hp = re.search(r" hp\[(.*?)\](?= |$)", case["label"]).group(1)
        self.assertIn("; exec fault-ok on cpu, batch 1, pid ", hp)
        self.assertIn("; shim mapped: " + self.root.shim, hp)

    def test_a_program_that_drops_the_shim_fails_the_case(self):
        # The worker keeps its own preload; the program runs without it.
        run = self.run_xsched(
            f"env -u LD_PRELOAD {sys.executable} {fault_model()} ok")
        self.assertEqual(run.returncode, 1, run.stderr)
        message = json.loads(run.stdout)["benchmarks"][0]["error_message"]
        self.assertIn("hp worker has no XSched shim mapped: " + self.root.shim,
                      message)

    def test_xsched_log_from_the_programs_stderr_is_read(self):
        line = "[XSCHED INFO @ T 1 @ 00:00:00.0] using app-managed scheduler"
        run = self.run_xsched(
            f"{sys.executable} {fault_model()} ok --say='{line}'")
        self.assertEqual(run.returncode, 1, run.stderr)
        message = json.loads(run.stdout)["benchmarks"][0]["error_message"]
        self.assertIn("hp worker is not on XSched's global scheduler: its "
                      f"XSched log says \"{line}\"", message)


if __name__ == "__main__":
    harness.main("numpy_python", "fake_shim", "fake_xserver")
