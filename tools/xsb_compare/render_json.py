"""The machine-readable diff (--format json); docs/compare.md lists its
fields."""

import json
import math

from .names import key_text

FORMAT = "xsb_compare_report"
VERSION = 1


def _summary(s):
    if s is None:
        return None
    return {"n": s.n, "median": s.median, "min": s.low, "max": s.high,
            "values": list(s.values)}


def _counter(c):
    return {
        "name": c.name, "unit": c.unit, "direction": c.direction,
        "baseline": _summary(c.baseline), "candidate": _summary(c.candidate),
        "ratio": c.ratio,
        "change_pct": None if c.ratio is None else (c.ratio - 1) * 100,
        "p_value": c.p_value, "outcome": c.outcome,
    }


def _pair(d):
    base, cand = d.pair.baseline, d.pair.candidate
    return {
        "key": key_text(d.pair.key),
        "scenario": cand.name.scenario,
        "baseline": base.name.name,
        "candidate": cand.name.name,
        "candidate_scheduler": cand.name.scheduler,
        "candidate_settings": list(cand.name.settings),
        "repetitions": {"baseline": base.repetitions,
                        "candidate": cand.repetitions},
        "failed_repetitions": {"baseline": base.errors,
                               "candidate": cand.errors},
        "counters": [_counter(c) for c in d.counters],
        "standalone": d.standalone,
        "verdict": {
            "passed": d.verdict.passed,
            "criteria": [{"counter": r.criterion.counter,
                          "op": r.criterion.op,
                          "threshold": r.criterion.threshold,
                          "ratio": r.ratio, "passed": r.passed,
                          "inside_noise": r.inside_noise}
                         for r in d.verdict.results],
            "reasons": d.verdict.reasons,
        },
    }


def _reference(result):
    if result is None:
        return None
    return {
        "file": result.path,
        "passed": result.passed,
        "checks": [{"pair": c.pair, "metric": c.metric,
                    "direction": c.direction, "reference": c.reference,
                    "current": c.current, "tolerance": c.tolerance,
                    "status": c.status} for c in result.checks],
        "notes": result.notes,
    }


def report_data(report):
    return {
        "format": FORMAT,
        "version": VERSION,
        "baseline_file": report.baseline_path,
        "candidate_file": report.candidate_path,
        "baseline_scheduler": report.baseline_scheduler,
        "alpha": report.alpha,
        "criteria": [{"counter": c.counter, "op": c.op,
                      "threshold": c.threshold} for c in report.criteria],
        "passed": report.passed,
        "verdicts_passed": report.verdicts_passed,
        "pairs": [_pair(d) for d in report.pairs],
        "notes": report.notes,
        "reference": _reference(report.reference),
    }


def finite(value):
    """value with every infinite or NaN number replaced by None: JSON has
    neither (an infinite tolerance is written as null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def render_json(report):
    return json.dumps(finite(report_data(report)), indent=2,
                      allow_nan=False) + "\n"
