"""Per-counter outcome (better / worse / same) and the verdict against the
reference plan's thresholds, from the interval of each criterion's ratio.

A criterion "candidate < baseline x T" (HP P99) is PASS when the whole
interval of candidate / baseline lies below T, FAIL when it lies at or
above T, INCONCLUSIVE when it straddles T; "candidate > baseline x T" (LP
throughput) mirrors that. The interval is the paired rounds' (rounds.py)
at the look's level. Without an interval (files from before the CI
counters, one round) the point ratio decides, as it always did, and the
result says it has no interval. A ratio resting on an invalid percentile
gives no verdict."""

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from .estimate import Estimate
from .rounds import (Arms, PairedRatio, PairRounds, Setting, pair_rounds,
                     paired_ratio)
from .stats import Summary, rank_shift, rank_sum_p_value
from .words import Direction, Outcome, VerdictWord

# Kept for callers that used the plain names.
BETTER, WORSE, SAME = Outcome.BETTER, Outcome.WORSE, Outcome.SAME
HIGHER_VALUE, LOWER_VALUE = Outcome.HIGHER_VALUE, Outcome.LOWER_VALUE
MISSING = Outcome.MISSING


def _by_direction(direction: Direction, shift: int) -> Outcome:
    """shift: +1 the candidate is higher, -1 lower, 0 even."""
    if shift == 0:
        return Outcome.SAME
    if direction == Direction.LOWER:
        return Outcome.WORSE if shift > 0 else Outcome.BETTER
    if direction == Direction.HIGHER:
        return Outcome.BETTER if shift > 0 else Outcome.WORSE
    return Outcome.HIGHER_VALUE if shift > 0 else Outcome.LOWER_VALUE


def outcome(direction: Direction, baseline: Optional[Summary],
            candidate: Optional[Summary],
            alpha: float) -> tuple[Outcome, Optional[float]]:
    """(outcome, p_value) for two Summary objects.

    With at least two repetitions on each side, the exact rank-sum test
    decides: p > alpha means the difference is inside the noise ("same").
    With a single run on either side there is no noise estimate: p is None
    and the medians are compared as they are."""
    if baseline is None or candidate is None:
        return Outcome.MISSING, None
    p = None
    if baseline.n >= 2 and candidate.n >= 2:
        p = rank_sum_p_value(baseline.values, candidate.values)
        # The tolerance keeps p = alpha exactly (e.g. 2/20 and 0.1) on the
        # "different" side whatever the rounding.
        if p > alpha * (1 + 1e-9):
            return Outcome.SAME, p
        shift = rank_shift(baseline.values, candidate.values)
    else:
        shift = ((candidate.median > baseline.median)
                 - (candidate.median < baseline.median))
    return _by_direction(direction, shift), p


def interval_outcome(direction: Direction, ratio: Estimate) -> Outcome:
    """From the interval of candidate / baseline: "same" when it holds 1
    (the two cases' intervals overlap), else the side it lies on."""
    assert ratio.low is not None and ratio.high is not None
    if ratio.low <= 1 <= ratio.high:
        return Outcome.SAME
    return _by_direction(direction, 1 if ratio.low > 1 else -1)


@dataclass(frozen=True)
class Criterion:
    counter: str
    op: str  # "<" or ">": candidate op baseline x threshold
    threshold: float

    def describe(self) -> str:
        return f"{self.counter} {self.op} baseline x {self.threshold:g}"


def plan_criteria(max_hp_p99_ratio: float, min_lp_ratio: float,
                  hp_counter: str, lp_counter: str) -> tuple[Criterion, ...]:
    return (Criterion(hp_counter, "<", max_hp_p99_ratio),
            Criterion(lp_counter, ">", min_lp_ratio))


@dataclass
class CriterionResult:
    criterion: Criterion
    ratio: Optional[Estimate]  # candidate / baseline; None when missing
    status: VerdictWord
    inside_noise: bool  # the counter's difference was "same"

    @property
    def passed(self) -> bool:
        return self.status == VerdictWord.PASS

    @property
    def has_interval(self) -> bool:
        return self.ratio is not None and self.ratio.has_interval


def judge_criterion(criterion: Criterion,
                    ratio: Optional[Estimate]) -> VerdictWord:
    """PASS, FAIL or INCONCLUSIVE from the ratio's interval (its point when
    it has none); NO-VERDICT when the ratio is missing or invalid."""
    if ratio is None or not ratio.valid:
        return VerdictWord.NO_VERDICT
    if ratio.has_interval:
        low, high = ratio.low, ratio.high
    else:
        low = high = ratio.point
    t = criterion.threshold
    if criterion.op == "<":
        passed, failed = high < t, low >= t
    else:
        passed, failed = low > t, high <= t
    if passed:
        return VerdictWord.PASS
    return VerdictWord.FAIL if failed else VerdictWord.INCONCLUSIVE


@dataclass
class Verdict:
    word: VerdictWord
    results: list[CriterionResult]
    reasons: list[str]  # why it failed beyond the criteria

    @property
    def passed(self) -> bool:
        return self.word == VerdictWord.PASS


def combine_words(words: Iterable[VerdictWord]) -> VerdictWord:
    """The pair's word from its criteria's: any FAIL fails; then nothing
    valid to judge; then inconclusive; PASS only when all pass."""
    words = list(words)
    for word in (VerdictWord.FAIL, VerdictWord.NO_VERDICT,
                 VerdictWord.INCONCLUSIVE):
        if word in words:
            return word
    return VerdictWord.PASS


def judge(criteria: Sequence[Criterion],
          ratios: dict[str, Optional[Estimate]],
          noise: dict[str, bool], failures: Sequence[str],
          test_only: bool = False) -> Verdict:
    """The pair's verdict. ratios: counter -> candidate / baseline estimate;
    noise: counter -> its difference was "same". A failed repetition fails
    the pair (a crash or a hang is what the plan does not allow); a test-only
    pair gets TEST-ONLY whatever its figures."""
    results = []
    for criterion in criteria:
        r = ratios.get(criterion.counter)
        status = (VerdictWord.TEST_ONLY if test_only
                  else judge_criterion(criterion, r))
        results.append(CriterionResult(criterion, r, status,
                                       noise.get(criterion.counter, False)))
    if test_only:
        word = VerdictWord.TEST_ONLY
    elif failures:
        word = VerdictWord.FAIL
    else:
        word = combine_words(r.status for r in results)
    return Verdict(word, results, list(failures))


def failures(arms: Arms) -> list[str]:
    """One line per case with failed rounds: a crash or a hang fails the
    pair, whatever its figures."""
    lines = []
    for side, case, _ in arms.sides():
        if case.errors:
            total = case.repetitions + len(case.errors)
            lines.append(f"{side} {case.name.name}: {len(case.errors)} of "
                         f"{total} rounds failed: {case.errors[0]}")
    return lines


def holds_one(ratio: Optional[Estimate]) -> bool:
    """Whether the ratio's interval holds 1 (no difference shown)."""
    return (ratio is not None and ratio.has_interval
            and ratio.low <= 1 <= ratio.high)


@dataclass
class RoundsVerdict:
    """A pair's verdict from its paired rounds."""
    verdict: Verdict
    rounds: PairRounds
    ratios: dict[str, Optional[PairedRatio]]  # criterion counter -> ratio
    # The word the signed-rank intervals give, when every criterion has
    # one; shown, never used.
    signed_rank_word: Optional[VerdictWord] = None
    notes: list[str] = field(default_factory=list)

    def different(self, counter: str) -> bool:
        """The counter's interval excludes 1 (an A/A check's alarm)."""
        found = self.ratios.get(counter)
        return (found is not None and found.estimate.has_interval
                and not holds_one(found.estimate))


def _signed_rank_word(criteria: Sequence[Criterion],
                      ratios: dict[str, Optional[PairedRatio]]
                      ) -> Optional[VerdictWord]:
    found = [ratios.get(c.counter) for c in criteria]
    if not all(r is not None and r.signed_rank is not None for r in found):
        return None
    return combine_words(
        judge_criterion(c, Estimate(r.signed_rank.point, r.signed_rank.low,
                                    r.signed_rank.high,
                                    r.signed_rank.confidence,
                                    r.estimate.valid))
        for c, r in zip(criteria, found))


def judge_rounds(arms: Arms, criteria: Sequence[Criterion],
                 setting: Setting, test_only: bool = False,
                 noise: Optional[dict[str, bool]] = None) -> RoundsVerdict:
    """The pair's verdict from the rounds both cases ran in: each
    criterion on the interval of its paired ratio at the look's level.
    noise: counter -> its difference was "same" (default: the interval
    holds 1)."""
    rounds = pair_rounds(arms)
    ratios = {c.counter: paired_ratio(arms, c.counter, rounds.used, setting)
              for c in criteria}
    estimates = {k: (v.estimate if v else None) for k, v in ratios.items()}
    if noise is None:
        noise = {k: holds_one(v) for k, v in estimates.items()}
    verdict = judge(criteria, estimates, noise, failures(arms), test_only)
    result = RoundsVerdict(verdict, rounds, ratios,
                           _signed_rank_word(criteria, ratios))
    word = combine_words(r.status for r in verdict.results)
    if result.signed_rank_word not in (None, word) and not test_only:
        result.notes.append(f"the signed-rank intervals give "
                            f"{result.signed_rank_word} where the t "
                            f"intervals give {word} (the t interval "
                            "decides)")
    return result
