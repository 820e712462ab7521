#!/usr/bin/env python3
"""The plan's PyTorch pair end to end on the CPU backend: torchvision's
ResNet-18 (HP) and ResNet-50 (LP) through
kernels/exec/examples/torch_models.py, DualModel baseline vs os-priority in
the torch-original scenario with a short window, LP batch 1 and 32 x 32
images (so that 2 loaded cores finish LP iterations inside it); the
counters against the samples file, the label naming each model as the
program described it, os-priority on every thread PyTorch started; and
the torch-* scenarios finding their example and a Python with torch.
Skipped, with the reason, where no Python has torch and torchvision
(scripts/install-deps.sh --torch installs Debian's)."""
import json
import os
import re
import subprocess
import tempfile
import time
import unittest

import harness

NAME = re.compile(r"DualModel/(?P<scheduler>[^/]+)/torch-original/"
                  r"rate:(?P<rate>[\d.]+)/batch:(?P<batch>\d+)/"
                  r"duration_s:(?P<duration>[\d.]+)")
WARMUP_S = 1
DURATION_S = 3
THREADS = r"(SCHED_\w+) nice (-?\d+) \(all (\d+) threads? of pid (\d+)\)"


def skip_without_torch():
    if not harness.ARGS.torch_python:
        raise unittest.SkipTest(
            "no Python with torch and torchvision (cmake/XsbPython.cmake "
            "looked at $XSB_PYTHON, python3 on PATH and /usr/bin/python3); "
            "scripts/install-deps.sh --torch installs Debian's "
            "python3-torch python3-torchvision")


def model_flag(role, model):
    example = os.path.join(os.path.dirname(harness.ARGS.bench), "examples",
                           "torch_models.py")
    return (f"--xsb_{role}_model=exec:{harness.ARGS.torch_python} {example} "
            f"--model={model} --image_size=32")


class TorchPairTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_without_torch()
        cls.tmp = tempfile.TemporaryDirectory()
        out = os.path.join(cls.tmp.name, "out.json")
        tag = harness.new_tag()
        begin = time.monotonic()
        run = subprocess.run(
            [harness.ARGS.bench, "--xsb_backend=cpu",
             "--xsb_scenarios=torch-original",
             "--xsb_schedulers=baseline,os-priority",
             "--xsb_standalone=false", f"--xsb_duration_s={DURATION_S}",
             f"--xsb_warmup_s={WARMUP_S}", "--xsb_lp_batch=1",
             model_flag("hp", "resnet18"), model_flag("lp", "resnet50"),
             "--xsb_samples_dir=" + cls.tmp.name, "--benchmark_out=" + out],
            capture_output=True, text=True, timeout=400 * harness.time_scale(),
            env=harness.tagged_environment(tag))
        print(f"\nthe torch pair's run took {time.monotonic() - begin:.0f} s")
        cls.leftovers = harness.wait_for_exit_of_tagged(tag, 10)
        # On a loaded machine os-priority's idle-class LP may get no CPU:
        # its case is then left out (visibly), baseline's still checked.
        cls.starved = harness.os_priority_starved(run.stderr) \
            if run.returncode == 1 else None
        if run.returncode != 0 and not cls.starved:
            raise AssertionError(
                f"xsb_bench exited {run.returncode}:\n{run.stderr[-3000:]}")
        with open(out) as f:
            cls.result = json.load(f)
        cls.samples = harness.samples_by_case(cls.tmp.name, "*.rep0.json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        """The cases that measured, by scheduler."""
        cases = {NAME.match(b["name"]).group("scheduler"): b
                 for b in harness.runs(self.result)
                 if not (self.starved and b.get("error_occurred"))}
        self.assertIn("baseline", cases)
        return cases

    def skip_if_starved(self):
        """Called after the checks of the cases that measured."""
        if self.starved:
            self.skipTest(self.starved)

    def worker(self, case, role):
        return re.search(rf" {role}\[(.*?)\](?= |$)", case["label"]).group(1)

    def test_counters_match_the_samples(self):
        cases = self.cases()
        for scheduler, case in cases.items():
            m = NAME.match(case["name"])
            self.assertEqual((m.group("rate"), m.group("batch")), ("10", "1"))
            with self.subTest(scheduler=scheduler):
                self.assertNotIn("error_occurred", case)
                for counter in harness.dual_model_counter_names():
                    self.assertIn(counter, case)
                expected = harness.expected_counters(
                    self.samples[m.group(0)], 10, 1, WARMUP_S, DURATION_S)
                for name, value in expected.items():
                    self.assertAlmostEqual(case[name], value,
                                           delta=1e-9 * abs(value), msg=name)
                self.assertEqual(case["hp_requests"], 10 * DURATION_S)
                self.assertGreater(case["lp_iters"], 0)
        self.skip_if_starved()
        self.assertEqual(sorted(cases), ["baseline", "os-priority"])

    def test_label_names_each_model_as_the_program_said(self):
        for case in self.cases().values():
            for role, model in (("hp", "resnet18"), ("lp", "resnet50")):
                self.assertRegex(self.worker(case, role),
                                 rf"; exec {model} on cpu \(\d+ threads?\), "
                                 rf"batch 1, pid \d+: .*--model={model} ")
        self.skip_if_starved()

    def test_os_priority_reaches_every_thread_pytorch_started(self):
        for scheduler, case in self.cases().items():
            policy, nice, _, _ = re.search(
                THREADS, self.worker(case, "lp")).groups()
            self.assertEqual((policy, nice),
                             ("SCHED_IDLE", "19") if scheduler == "os-priority"
                             else ("SCHED_OTHER", "0"))
        self.skip_if_starved()

    def test_nothing_is_left_running(self):
        self.assertEqual(self.leftovers, [])


class TorchScenariosTest(unittest.TestCase):
    def test_scenarios_find_their_example_and_python(self):
        skip_without_torch()
        run = harness.run_bench(
            "--xsb_backend=cpu", "--xsb_scenarios=torch-original,"
            "torch-intensive", "--benchmark_list_tests=true", timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        for name in ("DualModel/baseline/torch-original/rate:10/batch:8/"
                     "duration_s:60",
                     "DualModel/baseline/torch-intensive/rate:20/batch:1024/"
                     "duration_s:180"):
            self.assertIn(name, run.stdout)


if __name__ == "__main__":
    harness.main("torch_python")
