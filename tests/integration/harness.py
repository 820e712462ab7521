"""What the end-to-end tests share: their command line (the paths ctest
passes), running xsb_bench, and finding a run's leftover processes.

ctest puts this folder on PYTHONPATH (the tests' ENVIRONMENT property), so a
test imports it as `harness`.

Leftover processes: every process started by a test run carries a unique
tag in its environment, which survives reparenting."""
import argparse
import os
import subprocess
import sys
import unittest
import uuid

# The repository's root (this file is in tests/integration).
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# The parsed command line: --bench and what main() was asked for.
ARGS = None

TAG_VARIABLE = "XSB_TEST_PROCESS_TAG"


def main(*required, **optional):
    """Parses --bench, each --NAME in `required` and each --NAME=DEFAULT in
    `optional` (typed by its default) into ARGS, then runs the test module's
    unittest cases with what is left of the command line."""
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    for name in required:
        parser.add_argument("--" + name, required=True)
    for name, default in optional.items():
        parser.add_argument("--" + name, type=type(default), default=default)
    ARGS, rest = parser.parse_known_args()
    unittest.main(module="__main__", argv=[sys.argv[0]] + rest, verbosity=2)


def run_bench(*flags, env=None, timeout=60):
    """Runs xsb_bench with `flags`; output captured as text."""
    return subprocess.run([ARGS.bench, *flags], capture_output=True, text=True,
                          timeout=timeout, env=env)


def counter_names():
    """Every counter xsb_bench reports, as `--xsb_list_counters` prints
    them (bench/protocol/counters.h): the one list tests check against."""
    run = subprocess.run([ARGS.bench, "--xsb_list_counters"],
                         capture_output=True, text=True, timeout=30,
                         check=True)
    return [line.split("\t")[0] for line in run.stdout.splitlines()]


# Counters of the Preemption cases (preemption_test.py) and of device
# telemetry (telemetry_test.py: only with a GPU library), not DualModel's.
OTHER_FAMILIES = ("preempt_", "hp_kernel_", "lp_kernels_", "gpu_")


def dual_model_counter_names():
    """The counters every DualModel case reports (no GPU library here)."""
    return [c for c in counter_names() if not c.startswith(OTHER_FAMILIES)]


def new_tag():
    return uuid.uuid4().hex


def tagged_environment(tag, **extra):
    """os.environ plus the tag (and `extra`), for subprocess's env=."""
    return dict(os.environ, **{TAG_VARIABLE: tag}, **extra)


def processes_with_tag(tag):
    """Pids, other than this one, whose environment carries the tag."""
    needle = f"{TAG_VARIABLE}={tag}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            pass  # gone meanwhile, or not ours
    return found
