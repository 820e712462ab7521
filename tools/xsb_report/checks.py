"""The reference plan's success criteria for one pair, each met or not,
read from the run and the compare tool's answer (nothing is re-judged:
the thresholds and outcomes are the tool's)."""

from dataclasses import dataclass
from typing import Optional

from .runs import Run
from .text import number
from .verdicts import (HP_P99, LP_THROUGHPUT, Criterion, Interval,
                       PairVerdict)

MET, NOT_MET, NOT_APPLICABLE = "met", "NOT met", "n/a"
_LABELS = {HP_P99: "HP P99", LP_THROUGHPUT: "LP iter/s"}


@dataclass
class Check:
    name: str
    status: str  # MET, NOT_MET or NOT_APPLICABLE
    detail: str


def _no_crash(pair: PairVerdict, run: Run) -> Check:
    failed = [f"{name}: {case.errors[0]}" for name in (pair.baseline,
                                                       pair.candidate)
              for case in [run.cases.get(name)] if case and case.errors]
    if failed:
        return Check("no crash", NOT_MET, "; ".join(failed))
    return Check("no crash", MET, "every repetition of both cases ran")


def _present(pair: PairVerdict, run: Run) -> Check:
    missing = []
    for name in (pair.baseline, pair.candidate):
        case = run.cases.get(name)
        if not case or case.median(HP_P99) is None or case.median(
                LP_THROUGHPUT) is None:
            missing.append(name)
    if missing:
        return Check("both results present", NOT_MET,
                     "no HP P99 or LP throughput for " + ", ".join(missing))
    return Check("both results present", MET,
                 "HP P99 and LP throughput on both sides")


def _criterion_name(c: Criterion) -> str:
    return f"{_LABELS.get(c.counter, c.counter)} {c.op} {c.threshold} x " \
           "baseline"


def _criterion(pair: PairVerdict, counter: str, default: str) -> Check:
    found = next((c for c in pair.criteria if c.counter == counter), None)
    if found is None:
        return Check(default, NOT_APPLICABLE, "the compare tool gave no "
                     "result for it")
    detail = f"ratio x{number(found.ratio)}"
    if found.inside_noise:
        detail += " (difference inside the noise)"
    return Check(_criterion_name(found), MET if found.passed else NOT_MET,
                 detail)


def _interval_side(iv: Optional[Interval], c: Criterion) -> Optional[str]:
    """'pass'/'fail' when the whole interval is on one side, 'both' when
    it straddles the threshold, None without an interval."""
    if iv is None or iv.low is None or iv.high is None:
        return None
    below = iv.high < c.threshold
    above = iv.low > c.threshold
    if not (below or above):
        return "both"
    return "pass" if below == (c.op == "<") else "fail"


def _repetition_sides(pair: PairVerdict, c: Criterion) -> set[bool]:
    """For each candidate repetition: is it on the passing side of the
    baseline median x threshold (the compare tool's values)."""
    counter = pair.counters.get(c.counter) or {}
    base = (counter.get("baseline") or {}).get("median")
    values = (counter.get("candidate") or {}).get("values") or []
    if base is None:
        return set()
    limit = base * c.threshold
    return {(v < limit) if c.op == "<" else (v > limit) for v in values}


def _stable(pair: PairVerdict) -> Check:
    name = "stable across repetitions"
    if max(pair.repetitions.values(), default=0) < 2:
        return Check(name, NOT_APPLICABLE, "one repetition a side (run with "
                     "--benchmark_repetitions=N)")
    unstable = []
    for c in pair.criteria:
        iv = pair.hp_p99_ratio if c.counter == HP_P99 else pair.lp_ratio
        side = _interval_side(iv, c)
        if side == "both" or (side is None and
                              len(_repetition_sides(pair, c)) > 1):
            unstable.append(_LABELS.get(c.counter, c.counter))
    if not pair.criteria:
        return Check(name, NOT_APPLICABLE, "no criteria from the compare tool")
    if unstable:
        return Check(name, NOT_MET, "the outcome differs between "
                     "repetitions for " + ", ".join(unstable))
    return Check(name, MET, "every repetition gives the same outcome")


def plan_checks(pair: PairVerdict, run: Run) -> list[Check]:
    """No crash, both results present, HP P99 and LP throughput against
    the baseline, stability across repetitions."""
    return [_no_crash(pair, run), _present(pair, run),
            _criterion(pair, HP_P99, "HP P99 < 1.1 x baseline"),
            _criterion(pair, LP_THROUGHPUT, "LP > 0.7 x baseline"),
            _stable(pair)]
