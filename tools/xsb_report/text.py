"""How numbers are written in the report and the verdict block."""

from typing import Optional

from .runs import Case
from .verdicts import Interval

MISSING = "-"
# Counters with a confidence interval: COUNTER -> (low, high) counter names.
_CI_SUFFIX = ("_ci_low", "_ci_high")


def number(value: Optional[float]) -> str:
    """4 significant digits below 1000, whole numbers above: 0.2762,
    12.35, 172.2, 4008, 171960."""
    if value is None:
        return MISSING
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.4g}"


def ci_counters(counter: str) -> tuple[str, str]:
    """hp_p99_ms -> (hp_p99_ci_low_ms, hp_p99_ci_high_ms)."""
    stem, _, unit = counter.rpartition("_")
    return tuple(f"{stem}{suffix}_{unit}" for suffix in _CI_SUFFIX)


def counter_cell(case: Case, counter: str) -> str:
    """The counter's median; with repetitions its range `(min..max)`; with
    its interval counters `[low, high]`; a `_valid` counter at 0 adds
    `(too few requests)`."""
    values = [r[counter] for r in case.repetitions if counter in r]
    if not values:
        return MISSING
    cell = number(case.median(counter))
    if len(values) > 1:
        cell += f" ({number(min(values))}..{number(max(values))})"
    low_name, high_name = ci_counters(counter)
    low, high = case.median(low_name), case.median(high_name)
    if low is not None and high is not None:
        cell += f" [{number(low)}, {number(high)}]"
    stem = counter.rpartition("_")[0]
    if case.median(stem + "_valid") == 0:
        cell += " (too few requests)"
    return cell


def change(ratio: Optional[float]) -> str:
    """A ratio as a change: 0.26 -> -74.0 %."""
    if ratio is None:
        return MISSING
    return f"{(ratio - 1) * 100:+.1f} %"


def change_cell(iv: Optional[Interval]) -> str:
    """-74.0 % (x0.2600), with its interval [-80.0 %, -60.0 %] when given."""
    if iv is None or iv.point is None:
        return MISSING
    cell = f"{change(iv.point)} (x{number(iv.point)})"
    if iv.low is not None and iv.high is not None:
        cell += f" [{change(iv.low)}, {change(iv.high)}]"
        if iv.confidence is not None:
            cell += f" at {iv.confidence * 100:.0f} %"
    return cell


def times(iv: Optional[Interval]) -> str:
    """A slowdown: x2.071 [x1.5, x3]."""
    if iv is None or iv.point is None:
        return MISSING
    cell = f"x{number(iv.point)}"
    if iv.low is not None and iv.high is not None:
        cell += f" [x{number(iv.low)}, x{number(iv.high)}]"
    return cell


def percent(iv: Optional[Interval]) -> str:
    """A retention: 89.3 % [80.0 %, 95.1 %]."""
    if iv is None or iv.point is None:
        return MISSING
    cell = f"{iv.point * 100:.1f} %"
    if iv.low is not None and iv.high is not None:
        cell += f" [{iv.low * 100:.1f} %, {iv.high * 100:.1f} %]"
    return cell
