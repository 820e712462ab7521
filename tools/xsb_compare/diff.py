"""Pairs -> the comparison report: every counter's medians, spreads, change
and outcome, the ratios to the Standalone cases, and the verdict."""

from dataclasses import dataclass, field

from . import counters as cn
from .stats import ratio, summarize
from .verdict import judge, outcome


@dataclass
class CounterDiff:
    name: str
    unit: str
    direction: str
    baseline: object  # stats.Summary or None
    candidate: object  # stats.Summary or None
    ratio: object  # candidate median / baseline median, or None
    p_value: object  # rank test, None without repetitions on both sides
    outcome: str


@dataclass
class PairDiff:
    pair: object  # pair.Pair
    counters: list  # CounterDiff, in report order
    # side ("baseline"/"candidate") -> {HP_SLOWDOWN: x, LP_RETENTION: y}
    standalone: dict
    verdict: object  # verdict.Verdict


@dataclass
class Report:
    baseline_path: str
    candidate_path: str
    baseline_scheduler: str
    criteria: tuple
    alpha: float
    pairs: list
    notes: list = field(default_factory=list)
    reference: object = None  # reference.ReferenceResult when checked

    @property
    def verdicts_passed(self):
        return all(p.verdict.passed for p in self.pairs)

    @property
    def passed(self):
        return self.verdicts_passed and (self.reference is None
                                         or self.reference.passed)


def _median_of(case, counter):
    if case is None:
        return None
    s = summarize(case.values.get(counter, ()))
    return s.median if s else None


def standalone_ratios(case, standalone):
    """HP P99 slowdown and LP throughput retention of one DualModel case;
    a ratio is left out when its Standalone case is missing."""
    found = {}
    for name, counter, role in ((cn.HP_SLOWDOWN, cn.HP_P99, "hp"),
                                (cn.LP_RETENTION, cn.LP_THROUGHPUT, "lp")):
        own = _median_of(case, counter)
        alone = _median_of(standalone.get(role), counter)
        if own is not None and alone is not None:
            r = ratio(own, alone)
            if r is not None:
                found[name] = r
    return found


def _failures(pair):
    lines = []
    for side, case in (("baseline", pair.baseline),
                       ("candidate", pair.candidate)):
        if case.errors:
            total = case.repetitions + len(case.errors)
            lines.append(f"{side} {case.name.name}: {len(case.errors)} of "
                         f"{total} repetitions failed: {case.errors[0]}")
    return lines


def diff_pair(pair, criteria, alpha):
    names = set(pair.baseline.values) | set(pair.candidate.values)
    diffs = []
    for name in cn.report_order(names):
        base = summarize(pair.baseline.values.get(name, ()))
        cand = summarize(pair.candidate.values.get(name, ()))
        direction = cn.direction_of(name)
        result, p = outcome(direction, base, cand, alpha)
        r = ratio(cand.median, base.median) if base and cand else None
        diffs.append(CounterDiff(name, cn.unit_of(name), direction, base,
                                 cand, r, p, result))
    standalone = {
        "baseline": standalone_ratios(pair.baseline,
                                      pair.baseline_standalone),
        "candidate": standalone_ratios(pair.candidate,
                                       pair.candidate_standalone),
    }
    verdict = judge(criteria, {d.name: d for d in diffs}, _failures(pair))
    return PairDiff(pair, diffs, standalone, verdict)


def build_report(baseline_run, candidate_run, baseline_scheduler, pairs,
                 notes, criteria, alpha):
    report = Report(baseline_run.path, candidate_run.path, baseline_scheduler,
                    tuple(criteria), alpha,
                    [diff_pair(p, criteria, alpha) for p in pairs],
                    list(notes))
    if not any(d.standalone["baseline"] or d.standalone["candidate"]
               for d in report.pairs):
        report.notes.append("no Standalone cases for these pairs: ratios to "
                            "standalone are not shown")
    for run in {id(r): r for r in (baseline_run, candidate_run)}.values():
        medians = [c.name.name for c in run.cases.values() if c.from_median]
        if medians:
            report.notes.append(
                f"{run.path} holds only aggregates for {len(medians)} "
                "case(s): their median row is used as a single run")
    return report
