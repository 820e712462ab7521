#!/usr/bin/env python3
"""Schedulers as files, end to end on the CPU backend (test-only, like
xsched): a preload scheduler described only by a file (tests/fakes/
fake_preload) runs the smoke scenario and its proof is in the label; a bad
file stops xsb_bench with one line; a proof that fails fails the case; a
scheduler is refused on a backend it does not apply to; the built-in mps and
mps-limit run against a fake MPS control daemon (tests/fakes/fake_mps) in
private folders, one daemon per case, nothing left behind, the state of a
killed run cleaned up; cu-mask plans its CU share."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness

DURATION = f"{round(0.3 * min(harness.time_scale(), 10), 1):g}"
SHORT = ["--xsb_scenarios=smoke", f"--xsb_duration_s={DURATION}",
         "--xsb_warmup_s=0", "--xsb_standalone=false", "--xsb_backend=cpu"]
TEST_ONLY = "--xsb_schedulers_allow_cpu=true"


def run_bench(*flags, env=None, timeout=90):
    return harness.run_bench(*flags, env=env, timeout=timeout)


def results(path):
    with open(path) as f:
        return json.load(f)


def clean_env(tmp, **extra):
    """A fresh TMPDIR (state folders land there) and no inherited fakes."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XSB_FAKE_", "CUDA_MPS_"))}
    env["TMPDIR"] = tmp
    env.update(extra)
    return env


class SchedulerFileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="xsb_sched_files_")
        self.out = os.path.join(self.tmp, "out.json")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_fake_preload_from_a_file_alone_runs_smoke_with_its_proof(self):
        run = run_bench(*SHORT, "--xsb_scheduler_file=" +
                        harness.ARGS.fake_preload_file, TEST_ONLY,
                        "--xsb_schedulers=baseline,fake-preload",
                        "--benchmark_out=" + self.out,
                        env=clean_env(self.tmp))
        self.assertEqual(run.returncode, 0, run.stderr)
        rows = {b["name"]: b for b in harness.runs(results(self.out))}
        fake = sorted(n for n in rows if "/fake-preload/" in n)
        self.assertEqual(len(fake), 2, list(rows))
        for level, name in zip(("1", "2"), fake):
            self.assertRegex(name, r"^DualModel/fake-preload/smoke/rate:\d+/"
                             r"batch:\d+/duration_s:[\d.]+/level:" + level +
                             r"/iterations:1/manual_time$")
            row = rows[name]
            self.assertFalse(row.get("error_occurred"), row)
            label = row["label"]
            self.assertTrue(label.startswith(
                "scheduler=fake-preload TEST-ONLY(cpu backend: fake-preload "
                "scheduled nothing) hp["), label)
            for role in ("hp", "lp"):
                self.assertRegex(
                    label, role + r"\[LD_PRELOAD=\S*libxsb_fake_preload\.so"
                    r"\S* XSB_FAKE_PRELOAD_LEVEL=" + level + r";[^]]*; proof: "
                    r"mapped \S*libxsb_fake_preload\.so; stderr "
                    r"\"\[xsb-fake-preload\] loaded in pid \d+, level " +
                    level + r"\"\]")
        # The same counters as the baseline case beside it.
        baseline = next(r for n, r in rows.items() if "/baseline/" in n)
        for name in fake:
            self.assertEqual(sorted(rows[name]), sorted(baseline))
        context = results(self.out)["context"]
        self.assertEqual(context["xsb_scheduler_fake-preload_file"],
                         harness.ARGS.fake_preload_file)
        self.assertIn("xsb_scheduler_fake-preload_test_only", context)

    def test_a_file_scheduler_is_refused_where_it_does_not_apply(self):
        run = run_bench(*SHORT, "--xsb_scheduler_file=" +
                        harness.ARGS.fake_preload_file,
                        "--xsb_schedulers=fake-preload",
                        env=clean_env(self.tmp))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(
            run.stderr.strip().splitlines()[-1],
            "xsb_bench: scheduler 'fake-preload' does not apply to the cpu "
            "backend (" + harness.ARGS.fake_preload_file + ": backends hip, "
            "cuda)")
        # Without --xsb_schedulers it is simply not registered there.
        listed = run_bench(*SHORT, "--xsb_scheduler_file=" +
                           harness.ARGS.fake_preload_file,
                           "--benchmark_list_tests", env=clean_env(self.tmp))
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertNotIn("fake-preload", listed.stdout)
        for builtin in ("cu-mask", "mps"):
            run = run_bench(*SHORT, "--xsb_schedulers=" + builtin,
                            env=clean_env(self.tmp))
            self.assertEqual(run.returncode, 2, run.stderr)
            self.assertIn(f"scheduler '{builtin}' does not apply to the cpu "
                          f"backend (built-in schedulers/{builtin}.json",
                          run.stderr)

    def test_a_bad_file_is_one_line_naming_file_field_and_what_is_allowed(self):
        bad = self.write("bad.json", json.dumps({
            "schema": "xsb-scheduler/1", "name": "bad", "backends": ["cpu"],
            "roles": {"lp": {"stream_priority": "low"}}}))
        run = run_bench(*SHORT, "--xsb_scheduler_file=" + bad,
                        env=clean_env(self.tmp))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(
            run.stderr.strip(),
            f"xsb_bench: --xsb_scheduler_file: {bad}: roles.lp."
            "stream_priority: must be one of default, highest, lowest, got "
            "'low'")
        taken = self.write("taken.json", json.dumps({
            "schema": "xsb-scheduler/1", "name": "baseline",
            "backends": ["cpu"]}))
        run = run_bench(*SHORT, "--xsb_scheduler_file=" + taken,
                        env=clean_env(self.tmp))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(f"{taken}: name: 'baseline' is taken by built-in "
                      "schedulers/baseline.json", run.stderr)

    def test_a_proof_that_fails_fails_the_case(self):
        with open(harness.ARGS.fake_preload_file) as f:
            spec = json.load(f)
        spec["name"] = "wrong-proof"
        spec["params"] = []
        spec["every_role"]["env"] = {}
        spec["every_role"]["preload"] = [
            os.path.join(os.path.dirname(harness.ARGS.fake_preload_file),
                         "libxsb_fake_preload.so")]
        spec["every_role"]["proof"] = {"stderr": {
            "must": ["loaded in pid {pid}, level 9"]}}
        path = self.write("wrong-proof.json", json.dumps(spec))
        run = run_bench(*SHORT, "--xsb_scheduler_file=" + path, TEST_ONLY,
                        "--xsb_schedulers=wrong-proof",
                        "--benchmark_out=" + self.out,
                        env=clean_env(self.tmp))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertRegex(
            run.stderr, r"hp worker fails its proof: its stderr has no line "
            r"matching \"loaded in pid \d+, level 9\" \(its last lines: "
            r"\[xsb-fake-preload\] loaded in pid \d+, level unset")
        row = harness.runs(results(self.out))[0]
        self.assertTrue(row["error_occurred"])


class MpsTest(unittest.TestCase):
    """The built-in mps and mps-limit against the fake MPS control daemon,
    the workers made its clients by the fake client library."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="xsb_sched_mps_")
        self.out = os.path.join(self.tmp, "out.json")
        self.pids = os.path.join(self.tmp, "daemon.pids")
        self.ui_log = os.path.join(self.tmp, "ui.log")
        self.tag = harness.new_tag()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def env(self, client=True, path=True):
        env = clean_env(self.tmp, XSB_FAKE_PID_FILE=self.pids,
                        XSB_FAKE_MPS_UI_LOG=self.ui_log)
        env[harness.TAG_VARIABLE] = self.tag
        if path:
            env["PATH"] = harness.ARGS.fake_mps_dir + ":" + env["PATH"]
        if client:
            env["LD_PRELOAD"] = harness.ARGS.fake_mps_client
        return env

    def daemon_pids(self):
        with open(self.pids) as f:
            return [int(p) for p in f.read().split()]

    def state_dirs(self):
        return [d for d in os.listdir(self.tmp) if d.startswith("xsb-mps")]

    def run_mps(self, schedulers, **env):
        return run_bench(*SHORT, TEST_ONLY, "--xsb_schedulers=" + schedulers,
                         "--benchmark_out=" + self.out, env=self.env(**env))

    def test_mps_and_mps_limit_run_one_daemon_per_case_and_prove_it(self):
        run = self.run_mps("mps,mps-limit")
        self.assertEqual(run.returncode, 0, run.stderr)
        rows = harness.runs(results(self.out))
        names = [r["name"].rsplit("/iterations", 1)[0] for r in rows]
        self.assertEqual([n.split("/")[1] for n in names],
                         ["mps", "mps-limit", "mps-limit"])
        self.assertTrue(names[1].endswith("/lp_active_thread_pct:25"), names)
        self.assertTrue(names[2].endswith("/lp_active_thread_pct:50"), names)
        for row in rows:
            self.assertFalse(row.get("error_occurred"), row)
            self.assertRegex(row["label"], r"^scheduler=mps(-limit)? TEST-ONLY"
                             r"\(cpu backend: mps(-limit)? scheduled nothing\) "
                             r"daemon=started by xsb_bench \(pid \d+: "
                             r"nvidia-cuda-mps-control -f\) hp\[")
            self.assertRegex(row["label"], r"hp\[CUDA_MPS_PIPE_DIRECTORY=\S+"
                             r"/xsb-mps(-limit)?-\d+/pipe CUDA_MPS_LOG_DIRECTORY"
                             r"=\S+/log")
            self.assertRegex(row["label"], r"proof: daemon log \"\[[^]]+\] "
                             r"NEW CLIENT \d+ from user \d+: [^\"]+\"; `sh -c "
                             r"echo get_server_list \| nvidia-cuda-mps-control`"
                             r" \"\d+\"")
        self.assertIn("CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=50 "
                      "CUDA_MPS_CLIENT_PRIORITY=1", rows[2]["label"])
        # One daemon per case, each stopped by its quit command; nothing
        # left running, no state folder left.
        pids = self.daemon_pids()
        self.assertEqual(len(pids), 3)
        with open(self.ui_log) as f:
            quits = [l for l in f.read().splitlines() if l.startswith("quit")]
        self.assertEqual(len(quits), 3, quits)
        self.assertEqual(harness.processes_with_tag(self.tag), [])
        self.assertEqual(self.state_dirs(), [])

    def test_a_worker_that_is_no_client_fails_the_proof(self):
        run = self.run_mps("mps", client=False)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertRegex(run.stderr, r"worker fails its proof: the daemon's "
                         r"log has no line matching \"NEW CLIENT \d+ from "
                         r"user\" \(its last lines: ")
        self.assertEqual(harness.processes_with_tag(self.tag), [])

    def test_without_the_program_the_cases_are_skipped(self):
        env_path = "/usr/bin:/bin"
        run = run_bench(*SHORT, TEST_ONLY, "--xsb_schedulers=mps",
                        env=dict(self.env(path=False), PATH=env_path))
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn(
            "skipped: the mps scheduler needs the program "
            "nvidia-cuda-mps-control, which is not on PATH (built-in "
            "schedulers/mps.json: requires)", run.stderr)

    def test_the_state_a_killed_run_left_is_cleaned_up(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        stale = os.path.join(self.tmp, f"xsb-mps-{dead.pid}")
        os.makedirs(os.path.join(stale, "pipe"))
        run = self.run_mps("mps")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertFalse(os.path.exists(stale))
        self.assertIn(f"xsb: mps: removed {stale}, left by a killed run; its "
                      "clean-up `sh -c echo quit | nvidia-cuda-mps-control; "
                      "exit 0` exited with code 0", run.stderr)
        with open(self.ui_log) as f:
            self.assertEqual(f.readline().strip(),
                             f"quit {stale}/pipe")

    def test_a_daemon_that_will_not_start_skips_every_case_once(self):
        run = run_bench(*SHORT, TEST_ONLY, "--xsb_schedulers=mps,mps-limit",
                        env=dict(self.env(), XSB_FAKE_MPS_MODE="exit_at_start"))
        self.assertEqual(run.returncode, 0, run.stderr)
        skipped = re.findall(r"^xsb: (\S+): skipped: (.*)$", run.stderr, re.M)
        self.assertEqual(len(skipped), 3, run.stderr)
        for _, why in skipped:
            self.assertRegex(why, r"daemon xsb_bench started \(pid \d+, "
                             r"nvidia-cuda-mps-control -f\) exited with code 1 "
                             r"before it was ready; its last output: fake mps:"
                             r" cannot open the GPU")
        # mps and mps-limit each tried once.
        self.assertEqual(len(self.daemon_pids()), 2)


class CuMaskTest(unittest.TestCase):
    def test_cu_mask_plans_the_lp_share_per_case(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            run = run_bench(*SHORT, TEST_ONLY, "--xsb_schedulers=cu-mask",
                            "--benchmark_out=" + out, env=clean_env(tmp))
            self.assertEqual(run.returncode, 0, run.stderr)
            rows = harness.runs(results(out))
        self.assertEqual([r["name"].split("/")[-3] for r in rows],
                         ["lp_cu_pct:50", "lp_cu_pct:75"])
        for row, share in zip(rows, ("50", "75")):
            self.assertIn(f"lp[cu_mask={share}%;", row["label"])
            self.assertIn("hp[default;", row["label"])


if __name__ == "__main__":
    harness.main("fake_preload_file", "fake_mps_dir", "fake_mps_client")
