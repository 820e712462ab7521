"""Pairs -> the comparison report: every counter's medians, spreads, change
and outcome, the paired rounds' ratio intervals, each arm's figures, the
ratios to the Standalone cases, and the verdict."""

from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from . import counters as cn
from . import estimate as est
from . import noise as noise_monitor
from .load import Case, Run
from .names import XSCHED
from .pair import Pair
from .reference import ReferenceResult
from .rounds import Arms, Setting, pair_rounds, paired_ratio
from .samples import SampleRun
from .sequential import RunRounds, run_rounds
from .stats import Summary, ratio, summarize
from .verdict import (Criterion, RoundsVerdict, Verdict, combine_words,
                      interval_outcome, judge_rounds, outcome)
from .words import Direction, ExitCode, Outcome, VerdictWord

# (result file, case name) -> the case's sample files (its repetitions),
# when --samples-dir is given.
SamplesByCase = dict[tuple[str, str], list[SampleRun]]
# The figures each arm is shown with (docs/compare.md, "Figures per arm").
ARM_FIGURES = (cn.HP_P99, cn.LP_THROUGHPUT)


@dataclass
class CounterDiff:
    name: str
    unit: str
    direction: Direction
    baseline: Optional[Summary]
    candidate: Optional[Summary]
    ratio: Optional[float]  # candidate median / baseline median
    p_value: Optional[float]  # rank test; None without repetitions
    outcome: Outcome
    # candidate / baseline with its interval, for counters that have one
    interval: Optional[est.Estimate] = None


@dataclass
class PairDiff:
    pair: Pair
    counters: list[CounterDiff]  # in report order
    # side ("baseline"/"candidate") -> {HP_SLOWDOWN: x, LP_RETENTION: y,
    # SYSTEM_THROUGHPUT: z}: point ratios to the Standalone cases
    standalone: dict[str, dict[str, float]]
    verdict: Verdict
    # the candidate's ratios to its Standalone cases, with intervals
    standalone_ratios: dict[str, Optional[est.Estimate]] = field(
        default_factory=dict)
    validity_notes: list[str] = field(default_factory=list)
    # The rounds used and left out, each criterion's per-round ratios and
    # the signed-rank intervals beside the verdict's.
    rounds: Optional[RoundsVerdict] = None
    # figure -> "baseline"/"candidate" -> the arm's figure over the rounds
    # used
    arms: dict[str, dict[str, Optional[est.Estimate]]] = field(
        default_factory=dict)
    # What else used the machine in the pair's windows (noise.py).
    noise: noise_monitor.PairNoise = field(
        default_factory=noise_monitor.PairNoise)

    def ratio_of(self, counter: str) -> Optional[est.Estimate]:
        """A criterion's ratio estimate (candidate / baseline)."""
        for r in self.verdict.results:
            if r.criterion.counter == counter:
                return r.ratio
        return None


@dataclass
class Report:
    baseline_path: str
    candidate_path: str
    baseline_scheduler: str
    criteria: tuple[Criterion, ...]
    alpha: float
    pairs: list[PairDiff]
    notes: list[str] = field(default_factory=list)
    reference: Optional[ReferenceResult] = None  # when checked
    confidence: float = cn.DEFAULT_CONFIDENCE  # the verdict's C
    test_only_files: list[str] = field(default_factory=list)
    # Per such file, the schedulers it ran only as a test, sorted.
    test_only_schedulers: dict[str, list[str]] = field(default_factory=dict)
    rounds: Optional[RunRounds] = None  # how the rounds ran, the look

    @property
    def verdicts_passed(self) -> bool:
        return all(p.verdict.passed for p in self.pairs)

    @property
    def passed(self) -> bool:
        return self.verdicts_passed and (self.reference is None
                                         or self.reference.passed)


def _median_of(case: Optional[Case], counter: str) -> Optional[float]:
    if case is None:
        return None
    s = summarize(case.values.get(counter, ()))
    return s.median if s else None


def standalone_ratios(case: Case,
                      standalone: dict[str, Optional[Case]]
                      ) -> dict[str, float]:
    """HP P99 slowdown, LP throughput retention and system throughput of
    one DualModel case (medians); a ratio is left out when its Standalone
    case is missing."""
    found = {}
    for name, counter, role in ((cn.HP_SLOWDOWN, cn.HP_P99, "hp"),
                                (cn.LP_RETENTION, cn.LP_THROUGHPUT, "lp"),
                                ("hp_achieved", cn.HP_ACHIEVED, "hp")):
        own = _median_of(case, counter)
        alone = _median_of(standalone.get(role), counter)
        if own is not None and alone is not None:
            r = ratio(own, alone)
            if r is not None:
                found[name] = r
    hp_rel = found.pop("hp_achieved", None)
    if hp_rel is not None and cn.LP_RETENTION in found:
        found[cn.SYSTEM_THROUGHPUT] = hp_rel + found[cn.LP_RETENTION]
    return found


def _by_round(samples: Optional[SamplesByCase],
              case: Optional[Case]) -> dict[int, SampleRun]:
    if case is None or not samples:
        return {}
    return {s.repetition: s
            for s in samples.get((case.source, case.name.name), ())}


def arms_of(pair: Pair, samples: Optional[SamplesByCase]) -> Arms:
    return Arms(pair.baseline, pair.candidate,
                _by_round(samples, pair.baseline),
                _by_round(samples, pair.candidate))


def _counter_diffs(pair: Pair, arms: Arms, used: Sequence[int],
                   setting: Setting, alpha: float) -> list[CounterDiff]:
    names = set(pair.baseline.values) | set(pair.candidate.values)
    diffs = []
    for name in cn.report_order(names):
        base = summarize(pair.baseline.values.get(name, ()))
        cand = summarize(pair.candidate.values.get(name, ()))
        direction = cn.direction_of(name)
        result, p = outcome(direction, base, cand, alpha)
        figure = cn.PROPORTIONAL.get(name, name)
        interval = None
        if base and cand and figure in cn.INTERVALS:
            found = paired_ratio(arms, figure, used, setting)
            interval = found.estimate if found else None
            if interval is not None and interval.has_interval \
                    and interval.valid:
                result = interval_outcome(direction, interval)
        r = ratio(cand.median, base.median) if base and cand else None
        diffs.append(CounterDiff(name, cn.unit_of(name), direction, base,
                                 cand, r, p, result, interval))
    return diffs


def _candidate_standalone(pair: Pair, arms: Arms, used: Sequence[int],
                          samples: Optional[SamplesByCase],
                          confidence: float
                          ) -> dict[str, Optional[est.Estimate]]:
    """The candidate's ratios to its Standalone cases: its figure over the
    rounds used against the reference's over its own rounds; intervals
    from the two arms' own, so sampling noise only."""
    hp_alone = pair.candidate_standalone.get("hp")
    lp_alone = pair.candidate_standalone.get("lp")
    alpha = 1 - confidence

    def arm(case: Optional[Case], figure: str,
            rounds: Optional[Sequence[int]] = None) -> Optional[est.Estimate]:
        return est.arm_figure(case, figure, list(
            _by_round(samples, case).values()), confidence, rounds)

    slowdown = est.ratio(arm(pair.candidate, cn.HP_P99, used),
                         arm(hp_alone, cn.HP_P99), alpha)
    retention = est.ratio(arm(pair.candidate, cn.LP_THROUGHPUT, used),
                          arm(lp_alone, cn.LP_THROUGHPUT), alpha)
    achieved = est.ratio(arm(pair.candidate, cn.HP_ACHIEVED, used),
                         arm(hp_alone, cn.HP_ACHIEVED), alpha)
    system = (est.shifted(retention, achieved.point)
              if achieved is not None and retention is not None else None)
    return {cn.HP_SLOWDOWN: slowdown, cn.LP_RETENTION: retention,
            cn.SYSTEM_THROUGHPUT: system}


def test_only_note(scheduler: str) -> str:
    """Why a test-only pair has no verdict."""
    if scheduler == XSCHED:
        return ("TEST-ONLY: the xsched run says xsb_xsched_test_only "
                "(XSched had nothing to schedule): no verdict")
    return (f"TEST-ONLY: the run says xsb_scheduler_{scheduler}_test_only "
            f"({scheduler} had nothing to schedule on the cpu backend): no "
            "verdict")
def _arm_figures(arms: Arms, used: Sequence[int], confidence: float
                 ) -> dict[str, dict[str, Optional[est.Estimate]]]:
    """figure -> side -> the arm's figure over the rounds used (pooled from
    the samples, else the median of the rounds)."""
    return {figure: {side: est.arm_figure(case, figure,
                                          list(samples.values()),
                                          confidence, used)
                     for side, case, samples in arms.sides()}
            for figure in ARM_FIGURES}


def _validity_notes(pair: Pair, diffs: Sequence[CounterDiff],
                    verdict: Verdict) -> list[str]:
    notes: list[str] = []
    if pair.test_only:
        notes.append(test_only_note(pair.candidate.name.scheduler))
    for d in diffs:
        if d.interval is not None:
            notes += d.interval.notes
    bare = []
    for r in verdict.results:
        if r.ratio is None:
            notes.append(f"{r.criterion.counter} is missing on a side: no "
                         "verdict on it")
            continue
        notes += r.ratio.notes
        if not r.ratio.has_interval:
            bare.append(r.criterion.counter)
    if bare:
        notes.append(f"no interval for {' and '.join(bare)}: the files carry "
                     "no CI counters (an older xsb_bench) and no samples "
                     "were given, so the verdict rests on the medians alone")
    return list(dict.fromkeys(notes))  # in order, without repeats


def non_finite_notes(pair: Pair) -> list[str]:
    """One note per value that was not finite, naming the case and round."""
    return [f"{case.name.name}: {what}: left out of its figures"
            for case in (pair.baseline, pair.candidate)
            for what in case.non_finite]


def non_finite_verdict(pair: Pair, verdict: Verdict) -> Verdict:
    """The verdict with NO-VERDICT for every criterion whose counter was not
    finite in some round of either side: leaving the value out would pair
    the other rounds differently and change the verdict unseen (issue 25)."""
    bad = (pair.baseline.non_finite_counters
           | pair.candidate.non_finite_counters)
    if not bad or not any(r.criterion.counter in bad
                          for r in verdict.results):
        return verdict
    results = [replace(r, status=VerdictWord.NO_VERDICT)
               if r.criterion.counter in bad
               and r.status != VerdictWord.TEST_ONLY else r
               for r in verdict.results]
    word = verdict.word
    # A failed round or a test-only run decides the word on its own.
    if word != VerdictWord.TEST_ONLY and not verdict.reasons:
        word = combine_words(r.status for r in results)
    reasons = verdict.reasons + [
        f"{r.criterion.counter} has a value that is not finite: no verdict"
        for r in results if r.criterion.counter in bad]
    return replace(verdict, word=word, results=results, reasons=reasons)


def diff_pair(pair: Pair, criteria: Sequence[Criterion], alpha: float,
              samples: Optional[SamplesByCase],
              rounds: RunRounds) -> PairDiff:
    arms = arms_of(pair, samples)
    setting = Setting(rounds.look, rounds.confidence)
    used = pair_rounds(arms).used
    diffs = _counter_diffs(pair, arms, used, setting, alpha)
    noise = {d.name: d.outcome == Outcome.SAME for d in diffs}
    judged = judge_rounds(arms, criteria, setting, pair.test_only, noise)
    standalone = {
        "baseline": standalone_ratios(pair.baseline,
                                      pair.baseline_standalone),
        "candidate": standalone_ratios(pair.candidate,
                                       pair.candidate_standalone),
    }
    verdict = non_finite_verdict(pair, judged.verdict)
    return PairDiff(pair, diffs, standalone, verdict,
                    _candidate_standalone(pair, arms, used, samples,
                                          rounds.confidence),
                    non_finite_notes(pair)
                    + _validity_notes(pair, diffs, verdict) + judged.notes,
                    judged, _arm_figures(arms, used, rounds.confidence))


# The context keys in which xsb_bench states the thresholds its stop used.
_THRESHOLD_KEYS = {cn.HP_P99: "xsb_max_hp_p99_ratio",
                   cn.LP_THROUGHPUT: "xsb_min_lp_ratio"}


def threshold_notes(context: dict, criteria: Sequence[Criterion]
                    ) -> list[str]:
    """A note per criterion whose threshold differs from the one the
    run's sequential stop decided with."""
    notes = []
    for c in criteria:
        key = _THRESHOLD_KEYS.get(c.counter)
        try:
            used = float(context[key]) if key else None
        except (KeyError, TypeError, ValueError):
            used = None
        if used is not None and abs(used - c.threshold) > 1e-12:
            notes.append(f"{c.counter}: the run's stop decided with the "
                         f"threshold {used:g} ({key}); this verdict uses "
                         f"{c.threshold:g}")
    return notes


def _run_notes(runs: Sequence[Run]) -> list[str]:
    notes = []
    for run in runs:
        medians = [c.name.name for c in run.cases.values() if c.from_median]
        if medians:
            notes.append(f"{run.path} holds only aggregates for "
                         f"{len(medians)} case(s): their median row is used "
                         "as a single run")
    return notes


def build_report(baseline_run: Run, candidate_run: Run,
                 baseline_scheduler: str, pairs: Sequence[Pair],
                 notes: Sequence[str], criteria: Sequence[Criterion],
                 alpha: float, samples: Optional[SamplesByCase] = None,
                 confidence: Optional[float] = None) -> Report:
    """confidence: the verdict's C (None: the run's
    xsb_verdict_confidence, else 0.95)."""
    runs = list({id(r): r for r in (baseline_run, candidate_run)}.values())
    rounds = run_rounds(baseline_run, candidate_run, confidence)
    report = Report(baseline_run.path, candidate_run.path, baseline_scheduler,
                    tuple(criteria), alpha,
                    [diff_pair(p, criteria, alpha, samples, rounds)
                     for p in pairs],
                    list(notes) + list(rounds.notes)
                    + threshold_notes(candidate_run.context, criteria),
                    confidence=rounds.confidence,
                    test_only_files=[r.path for r in runs
                                     if any(c.test_only_run
                                            for c in r.cases.values())],
                    test_only_schedulers={
                        r.path: sorted({c.name.scheduler
                                        for c in r.cases.values()
                                        if c.test_only_run})
                        for r in runs},
                    rounds=rounds)
    context = {**baseline_run.context, **candidate_run.context}
    for d in report.pairs:
        d.noise = noise_monitor.pair_noise(d.pair, context)
        note = d.noise.verdict_note()
        if note:
            d.validity_notes.append(note)
    if not any(d.standalone["baseline"] or d.standalone["candidate"]
               for d in report.pairs):
        report.notes.append("no Standalone cases for these pairs: ratios to "
                            "standalone are not shown")
    report.notes += _run_notes(runs)
    return report


def gate_exit_code(report: Report) -> ExitCode:
    """The exit code under --gate: 1 when a verdict failed or a reference
    check regressed, else 3 when a pair is inconclusive or has nothing valid
    to judge (TEST-ONLY, NO-VERDICT), else 0."""
    words = {d.verdict.word for d in report.pairs}
    if VerdictWord.FAIL in words or (report.reference is not None
                                     and not report.reference.passed):
        return ExitCode.FAIL
    if words - {VerdictWord.PASS}:
        return ExitCode.INCONCLUSIVE
    return ExitCode.OK
