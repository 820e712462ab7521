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
# The interval straddles the threshold: neither met nor missed.
UNDECIDED = "undecided"
_LABELS = {HP_P99: "HP P99", LP_THROUGHPUT: "LP iter/s"}


@dataclass
class Check:
    name: str
    status: str  # MET, NOT_MET, UNDECIDED or NOT_APPLICABLE
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
    iv = found.interval
    if iv is not None and iv.low is not None and iv.high is not None:
        confidence = (f" at {number(100 * iv.confidence)} %"
                      if iv.confidence else "")
        detail += f", interval [x{number(iv.low)}, x{number(iv.high)}]" + \
            confidence
    elif found.inside_noise:
        detail += " (difference inside the noise)"
    if found.status == "INCONCLUSIVE":
        return Check(_criterion_name(found), UNDECIDED,
                     detail + ": the interval straddles the threshold")
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


def _pairing_ratios(pair: PairVerdict, counter: str) -> list[float]:
    """candidate / baseline of every pairing of a candidate repetition with
    a baseline repetition (the compare tool's values)."""
    found = pair.counters.get(counter) or {}
    base = (found.get("baseline") or {}).get("values") or []
    cand = (found.get("candidate") or {}).get("values") or []
    return [c / b for c in cand for b in base if b]


def _unstable(pair: PairVerdict, c: Criterion) -> Optional[str]:
    """Why the criterion's outcome is not the same in every repetition, or
    None. The ratio's interval decides where the tool gives one; else
    every pairing of repetitions must fall on one side of the threshold."""
    label = _LABELS.get(c.counter, c.counter)
    iv = pair.hp_p99_ratio if c.counter == HP_P99 else pair.lp_ratio
    side = _interval_side(iv, c)
    if side is not None:
        return None if side != "both" else (
            f"{label}: interval x{number(iv.low)}..x{number(iv.high)} "
            f"spans {c.threshold}")
    ratios = _pairing_ratios(pair, c.counter)
    if len({(r < c.threshold) for r in ratios}) > 1:
        return (f"{label}: repetition ratios x{number(min(ratios))}.."
                f"x{number(max(ratios))} span {c.threshold}")
    return None


def _stable(pair: PairVerdict) -> Check:
    name = "stable across repetitions"
    if max(pair.repetitions.values(), default=0) < 2:
        return Check(name, NOT_APPLICABLE, "one repetition a side (run with "
                     "--benchmark_repetitions=N)")
    if not pair.criteria:
        return Check(name, NOT_APPLICABLE, "no criteria from the compare tool")
    unstable = [why for why in (_unstable(pair, c) for c in pair.criteria)
                if why]
    if unstable:
        return Check(name, NOT_MET, "; ".join(unstable))
    return Check(name, MET, "every pairing of a baseline and a candidate "
                 "repetition gives the same outcome")


def plan_checks(pair: PairVerdict, run: Run) -> list[Check]:
    """No crash, both results present, HP P99 and LP throughput against
    the baseline, stability across repetitions."""
    return [_no_crash(pair, run), _present(pair, run),
            _criterion(pair, HP_P99, "HP P99 < 1.1 x baseline"),
            _criterion(pair, LP_THROUGHPUT, "LP > 0.7 x baseline"),
            _stable(pair)]
