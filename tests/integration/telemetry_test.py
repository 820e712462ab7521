#!/usr/bin/env python3
"""Device telemetry end to end on the CPU backend: without a library the
run says so in one line and reports no gpu_* counter; with the fake NVML
(tests/fakes/fake_gpu_telemetry.cc) the counters, the warning naming other
processes and the samples' gpu rows appear, and the sample-file readers of
tools/ still read the file."""
import glob
import json
import os
import tempfile
import unittest

import harness
# tools/ is on PYTHONPATH too (tests/integration/CMakeLists.txt).
from xsb_compare import samples as compare_samples
from xsb_report import runs as report_runs

CASE = "--benchmark_filter=Standalone/hp/smoke"
SHORT = ("--xsb_backend=cpu", CASE, "--xsb_duration_s=0.5",
         "--xsb_warmup_s=0.1", "--benchmark_out_format=json")
GPU_COUNTERS = {"gpu_util_mean_pct", "gpu_clock_min_mhz",
                "gpu_mem_used_max_mib", "gpu_temp_max_c", "gpu_power_max_w"}


def run(tmp, *flags, **env):
    out = os.path.join(tmp, "out.json")
    result = harness.run_bench(*SHORT, "--benchmark_out=" + out, *flags,
                               env=dict(os.environ, **env))
    with open(out) as f:
        doc = json.load(f)
    case = [b for b in harness.runs(doc) if b.get("run_type") == "iteration"]
    return result, doc, case[0]


class TelemetryTest(unittest.TestCase):
    def test_without_a_library_one_line_and_no_counters(self):
        with tempfile.TemporaryDirectory() as tmp:
            result, doc, case = run(
                tmp, XSB_NVML_LIBRARY="/nonexistent/libnvidia-ml.so.1",
                XSB_ROCM_SMI_LIBRARY="/nonexistent/librocm_smi64.so.1")
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        lines = [l for l in result.stderr.splitlines()
                 if "telemetry" in l.lower() and l.startswith("xsb:")]
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("GPU telemetry: none (", lines[0])
        self.assertIn("/nonexistent/libnvidia-ml.so.1", lines[0])
        self.assertTrue(doc["context"]["xsb_gpu_telemetry"].startswith(
            "none: "))
        self.assertFalse(GPU_COUNTERS & set(case))
        self.assertNotIn("noise_gpu_other_procs", case)

    def test_with_the_fake_library_counters_warning_and_samples(self):
        with tempfile.TemporaryDirectory() as tmp:
            samples_dir = os.path.join(tmp, "samples")
            result, doc, case = run(
                tmp, "--xsb_samples_dir=" + samples_dir,
                "--xsb_telemetry_interval_ms=10",
                XSB_NVML_LIBRARY=harness.ARGS.fake_telemetry,
                XSB_FAKE_GPU_PIDS=f"{os.getpid()}:300")
            self.assertEqual(result.returncode, 0, result.stderr[-2000:])
            self.assertIn("Fake GPU 9000", doc["context"]["xsb_gpu_telemetry"])
            self.assertEqual(GPU_COUNTERS & set(case), GPU_COUNTERS)
            self.assertEqual(case["gpu_clock_min_mhz"], 1300)
            self.assertEqual(case["gpu_mem_used_max_mib"], 2048)
            self.assertEqual(case["gpu_temp_max_c"], 62)
            self.assertEqual(case["gpu_power_max_w"], 250.5)
            self.assertIn(f"WARNING: other processes on the GPU: {os.getpid()} ",
                          result.stderr)
            # This test's process is on the fake GPU and is not one of the
            # case's own: the noise monitor counts it and flags the window.
            self.assertEqual(case["noise_gpu_other_procs"], 1)
            self.assertEqual(case["noise_disturbed"], 1)
            self.assertIn("1 other process(es) on the GPU", case["label"])
            [path] = glob.glob(os.path.join(samples_dir, "*.json"))
            with open(path) as f:
                sample_doc = json.load(f)
            self.assertEqual(sample_doc["version"], 1)
            self.assertEqual(sample_doc["gpu_columns"][0], "time_ns")
            self.assertGreater(len(sample_doc["gpu"]), 5)
            # The tools that read sample files still do.
            self.assertIsNotNone(compare_samples.parse_samples(sample_doc, path))
            self.assertIsNotNone(report_runs.parse_samples(sample_doc, path))

    def test_telemetry_off_says_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            result, doc, case = run(
                tmp, "--xsb_telemetry=false",
                XSB_NVML_LIBRARY=harness.ARGS.fake_telemetry)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertNotIn("telemetry", result.stderr.lower())
        self.assertFalse(GPU_COUNTERS & set(case))


if __name__ == "__main__":
    harness.main("fake_telemetry")
