"""A figure of one case (HP percentiles, LP throughput) with its interval:
one run's, from the CI counters or the per-request samples, and an arm's
over its rounds (docs/compare.md, "Figures per arm").

An arm's figure over several rounds is, with sample files, the POOLED
percentile of every in-window latency of those rounds (the data the CDF
plot draws) with its order-statistic interval, and the pooled LP rate;
from counters only, the median of the per-round values without an
interval. A ratio of two arms' figures (the ratios to the Standalone
cases) gets an interval only from two intervals, and then covers their
sampling noise only."""

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from . import confidence as ci
from . import counters as cn
from . import paired
from .load import Case
from .samples import SampleRun
from .stats import median

# The confidence assumed for CI counters of a file that does not state its
# xsb_confidence.
ASSUMED_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    point: float
    low: Optional[float] = None  # None: no interval
    high: Optional[float] = None
    confidence: Optional[float] = None
    valid: bool = True  # False: the sample cannot support the figure
    notes: tuple[str, ...] = ()
    # How the interval was made, in words ("6 paired rounds", "1 round:
    # sampling noise only, not drift between runs", "pooled over 4
    # rounds"); "" when it says nothing more than the figure.
    method: str = ""

    @property
    def has_interval(self) -> bool:
        return (self.low is not None and self.high is not None
                and self.confidence is not None)


def unsupported(title: str, needed: int, had: int, conf: float,
                where: str) -> str:
    return (f"{title} not supported: needs >= {needed} requests in the "
            f"window at {round(conf * 100, 1):g} %, had {had} ({where})")


def per_round(case: Case, counter: str) -> dict[int, float]:
    """round -> the counter's value in that round's run; empty when some
    run lacks the counter (rounds cannot then be told apart)."""
    values = case.values.get(counter)
    if not values or len(values) != len(case.rounds):
        return {}
    return dict(zip(case.rounds, values))


def _counter_at(case: Case, counter: Optional[str],
                round_index: int) -> Optional[float]:
    return per_round(case, counter).get(round_index) if counter else None


def run_from_counters(case: Case, figure: str,
                      round_index: int) -> Optional[Estimate]:
    """One run's figure with its CI counters' interval (at the file's
    xsb_confidence), checked for validity: the valid counter, and n
    (hp_requests) against what an upper bound needs."""
    point = _counter_at(case, figure, round_index)
    spec = cn.INTERVALS.get(figure)
    if point is None or spec is None:
        return None
    conf = case.confidence or ASSUMED_CONFIDENCE
    low = _counter_at(case, spec.low, round_index)
    high = _counter_at(case, spec.high, round_index)
    where = f"{case.name.name} round {round_index}"
    valid, notes = True, ()
    if spec.quantile is not None:
        flag = _counter_at(case, spec.valid, round_index)
        n = _counter_at(case, cn.HP_REQUESTS, round_index)
        needed = ci.min_samples(spec.quantile, conf)
        if flag == 0:
            valid, notes = False, (f"{spec.title} not supported: its valid "
                                   f"counter is 0 ({where})",)
        elif n is not None and n < needed:
            valid, notes = False, (unsupported(spec.title, needed, int(n),
                                               conf, where),)
    if low is None or high is None:
        return Estimate(point, valid=valid, notes=notes)
    return Estimate(point, low, high, conf, valid, notes)


def run_from_samples(run: SampleRun, figure: str,
                     conf: float) -> Optional[Estimate]:
    """One run's figure from its sample file at confidence conf."""
    return pooled_from_samples([run], figure, conf)


def _percentile(runs: Sequence[SampleRun], spec: cn.IntervalCounters,
                conf: float, where: str) -> Optional[Estimate]:
    latencies = [x for run in runs for x in run.window_latencies_ms()]
    found = ci.percentile_interval(latencies, spec.quantile, conf)
    if found is None:
        return None
    if not found.valid:
        needed = ci.min_samples(spec.quantile, conf)
        return Estimate(found.point, found.low, found.point, conf, False,
                        (unsupported(spec.title, needed, found.n, conf,
                                     where),))
    return Estimate(found.point, found.low, found.high, conf)


def _throughput(runs: Sequence[SampleRun], conf: float) -> Optional[Estimate]:
    windows = [(run.lp_completions_s, *run.window_s) for run in runs]
    found = ci.pooled_rate_interval(windows, conf)
    if found is None:
        return None
    rate, low, high = found
    return Estimate(rate, low, high, conf)


def _where(runs: Sequence[SampleRun]) -> str:
    rounds = ", ".join(str(r.repetition) for r in runs)
    noun = "round" if len(runs) == 1 else "rounds"
    return f"{runs[0].case.name} {noun} {rounds}"


def pooled_from_samples(runs: Sequence[SampleRun], figure: str,
                        conf: float) -> Optional[Estimate]:
    """The figure over the runs pooled: the percentile of all their
    in-window latencies, or LP completions over their windows' total
    length; None when the figure has no sample form."""
    spec = cn.INTERVALS.get(figure)
    if spec is None or not runs:
        return None
    if spec.quantile is not None:
        found = _percentile(runs, spec, conf, _where(runs))
    else:
        found = _throughput(runs, conf)
    if found is None or len(runs) == 1:
        return found
    return Estimate(found.point, found.low, found.high, found.confidence,
                    found.valid, found.notes,
                    f"pooled over {len(runs)} rounds")


def arm_figure(case: Optional[Case], figure: str,
               samples: Optional[Sequence[SampleRun]], conf: float,
               rounds: Optional[Iterable[int]] = None) -> Optional[Estimate]:
    """The arm's figure over `rounds` (default: every run of the case):
    pooled from the sample files when every one of those rounds has one;
    else from the counters, one run with its interval or the median of
    the per-round values without one."""
    if case is None:
        return None
    wanted = sorted(set(case.rounds if rounds is None else rounds)
                    & set(case.rounds))
    if not wanted:
        return None
    by_round = {s.repetition: s for s in samples or ()}
    if samples and all(r in by_round for r in wanted):
        found = pooled_from_samples([by_round[r] for r in wanted], figure,
                                    conf)
        if found is not None:
            return found
    if len(wanted) == 1:
        found = run_from_counters(case, figure, wanted[0])
        if found is not None:
            return found
    values = per_round(case, figure)
    points = [values[r] for r in wanted if r in values]
    if not points:
        return None
    method = f"median of {len(points)} rounds" if len(points) > 1 else ""
    return Estimate(median(points), method=method)


def ratio(num: Optional[Estimate], den: Optional[Estimate],
          alpha: float) -> Optional[Estimate]:
    """num / den; with both intervals, the single-round interval of the
    log ratio at 1 - alpha (each side's log standard error from its own
    interval): sampling noise only."""
    if num is None or den is None or den.point == 0 and num.point != 0:
        return None
    point = ci.divide(num.point, den.point)
    valid = num.valid and den.valid
    notes = num.notes + den.notes
    if not (num.has_interval and den.has_interval):
        return Estimate(point, valid=valid, notes=notes)
    found = paired.single_round_interval(
        paired.log_ratio(num.point, den.point),
        paired.log_standard_error(den.low, den.high, den.confidence),
        paired.log_standard_error(num.low, num.high, num.confidence), alpha)
    _, low, high = found.ratio()
    return Estimate(point, low, high, found.level, valid, notes,
                    paired.SAMPLING_ONLY)


def shifted(estimate: Optional[Estimate], shift: float) -> Optional[Estimate]:
    """estimate + shift, interval included."""
    if estimate is None:
        return None
    return Estimate(shift + estimate.point,
                    None if estimate.low is None else shift + estimate.low,
                    None if estimate.high is None else
                    shift + estimate.high, estimate.confidence,
                    estimate.valid, estimate.notes, estimate.method)
