"""How numbers are written in the report and the verdict block."""

from typing import Optional

from xsb_compare import confidence as ci
from xsb_compare.counters import INTERVALS

from .runs import Case, Samples, window_latencies_ms
from .verdicts import Interval, RunRounds

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


def _window_s(s: Samples) -> tuple[float, float]:
    return s.window_ns[0] / 1e9, s.window_ns[1] / 1e9


def pooled_cell(runs: list[Samples], counter: str,
                confidence: float) -> Optional[str]:
    """An HP percentile or LP iter/s pooled over the case's rounds from
    its samples (the data the CDF plot draws): the percentile of every
    in-window latency, or every in-window LP iteration over the windows'
    total length, with the order-statistic interval at confidence; None
    for a counter without a sample form or without samples."""
    spec = INTERVALS.get(counter)
    if spec is None or not runs:
        return None
    if spec.quantile is None:
        found = ci.pooled_rate_interval(
            [([done / 1e9 for done, _ in s.lp], *_window_s(s))
             for s in runs], confidence)
        if found is None or not any(s.lp for s in runs):
            return None
        rate, low, high = found
        return f"{number(rate)} [{number(low)}, {number(high)}]"
    found = ci.percentile_interval(window_latencies_ms(runs), spec.quantile,
                                   confidence)
    if found is None:
        return None
    if not found.valid:
        return f"{number(found.point)} (too few requests)"
    return f"{number(found.point)} [{number(found.low)}, " \
           f"{number(found.high)}]"


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


ONE_ROUND = "1 round: sampling noise only, not drift between runs"


def rounds_line(found: RunRounds, full_order: bool = False) -> str:
    """"3 run (stop: fixed), order alternating; intervals at 95 % (look 3
    of 7)", to follow "rounds: "; for one round, what it covers."""
    if found.run == 1:
        return ONE_ROUND
    line = f"{found.run} run"
    if found.stop:
        line += f" (stop: {found.stop})"
    if found.order:
        line += ", order " + (found.order if full_order
                              else found.order.split(":")[0])
    if found.level is not None:
        line += f"; intervals at {number(found.level * 100)} %"
        if found.looks > 1:
            line += f" (look {found.look} of {found.looks})"
    return line


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
