"""The reference plan's success criteria for one pair, each met or not,
read from the run and the compare tool's answer (nothing is re-judged:
the thresholds and outcomes are the tool's; "stable and repeatable" is
judged here from the tool's per-round ratios, stability.py)."""

from dataclasses import dataclass

from . import stability
from .runs import Run
from .stability import MET, NOT_APPLICABLE, NOT_MET, UNDECIDED
from .text import number
from .verdicts import HP_P99, LP_THROUGHPUT, Criterion, PairVerdict

_LABELS = stability.LABELS
STABLE = "stable and repeatable"


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
    return Check("no crash", MET, "every round of both cases ran")


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


def spreads(pair: PairVerdict) -> list[stability.Spread]:
    """Each criterion's per-round ratios against its threshold."""
    found = []
    for c in pair.criteria:
        ratios = [ratio for _, ratio in pair.per_round.get(c.counter, [])]
        if ratios and c.threshold is not None:
            found.append(stability.Spread(
                _LABELS.get(c.counter, c.counter), tuple(ratios), c.op,
                float(c.threshold)))
    return found


def stable(pair: PairVerdict) -> Check:
    """The plan's "stable and repeatable" (stability.py)."""
    status, detail = stability.judge(spreads(pair), pair.word,
                                     len(pair.rounds_used))
    return Check(STABLE, status, detail)


def plan_checks(pair: PairVerdict, run: Run) -> list[Check]:
    """No crash, both results present, HP P99 and LP throughput against
    the baseline, stable and repeatable over the rounds."""
    return [_no_crash(pair, run), _present(pair, run),
            _criterion(pair, HP_P99, "HP P99 < 1.1 x baseline"),
            _criterion(pair, LP_THROUGHPUT, "LP > 0.7 x baseline"),
            stable(pair)]
