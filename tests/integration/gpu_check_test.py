#!/usr/bin/env python3
"""scripts/gpu-check.sh without a GPU: --prepare bundles an existing build
(no cuda build here) and lists it with its size; the bundle's run.sh, the
device side, runs every step on the CPU backend with short durations and
writes its JSON, logs and summary; --device finds the bundle; --dry_run
prints the steps. A broken script fails here instead of on the GPU
machine's few minutes."""
import os
import re
import subprocess
import tempfile
import unittest

import harness

SCRIPT = os.path.join(harness.REPO_ROOT, "scripts", "gpu-check.sh")


def sh(*args, timeout=240):
    return subprocess.run(list(args), capture_output=True, text=True,
                          timeout=timeout)


class GpuCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.bundle = os.path.join(cls.tmp.name, "bundle")
        cls.prepare = sh(SCRIPT, "--prepare", "--no_build",
                         "--build_dir=" + harness.ARGS.build_dir,
                         "--bundle=" + cls.bundle)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_prepare_lists_the_bundle_and_its_size(self):
        self.assertEqual(self.prepare.returncode, 0, self.prepare.stderr)
        for path in ("bin/xsb_bench", "bin/xsb_worker", "run.sh",
                     "libraries.sh", "steps/30-preemption.sh", "summary.py",
                     "versions.txt", "MANIFEST.txt", "python.sh",
                     "steps/60-torch_pair.sh",
                     "bin/examples/torch_models.py",
                     "bin/python/xsb_model/server.py"):
            self.assertTrue(os.path.exists(os.path.join(self.bundle, path)),
                            path)
            self.assertIn(path, self.prepare.stdout)
        libs = os.listdir(os.path.join(self.bundle, "lib"))
        self.assertTrue(any(l.startswith("libbenchmark") for l in libs), libs)
        self.assertFalse(any(l.startswith(("libc.so", "libcuda.so",
                                           "libamdhip64")) for l in libs),
                         libs)
        self.assertRegex(self.prepare.stdout,
                         r"total: \d+ bytes \(\d+ MiB\) in ")
        self.assertIn("bin/xsb_worker: RUNPATH $ORIGIN/../lib",
                      self.prepare.stdout)

    def test_prepare_lists_the_device_steps_of_the_builds_backend(self):
        self.assertEqual(self.prepare.returncode, 0, self.prepare.stderr)
        self.assertIn("device steps (run.sh --dry_run", self.prepare.stdout)
        self.assertIn("  == preemption", self.prepare.stdout)
        with open(os.path.join(harness.ARGS.build_dir, "CMakeCache.txt")) as f:
            compiled = re.search(r"^XSB_GPU_BACKEND_COMPILED:INTERNAL=(\w+)",
                                 f.read(), re.M)
        vendor = {"cuda": "== mps", "hip": "== cu_mask"}.get(
            compiled.group(1) if compiled else "")
        if vendor:
            self.assertIn(vendor, self.prepare.stdout)

    def skip_if_only_os_priority_starved(self, out):
        """Skips, with the reason, when every failed step failed only
        because os-priority's idle-class LP got no CPU on a busy machine."""
        reasons = []
        for log in ("preemption.log", "dual_model.log"):
            try:
                with open(os.path.join(out, log)) as f:
                    text = f.read()
            except OSError:
                return
            if "case(s) failed" in text:
                reason = harness.os_priority_starved(text)
                if reason is None:
                    return
                reasons.append(reason)
        if reasons:
            self.skipTest(reasons[0])

    def test_device_side_runs_every_step_on_the_cpu(self):
        out = os.path.join(self.tmp.name, "out")
        run = sh(SCRIPT, "--device", "--bundle=" + self.bundle,
                 "--backend=cpu", "--short", "--out=" + out)
        if run.returncode != 0:
            self.skip_if_only_os_priority_starved(out)
        self.assertEqual(run.returncode, 0, run.stdout[-3000:] + run.stderr)
        for name in ("preemption.json", "dual_model.json", "summary.md",
                     "steps.log", "machine.txt", "preemption.log"):
            self.assertTrue(os.path.exists(os.path.join(out, name)), name)
        with open(os.path.join(out, "summary.md")) as f:
            summary = f.read()
        self.assertIn("## Preemption latency", summary)
        self.assertEqual(summary.count("| Preemption/"), 4, summary)
        self.assertIn("| DualModel/os-priority/smoke/", summary)
        self.assertIn("| Standalone/lp/smoke/", summary)
        self.assertIn("GFLOP/s", summary)
        self.assertTrue(summary.rstrip().endswith("All steps passed."),
                        summary)

    def test_dry_run_prints_each_step(self):
        out = os.path.join(self.tmp.name, "dry")
        run = sh(os.path.join(self.bundle, "run.sh"), "--dry_run",
                 "--out=" + out)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("== preemption", run.stdout)
        self.assertIn("--xsb_backend=gpu", run.stdout)
        self.assertIn("--xsb_schedulers=baseline,stream-priority", run.stdout)
        self.assertIn("--xsb_duration_s=20", run.stdout)
        self.assertNotIn("== xsched (", run.stdout)
        self.assertIn("== xsched: skipped: no XSched install", run.stdout)
        # The PyTorch pair, under the Python the finder picks.
        self.assertRegex(run.stdout, r"== torch_pair \(at most 200 s\): env "
                         r"XSB_PYTHON=\S+ \S+/xsb_bench --xsb_backend=gpu "
                         r".*--xsb_scenarios=torch-original")

    def test_dry_run_of_a_cuda_build_measures_mps(self):
        out = os.path.join(self.tmp.name, "dry_cuda")
        run = sh(os.path.join(self.bundle, "run.sh"), "--dry_run",
                 "--gpu_backend=cuda", "--out=" + out)
        self.assertEqual(run.returncode, 0, run.stderr)
        mps = [l for l in run.stdout.splitlines() if l.startswith("== mps")]
        self.assertEqual(len(mps), 1, run.stdout)
        self.assertIn("--xsb_schedulers=mps,mps-limit", mps[0])
        self.assertIn("--xsb_preemption=true", mps[0])
        self.assertIn("/mps.json", mps[0])
        self.assertNotIn("== cu_mask", run.stdout)
        # stream-priority is measured by the steps before it.
        self.assertIn("--xsb_schedulers=baseline,stream-priority", run.stdout)

    def test_missing_bundle_is_one_line(self):
        run = sh(SCRIPT, "--device",
                 "--bundle=" + os.path.join(self.tmp.name, "none"))
        self.assertEqual(run.returncode, 2)
        self.assertIn("run --prepare first", run.stderr)


if __name__ == "__main__":
    harness.main("build_dir")
