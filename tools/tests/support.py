"""Shared by the compare tests: paths, and main() run in-process.

The xsb_compare package comes from PYTHONPATH (ctest sets it to tools/;
by hand: PYTHONPATH=tools python3 -m unittest discover -s tools/tests)."""
import io
import json
import os

from xsb_compare import app

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
FIXTURES = os.path.join(TESTS, "fixtures")
COMPARE = os.path.join(TOOLS, "compare.py")


def fixture(name):
    return os.path.join(FIXTURES, name)


def run_main(*argv):
    """(exit code, stdout, stderr) of the command line's main()."""
    out, err = io.StringIO(), io.StringIO()
    code = app.main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


# A context both sides of a synthetic comparison share.
CONTEXT = {
    "date": "2026-11-24T10:53:47+00:00", "host_name": "ci",
    "executable": "build/bench/xsb_bench", "num_cpus": 2,
    "xsb_backend": "cpu", "xsb_seed": "42", "xsb_arrival": "uniform",
    "xsb_hp_model": "mlp layers=4 hidden=512 batch=1 host_threads=0",
    "xsb_confidence": "0.95",
}
DUAL = "DualModel/{}/smoke/rate:200/batch:8/duration_s:4"


def entry(name, **counters):
    """One Google Benchmark row of an xsb_bench case."""
    return {"name": name + "/iterations:1/real_time", "run_type": "iteration",
            "iterations": 1, "real_time": 5.0, **counters}


def dual(scheduler, hp=(10.0, 9.0, 11.0), lp=(100.0, 95.0, 105.0),
         n=800, **extra):
    """A DualModel row with HP P99 (point, CI low, CI high), LP iter/s
    (point, CI low, CI high) and n HP requests."""
    counters = dict(hp_p99_ms=hp[0], hp_p99_ci_low_ms=hp[1],
                    hp_p99_ci_high_ms=hp[2], hp_p99_valid=1.0,
                    hp_requests=float(n), lp_iter_per_s=lp[0],
                    lp_ci_low_iter_per_s=lp[1], lp_ci_high_iter_per_s=lp[2])
    counters.update(extra)
    return entry(DUAL.format(scheduler), **counters)


def document(*rows, **context):
    return {"context": {**CONTEXT, **context}, "benchmarks": list(rows)}


def write_json(directory, name, doc):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path
