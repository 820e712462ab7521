"""Paired rounds: which rounds of a pair are used, each round's
candidate / baseline ratio of a figure, and the interval of their
geometric mean at the look's level (docs/compare.md, "Paired rounds").

A round is used when both cases ran in it and neither failed; a round
with a failure, or with one case only, is left out and named (a failure
still fails the pair: verdict.judge). A round's figure comes from its
sample file when there is one, else from its counters."""

import math
from dataclasses import dataclass, field
from typing import Optional, Sequence

from . import confidence as ci
from . import counters as cn
from . import estimate as est
from . import paired
from .estimate import Estimate
from .load import Case
from .samples import SampleRun
from .sequential import Look


@dataclass(frozen=True)
class RoundRatio:
    round: int
    baseline: float
    candidate: float

    @property
    def log_ratio(self) -> float:
        return paired.log_ratio(self.candidate, self.baseline)

    @property
    def ratio(self) -> float:
        return paired.exp_or_inf(self.log_ratio)


@dataclass
class Arms:
    """The two cases of a pair with their sample files by round."""
    baseline: Case
    candidate: Case
    baseline_samples: dict[int, SampleRun] = field(default_factory=dict)
    candidate_samples: dict[int, SampleRun] = field(default_factory=dict)

    def sides(self) -> tuple[tuple[str, Case, dict[int, SampleRun]], ...]:
        return (("baseline", self.baseline, self.baseline_samples),
                ("candidate", self.candidate, self.candidate_samples))


@dataclass(frozen=True)
class Setting:
    """What every interval of a verdict is computed at."""
    look: Look  # its alpha is the interval's 1 - level
    confidence: float  # the verdict's confidence C (P99 validity)


@dataclass
class PairRounds:
    used: list[int]  # rounds both cases ran in without failing
    left_out: list[str]  # one line per round left out, saying why


@dataclass
class PairedRatio:
    figure: str
    estimate: Estimate  # the interval the verdict uses
    rounds: list[RoundRatio]
    signed_rank: Optional[Estimate] = None  # beside it, k >= 6
    signed_rank_note: str = ""  # why there is none, when k >= 6


def pair_rounds(arms: Arms) -> PairRounds:
    """The rounds used and those left out (failed, or one case only)."""
    base, cand = arms.baseline, arms.candidate
    failed = {}
    for side, case in (("baseline", base), ("candidate", cand)):
        for r, message in zip(case.failed_rounds, case.errors):
            failed.setdefault(r, f"round {r}: the {side} failed ({message})")
    used, left_out = [], []
    for r in sorted(set(base.rounds) | set(cand.rounds) | set(failed)):
        if r in failed:
            left_out.append(failed[r])
        elif r not in base.rounds or r not in cand.rounds:
            only = "baseline" if r in base.rounds else "candidate"
            left_out.append(f"round {r}: only the {only} ran")
        else:
            used.append(r)
    return PairRounds(used, left_out)


def round_values(case: Case, samples: dict[int, SampleRun], figure: str,
                 used: Sequence[int]) -> dict[int, float]:
    """round -> the case's figure in that round: from its sample file when
    there is one, else its counter."""
    counters = est.per_round(case, figure)
    found = {}
    for r in used:
        value = counters.get(r)
        if r in samples:
            sampled = est.run_from_samples(samples[r], figure, 0.5)
            value = sampled.point if sampled is not None else value
        if value is not None:
            found[r] = value
    return found


def round_ratios(arms: Arms, figure: str,
                 used: Sequence[int]) -> list[RoundRatio]:
    base = round_values(arms.baseline, arms.baseline_samples, figure, used)
    cand = round_values(arms.candidate, arms.candidate_samples, figure, used)
    return [RoundRatio(r, base[r], cand[r]) for r in used
            if r in base and r in cand]


def _pooled_requests(case: Case, samples: dict[int, SampleRun],
                     used: Sequence[int]) -> Optional[int]:
    """The arm's in-window HP requests over the rounds used; None when a
    round's count is unknown (no sample file, no hp_requests)."""
    counts = est.per_round(case, cn.HP_REQUESTS)
    total = 0
    for r in used:
        if r in samples:
            total += len(samples[r].window_latencies_ms())
        elif r in counts:
            total += int(counts[r])
        else:
            return None
    return total


def pooled_validity(arms: Arms, spec: cn.IntervalCounters,
                    used: Sequence[int], conf: float) -> tuple[str, ...]:
    """Notes for each arm whose pooled HP requests over the rounds used
    cannot bound the percentile from above at conf (empty: valid)."""
    needed = ci.min_samples(spec.quantile, conf)
    notes = []
    for _, case, samples in arms.sides():
        n = _pooled_requests(case, samples, used)
        if n is not None and n < needed:
            notes.append(
                f"{spec.title} not supported: needs >= {needed} requests "
                f"pooled over the rounds used at {round(conf * 100, 1):g} "
                f"%, had {n} ({case.name.name}, {len(used)} rounds)")
    return tuple(notes)


def _arm_run(case: Case, samples: dict[int, SampleRun], figure: str, r: int,
             conf: float) -> Optional[Estimate]:
    if r in samples:
        found = est.run_from_samples(samples[r], figure, conf)
        if found is not None:
            return found
    return est.run_from_counters(case, figure, r)


def _single_round(arms: Arms, figure: str, one: RoundRatio,
                  setting: Setting) -> Estimate:
    """K = 1: each arm's own interval gives the log ratio's standard
    error; an arm without an interval leaves the point alone."""
    runs = [_arm_run(case, samples, figure, one.round, setting.confidence)
            for _, case, samples in arms.sides()]
    valid = all(r is None or r.valid for r in runs)
    notes = tuple(n for r in runs if r is not None for n in r.notes)
    if not all(r is not None and r.has_interval for r in runs):
        return Estimate(one.ratio, valid=valid, notes=notes)
    base, cand = runs
    found = paired.single_round_interval(
        one.log_ratio,
        paired.log_standard_error(base.low, base.high, base.confidence),
        paired.log_standard_error(cand.low, cand.high, cand.confidence),
        setting.look.alpha)
    point, low, high = found.ratio()
    return Estimate(point, low, high, found.level, valid, notes,
                    paired.ONE_ROUND)


def _rounds_interval(ratios: Sequence[RoundRatio], notes: tuple[str, ...],
                     alpha: float) -> Estimate:
    found = paired.mean_interval([r.log_ratio for r in ratios], alpha)
    point, low, high = found.ratio()
    return Estimate(point, low, high, found.level, not notes, notes,
                    f"{len(ratios)} paired rounds")


def _signed_rank(ratios: Sequence[RoundRatio],
                 alpha: float) -> tuple[Optional[Estimate], str]:
    k = len(ratios)
    if k < paired.SIGNED_RANK_MIN_ROUNDS:
        return None, ""
    found = paired.signed_rank_interval([r.log_ratio for r in ratios], alpha)
    if found is None:
        if any(math.isinf(r.log_ratio) for r in ratios):
            return None, "unavailable: a round has a zero on one side"
        best = (1 - 2 * 0.5 ** k) * 100
        return None, (f"unavailable: {k} rounds reach at most {best:.1f} %, "
                      f"not {(1 - alpha) * 100:.3g} %")
    point, low, high = found.ratio()
    return Estimate(point, low, high, found.level,
                    method=f"Wilcoxon signed-rank, Hodges-Lehmann point, "
                           f"{k} rounds"), ""


def paired_ratio(arms: Arms, figure: str, used: Sequence[int],
                 setting: Setting) -> Optional[PairedRatio]:
    """The figure's candidate / baseline ratio over the rounds used, with
    its interval at the look's level; None when no round has the figure
    on both sides."""
    ratios = round_ratios(arms, figure, used)
    if not ratios:
        return None
    if len(ratios) == 1:
        return PairedRatio(figure, _single_round(arms, figure, ratios[0],
                                                 setting), ratios)
    spec = cn.INTERVALS.get(figure)
    notes: tuple[str, ...] = ()
    if spec is not None and spec.quantile is not None:
        notes = pooled_validity(arms, spec, [r.round for r in ratios],
                                setting.confidence)
    alpha = setting.look.alpha
    signed, why = _signed_rank(ratios, alpha)
    return PairedRatio(figure, _rounds_interval(ratios, notes, alpha), ratios,
                       signed, why)
