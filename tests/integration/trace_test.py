#!/usr/bin/env python3
"""The trace workload end to end on the CPU backend: the trace-resnet
scenario under both CPU schedulers, its label and context naming the traces,
and bad trace or GEMM flags rejected in one line before any case runs."""
import json
import os
import re
import subprocess
import tempfile
import unittest

import harness

NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/trace-resnet/")
HP_TRACE = "trace resnet_infer.json (xsb-trace): 75 kernels, 2.029 ms GPU"
LP_TRACE = "trace train_step.json (xsb-trace): 35 kernels, 54.505 ms GPU"
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
                for b in self.result["benchmarks"]}

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
        self.assertIn("75 kernels, 2.029 ms GPU",
                      context["xsb_trace_trace-resnet_hp"])
        self.assertTrue(context["xsb_trace_trace-resnet_lp"].startswith("/"))


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
