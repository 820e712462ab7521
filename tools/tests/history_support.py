"""Shared by the history tests: paths, synthetic results files, main() run
in-process, and the smoke noise measured on the development machine."""
import io
import json
import math
import os
import random
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
HISTORY = os.path.join(TOOLS, "history.py")

from xsb_history import cli

# hp_p99_ms (ms) of 10 smoke runs per case on the development machine (2
# shared cores, other builds running), 2026-12-01:
#   xsb_bench --benchmark_filter='DualModel/.*/smoke' \
#     --benchmark_out=/tmp/h$i.json --benchmark_out_format=json
MEASURED_HP_P99 = {
    "baseline": [24.43, 1.61, 1.79, 1.30, 1.45, 1.63, 3.08, 3.25, 4.07,
                 2.47],
    "os-priority": [5.04, 3.68, 0.66, 0.82, 0.66, 2.18, 5.02, 2.02, 0.62,
                    3.50],
}
# Their spread on the log scale (1.4826 x MAD of ln(value)): baseline 0.56,
# os-priority 1.30. hp_p90_ms of the same runs: 0.085 (baseline).
SIGMA_HP_P99 = 0.56
SIGMA_HP_P90 = 0.085

CASE = "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4"
OS_CASE = "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4"
CONTEXT = {
    "date": "2026-12-01T00:00:00+00:00", "host_name": "ci",
    "xsb_arrival": "uniform", "xsb_backend": "cpu",
    "xsb_device": "Test CPU", "xsb_device_compute_units": "2",
    "xsb_device_memory_bytes": "1000", "xsb_driver_version": "Linux 6.1",
    "xsb_hp_model": "mlp layers=4 hidden=512 batch=1 host_threads=0",
    "xsb_lp_model": "mlp layers=4 hidden=512 batch=per case",
    "xsb_percentiles": "exact, nearest rank", "xsb_runtime_version": "host",
    "xsb_seed": "42",
}


def counters(hp_p99: float, lp: float = 800.0) -> dict:
    return {"hp_p50_ms": hp_p99 / 4, "hp_p90_ms": hp_p99 / 2,
            "hp_p99_ms": hp_p99, "hp_requests": 800.0,
            "lp_iter_per_s": lp, "lp_samples_per_s": lp * 8}


def results(cases: dict, serial: int = 0, context: dict = None) -> dict:
    """A Google Benchmark document: case name -> counters (one repetition)
    or a list of them, or a str (that case failed with this message)."""
    entries = []
    for name, spec in cases.items():
        reps = spec if isinstance(spec, list) else [spec]
        for index, rep in enumerate(reps):
            entry = {"name": name + "/iterations:1/real_time",
                     "run_name": name + "/iterations:1/real_time",
                     "run_type": "iteration", "repetition_index": index,
                     "real_time": 5.0, "time_unit": "s"}
            if isinstance(rep, str):
                entry.update(error_occurred=True, error_message=rep)
            else:
                entry.update(rep)
            entries.append(entry)
    ctx = dict(CONTEXT, **(context or {}))
    ctx["serial"] = serial  # makes every document's content distinct
    return {"context": ctx, "benchmarks": entries}


def write(folder: str, name: str, doc: dict) -> str:
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def sha(i: int) -> str:
    """A fake 40-digit commit, distinct in its first 8 digits."""
    return f"{i:08x}" + "ab" * 16


def noisy(n: int, sigma: float, seed: int, step_at: int = None,
          step: float = 1.0, level: float = 2.0) -> list:
    """n log-normal values around level, times step from step_at on."""
    rng = random.Random(seed)
    return [level * math.exp(rng.gauss(0.0, sigma)) *
            (step if step_at is not None and i >= step_at else 1.0)
            for i in range(n)]


def smoke_runs() -> list:
    """The 41 real smoke runs of fixtures/smoke_history.json (its header
    says how they were measured): per run, case -> the gated counters."""
    with open(os.path.join(TESTS, "fixtures", "smoke_history.json"),
              encoding="utf-8") as f:
        return [run["cases"] for run in json.load(f)["runs"]]


def run_main(*argv, environ=None):
    """(exit code, stdout, stderr) of history.py's main()."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out, err, environ or {})
    return code, out.getvalue(), err.getvalue()
