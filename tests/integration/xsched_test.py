#!/usr/bin/env python3
"""The xsched scheduler through xsb_bench, on a machine with no GPU and no
XSched: with nothing installed its cases are skipped with one reason each and
xsb_bench exits 0; with a fake install (tests/fake_xsched: a shim library and
a daemon) and the test-only --xsb_xsched_allow_cpu the whole pipeline runs
and the label carries the activation proof; a shim that does not load, a
daemon that dies, never listens or is missing is reported (a started daemon
that dies fails the case that finds it), repetitions survive it; no daemon
is left behind. scripts/ab.sh runs both schedulers and compare.py."""
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import harness

# 0.3 s on an idle machine; longer on a loaded one, where a window that
# short may see no LP iteration complete (the case then fails).
DURATION = f"{round(0.3 * min(harness.time_scale(), 10), 1):g}"
SHORT = ["--xsb_scenarios=smoke", f"--xsb_duration_s={DURATION}",
         "--xsb_warmup_s=0", "--xsb_standalone=false", "--xsb_backend=cpu"]
XSCHED_FILTER = "--benchmark_filter=DualModel/xsched/"
NAME = re.compile(r"^DualModel/xsched/smoke/rate:[\d.]+/batch:\d+/"
                  r"duration_s:[\d.]+/lp_threshold:\d+/lp_batch_size:\d+"
                  r"/iterations:1/manual_time$")  # Google Benchmark's suffix


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XSCHED_", "XSB_FAKE_"))}
    env.update(extra)
    return env


def run_bench(*flags, env=None, timeout=60):
    return harness.run_bench(*flags, timeout=timeout,
                             env=clean_env() if env is None else env)


def skipped_lines(stderr):
    return re.findall(r"^xsb: (\S+): skipped: (.*)$", stderr, re.M)


class FakeRoot:
    """A temporary XSched install laid out like the real one."""

    def __init__(self, shim=True, xserver=True, garbage_shim=False):
        self.dir = tempfile.mkdtemp(prefix="xsb_fake_xsched_")
        self.root = os.path.realpath(self.dir)
        os.makedirs(os.path.join(self.root, "lib"))
        self.shim = os.path.join(self.root, "lib", "libshimhip.so")
        if garbage_shim:
            with open(self.shim, "w") as f:
                f.write("not an ELF file")
        elif shim:
            shutil.copy(harness.ARGS.fake_shim, self.shim)
            shutil.copy(harness.ARGS.fake_shim,
                        os.path.join(self.root, "lib", "libshimcuda.so"))
            os.symlink("libshimcuda.so",
                       os.path.join(self.root, "lib", "libcuda.so.1"))
        if xserver:
            os.makedirs(os.path.join(self.root, "bin"))
            os.symlink(harness.ARGS.fake_xserver,
                       os.path.join(self.root, "bin", "xserver"))
        self.pid_file = os.path.join(self.root, "daemon.pids")
        self.args_file = os.path.join(self.root, "daemon.args")

    def env(self, mode=""):
        return clean_env(XSB_FAKE_XSERVER_MODE=mode,
                         XSB_FAKE_PID_FILE=self.pid_file,
                         XSB_FAKE_ARGS_FILE=self.args_file)

    def daemon_pids(self):
        if not os.path.exists(self.pid_file):
            return []
        with open(self.pid_file) as f:
            return [int(p) for p in f.read().split()]

    def remove(self):
        shutil.rmtree(self.dir)


class XschedTestCase(unittest.TestCase):
    def assert_gone(self, pids):
        for pid in pids:
            with self.assertRaises(ProcessLookupError, msg=f"pid {pid}"):
                os.kill(pid, 0)

    def assert_not_running(self, pids):
        """Gone, or a zombie that whoever adopted it has yet to reap (the
        daemon of a killed xsb_bench is reparented)."""
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except FileNotFoundError:
                continue
            self.assertEqual(state, "Z", f"pid {pid} still runs")

    def assert_all_skipped(self, run, reason_pattern, count=None):
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = skipped_lines(run.stderr)
        if count is not None:
            self.assertEqual(len(lines), count, run.stderr)
        self.assertGreater(len(lines), 0, run.stderr)
        for name, reason in lines:
            self.assertRegex(name, r"^DualModel/xsched/")
            self.assertRegex(reason, reason_pattern)
            # The console table names the same reason on the case's row.
            self.assertIn(f"ERROR OCCURRED: 'skipped: {reason}'", run.stdout)
        self.assertIn(f"{len(lines)} case(s) skipped", run.stderr)


class NoInstallTest(XschedTestCase):
    def test_no_install_one_reason_per_case_and_exit_0(self):
        # The acceptance command: every scenario, nothing installed.
        run = run_bench("--benchmark_filter=DualModel/xsched/.*")
        self.assert_all_skipped(
            run, r"^no XSched install given: pass --xsched_root=DIR or set "
                 r"XSCHED_ROOT \(see docs/xsched.md\)$", count=3)

    def test_empty_root_names_what_is_missing(self):
        with tempfile.TemporaryDirectory() as empty:
            run = run_bench(XSCHED_FILTER, *SHORT,
                            env=clean_env(XSCHED_ROOT=empty))
        self.assert_all_skipped(
            run, rf"^XSCHED_ROOT {re.escape(empty)} has no "
                 r"lib/(libshimhip\.so|libcuda\.so\.1).*, and no bin/xserver",
            count=1)

    def test_root_that_does_not_exist_is_an_error(self):
        # A path the user typed: a typo, not an environment without XSched.
        run = run_bench(XSCHED_FILTER, *SHORT,
                        "--xsched_root=/nonexistent/xsched")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stderr.splitlines(),
                         ["xsb_bench: --xsched_root /nonexistent/xsched does "
                          "not exist"])
        self.assertEqual(run.stdout, "")

    def test_root_variable_that_does_not_exist_is_an_error(self):
        run = run_bench(XSCHED_FILTER, *SHORT,
                        env=clean_env(XSCHED_ROOT="/nonexistent/xsched"))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stderr.splitlines(),
                         ["xsb_bench: XSCHED_ROOT /nonexistent/xsched does "
                          "not exist"])

    def test_root_that_is_a_file_is_an_error(self):
        with tempfile.NamedTemporaryFile() as file:
            run = run_bench(XSCHED_FILTER, *SHORT,
                            "--xsched_root=" + file.name)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(f"--xsched_root {file.name} is not a folder",
                      run.stderr)

    def test_missing_xserver(self):
        root = FakeRoot(xserver=False)
        try:
            run = run_bench(XSCHED_FILTER, *SHORT, "--xsb_xsched_allow_cpu=true",
                            env=clean_env(XSCHED_ROOT=root.root))
        finally:
            root.remove()
        self.assert_all_skipped(run, r"has no bin/xserver to start the daemon")

    def test_cpu_backend_needs_the_test_switch(self):
        root = FakeRoot()
        try:
            run = run_bench(XSCHED_FILTER, *SHORT, "--xsched_root=" + root.root,
                            env=root.env())
            self.assertEqual(root.daemon_pids(), [])
        finally:
            root.remove()
        self.assert_all_skipped(run, r"needs a GPU .* cpu backend$")

    def test_other_cases_still_run(self):
        run = run_bench("--xsb_schedulers=baseline,xsched", *SHORT,
                        "--benchmark_format=json")
        self.assertEqual(run.returncode, 0, run.stderr)
        cases = {b["name"].split("/")[1]: b
                 for b in json.loads(run.stdout)["benchmarks"]}
        self.assertIn("hp_p99_ms", cases["baseline"])
        self.assertNotIn("error_occurred", cases["baseline"])
        self.assertTrue(cases["xsched"]["error_occurred"])
        self.assertIn("no XSched install given",
                      cases["xsched"]["error_message"])

    def test_registered_by_default_only_with_an_install(self):
        listed = run_bench("--benchmark_list_tests=true", *SHORT)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertNotIn("xsched", listed.stdout)
        with tempfile.TemporaryDirectory() as empty:
            listed = run_bench("--benchmark_list_tests=true", *SHORT,
                               env=clean_env(XSCHED_ROOT=empty))
        self.assertIn("DualModel/xsched/", listed.stdout)

    def test_bad_flag_is_one_line_and_exit_2(self):
        run = run_bench("--xsched_lp_batch_sizes=0")
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.strip().splitlines(),
                         ["xsb_bench: --xsched_lp_batch_sizes: must be >= 1, "
                          "got 0"])


class FakeXschedTest(XschedTestCase):
    def setUp(self):
        self.root = FakeRoot()
        self.port = free_port()

    def tearDown(self):
        # Whatever happened, xsb_bench left no daemon running (the tests that
        # let xsb_bench return also check it reaped it).
        self.assert_not_running(self.root.daemon_pids())
        self.root.remove()

    def bench(self, *flags, mode="", env=None):
        return run_bench("--xsched_root=" + self.root.root,
                         "--xsched_port=" + str(self.port),
                         "--xsb_xsched_allow_cpu=true", *SHORT, *flags,
                         env=env or self.root.env(mode))

    def test_smoke_runs_with_the_activation_proof(self):
        out = os.path.join(self.root.root, "out.json")
        run = self.bench("--xsb_schedulers=baseline,xsched",
                         "--benchmark_out=" + out,
                         "--benchmark_out_format=json")
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(out) as f:
            result = json.load(f)
        cases = {b["name"].split("/")[1]: b for b in harness.runs(result)}
        xsched = cases["xsched"]
        self.assertRegex(xsched["name"], NAME)
        self.assertNotIn("error_occurred", xsched)
        for counter in ("hp_p99_ms", "hp_requests", "lp_iter_per_s"):
            self.assertGreater(xsched[counter], 0, counter)
        label = xsched["label"]
        self.assertIn("scheduler=xsched TEST-ONLY(cpu backend", label)
        self.assertIn("daemon=started by xsb_bench (pid", label)
        self.assertEqual(label.count("; shim mapped: " + self.root.shim + "]"),
                         2, label)
        for role, priority in (("hp", 1), ("lp", 0)):
            worker = re.search(rf"{role}\[([^\]]*)\]", label).group(1)
            self.assertIn("LD_PRELOAD=" + self.root.shim, worker)
            self.assertIn("XSCHED_SCHEDULER=GLB XSCHED_AUTO_XQUEUE=ON "
                          f"XSCHED_AUTO_XQUEUE_PRIORITY={priority} ", worker)
        context = result["context"]
        self.assertEqual(context["xsb_xsched_shim"], self.root.shim)
        self.assertEqual(context["xsb_xsched_root"], self.root.root)
        self.assertEqual(context["xsb_xsched_port"], str(self.port))
        self.assertIn("xsb_xsched_test_only", context)
        self.assertNotIn("xsched", cases["baseline"]["label"])
        # The daemon got the policy and the port, once for the whole run.
        with open(self.root.args_file) as f:
            self.assertEqual(f.read(), f"HPF {self.port}\n")
        self.assertEqual(len(self.root.daemon_pids()), 1)
        self.assert_gone(self.root.daemon_pids())

    def test_sweep_registers_one_case_per_valid_pair(self):
        run = self.bench(XSCHED_FILTER, "--benchmark_list_tests=true",
                         "--xsched_lp_thresholds=4,8",
                         "--xsched_lp_batch_sizes=2,8")
        self.assertEqual(run.returncode, 0, run.stderr)
        suffixes = [n.split(f"duration_s:{DURATION}")[1].split(
                    "/iterations:")[0]
                    for n in run.stdout.split()]
        self.assertEqual(suffixes, ["/lp_threshold:4/lp_batch_size:2",
                                    "/lp_threshold:8/lp_batch_size:2",
                                    "/lp_threshold:8/lp_batch_size:8"])
        self.assertIn("xsched sweep leaves out lp_threshold:4/lp_batch_size:8",
                      run.stderr)

    def test_shim_that_cannot_load_fails_the_case(self):
        os.remove(self.root.shim)
        with open(self.root.shim, "w") as f:
            f.write("not an ELF file")
        run = self.bench(XSCHED_FILTER)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("hp worker has no XSched shim mapped: " + self.root.shim,
                      run.stderr)
        self.assertIn("cannot be preloaded", run.stderr)
        self.assertIn("1 case(s) failed", run.stderr)

    def test_inherited_xsched_policy_fails_the_case(self):
        run = self.bench(XSCHED_FILTER,
                         env=dict(self.root.env(), XSCHED_POLICY="HPF"))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("hp worker inherited XSCHED_POLICY=HPF", run.stderr)

    def test_app_managed_scheduler_log_fails_the_case(self):
        # The plan and the environment the worker saw are right; only
        # XSched's own log line says it fell back to app-managed, which
        # never preempts across processes. The case runner must read it.
        run = self.bench(XSCHED_FILTER, env=dict(
            self.root.env(), XSB_FAKE_SHIM_IGNORES_SCHEDULER="1"))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertRegex(
            run.stderr,
            r"(?m)^xsb: DualModel/xsched/\S+: hp worker is not on XSched's "
            r"global scheduler: its XSched log says \"\[XSCHED INFO @ T \d+ "
            r"@ [\d:.]+\] using app-managed scheduler\" \(expected \"using "
            r"global scheduler\"\)")
        self.assertIn("1 case(s) failed", run.stderr)

    def test_daemon_that_dies_at_start_skips_every_case(self):
        run = self.bench(XSCHED_FILTER, "--xsched_lp_thresholds=8,16",
                         mode="die")
        self.assert_all_skipped(
            run, r"^the XSched daemon xsb_bench started .* exited with code 1 "
                 r"before it listened on 127\.0\.0\.1:\d+; its last output: "
                 r".*invalid policy HPF", count=2)
        # Tried once, not once per case, and reaped.
        self.assertEqual(len(self.root.daemon_pids()), 1)
        self.assert_gone(self.root.daemon_pids())

    def test_daemon_that_dies_during_a_case_fails_it(self):
        # It dies right after Start's connection: during the first case.
        run = self.bench(XSCHED_FILTER, "--xsched_lp_thresholds=8,16",
                         "--benchmark_repetitions=2", mode="die_after_listen")
        self.assertEqual(run.returncode, 1, run.stderr)
        death = (r"the XSched daemon xsb_bench started \(pid \d+, .*\) exited "
                 r"with code 3; its last output: .*told to die after "
                 r"listening$")
        failed = re.findall(r"^xsb: (\S+): (during this case, .*)$",
                            run.stderr, re.M)
        self.assertEqual(len(failed), 1, run.stderr)
        first, message = failed[0]
        self.assertIn("/lp_threshold:8/", first)
        self.assertRegex(message, "^during this case, " + death)
        self.assertIn("1 case(s) failed", run.stderr)
        # The rest cannot run: skipped, naming the case it died in, in
        # the rounds' ABBA order (8, 16 | 16, 8).
        skipped = skipped_lines(run.stderr)
        self.assertEqual([name for name, _ in skipped],
                         [first.replace("lp_threshold:8/",
                                        "lp_threshold:16/")] * 2 + [first])
        for _, reason in skipped:
            self.assertRegex(reason, rf"^during {re.escape(first)} \(which "
                                     rf"failed\), " + death)
        self.assertIn("3 case(s) skipped", run.stderr)
        self.assertEqual(len(self.root.daemon_pids()), 1)
        self.assert_gone(self.root.daemon_pids())

    def repetitions(self, run):
        """The per-repetition rows of the one case in a JSON run."""
        rows = [b for b in json.loads(run.stdout)["benchmarks"]
                if b["run_type"] == "iteration"]
        self.assertEqual(len({b["name"] for b in rows}), 1)
        return rows

    def test_repetitions_that_lose_the_daemon_do_not_abort(self):
        # Two repetitions run, then the rest are skipped: Google Benchmark
        # (a DEBUG build) aborted when the skipped ones had 0 iterations.
        # --xsched_server=external connects before and after each
        # repetition: the daemon goes away after the 5th, at the start of
        # the third.
        daemon = subprocess.Popen(
            [harness.ARGS.fake_xserver, "HPF", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=clean_env(XSB_FAKE_XSERVER_MODE="die_after_connections=5"))
        try:
            daemon.stdout.readline()
            self.assertIn("listening", daemon.stdout.readline())
            run = self.bench(XSCHED_FILTER, "--xsched_server=external",
                             "--benchmark_repetitions=4",
                             "--benchmark_format=json")
            self.assertEqual(daemon.wait(timeout=30), 3)
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.wait()
            daemon.stdout.close()
            daemon.stderr.close()
        self.assertEqual(run.returncode, 0, run.stderr)
        rows = self.repetitions(run)
        self.assertEqual([b.get("error_occurred", False) for b in rows],
                         [False, False, True, True])
        self.assertGreater(rows[1]["hp_p99_ms"], 0)
        gone = (f"the external XSched daemon on 127.0.0.1:{self.port} no "
                "longer accepts connections")
        self.assertEqual([b["error_message"] for b in rows[2:]],
                         ["skipped: during this case, " + gone,
                          "skipped: " + gone])
        self.assertEqual([b["iterations"] for b in rows], [1, 1, 1, 1])

    def test_daemon_that_dies_in_a_later_repetition_fails_once(self):
        # It serves Start's connection, then dies at the test's own: during
        # the third repetition (or, on a slow machine, just after it).
        bench = subprocess.Popen(
            [harness.ARGS.bench, "--xsched_root=" + self.root.root,
             "--xsched_port=" + str(self.port), "--xsb_xsched_allow_cpu=true",
             *SHORT, XSCHED_FILTER, "--benchmark_repetitions=4",
             "--benchmark_format=json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.root.env("die_after_connections=2"))
        stderr = ""
        for line in bench.stderr:
            stderr += line
            if stderr.count(": running (") == 3:
                socket.create_connection(("127.0.0.1", self.port)).close()
                break
        stdout, rest = bench.communicate(timeout=60 * harness.time_scale())
        stderr += rest
        self.assertEqual(bench.returncode, 1, stderr)
        self.assertIn("1 case(s) failed", stderr)
        rows = self.repetitions(
            subprocess.CompletedProcess([], 1, stdout, stderr))
        self.assertEqual([b.get("error_occurred", False) for b in rows][:2],
                         [False, False])
        failures = [b["error_message"] for b in rows
                    if b.get("error_occurred")
                    and not b["error_message"].startswith("skipped: ")]
        self.assertEqual(len(failures), 1, stderr)
        self.assertRegex(failures[0],
                         r"^(during this case|since the previous xsched case "
                         r"ended), the XSched daemon xsb_bench started .* "
                         r"exited with code 3")
        self.assertEqual([b["iterations"] for b in rows], [1, 1, 1, 1])
        self.assert_gone(self.root.daemon_pids())

    def test_daemon_that_never_listens_is_stopped(self):
        run = self.bench(XSCHED_FILTER, "--xsched_server_timeout_s=0.5",
                         mode="never_listen")
        self.assert_all_skipped(
            run, r"did not listen on 127\.0\.0\.1:\d+ within 0\.5 s and was "
                 r"stopped", count=1)
        self.assert_gone(self.root.daemon_pids())

    def test_external_mode_without_a_daemon(self):
        run = self.bench(XSCHED_FILTER, "--xsched_server=external")
        self.assert_all_skipped(
            run, rf"^no XSched daemon accepts connections on 127\.0\.0\.1:"
                 rf"{self.port} \(--xsched_server=external: start xserver "
                 r"first\)$", count=1)
        self.assertEqual(self.root.daemon_pids(), [])

    def start_long_xsched_run(self):
        """xsb_bench in the middle of an xsched case, with its daemon up."""
        bench = subprocess.Popen(
            [harness.ARGS.bench, "--xsched_root=" + self.root.root,
             "--xsched_port=" + str(self.port), "--xsb_xsched_allow_cpu=true",
             *SHORT, "--xsb_duration_s=60", XSCHED_FILTER],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=self.root.env())
        for line in bench.stderr:
            if ": running (" in line:
                break
        self.assertEqual(len(self.root.daemon_pids()), 1)
        return bench

    def test_interrupted_run_stops_the_daemon(self):
        bench = self.start_long_xsched_run()
        sent = time.monotonic()
        bench.send_signal(signal.SIGINT)
        stderr = bench.stderr.read()
        self.assertEqual(bench.wait(timeout=30), 128 + signal.SIGINT, stderr)
        # Workers and daemon are reaped before xsb_bench returns: promptly,
        # and far sooner than the 60 s window would end.
        self.assertLess(time.monotonic() - sent,
                        min(2 * harness.time_scale(), 20), stderr)
        bench.stderr.close()
        self.assertIn("interrupted by SIGINT", stderr)
        # Stopped and reaped before xsb_bench returned.
        self.assert_gone(self.root.daemon_pids())

    def test_interrupt_while_the_daemon_starts_ends_the_wait(self):
        # A FIFO for the daemon's pid: reading it waits until it runs.
        fifo = os.path.join(self.root.root, "pid.fifo")
        os.mkfifo(fifo)
        bench = subprocess.Popen(
            [harness.ARGS.bench, "--xsched_root=" + self.root.root,
             "--xsched_port=" + str(self.port), "--xsb_xsched_allow_cpu=true",
             *SHORT, XSCHED_FILTER, "--xsched_server_timeout_s=60"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dict(self.root.env("never_listen"), XSB_FAKE_PID_FILE=fifo))
        try:
            with open(fifo) as f:
                daemon = int(f.readline())
            # Only xsb_bench gets it (a Ctrl+C would reach the daemon too).
            bench.send_signal(signal.SIGINT)
            stdout, stderr = bench.communicate(
                timeout=20 * harness.time_scale())
        finally:
            if bench.poll() is None:
                bench.kill()
                bench.communicate()
        self.assertEqual(bench.returncode, 128 + signal.SIGINT, stderr)
        self.assertIn("xsb_bench: interrupted by SIGINT", stderr)
        self.assertIn("ERROR OCCURRED: 'not run: interrupted by SIGINT'",
                      stdout)
        self.assertNotIn("did not listen", stderr)
        self.assert_gone([daemon])

    def test_killed_xsb_bench_takes_the_daemon_with_it(self):
        bench = self.start_long_xsched_run()
        daemon = os.pidfd_open(self.root.daemon_pids()[0])
        try:
            bench.kill()
            bench.wait(timeout=30)
            bench.stderr.close()
            # A pidfd becomes readable when its process ends.
            readable, _, _ = select.select([daemon], [], [], 30)
            self.assertEqual(readable, [daemon], "the daemon outlived it")
        finally:
            os.close(daemon)

    def test_a_running_daemon_is_used_and_left_running(self):
        daemon = subprocess.Popen(
            [harness.ARGS.fake_xserver, "HPF", str(self.port)],
            stdout=subprocess.PIPE, text=True, env=clean_env())
        try:
            # Its second line says it listens.
            daemon.stdout.readline()
            self.assertIn("listening", daemon.stdout.readline())
            for mode in ("auto", "external"):
                run = self.bench(XSCHED_FILTER, "--xsched_server=" + mode,
                                 "--benchmark_format=json")
                self.assertEqual(run.returncode, 0, run.stderr)
                case = json.loads(run.stdout)["benchmarks"][0]
                self.assertIn(f"daemon=external, on 127.0.0.1:{self.port} ",
                              case["label"])
                self.assertIsNone(daemon.poll(), "xsb_bench stopped it")
            self.assertEqual(self.root.daemon_pids(), [])
        finally:
            daemon.send_signal(signal.SIGINT)
            daemon.wait(timeout=10)
            daemon.stdout.close()


AB_SCRIPT = os.path.join(harness.REPO_ROOT, "scripts", "ab.sh")


class AbTestOnlyTest(unittest.TestCase):
    """scripts/ab.sh end to end with the real compare.py and report.py on
    the fake install and the CPU backend: XSched scheduled nothing, so no
    format may read as a result."""

    @classmethod
    def setUpClass(cls):
        cls.root = FakeRoot()
        cls.folder = os.path.join(cls.root.root, "results")
        out = os.path.join(cls.folder, "benchmark.json")
        env = dict(cls.root.env(), XSB_BENCH=harness.ARGS.bench,
                   XSB_AB_OUT=out)
        # One round: ab.sh's rounds are tested in rounds_test.py.
        flags = ["--xsched_root=" + cls.root.root,
                 "--xsb_xsched_allow_cpu=true",
                 "--xsched_port=" + str(free_port()), *SHORT,
                 "--xsb_rounds=1"]
        cls.table = subprocess.run([AB_SCRIPT, *flags], capture_output=True,
                                   text=True, timeout=120, env=env)
        cls.markdown = subprocess.run(
            [sys.executable, os.path.join(harness.REPO_ROOT, "tools", "compare.py"),
             "--format", "markdown", out],
            capture_output=True, text=True, timeout=60)
        report = os.path.join(cls.folder, "report.md")
        cls.report = ""
        if os.path.exists(report):  # else test_the_report_says_so fails
            with open(report) as f:
                cls.report = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.root.remove()

    def assert_no_pass(self, text):
        self.assertNotRegex(text, r"\bPASS\b")
        self.assertIn("TEST-ONLY", text)

    def test_the_console_table_says_test_only(self):
        # Gated: a test-only run has nothing valid to judge (exit 3).
        self.assertEqual(self.table.returncode, 3, self.table.stderr)
        self.assert_no_pass(self.table.stdout)
        self.assertRegex(self.table.stdout,
                         r"xsched/lp_threshold:\d+/lp_batch_size:\d+ vs "
                         r"baseline: smoke/\S+ +TEST-ONLY")

    def test_the_verdict_block_says_test_only(self):
        block = self.table.stderr[self.table.stderr.index("xsb: verdict"):]
        self.assert_no_pass(block)
        self.assertTrue(block.startswith("xsb: verdict TEST-ONLY"), block)

    def test_markdown_says_test_only(self):
        self.assert_no_pass(self.markdown.stdout)
        self.assertIn("**TEST-ONLY**", self.markdown.stdout)

    def test_the_report_says_test_only(self):
        self.assert_no_pass(self.report)
        self.assertIn("TEST-ONLY run: cpu backend", self.report)


class AbScriptTest(unittest.TestCase):
    """scripts/ab.sh: one JSON file with both schedulers, then compare.py."""

    def setUp(self):
        self.root = FakeRoot()
        self.out = os.path.join(self.root.root, "results", "ab.json")

    def tearDown(self):
        self.root.remove()

    def ab(self, compare, *flags, root=True, cwd=None, **env_changes):
        """ab.sh's run; an env_changes value of None unsets the variable."""
        env = dict(self.root.env(), XSB_BENCH=harness.ARGS.bench,
                   XSB_AB_OUT=self.out, XSB_COMPARE=compare,
                   XSB_COMPARE_ARGS="--format markdown")
        env.update(env_changes)
        env = {k: v for k, v in env.items() if v is not None}
        root_flags = ["--xsched_root=" + self.root.root] if root else []
        # One round: ab.sh's rounds are tested in rounds_test.py.
        return subprocess.run(
            [AB_SCRIPT, *root_flags, "--xsb_xsched_allow_cpu=true",
             "--xsched_port=" + str(free_port()), *SHORT, "--xsb_rounds=1",
             *flags],
            capture_output=True, text=True, timeout=60 * harness.time_scale(),
            env=env, cwd=cwd)

    def echo_compare(self, status=3):
        """A compare.py that prints its arguments and exits with `status`."""
        compare = os.path.join(self.root.root, "compare.py")
        with open(compare, "w") as f:
            f.write("import sys\nprint('compare', *sys.argv[1:])\n"
                    f"sys.exit({status})\n")
        return compare

    def test_both_schedulers_in_one_file_then_compare(self):
        run = self.ab(self.echo_compare())
        with open(self.out) as f:
            names = [b["name"] for b in json.load(f)["benchmarks"]]
        self.assertEqual(sorted(n.split("/")[1] for n in names),
                         ["baseline", "xsched"])
        # compare.py got its flags and the file, and its exit code is kept.
        self.assertEqual(run.stdout.splitlines()[-1],
                         f"compare --format markdown {self.out}")
        self.assertEqual(run.returncode, 3, run.stderr)

    def test_compare_gates_by_default(self):
        run = self.ab(self.echo_compare(1), XSB_COMPARE_ARGS=None)
        self.assertEqual(run.stdout.splitlines()[-1],
                         f"compare --gate {self.out}")
        self.assertEqual(run.returncode, 1, run.stderr)

    def test_no_xsched_result_is_exit_1_without_a_comparison(self):
        # Without bin/xserver every xsched case is skipped; xsb_bench
        # itself ends with 0.
        os.remove(os.path.join(self.root.root, "bin", "xserver"))
        run = self.ab(self.echo_compare(0))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("xsb_bench: 1 case(s) skipped", run.stderr)
        self.assertEqual(run.stderr.splitlines()[-1],
                         "ab.sh: no xsched case produced results (see "
                         "xsb_bench's reasons above); nothing was compared")
        self.assertNotIn("compare", run.stdout)
        self.assertTrue(os.path.getsize(self.out) > 0)

    def test_relative_paths_are_the_callers(self):
        # Run from the fake root's parent, naming everything relative to it.
        cwd, name = os.path.split(self.root.root)
        samples = os.path.join(name, "samples")
        run = self.ab(os.path.relpath(self.echo_compare(0), cwd),
                      "--xsched_root=" + name, "--xsb_samples_dir=" + samples,
                      root=False, cwd=cwd,
                      XSB_BENCH=os.path.relpath(harness.ARGS.bench, cwd),
                      XSB_AB_OUT=os.path.join(name, "out", "ab.json"))
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.splitlines()[-1],
                         f"compare --format markdown {name}/out/ab.json")
        with open(os.path.join(self.root.root, "out", "ab.json")) as f:
            result = json.load(f)
        self.assertEqual(result["context"]["xsb_xsched_root"], self.root.root)
        self.assertTrue(os.listdir(os.path.join(cwd, samples)))

    def test_default_compare_is_found_from_any_directory(self):
        with tempfile.TemporaryDirectory() as cwd:
            run = self.ab("", root=True, cwd=cwd, XSB_COMPARE=None,
                          XSB_COMPARE_ARGS="--format json")
        self.assertEqual(run.returncode, 0, run.stderr)
        report = json.loads(run.stdout[run.stdout.index("\n{") + 1:])
        self.assertEqual(len(report["pairs"]), 1, run.stdout)

    def test_missing_compare_still_leaves_the_json(self):
        run = self.ab("/nonexistent/compare.py")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("/nonexistent/compare.py is not there; compare later "
                      f"with: python3 /nonexistent/compare.py {self.out}",
                      run.stderr)
        self.assertTrue(os.path.getsize(self.out) > 0)

    def test_help(self):
        run = subprocess.run([AB_SCRIPT, "--help"], capture_output=True,
                             text=True, timeout=30, env=clean_env())
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stderr, "")
        self.assertTrue(run.stdout.startswith("Usage: scripts/ab.sh "),
                        run.stdout)
        for part in ("XSCHED_ROOT", "XSB_BENCH", "XSB_AB_OUT", "XSB_COMPARE",
                     "XSB_COMPARE_ARGS", "Exit codes:", "results/"):
            self.assertIn(part, run.stdout)
        self.assertFalse(os.path.exists(self.out))

    def test_without_an_install_it_stops_at_once(self):
        run = self.ab("/nonexistent/compare.py", root=False)
        self.assertEqual(run.returncode, 2)
        self.assertIn("no XSched install", run.stderr)
        self.assertFalse(os.path.exists(self.out))


if __name__ == "__main__":
    harness.main("fake_shim", "fake_xserver")
