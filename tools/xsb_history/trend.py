"""trend: a counter's series per case, each point judged against the
lookback window before it (as `check` would have), and change points found
over the whole series (detect.find_steps). Pure."""

from dataclasses import dataclass

from xsb_compare.counters import direction_of

from . import detect
from .series import Series


@dataclass(frozen=True)
class TrendPoint:
    index: int
    verdict: str  # of the point against the lookback window before it
    change: float  # relative to that window's median (nan: too few)
    step: object  # detect.Step starting at this point, or None


@dataclass(frozen=True)
class Trend:
    series: Series
    points: tuple  # TrendPoint, one per series point
    steps: tuple  # detect.Step
    threshold: float


def analyse(series: Series, threshold: float,
            alpha: float = detect.DEFAULT_ALPHA,
            lookback: int = detect.DEFAULT_LOOKBACK,
            min_segment: int = detect.DEFAULT_MIN_SEGMENT) -> Trend:
    values = series.values
    direction = direction_of(series.counter)
    steps = detect.find_steps(values, threshold, alpha, min_segment)
    at = {s.index: s for s in steps}
    points = []
    for i, value in enumerate(values):
        judged = detect.check_value(values[max(0, i - lookback):i], value,
                                    direction, threshold, alpha)
        points.append(TrendPoint(i, judged.verdict, judged.change,
                                 at.get(i)))
    return Trend(series, tuple(points), tuple(steps), threshold)


def step_text(step: detect.Step) -> str:
    return (f"step {step.before:.4g} -> {step.after:.4g} "
            f"({step.change:+.0%}, p {step.p:.2g})")
