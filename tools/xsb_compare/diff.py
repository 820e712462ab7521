"""Pairs -> the comparison report: every counter's medians, spreads, change
and outcome, the ratio intervals, the ratios to the Standalone cases, and
the verdict."""

from dataclasses import dataclass, field
from typing import Optional, Sequence

from . import counters as cn
from . import estimate as est
from . import noise as noise_monitor
from .load import Case, Run
from .pair import Pair
from .reference import ReferenceResult
from .samples import SampleRun
from .stats import Summary, ratio, summarize
from .verdict import (Criterion, Verdict, interval_outcome, judge,
                      outcome)
from .words import Direction, ExitCode, Outcome, VerdictWord

# (result file, case name) -> the case's sample files (its repetitions),
# when --samples-dir is given.
SamplesByCase = dict[tuple[str, str], list[SampleRun]]


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
    confidence: float = cn.DEFAULT_CONFIDENCE  # of sample-based intervals
    test_only_files: list[str] = field(default_factory=list)

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


def _failures(pair: Pair) -> list[str]:
    lines = []
    for side, case in (("baseline", pair.baseline),
                       ("candidate", pair.candidate)):
        if case.errors:
            total = case.repetitions + len(case.errors)
            lines.append(f"{side} {case.name.name}: {len(case.errors)} of "
                         f"{total} repetitions failed: {case.errors[0]}")
    return lines


class _Estimator:
    """Estimates of figures of cases, from samples when given."""

    def __init__(self, samples: Optional[SamplesByCase],
                 confidence: float) -> None:
        self.samples = samples or {}
        # Each arm of a ratio at this, so that both hold together with at
        # least the stated confidence.
        self.arm_confidence = est.ci.per_arm_confidence(confidence)

    def of(self, case: Optional[Case],
           figure: str) -> Optional[est.Estimate]:
        if case is None:
            return None
        found = self.samples.get((case.source, case.name.name))
        return est.estimate(case, figure, found,
                            self.arm_confidence)

    def ratio(self, num: Optional[Case], den: Optional[Case],
              figure: str) -> Optional[est.Estimate]:
        return est.ratio(self.of(num, figure), self.of(den, figure))


def _counter_diffs(pair: Pair, estimator: _Estimator,
                   alpha: float) -> list[CounterDiff]:
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
            interval = estimator.ratio(pair.candidate, pair.baseline, figure)
            if interval is not None and interval.has_interval \
                    and interval.valid:
                result = interval_outcome(direction, interval)
        r = ratio(cand.median, base.median) if base and cand else None
        diffs.append(CounterDiff(name, cn.unit_of(name), direction, base,
                                 cand, r, p, result, interval))
    return diffs


def _candidate_standalone(pair: Pair, estimator: _Estimator
                          ) -> dict[str, Optional[est.Estimate]]:
    hp_alone = pair.candidate_standalone.get("hp")
    lp_alone = pair.candidate_standalone.get("lp")
    slowdown = estimator.ratio(pair.candidate, hp_alone, cn.HP_P99)
    retention = estimator.ratio(pair.candidate, lp_alone, cn.LP_THROUGHPUT)
    achieved = est.ratio(est.from_counters(pair.candidate, cn.HP_ACHIEVED),
                         est.from_counters(hp_alone, cn.HP_ACHIEVED)
                         if hp_alone else None)
    system = None
    if achieved is not None and retention is not None:
        shift = achieved.point
        system = est.Estimate(
            shift + retention.point,
            None if retention.low is None else shift + retention.low,
            None if retention.high is None else shift + retention.high,
            retention.confidence, retention.valid, retention.notes)
    return {cn.HP_SLOWDOWN: slowdown, cn.LP_RETENTION: retention,
            cn.SYSTEM_THROUGHPUT: system}


def _validity_notes(pair: Pair, diffs: Sequence[CounterDiff],
                    verdict: Verdict) -> list[str]:
    notes: list[str] = []
    if pair.test_only:
        notes.append("TEST-ONLY: the xsched run says xsb_xsched_test_only "
                     "(XSched had nothing to schedule): no verdict")
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


def diff_pair(pair: Pair, criteria: Sequence[Criterion], alpha: float,
              samples: Optional[SamplesByCase] = None,
              confidence: float = cn.DEFAULT_CONFIDENCE) -> PairDiff:
    estimator = _Estimator(samples, confidence)
    diffs = _counter_diffs(pair, estimator, alpha)
    by_name = {d.name: d for d in diffs}
    ratios = {}
    for criterion in criteria:
        d = by_name.get(criterion.counter)
        if d is None or d.ratio is None:
            ratios[criterion.counter] = None
        elif d.interval is not None:
            ratios[criterion.counter] = d.interval
        else:
            ratios[criterion.counter] = est.Estimate(d.ratio)
    noise = {d.name: d.outcome == Outcome.SAME for d in diffs}
    verdict = judge(criteria, ratios, noise, _failures(pair), pair.test_only)
    standalone = {
        "baseline": standalone_ratios(pair.baseline,
                                      pair.baseline_standalone),
        "candidate": standalone_ratios(pair.candidate,
                                       pair.candidate_standalone),
    }
    return PairDiff(pair, diffs, standalone, verdict,
                    _candidate_standalone(pair, estimator),
                    _validity_notes(pair, diffs, verdict))


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
                 confidence: float = cn.DEFAULT_CONFIDENCE) -> Report:
    runs = list({id(r): r for r in (baseline_run, candidate_run)}.values())
    report = Report(baseline_run.path, candidate_run.path, baseline_scheduler,
                    tuple(criteria), alpha,
                    [diff_pair(p, criteria, alpha, samples, confidence)
                     for p in pairs],
                    list(notes), confidence=confidence,
                    test_only_files=[r.path for r in runs
                                     if any(c.test_only_run
                                            for c in r.cases.values())])
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
