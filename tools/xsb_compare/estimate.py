"""A figure of one case with its interval: HP percentiles and LP
throughput, from the CI counters or, when given, the per-request samples;
and ratios of two such figures.

Repetitions: each run gives a point and an interval; the case's figure is
the median of the points and its interval the smallest one that holds every
run's interval (their envelope). Drift between runs on a shared machine
therefore widens the interval instead of reading as a difference, and the
envelope still holds the typical run's true value whenever the runs'
intervals hold their own (see docs/compare.md)."""

from dataclasses import dataclass
from typing import Optional, Sequence

from . import confidence as ci
from . import counters as cn
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

    @property
    def has_interval(self) -> bool:
        return (self.low is not None and self.high is not None
                and self.confidence is not None)


def _unsupported(title: str, needed: int, had: int, conf: float,
                 where: str) -> str:
    return (f"{title} not supported: needs >= {needed} requests in the "
            f"window at {round(conf * 100, 1):g} %, had {had} ({where})")


def combine(runs: Sequence[Estimate]) -> Optional[Estimate]:
    """One case's figure from its repetitions' (see the module doc)."""
    if not runs:
        return None
    point = median([r.point for r in runs])
    notes = tuple(n for r in runs for n in r.notes)
    valid = all(r.valid for r in runs)
    if not all(r.has_interval for r in runs):
        return Estimate(point, valid=valid, notes=notes)
    return Estimate(point, min(r.low for r in runs),
                    max(r.high for r in runs),
                    min(r.confidence for r in runs), valid, notes)


def _column(case: Case, counter: Optional[str]) -> Optional[list[float]]:
    values = case.values.get(counter) if counter else None
    return values if values and len(values) == case.repetitions else None


def _run_validity(case: Case, spec: cn.IntervalCounters, i: int,
                  conf: float) -> tuple[bool, tuple[str, ...]]:
    """Run i's percentile is valid unless its valid counter is 0 or its n
    (hp_requests) is below what an upper bound at conf needs."""
    if spec.quantile is None:
        return True, ()
    flags = _column(case, spec.valid)
    counts = _column(case, cn.HP_REQUESTS)
    needed = ci.min_samples(spec.quantile, conf)
    n = counts[i] if counts else None
    where = f"{case.name.name} run {i + 1}"
    if flags is not None and flags[i] == 0:
        return False, (f"{spec.title} not supported: its valid counter is 0 "
                       f"({where})",)
    if n is not None and n < needed:
        return False, (_unsupported(spec.title, needed, int(n), conf,
                                    where),)
    return True, ()


def from_counters(case: Optional[Case], figure: str) -> Optional[Estimate]:
    """The figure's estimate from the case's counters: with its CI counters
    an interval per run, else points only; percentiles checked for
    validity either way."""
    points = _column(case, figure) if case else None
    if points is None:
        return None
    spec = cn.INTERVALS.get(figure)
    if spec is None:
        return Estimate(median(points))
    lows, highs = _column(case, spec.low), _column(case, spec.high)
    has = lows is not None and highs is not None
    conf = case.confidence or ASSUMED_CONFIDENCE
    runs = []
    for i, point in enumerate(points):
        ok, notes = _run_validity(case, spec, i, conf)
        runs.append(Estimate(point, lows[i] if has else None,
                             highs[i] if has else None,
                             conf if has else None, ok, notes))
    return combine(runs)


def _percentile_run(run: SampleRun, spec: cn.IntervalCounters,
                    conf: float) -> Optional[Estimate]:
    latencies = run.window_latencies_ms()
    found = ci.percentile_interval(latencies, spec.quantile, conf)
    if found is None:
        return None
    if not found.valid:
        needed = ci.min_samples(spec.quantile, conf)
        note = _unsupported(spec.title, needed, found.n, conf,
                            f"{run.case.name} rep {run.repetition}")
        return Estimate(found.point, found.low, found.point, conf, False,
                        (note,))
    return Estimate(found.point, found.low, found.high, conf)


def _throughput_run(run: SampleRun, conf: float) -> Optional[Estimate]:
    begin, end = run.window_s
    found = ci.block_rate_interval(run.lp_completions_s, begin, end, conf)
    if found is None:
        return None
    rate, low, high = found
    return Estimate(rate, low, high, conf)


def from_samples(runs: Sequence[SampleRun], figure: str,
                 conf: float) -> Optional[Estimate]:
    """The figure's estimate from sample files at confidence conf: exact
    order-statistic intervals of the raw latencies, or the sub-window
    interval of LP throughput. None when the figure has no sample form."""
    spec = cn.INTERVALS.get(figure)
    if spec is None or not runs:
        return None
    if spec.quantile is not None:
        found = [_percentile_run(r, spec, conf) for r in runs]
    else:
        found = [_throughput_run(r, conf) for r in runs]
    if any(f is None for f in found):
        return None
    return combine(found)


def estimate(case: Optional[Case], figure: str,
             samples: Optional[Sequence[SampleRun]],
             conf: float) -> Optional[Estimate]:
    """From the samples when there are some for the case, else from its
    counters."""
    if case is None:
        return None
    if samples:
        found = from_samples(samples, figure, conf)
        if found is not None:
            return found
    return from_counters(case, figure)


def ratio(num: Optional[Estimate],
          den: Optional[Estimate]) -> Optional[Estimate]:
    """num / den with the interval [num.low / den.high, num.high / den.low]
    at the Bonferroni joint confidence; a point only when either side has
    no interval."""
    if num is None or den is None or den.point == 0 and num.point != 0:
        return None
    point = ci.divide(num.point, den.point)
    valid = num.valid and den.valid
    notes = num.notes + den.notes
    if not (num.has_interval and den.has_interval):
        return Estimate(point, valid=valid, notes=notes)
    return Estimate(point, ci.divide(num.low, den.high),
                    ci.divide(num.high, den.low),
                    ci.joint_confidence(num.confidence, den.confidence),
                    valid, notes)
