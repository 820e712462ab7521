#!/usr/bin/env python3
"""The trace workload end to end on the CPU backend: the trace-resnet
scenario under both CPU schedulers, its label and context naming the traces,
and bad trace or GEMM flags rejected in one line before any case runs."""
import json
import os
import re
import subprocess
import tempfile
import time
import unittest

import harness

NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/trace-resnet/")
HP_TRACE = ("trace resnet_infer.json (xsb-trace): 73 kernels + 2 copies, "
            "2.029 ms GPU + 0.000 ms host gaps = 2.029 ms a pass")
LP_TRACE = ("trace train_step.json (xsb-trace): 33 kernels + 2 copies, "
            "54.505 ms GPU + 0.150 ms host gaps = 54.655 ms a pass")
DURATION_S = 2


class TraceResnetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = os.path.join(tempfile.mkdtemp(), "trace.json")
        run = subprocess.run(
            [harness.ARGS.bench, "--xsb_backend=cpu",
             "--xsb_scenarios=trace-resnet",
             "--xsb_schedulers=baseline,os-priority",
             "--xsb_standalone=false", f"--xsb_duration_s={DURATION_S}",
             "--xsb_warmup_s=0.5", "--benchmark_out=" + cls.out,
             "--benchmark_out_format=json"],
            capture_output=True, text=True, timeout=150)
        harness.skip_if_os_priority_starved(run)
        if run.returncode != 0:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-2000:]}")
        with open(cls.out) as f:
            cls.result = json.load(f)

    def cases(self):
        return {NAME.match(b["name"]).group("scheduler"): b
                for b in harness.runs(self.result)}

    def test_both_schedulers_ran_with_every_counter(self):
        cases = self.cases()
        self.assertEqual(sorted(cases), ["baseline", "os-priority"])
        for scheduler, case in cases.items():
            self.assertNotIn("error_occurred", case, scheduler)
            for counter in harness.dual_model_counter_names():
                self.assertIn(counter, case, f"{scheduler}: {counter}")
            self.assertLess(abs(case["hp_requests"] - 100 * DURATION_S),
                            0.1 * 100 * DURATION_S)
            self.assertGreater(case["lp_iters"], 0)

    def test_replay_is_never_shorter_than_the_trace(self):
        # CPU kernels never end early: a pass takes the trace's GPU time.
        for case in self.cases().values():
            self.assertGreaterEqual(case["hp_standalone_forward_ms"], 2.029)
            self.assertGreaterEqual(case["lp_standalone_forward_ms"], 54.505)

    def test_label_and_context_name_the_traces(self):
        for case in self.cases().values():
            self.assertIn(HP_TRACE, case["label"])
            self.assertIn(LP_TRACE, case["label"])
        context = self.result["context"]
        self.assertIn("73 kernels + 2 copies, 2.029 ms GPU",
                      context["xsb_trace_trace-resnet_hp"])
        self.assertTrue(context["xsb_trace_trace-resnet_lp"].startswith("/"))


def write_trace(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# One DualModel case under the baseline scheduler with the HP role replaying
# a trace: smoke's 200 req/s (a request due every 5 ms), no warm-up.
def run_hp_trace(path, duration_s, out):
    return harness.run_bench(
        "--xsb_backend=cpu", "--xsb_scenarios=smoke",
        "--xsb_schedulers=baseline", "--xsb_standalone=false",
        "--benchmark_filter=DualModel/", f"--xsb_duration_s={duration_s}",
        "--xsb_warmup_s=0", "--xsb_hp_model=trace:" + path,
        "--benchmark_out=" + out, "--benchmark_out_format=json")


class TraceReplayReportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.dir.name, "out.json")

    def tearDown(self):
        self.dir.cleanup()

    def test_hp_trace_that_cannot_keep_up_is_refused_before_the_window(self):
        # A pass of about 30 ms, nearly all of it a host gap, for requests
        # due every 5 ms: without the check it would serve a 2 s window's
        # 400 requests for 12 s.
        path = write_trace(self.dir.name, "slow.json", json.dumps({
            "kernels": [{"name": "a", "duration_us": 100},
                        {"name": "b", "duration_us": 100,
                         "gap_before_us": 30000}]}))
        begin = time.monotonic()
        run = run_hp_trace(path, 2, self.out)
        elapsed = time.monotonic() - begin
        self.assertEqual(run.returncode, 1, run.stderr)
        message = re.search(r"^xsb: DualModel/\S+: (hp worker cannot keep "
                            r"up: .*)$", run.stderr, re.M)
        self.assertIsNotNone(message, run.stderr)
        taken = re.search(r"one request takes ([0-9.]+) ms", message.group(1))
        self.assertGreaterEqual(float(taken.group(1)), 30)
        self.assertRegex(
            message.group(1),
            r"^hp worker cannot keep up: one request takes [0-9.]+ ms "
            r"standalone \(measured before the window\), but at 200 req/s "
            r"one is due every 5 ms, so requests would queue and latency "
            r"grow for the whole window; lower --xsb_hp_rate below "
            r"[0-9.]+ req/s, or replay a trace of one request")
        self.assertNotIn("window over, finishing", run.stderr)
        # The workers' set-up and 7 standalone passes, never the window.
        self.assertLess(elapsed, 2 + 10 * harness.time_scale())

    def test_lp_trace_longer_than_the_window_asks_for_a_longer_window(self):
        # A pass of about 400 ms, nearly all of it a host gap, in a 0.3 s
        # window: the LP batch does nothing for a trace.
        path = write_trace(self.dir.name, "long.json", json.dumps({
            "kernels": [{"name": "a", "duration_us": 100},
                        {"name": "b", "duration_us": 100,
                         "gap_before_us": 400000}]}))
        run = harness.run_bench(
            "--xsb_backend=cpu", "--xsb_scenarios=smoke",
            "--xsb_schedulers=baseline", "--xsb_standalone=false",
            "--benchmark_filter=DualModel/", "--xsb_duration_s=0.3",
            "--xsb_warmup_s=0", "--xsb_lp_model=trace:" + path)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertRegex(
            run.stderr,
            r"(?m): no LP iteration completed inside the 0\.3 s window \(one "
            r"pass of the LP trace took 4\d\d ms standalone\); lengthen "
            r"--xsb_duration_s to at least 0\.8\d* s \(two passes\), or "
            r"replay a shorter trace$")

    def test_label_and_stderr_tell_gaps_copies_and_overlap(self):
        # nsys rows of two streams: a copy in, two kernels that overlap
        # (recorded over 0.300 ms, replayed one after the other), 0.5 ms of
        # host work, a copy out.
        path = write_trace(self.dir.name, "two_streams.csv", "\n".join([
            '"Start (ns)","Duration (ns)","GrdX","GrdY","GrdZ","BlkX",'
            '"BlkY","BlkZ","Strm","Name"',
            '1000000,50000,,,,,,,7,"[CUDA memcpy Host-to-Device]"',
            '1050000,300000,8,1,1,64,1,1,7,"gemm"',
            '1050000,250000,8,1,1,64,1,1,8,"softmax"',
            '1850000,50000,,,,,,,7,"[CUDA memcpy Device-to-Host]"']) + "\n")
        run = run_hp_trace(path, 0.5, self.out)
        self.assertEqual(run.returncode, 0, run.stderr)
        described = ("two_streams.csv (nsys): 2 kernels + 2 copies, 0.650 ms "
                     "GPU + 0.500 ms host gaps = 1.150 ms a pass, 1 "
                     "overlapping row serialised: recorded span 0.900 ms, "
                     "replayed 1.150 ms")
        self.assertRegex(run.stderr, r"(?m)^xsb: DualModel/baseline/smoke/"
                         r"\S+: hp replays " + re.escape(described) + "$")
        with open(self.out) as f:
            case = harness.runs(json.load(f))[0]
        self.assertIn("; trace " + described + ";", case["label"])


class TraceFlagsTest(unittest.TestCase):
    def assert_rejected(self, message, *flags):
        run = harness.run_bench(*flags)
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertIn(message, lines[0])

    def test_malformed_trace_names_file_and_row(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
            f.write('"Start (ns)","Duration (ns)","CorrId","GrdX","GrdY",'
                    '"GrdZ","BlkX","BlkY","BlkZ","Name"\n'
                    '100,2000,1,1,1,1,64,1,1,"a"\n'
                    '5000,soon,2,1,1,1,64,1,1,"b"\n')
            f.flush()
            self.assert_rejected(
                f"--xsb_lp_model: {f.name}: line 3: Duration (ns) 'soon' is "
                "not a whole number >= 0", "--xsb_lp_model=trace:" + f.name)

    def test_real_profiler_files(self):
        # tests/unit/traces: files the profilers wrote (README.md there).
        def fixture(name):
            return os.path.join(harness.REPO_ROOT, "tests", "unit", "traces",
                                name)
        listed = harness.run_bench(
            "--xsb_hp_model=trace:" + fixture("rocprofv2_vcopy_mi300a.csv"),
            "--benchmark_list_tests=true")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        for name, what in (
                ("nvprof_gpu_trace_matrixmul.csv",
                 "this is nvprof's GPU trace (nvprof --print-gpu-trace "
                 "--csv), which the replay does not read; record with "
                 "Nsight Systems"),
                ("nsys_cuda_gpu_kern_sum_dotllm.csv",
                 "this is Nsight Systems' kernel summary"),
                ("rocprofv3_kernel_stats_resnet.csv",
                 "this is a rocprof summary (rocprof --stats: "
                 "results.stats.csv, or rocprofv3 --stats: "
                 "*_kernel_stats.csv)")):
            self.assert_rejected(f"--xsb_hp_model: {fixture(name)}: {what}",
                                 "--xsb_hp_model=trace:" + fixture(name))

    def test_unknown_model_kind(self):
        self.assert_rejected("--xsb_hp_model: 'resnet' is not mlp, "
                             "trace:FILE or exec:COMMAND",
                             "--xsb_hp_model=resnet")

    def test_missing_trace_file(self):
        self.assert_rejected("/nonexistent.json: cannot read the trace file",
                             "--xsb_hp_model=trace:/nonexistent.json")

    def test_cpu_backend_refuses_the_vendor_gemm(self):
        self.assert_rejected(
            "--xsb_gemm=vendor: the cpu backend has no vendor BLAS",
            "--xsb_backend=cpu", "--xsb_gemm=vendor",
            "--xsb_scenarios=smoke")

    def test_unknown_gemm(self):
        self.assert_rejected("--xsb_gemm: 'cublas' is not builtin or vendor",
                             "--xsb_gemm=cublas")


if __name__ == "__main__":
    harness.main()
