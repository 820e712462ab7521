"""The latency-load curve of a sweep over the HP rate (--xsb_sweep=hp_rate:
...): HP P99 against offered rate, one line per scheduler with each
point's interval, and LP throughput against the same rates. Cases whose
names differ only in their rate form one curve; a curve needs two rates.

Data preparation is pure; drawing needs matplotlib, which is optional."""

import math
import os
import re
from dataclasses import dataclass
from typing import Any, Optional

from .document import Block, Heading, Image, Paragraph, Table
from .runs import DUAL_MODEL, Case, Run
from .text import MISSING

FILE_PREFIX = "latency_load"
DPI = 100
_SIZE_IN = (10.0, 8.0)


@dataclass(frozen=True)
class Point:
    """One case's figures at its offered rate (medians over repetitions)."""
    rate: float
    p99_ms: Optional[float]
    p99_low_ms: Optional[float]
    p99_high_ms: Optional[float]
    p99_valid: bool
    lp_iter_per_s: Optional[float]
    lp_low: Optional[float]
    lp_high: Optional[float]
    error: str = ""  # the case failed: why (its figures are None)


@dataclass
class Curve:
    key: str  # scenario/batch:B/duration_s:D: the case name without rate
    lines: dict[str, list[Point]]  # scheduler variant -> points by rate


def _curve_key(case: Case) -> str:
    params = [f"{k}:{v}" for k, v in case.params.items() if k != "rate"]
    return "/".join([case.scenario] + params + list(case.settings))


def _point(case: Case) -> Point:
    rate = float(case.params["rate"])
    if not case.repetitions:
        return Point(rate, None, None, None, False, None, None, None,
                     case.errors[0] if case.errors else "no result")
    valid = (case.median("hp_p99_valid") or 0) >= 1
    return Point(rate, case.median("hp_p99_ms"),
                 case.median("hp_p99_ci_low_ms"),
                 case.median("hp_p99_ci_high_ms"), valid,
                 case.median("lp_iter_per_s"),
                 case.median("lp_ci_low_iter_per_s"),
                 case.median("lp_ci_high_iter_per_s"))


def load_curves(run: Run) -> list[Curve]:
    """The run's curves, in file order: DualModel cases grouped by their
    name without the rate, each scheduler's points sorted by rate; only
    groups with at least two rates."""
    curves: dict[str, Curve] = {}
    for case in run.cases.values():
        if case.family != DUAL_MODEL or "rate" not in case.params:
            continue
        curve = curves.setdefault(_curve_key(case),
                                  Curve(_curve_key(case), {}))
        curve.lines.setdefault(case.scheduler, []).append(_point(case))
    found = []
    for curve in curves.values():
        for points in curve.lines.values():
            points.sort(key=lambda p: p.rate)
        rates = {p.rate for points in curve.lines.values() for p in points}
        if len(rates) >= 2:
            found.append(curve)
    return found


def file_name(curve: Curve, several: bool) -> str:
    if not several:
        return FILE_PREFIX + ".png"
    return (FILE_PREFIX + "_" + re.sub(r"[^A-Za-z0-9._-]", "_", curve.key)
            + ".png")


def _errors(points: list[Point], value: str, low: str, high: str
            ) -> tuple[list[float], list[float], list[list[float]]]:
    """(rates, values, [below, above]) of the points that have the value."""
    xs, ys, below, above = [], [], [], []
    for p in points:
        y = getattr(p, value)
        if y is None:
            continue
        xs.append(p.rate)
        ys.append(y)
        below.append(max(0.0, y - (getattr(p, low) or y)))
        above.append(max(0.0, (getattr(p, high) or y) - y))
    return xs, ys, [below, above]


def log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 tick values covering [low, high] (both > 0) on a log axis, so a
    range inside one decade still gets labelled ticks: 1.2..5.7 ->
    [1, 2, 5, 10]."""
    if low <= 0 or high <= 0:
        return []
    ticks = []
    decade = 10.0 ** math.floor(math.log10(low))
    while decade <= high * 10:
        for step in (1, 2, 5):
            value = step * decade
            if value >= low / 2.5 and value <= high * 2.5:
                ticks.append(value)
        decade *= 10
    inside = [t for t in ticks if low <= t <= high]
    below = [t for t in ticks if t < low][-1:]
    above = [t for t in ticks if t > high][:1]
    return below + inside + above


def draw_curve(pyplot: Any, curve: Curve, path: str) -> None:
    figure, (hp, lp) = pyplot.subplots(2, 1, sharex=True, dpi=DPI,
                                       figsize=_SIZE_IN)
    for index, (scheduler, points) in enumerate(curve.lines.items()):
        colour = f"C{index}"
        xs, ys, err = _errors(points, "p99_ms", "p99_low_ms", "p99_high_ms")
        hp.errorbar(xs, ys, yerr=err, color=colour, marker="o", capsize=4,
                    linewidth=1.6, label=scheduler)
        invalid = [p for p in points if p.p99_ms is not None
                   and not p.p99_valid]
        hp.plot([p.rate for p in invalid], [p.p99_ms for p in invalid], "x",
                color="black", markersize=9)
        xs, ys, err = _errors(points, "lp_iter_per_s", "lp_low", "lp_high")
        lp.errorbar(xs, ys, yerr=err, color=colour, marker="o", capsize=4,
                    linewidth=1.6, label=scheduler)
    hp.set_yscale("log")
    hp.set_ylabel("HP P99 latency (ms, log scale)")
    hp.set_title(f"Latency-load curve: {curve.key} (bars: P99 interval; "
                 "x: no upper bound)")
    lp.set_ylabel("LP iterations/s")
    lp.set_ylim(bottom=0)
    lp.set_xlabel("offered HP rate (requests/s)")
    lp.set_title("LP throughput against the HP rate (bars: interval)")
    rates = sorted({p.rate for points in curve.lines.values()
                    for p in points})
    for axes in (hp, lp):
        axes.set_xscale("log")
        axes.set_xticks(rates, [f"{r:g}" for r in rates])
        axes.minorticks_off()
        axes.grid(True, which="both", alpha=0.25)
        axes.legend(loc="best", fontsize="small")
    latencies = [v for points in curve.lines.values() for p in points
                 for v in (p.p99_ms, p.p99_low_ms, p.p99_high_ms)
                 if v is not None and v > 0]
    if latencies:
        ticks = log_ticks(min(latencies), max(latencies))
        hp.set_yticks(ticks, [f"{t:g}" for t in ticks])
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)


def draw_all(pyplot: Any, curves: list[Curve], folder: str) -> list[str]:
    """Draws every curve into folder; returns the file names."""
    names = []
    for curve in curves:
        name = file_name(curve, len(curves) > 1)
        draw_curve(pyplot, curve, os.path.join(folder, name))
        names.append(name)
    return names


def _cell(value: Optional[float], low: Optional[float],
          high: Optional[float], valid: bool = True) -> str:
    if value is None or math.isnan(value):
        return MISSING
    text = f"{value:.4g}"
    if low is not None and high is not None:
        text += f" [{low:.4g}, {high:.4g}]" if valid else " (no upper bound)"
    return text


def curve_table(curve: Curve) -> Table:
    rows = []
    for scheduler, points in curve.lines.items():
        for p in points:
            rows.append([scheduler, f"{p.rate:g}",
                         _cell(p.p99_ms, p.p99_low_ms, p.p99_high_ms,
                               p.p99_valid) if not p.error else
                         f"failed: {p.error}",
                         _cell(p.lp_iter_per_s, p.lp_low, p.lp_high)])
    return Table(["scheduler", "offered rate (req/s)",
                  "HP P99 (ms) [interval]", "LP iter/s [interval]"], rows)


def section(curves: list[Curve], names: list[str]) -> list[Block]:
    """The report's "Latency-load curve" section; none without curves."""
    if not curves:
        return []
    blocks: list[Block] = [Heading(2, "Latency-load curve"), Paragraph(
        "HP P99 against the offered HP rate, one line per scheduler, and "
        "LP throughput at each rate; intervals at the run's confidence.")]
    for index, curve in enumerate(curves):
        if len(curves) > 1:
            blocks.append(Heading(3, curve.key))
        if index < len(names):
            blocks.append(Image(names[index], "latency-load curve"))
        blocks.append(curve_table(curve))
    return blocks
