#!/usr/bin/env python3
"""An exec model's faults end to end on the CPU backend, one run each, with
tests/fakes/exec_fault_model.py as the HP model: a program that is missing
stops xsb_bench at its flags; one that crashes at start, mid-window or after
the window, hangs, fails a request or writes a malformed line fails its case
with one line naming the program, what it did and its last stderr lines.
Its own child processes end with it, the other cases' results are kept,
and nothing is left running, also when xsb_bench itself is killed.

Every process of a run carries a tag in its environment (harness.py), the
program's children too, so a leftover is found whatever adopted it."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

import harness

FAULT_MODEL = os.path.join(harness.REPO_ROOT, "tests", "fakes",
                           "exec_fault_model.py")
CASE = "DualModel/baseline/smoke/rate:200/batch:8/duration_s:1"
KEPT = "Standalone/lp/smoke/batch:8/duration_s:1"
# The DualModel case runs the faulty program as HP; the LP reference case
# after it runs the MLP alone and must still report.
QUICK = ["--xsb_backend=cpu", "--xsb_scenarios=smoke", "--xsb_duration_s=1",
         "--xsb_warmup_s=0.2", "--xsb_schedulers=baseline",
         f"--benchmark_filter=^({CASE}|{KEPT})"]


def prompt_limit():
    """Seconds from a signal until every process of the run is gone."""
    return min(2 * harness.time_scale(), 20)


class ExecFaultTest(unittest.TestCase):
    def setUp(self):
        self.tag = harness.new_tag()
        self.dir = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.dir.name, "out.json")

    def tearDown(self):
        leftovers = harness.wait_for_exit_of_tagged(
            self.tag, 5 * harness.time_scale())
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
        self.dir.cleanup()
        self.assertEqual(leftovers, [], "processes left behind")

    def command(self, mode, *args):
        return f"{sys.executable} {FAULT_MODEL} {mode} " + " ".join(args)

    def run_fault(self, mode, *args, flags=()):
        """Runs the two cases with the program as HP; returns xsb_bench's
        run and the DualModel case's error message, after checking that the
        other case's result was kept."""
        run = subprocess.run(
            [harness.ARGS.bench, *QUICK, *flags,
             "--xsb_hp_model=exec:" + self.command(mode, *args),
             "--benchmark_out=" + self.out],
            capture_output=True, text=True, timeout=120 * harness.time_scale(),
            env=harness.tagged_environment(self.tag))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("1 case(s) failed", run.stderr)
        with open(self.out) as f:
            results = {b["name"].split("/iterations:")[0]: b
                       for b in harness.runs(json.load(f))}
        self.assertEqual(sorted(results), [CASE, KEPT])
        self.assertNotIn("error_occurred", results[KEPT])
        self.assertGreater(results[KEPT]["lp_iters"], 0)
        message = results[CASE]["error_message"]
        # The same line on the terminal, for whoever watches the run.
        self.assertIn(f"xsb: {CASE}: {message}", run.stderr)
        print(f"\n  {mode}: {message}")
        return run, message

    def name(self, mode, *args):
        """The program as errors name it: pid and command."""
        return (r"exec model \(pid \d+: " + re.escape(
            self.command(mode, *args).strip()) + r"\)")

    def test_missing_program_stops_at_the_flags(self):
        run = subprocess.run(
            [harness.ARGS.bench, *QUICK,
             "--xsb_hp_model=exec:/nonexistent/model.py --batch=8"],
            capture_output=True, text=True, timeout=60,
            env=harness.tagged_environment(self.tag))
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.splitlines(), [
            "xsb_bench: --xsb_hp_model: exec: /nonexistent/model.py: no such "
            "file"])

    def test_crash_at_start(self):
        _, message = self.run_fault("crash_at_start", "--child")
        self.assertRegex(message, "^hp worker failed: " + self.name(
            "crash_at_start", "--child") + " exited with code 3 before its "
            r"ready line; it exited with code 1; stderr: .*fault model: "
            "cannot load its weights$")

    def test_error_at_start(self):
        _, message = self.run_fault("error_at_start")
        self.assertRegex(message, self.name("error_at_start") +
                         " failed to start: FileNotFoundError: weights.pt not "
                         "found; it exited with code 1; stderr: .*"
                         "FileNotFoundError: weights.pt not found$")

    def test_crash_mid_window_takes_its_children(self):
        _, message = self.run_fault("crash", "--after=100", "--child")
        self.assertRegex(message, self.name("crash", "--after=100", "--child")
                         + " exited with code 4 during forward request 100; "
                         "it exited with code 1; stderr: .*fault model: "
                         "segfault, say$")

    def test_crash_after_the_window(self):
        _, message = self.run_fault("exit_after_quit")
        self.assertRegex(message, "^hp worker exited with code 1 after "
                         "sending its result; stderr: .*fault model: failed "
                         "to save its state | xsb_worker: " +
                         self.name("exit_after_quit") +
                         " exited with code 5 after quit$")

    def test_hang_is_stopped_by_the_watchdog_and_named(self):
        _, message = self.run_fault("hang", "--after=100", "--child",
                                    flags=["--xsb_watchdog_s=1"])
        self.assertRegex(message, r"^hp worker made no progress for 1 s "
                         r"\(watchdog; --xsb_watchdog_s\) and was stopped as "
                         r"hung; stderr: .*fault model: stuck \| xsb_worker: "
                         r"stopped by a signal while " +
                         self.name("hang", "--after=100", "--child") +
                         " had not answered a forward request; its process "
                         "group was killed$")

    def test_failed_request_carries_the_tracebacks_last_line(self):
        _, message = self.run_fault("error", "--after=100")
        self.assertRegex(message, self.name("error", "--after=100") +
                         r" failed forward request 100: ValueError: shapes "
                         r"\(1,512\) and \(256,512\) not aligned; it exited "
                         "with code 1")

    def test_malformed_line_is_quoted(self):
        _, message = self.run_fault("malformed", "--after=100")
        self.assertRegex(message, self.name("malformed", "--after=100") +
                         " sent a malformed line 'loss=0.25' in reply to "
                         "forward 100 \\(expected 'done 100' or 'error "
                         "MESSAGE'\\)")

    def test_killed_xsb_bench_leaves_nothing_running(self):
        # SIGKILL: no cleanup of its own runs; each worker gets SIGTERM from
        # the kernel (PR_SET_PDEATHSIG) and ends its program's group.
        bench = subprocess.Popen(
            [harness.ARGS.bench, *QUICK, "--xsb_duration_s=30",
             "--xsb_progress_s=0.2",
             "--xsb_hp_model=exec:" + self.command("ok", "--child")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=harness.tagged_environment(self.tag))
        for line in bench.stderr:
            if "window" in line and ": hp " in line:
                break
        bench.kill()
        bench.stderr.close()
        bench.wait()
        left = harness.wait_for_exit_of_tagged(self.tag, prompt_limit())
        self.assertEqual(left, [])


if __name__ == "__main__":
    harness.main()
