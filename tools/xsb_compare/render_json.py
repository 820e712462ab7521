"""The machine-readable diff (--format json); docs/compare.md lists its
fields."""

import json
import math
from typing import Any, Optional

from . import counters as cn
from . import noise
from .diff import CounterDiff, PairDiff, Report, gate_exit_code
from .estimate import Estimate
from .names import key_text
from .reference import ReferenceResult
from .rounds import PairedRatio
from .sequential import RunRounds
from .stats import Summary

FORMAT = "xsb_compare_report"
VERSION = 2  # 2: rounds, arms, intervals' method


def _summary(s: Optional[Summary]) -> Optional[dict[str, Any]]:
    if s is None:
        return None
    return {"n": s.n, "median": s.median, "min": s.low, "max": s.high,
            "values": list(s.values)}


def _counter(c: CounterDiff) -> dict[str, Any]:
    return {
        "name": c.name, "unit": c.unit, "direction": str(c.direction),
        "baseline": _summary(c.baseline), "candidate": _summary(c.candidate),
        "ratio": c.ratio,
        "change_pct": None if c.ratio is None else (c.ratio - 1) * 100,
        "p_value": c.p_value, "outcome": str(c.outcome),
        "ratio_interval": _interval(c.interval),
    }


def _interval(e: Optional[Estimate],
              with_confidence: bool = True) -> Optional[dict[str, Any]]:
    """{point, low, high[, confidence]}; low, high and confidence are null
    without an interval; None without a ratio."""
    if e is None:
        return None
    data = {"point": e.point,
            "low": e.low if e.has_interval else None,
            "high": e.high if e.has_interval else None}
    if with_confidence:
        data["confidence"] = e.confidence if e.has_interval else None
        data["method"] = e.method
    return data


def _paired(found: Optional[PairedRatio]) -> Optional[dict[str, Any]]:
    if found is None:
        return None
    return {"per_round": [{"round": r.round, "baseline": r.baseline,
                           "candidate": r.candidate, "ratio": r.ratio}
                          for r in found.rounds],
            "signed_rank": _interval(found.signed_rank),
            "signed_rank_note": found.signed_rank_note}


def _rounds(d: PairDiff) -> Optional[dict[str, Any]]:
    if d.rounds is None:
        return None
    used = d.rounds.rounds.used
    return {"used": used, "k": len(used), "single_round": len(used) == 1,
            "left_out": d.rounds.rounds.left_out,
            "criteria": {counter: _paired(found)
                         for counter, found in d.rounds.ratios.items()},
            "signed_rank_word": None if d.rounds.signed_rank_word is None
            else str(d.rounds.signed_rank_word)}


def _arms(d: PairDiff) -> dict[str, Any]:
    return {figure: {side: _interval(e) for side, e in sides.items()}
            for figure, sides in d.arms.items()}


def _run_rounds(rounds: Optional[RunRounds]) -> Optional[dict[str, Any]]:
    if rounds is None:
        return None
    return {"run": rounds.rounds_run, "plan": rounds.plan.kind,
            "k_min": rounds.plan.k_min, "k_max": rounds.plan.k_max,
            "look": rounds.look.index, "looks": rounds.look.looks,
            "level": rounds.look.level, "look_note": rounds.look.note,
            "confidence": rounds.confidence, "stop": rounds.stop or None,
            "order": rounds.order}


def _standalone_ratios(d: PairDiff) -> dict[str, Any]:
    names = {"hp_p99_slowdown": cn.HP_SLOWDOWN,
             "lp_retention": cn.LP_RETENTION,
             "system_throughput": cn.SYSTEM_THROUGHPUT}
    return {field: _interval(d.standalone_ratios.get(metric), False)
            for field, metric in names.items()}


def _pair(d: PairDiff) -> dict[str, Any]:
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
                          "ratio": None if r.ratio is None else r.ratio.point,
                          "interval": _interval(r.ratio),
                          "status": str(r.status),
                          "passed": r.passed,
                          "inside_noise": r.inside_noise}
                         for r in d.verdict.results],
            "reasons": d.verdict.reasons,
        },
        "verdict_word": str(d.verdict.word),
        "hp_p99_ratio": _interval(d.ratio_of(cn.HP_P99)),
        "lp_ratio": _interval(d.ratio_of(cn.LP_THROUGHPUT)),
        "standalone_ratios": _standalone_ratios(d),
        "validity_notes": list(d.validity_notes),
        "test_only": d.pair.test_only,
        "rounds": _rounds(d),
        "arms": _arms(d),
        "noise": noise.noise_data(d.noise),
    }


def _reference(result: Optional[ReferenceResult]
               ) -> Optional[dict[str, Any]]:
    if result is None:
        return None
    return {
        "file": result.path,
        "passed": result.passed,
        "checks": [{"pair": c.pair, "metric": c.metric,
                    "direction": str(c.direction),
                    "reference": c.reference, "current": c.current,
                    "tolerance": c.tolerance, "status": str(c.status)}
                   for c in result.checks],
        "notes": result.notes,
    }


def report_data(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "baseline_file": report.baseline_path,
        "candidate_file": report.candidate_path,
        "baseline_scheduler": report.baseline_scheduler,
        "alpha": report.alpha,
        "confidence": report.confidence,
        "criteria": [{"counter": c.counter, "op": c.op,
                      "threshold": c.threshold} for c in report.criteria],
        "passed": report.passed,
        "verdicts_passed": report.verdicts_passed,
        "pairs": [_pair(d) for d in report.pairs],
        "notes": report.notes,
        "reference": _reference(report.reference),
        "test_only_files": list(report.test_only_files),
        "rounds": _run_rounds(report.rounds),
        "exit_code_gate": int(gate_exit_code(report)),
    }


def finite(value: Any) -> Any:
    """value with every infinite or NaN number replaced by None: JSON has
    neither (an infinite tolerance is written as null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def render_json(report: Report) -> str:
    return json.dumps(finite(report_data(report)), indent=2,
                      allow_nan=False) + "\n"
