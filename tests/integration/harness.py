"""What the end-to-end tests share: their command line (the paths ctest
passes), running xsb_bench, and finding a run's leftover processes.

ctest puts this folder on PYTHONPATH (the tests' ENVIRONMENT property), so a
test imports it as `harness`.

Leftover processes: every process started by a test run carries a unique
tag in its environment, which survives reparenting."""
import argparse
import glob
import json
import os
import re
import select
import subprocess
import sys
import time
import unittest
import uuid

# The repository's root (this file is in tests/integration).
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# The parsed command line: --bench and what main() was asked for.
ARGS = None

TAG_VARIABLE = "XSB_TEST_PROCESS_TAG"

# The exit code of a test module some of whose tests were skipped.
SKIPPED = 77


def main(*required, **optional):
    """Parses --bench, each --NAME in `required` and each --NAME=DEFAULT in
    `optional` (typed by its default) into ARGS, then runs the test module's
    unittest cases with what is left of the command line. Exits 0 when all
    passed, 1 on a failure, 77 (SKIPPED) when none failed but some were
    skipped."""
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    for name in required:
        parser.add_argument("--" + name, required=True)
    for name, default in optional.items():
        parser.add_argument("--" + name, type=type(default), default=default)
    ARGS, rest = parser.parse_known_args()
    program = unittest.main(module="__main__", argv=[sys.argv[0]] + rest,
                            verbosity=2, exit=False)
    result = program.result
    if not result.wasSuccessful():
        sys.exit(1)
    if result.skipped:
        # ctest's SKIP_RETURN_CODE for these tests: a check that could not
        # run is reported as skipped, never as passed.
        print(f"{len(result.skipped)} test(s) skipped: exit {SKIPPED}")
        sys.exit(SKIPPED)
    sys.exit(0)


def samples_by_case(folder, pattern="*.json"):
    """The per-request sample files in `folder` (--xsb_samples_dir) that
    match `pattern`, by their case name."""
    samples = {}
    for path in glob.glob(os.path.join(folder, pattern)):
        with open(path) as f:
            doc = json.load(f)
        samples[doc["case"]] = doc
    return samples


def runs(doc):
    """Every run of a --benchmark_out file: "benchmarks", then the failed
    and skipped runs xsb_bench keeps apart (docs/metrics.md)."""
    return doc["benchmarks"] + doc.get("xsb_failed_runs", [])


def run_bench(*flags, env=None, timeout=60):
    """Runs xsb_bench with `flags`; output captured as text. `timeout` (a
    hang guard) is for an idle machine and scaled by time_scale()."""
    return subprocess.run([ARGS.bench, *flags], capture_output=True, text=True,
                          timeout=timeout * time_scale(), env=env)


def counter_names():
    """Every counter xsb_bench reports, as `--xsb_list_counters` prints
    them (bench/protocol/counters.h): the one list tests check against."""
    run = subprocess.run([ARGS.bench, "--xsb_list_counters"],
                         capture_output=True, text=True, timeout=30,
                         check=True)
    return [line.split("\t")[0] for line in run.stdout.splitlines()]


# Counters of the Preemption cases (preemption_test.py), of device
# telemetry (telemetry_test.py, and the noise monitor's count of other GPU
# processes: only with a GPU library) and of the Capacity cases
# (load_study_test.py), not DualModel's.
OTHER_FAMILIES = ("preempt_", "hp_kernel_", "lp_kernels_", "gpu_",
                  "noise_gpu_", "capacity_")


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


def time_scale():
    """How much longer than on an idle machine a test may take for something
    that needs wall time (tests/fakes/time_scale.h has the same rule):
    XSB_TEST_TIME_SCALE when set (>= 1), else the 1-minute load average per
    core, at least 1."""
    try:
        scale = float(os.environ.get("XSB_TEST_TIME_SCALE", ""))
        if scale >= 1:
            return scale
    except ValueError:
        pass
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def wait_for_exit_of_tagged(tag, timeout):
    """Waits, without polling, until no process carries the tag or `timeout`
    seconds have passed; returns the pids still running. Each process is
    watched through a pidfd, which becomes readable when it exits, whatever
    it was reparented to."""
    deadline = time.monotonic() + timeout
    while True:
        fds = []
        for pid in processes_with_tag(tag):
            try:
                fds.append(os.pidfd_open(pid))
            except ProcessLookupError:
                pass  # exited meanwhile
        if not fds:
            return []
        poller = select.poll()
        for fd in fds:
            poller.register(fd, select.POLLIN)
        try:
            left_ms = max(0, int((deadline - time.monotonic()) * 1000))
            woken = poller.poll(left_ms)
        finally:
            for fd in fds:
                os.close(fd)
        if not woken:
            return processes_with_tag(tag)


# An os-priority case's LP worker runs at SCHED_IDLE: while other work keeps
# every core busy it may get no CPU at all, and the case then fails with
# "no LP iteration completed". That is the policy working, not a fault of
# the suite; a test that needs the case can only skip (visibly) then.
# os-priority's LP worker runs at SCHED_IDLE: with the cores busy it may
# get no CPU at all, to start, to iterate or to exit.
# A tenant at low priority (scenario files) is idle-class too, whatever
# its kind: its errors start with "tenant NAME: ".
_STARVED = re.compile(r"^xsb: (\S*/os-priority/\S*): ((?:tenant [a-z0-9]+: )?"
                      r"(?:no LP (?:iteration|"
                      r"kernel) completed inside the|[hl]p worker did not exit "
                      r"within|[hl]p worker sent no ready message within) .*)$",
                      re.M)
_FAILED_COUNT = re.compile(r"^xsb_bench: (\d+) case\(s\) failed", re.M)


def skip_if_os_priority_starved(run):
    """Raises unittest.SkipTest, with the load, when `run` (an xsb_bench
    run) failed only because os-priority's idle-class LP got no CPU."""
    starved = os_priority_starved(run.stderr)
    if run.returncode == 1 and starved:
        raise unittest.SkipTest(starved)


def os_priority_starved(stderr):
    """The skip reason when every failed case of an xsb_bench run was an
    os-priority case whose LP worker completed nothing, else None."""
    starved = _STARVED.findall(stderr)
    failed = _FAILED_COUNT.search(stderr)
    if not starved or failed is None or int(failed.group(1)) != len(starved):
        return None
    return (f"the machine is too busy for os-priority's LP worker at "
            f"SCHED_IDLE (load {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores): {starved[0][0]}: {starved[0][1]}")


def nearest_rank(ascending, numerator, denominator):
    """The smallest sample with at least numerator/denominator of all
    samples at or below it: ascending[ceil(n * p) - 1], in integers."""
    rank = -(-len(ascending) * numerator // denominator)
    return ascending[max(rank, 1) - 1]


def expected_counters(doc, rate, batch, warmup_s, duration_s):
    """The counters a samples file implies, by docs/metrics.md's
    definitions: HP requests by scheduled time in [warm-up, warm-up +
    duration), latency = completed - scheduled, achieved rate and LP
    iterations by completion time inside it."""
    begin = round(warmup_s * 1e9)
    end = begin + round(duration_s * 1e9)
    inside = [(s, sent, done) for s, sent, done, _, _ in doc["hp"]
              if begin <= s < end]
    latencies = sorted(done - s for s, _, done in inside)
    lags = sorted(sent - s for s, sent, _ in inside)
    completed = sum(begin <= done < end for _, _, done, _, _ in doc["hp"])
    lp_iters = sum(begin <= done < end for done, _ in doc["lp"])
    return {
        "hp_requests": len(inside),
        "hp_p50_ms": nearest_rank(latencies, 50, 100) / 1e6,
        "hp_p90_ms": nearest_rank(latencies, 90, 100) / 1e6,
        "hp_p99_ms": nearest_rank(latencies, 99, 100) / 1e6,
        "hp_p999_ms": nearest_rank(latencies, 999, 1000) / 1e6,
        "hp_max_ms": latencies[-1] / 1e6,
        "hp_mean_ms": sum(latencies) / len(latencies) / 1e6,
        "hp_target_rps": rate,
        "hp_achieved_rps": completed / duration_s,
        "hp_send_lag_p99_us": nearest_rank(lags, 99, 100) / 1e3,
        "lp_iters": lp_iters,
        "lp_iter_per_s": lp_iters / duration_s,
        "lp_samples_per_s": lp_iters / duration_s * batch,
    }
