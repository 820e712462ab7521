"""Per-counter outcome (better / worse / same) and the pass-fail verdict
against the reference plan's thresholds."""

from dataclasses import dataclass

from .counters import HIGHER, LOWER
from .stats import rank_shift, rank_sum_p_value

# Outcomes of one counter's comparison.
BETTER, WORSE, SAME = "better", "worse", "same"
HIGHER_VALUE, LOWER_VALUE = "higher", "lower"  # for counters with no side
MISSING = "missing"


def outcome(direction, baseline, candidate, alpha):
    """(outcome, p_value) for two Summary objects.

    With at least two repetitions on each side, the exact rank-sum test
    decides: p > alpha means the difference is inside the noise ("same").
    With a single run on either side there is no noise estimate: p is None
    and the medians are compared as they are."""
    if baseline is None or candidate is None:
        return MISSING, None
    p = None
    if baseline.n >= 2 and candidate.n >= 2:
        p = rank_sum_p_value(baseline.values, candidate.values)
        # The tolerance keeps p = alpha exactly (e.g. 2/20 and 0.1) on the
        # "different" side whatever the rounding.
        if p > alpha * (1 + 1e-9):
            return SAME, p
        shift = rank_shift(baseline.values, candidate.values)
    else:
        shift = ((candidate.median > baseline.median)
                 - (candidate.median < baseline.median))
    if shift == 0:
        return SAME, p
    if direction == LOWER:
        return (WORSE if shift > 0 else BETTER), p
    if direction == HIGHER:
        return (BETTER if shift > 0 else WORSE), p
    return (HIGHER_VALUE if shift > 0 else LOWER_VALUE), p


@dataclass(frozen=True)
class Criterion:
    counter: str
    op: str  # "<" or ">": candidate median op baseline median x threshold
    threshold: float

    def describe(self):
        return f"{self.counter} {self.op} baseline x {self.threshold:g}"


def plan_criteria(max_hp_p99_ratio, min_lp_ratio, hp_counter, lp_counter):
    return (Criterion(hp_counter, "<", max_hp_p99_ratio),
            Criterion(lp_counter, ">", min_lp_ratio))


@dataclass
class CriterionResult:
    criterion: Criterion
    ratio: object  # float or None when a side is missing
    passed: bool
    inside_noise: bool  # the counter's difference was "same"


@dataclass
class Verdict:
    passed: bool
    results: list  # CriterionResult per criterion
    reasons: list  # why it failed beyond the criteria (failed repetitions)


def judge(criteria, diffs_by_counter, failures):
    """The verdict: every criterion holds on the medians, and no repetition
    of either case failed. diffs_by_counter: name -> diff.CounterDiff."""
    results = []
    for criterion in criteria:
        diff = diffs_by_counter.get(criterion.counter)
        r = diff.ratio if diff is not None else None
        if r is None:
            passed = False
        elif criterion.op == "<":
            passed = r < criterion.threshold
        else:
            passed = r > criterion.threshold
        results.append(CriterionResult(
            criterion, r, passed,
            diff is not None and diff.outcome == SAME))
    passed = all(r.passed for r in results) and not failures
    return Verdict(passed, results, list(failures))
