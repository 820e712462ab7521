"""The report's PNG plots, per group of cases (one scenario and parameters):

- hp_latency_cdf: the HP latency CDF of each scheduler and of the
  Standalone/hp reference, log latency axis, P50 and P99 marked;
- hp_latency_over_time: HP latency against scheduled time, one panel per
  scheduler (same axes), LP iterations per 100 ms as a strip along the
  bottom;
- lp_throughput: LP iterations/s in 1 s bins, one line per scheduler and
  the Standalone/lp reference;
- rounds_<scheduler>: per pair, each round's candidate / baseline ratio of
  HP P99 and of LP iter/s as a point, the verdict's interval over the
  rounds as a band around its point, the plan's thresholds and 1 as
  lines.

Data preparation is pure; drawing needs matplotlib, which is optional."""

import math
import os
import re
from typing import Any, Optional

from xsb_compare.confidence import nearest_rank as _nearest_rank

from .groups import STANDALONE_HP, STANDALONE_LP, Group
from .runs import Samples, window_latencies_ms
from . import verdicts
from .verdicts import Interval, PairVerdict

DPI = 100
CDF, OVER_TIME, LP_THROUGHPUT = ("hp_latency_cdf", "hp_latency_over_time",
                           "lp_throughput")
ROUNDS = "rounds"
KINDS = (CDF, OVER_TIME, LP_THROUGHPUT)
_ROUNDS_HEIGHT_IN = 5.0
_WIDTH_IN = 10.0
_CDF_HEIGHT_IN = 5.5
_LP_HEIGHT_IN = 4.5
_PANEL_HEIGHT_IN = 2.2
_OVER_TIME_EXTRA_IN = 1.2
BIN_S = 1.0
STRIP_BIN_S = 0.1  # the over-time panels' LP strip
STRIP_HEIGHT = 0.1  # of the panel, for the fullest bin
_REFERENCE_COLOUR = "black"


def load_pyplot() -> tuple[Any, Optional[str]]:
    """(pyplot, None), or (None, one line saying why plots are skipped)."""
    try:
        import matplotlib
        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as pyplot
        return pyplot, None
    except Exception as e:  # a broken install raises more than ImportError
        return None, (f"plots skipped: matplotlib is not importable by "
                      f"this Python ({type(e).__name__}: {e}); install "
                      "python3-matplotlib (Debian) and run the tool with "
                      "/usr/bin/python3, or pip install matplotlib")


def file_name(kind: str, group: Group, several: bool) -> str:
    """kind.png for a run of one group, else kind_<group key>.png."""
    if not several:
        return kind + ".png"
    return kind + "_" + re.sub(r"[^A-Za-z0-9._-]", "_", group.key) + ".png"


def size_px(kind: str, panels: int = 1) -> tuple[int, int]:
    """(width, height) of a plot's PNG in pixels."""
    if kind == OVER_TIME:
        height = _PANEL_HEIGHT_IN * panels + _OVER_TIME_EXTRA_IN
    elif kind == ROUNDS:
        height = _ROUNDS_HEIGHT_IN
    else:
        height = _CDF_HEIGHT_IN if kind == CDF else _LP_HEIGHT_IN
    return round(_WIDTH_IN * DPI), round(height * DPI)


def nearest_rank(sorted_values: list[float], p: float) -> float:
    """docs/metrics.md's percentile: sorted[ceil(p/100 * n) - 1], the
    compare tool's arithmetic (the results table uses it too)."""
    return _nearest_rank(sorted_values, p / 100)




def lp_rate(runs: list[Samples], bin_s: float = BIN_S
            ) -> tuple[list[float], list[float]]:
    """(bin starts in s since T0, LP iterations/s in the bin), the mean
    over repetitions; up to the last whole bin."""
    times = [done / 1e9 for s in runs for done, _ in s.lp]
    # Whole bins only: the last, partial one would read as a collapse.
    bins = [0] * int(max(times, default=0) // bin_s)
    if not bins:
        return [], []
    for t in times:
        if int(t // bin_s) < len(bins):
            bins[int(t // bin_s)] += 1
    return ([i * bin_s for i in range(len(bins))],
            [n / bin_s / len(runs) for n in bins])


def hp_series(group: Group, by_case: dict[str, list[Samples]]
              ) -> list[tuple[str, list[Samples]]]:
    """(label, samples) of each scheduler and the Standalone/hp case."""
    return [(label, by_case[case.name]) for label, case in group.series()
            if label != STANDALONE_LP and by_case.get(case.name)
            and any(s.hp for s in by_case[case.name])]


def lp_series(group: Group, by_case: dict[str, list[Samples]]
              ) -> list[tuple[str, list[Samples]]]:
    return [(label, by_case[case.name]) for label, case in group.series()
            if label != STANDALONE_HP and by_case.get(case.name)
            and any(s.lp for s in by_case[case.name])]


def _style(label: str, index: int) -> dict[str, Any]:
    if label in (STANDALONE_HP, STANDALONE_LP):
        return {"color": _REFERENCE_COLOUR, "linestyle": "--"}
    return {"color": f"C{index}", "linestyle": "-"}


def _window_s(runs: list[Samples]) -> tuple[float, float]:
    return runs[0].window_ns[0] / 1e9, runs[0].window_ns[1] / 1e9


def _draw_cdf(pyplot: Any, group: Group, series: list, path: str) -> None:
    figure, axes = pyplot.subplots(figsize=(size_px(CDF)[0] / DPI,
                                            size_px(CDF)[1] / DPI), dpi=DPI)
    for index, (label, runs) in enumerate(series):
        xs = window_latencies_ms(runs)
        if not xs:
            continue
        style = _style(label, index)
        p50, p99 = nearest_rank(xs, 50), nearest_rank(xs, 99)
        axes.step(xs, [(i + 1) / len(xs) for i in range(len(xs))],
                  where="post", linewidth=1.6, **style,
                  label=f"{label}: P50 {p50:.3g} ms, P99 {p99:.3g} ms "
                        f"(n={len(xs)})")
        axes.plot([p50, p99], [0.5, 0.99], "o", color=style["color"],
                  markersize=6)
    for level, text in ((0.5, "P50"), (0.99, "P99")):
        axes.axhline(level, color="grey", linewidth=0.8, linestyle=":")
        axes.annotate(text, (0.005, level), xycoords=("axes fraction",
                                                      "data"),
                      va="bottom", fontsize="small", color="grey")
    axes.set_xscale("log")
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("HP latency (ms, log scale): completion - scheduled "
                    "time")
    axes.set_ylabel("fraction of HP requests")
    axes.set_title(f"HP latency CDF, measurement window: {group.key}")
    axes.grid(True, which="both", alpha=0.25)
    axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)


def lp_strip(runs: list[Samples]) -> tuple[list[float], list[float]]:
    """(bin edges in s since T0, LP iterations per STRIP_BIN_S bin, the mean
    over rounds): the over-time panels' strip."""
    starts, rates = lp_rate(runs, STRIP_BIN_S)
    return (starts + [starts[-1] + STRIP_BIN_S] if starts else [],
            [r * STRIP_BIN_S for r in rates])


def _lp_strip(axes: Any, runs: list[Samples]) -> bool:
    """LP iterations per 100 ms as a strip along the panel's bottom, its
    height proportional to the count (the tallest bin STRIP_HEIGHT of the
    panel): a gap is an LP stall. One mark per completion merged into a
    solid band on a real run (45,344 marks, issue 25). False: no LP."""
    edges, counts = lp_strip(runs)
    peak = max(counts, default=0)
    if not peak:
        return False
    axes.stairs([c / peak * STRIP_HEIGHT for c in counts], edges,
                fill=True, color="tab:red", alpha=0.45, linewidth=0,
                transform=axes.get_xaxis_transform(),
                label=f"LP iterations per {STRIP_BIN_S * 1000:g} ms (strip; "
                      f"peak {peak:.3g})")
    return True


def _over_time_panel(axes: Any, label: str, runs: list[Samples],
                     index: int) -> None:
    colour = _style(label, index)["color"]
    for s in runs:
        axes.plot([r[0] / 1e9 for r in s.hp], [r[3] / 1e6 for r in s.hp],
                  ".", markersize=2.5, color=colour,
                  alpha=0.9 if s.repetition == 0 else 0.5)
    strip = _lp_strip(axes, runs)
    begin, end = _window_s(runs)
    axes.axvspan(begin, end, color="grey", alpha=0.1, linewidth=0)
    axes.set_yscale("log")
    axes.margins(y=0.15)  # room for the LP strip under the lowest points
    axes.set_ylabel("HP latency (ms)")
    reps = f", {len(runs)} repetitions" if len(runs) > 1 else ""
    axes.set_title(f"{label}{reps}", fontsize="medium", loc="left")
    axes.grid(True, which="major", alpha=0.25)
    if strip:
        axes.legend(loc="upper right", fontsize="x-small")


def _draw_over_time(pyplot: Any, group: Group, series: list,
                    path: str) -> None:
    width, height = size_px(OVER_TIME, len(series))
    figure, rows = pyplot.subplots(len(series), 1, sharex=True, sharey=True,
                                   squeeze=False, dpi=DPI,
                                   figsize=(width / DPI, height / DPI))
    for index, ((label, runs), row) in enumerate(zip(series, rows)):
        _over_time_panel(row[0], label, runs, index)
    rows[-1][0].set_xlabel("scheduled time (s since T0; shaded: the "
                           "measurement window)")
    figure.suptitle("HP latency over time, LP iterations per 100 ms below: "
                    f"{group.key}")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)


def _draw_lp(pyplot: Any, group: Group, series: list, path: str) -> None:
    width, height = size_px(LP_THROUGHPUT)
    figure, axes = pyplot.subplots(figsize=(width / DPI, height / DPI),
                                   dpi=DPI)
    for index, (label, runs) in enumerate(series):
        starts, rates = lp_rate(runs)
        if not starts:
            continue
        axes.step(starts + [starts[-1] + BIN_S], rates + [rates[-1]],
                  where="post", linewidth=1.6, **_style(label, index),
                  label=label)
    if series:
        begin, end = _window_s(series[0][1])
        axes.axvspan(begin, end, color="grey", alpha=0.1, linewidth=0,
                     label="measurement window")
    axes.set_ylim(bottom=0)
    axes.set_xlabel(f"time (s since T0, {BIN_S:g} s bins)")
    axes.set_ylabel("LP iterations/s")
    axes.set_title(f"LP throughput over time: {group.key}")
    axes.grid(True, alpha=0.25)
    axes.legend(loc="best", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)


def draw_group(pyplot: Any, group: Group, by_case: dict[str, list[Samples]],
               folder: str, several: bool) -> list[str]:
    """Draws the group's plots into folder; returns their file names (a
    plot without data is left out)."""
    hp, lp = hp_series(group, by_case), lp_series(group, by_case)
    written = []
    if hp:
        name = file_name(CDF, group, several)
        _draw_cdf(pyplot, group, hp, os.path.join(folder, name))
        written.append(name)
        name = file_name(OVER_TIME, group, several)
        _draw_over_time(pyplot, group, hp, os.path.join(folder, name))
        written.append(name)
    if lp:
        name = file_name(LP_THROUGHPUT, group, several)
        _draw_lp(pyplot, group, lp, os.path.join(folder, name))
        written.append(name)
    return written


def rounds_file_name(pair: PairVerdict, several: bool) -> str:
    """rounds_<scheduler>.png, with the group key when the run has several
    groups."""
    stem = "rounds_" + pair.variant + ("_" + pair.key if several else "")
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem) + ".png"


def rounds_panels(pair: PairVerdict) -> list[tuple[str, list[tuple[int,
                                                                  float]],
                                                    Optional[Interval],
                                                    Optional[float]]]:
    """(title, [(round, ratio)], the verdict's interval, threshold) of HP
    P99 and LP iter/s, for those with per-round ratios."""
    panels = []
    for counter, title, interval in (
            (verdicts.HP_P99, "HP P99 candidate / baseline",
             pair.hp_p99_ratio),
            (verdicts.LP_THROUGHPUT, "LP iter/s candidate / baseline",
             pair.lp_ratio)):
        points = pair.per_round.get(counter)
        if points:
            found = pair.criterion(counter)
            panels.append((title, points, interval,
                           found.threshold if found else None))
    return panels


def _rounds_panel(pyplot: Any, axes: Any, title: str, points: list,
                  interval: Any, threshold: Optional[float]) -> None:
    rounds = [r for r, _ in points]
    finite = [(r, v) for r, v in points if 0 < v < math.inf]
    axes.plot([r for r, _ in finite], [v for _, v in finite], "o",
              color="C0", markersize=7, label="each round's ratio")
    if interval is not None and interval.low is not None \
            and interval.high is not None:
        level = (f" at {interval.confidence * 100:.3g} %"
                 if interval.confidence else "")
        axes.axhspan(max(interval.low, 1e-9), interval.high, color="C0",
                     alpha=0.15, linewidth=0,
                     label=f"interval over the rounds{level}")
        axes.axhline(interval.point, color="C0", linewidth=1.2,
                     label=f"geometric mean x{interval.point:.3g}")
    if threshold is not None:
        axes.axhline(threshold, color="tab:red", linestyle="--",
                     linewidth=1.2, label=f"threshold x{threshold:g}")
    axes.axhline(1.0, color="grey", linestyle=":", linewidth=1.0,
                 label="no change (x1)")
    axes.set_yscale("log")
    # Ratios as x0.25, not 2.5 x 10^-1.
    ratio = pyplot.FuncFormatter(lambda v, _: f"x{v:.2g}")
    axes.yaxis.set_major_formatter(ratio)
    axes.yaxis.set_minor_formatter(ratio)
    axes.tick_params(axis="y", which="minor", labelsize="x-small")
    axes.set_xticks(rounds)
    axes.set_xlabel("round")
    axes.set_ylabel("ratio (log scale)")
    axes.set_title(title, fontsize="medium", loc="left")
    axes.grid(True, which="both", alpha=0.25)
    axes.legend(loc="best", fontsize="x-small")


def draw_rounds(pyplot: Any, pair: PairVerdict, path: str) -> bool:
    """The pair's per-round plot; False (nothing drawn) without per-round
    ratios."""
    panels = rounds_panels(pair)
    if not panels:
        return False
    width, height = size_px(ROUNDS)
    figure, rows = pyplot.subplots(1, len(panels), squeeze=False, dpi=DPI,
                                   figsize=(width / DPI, height / DPI))
    for (title, points, interval, threshold), cell in zip(panels, rows[0]):
        _rounds_panel(pyplot, cell, title, points, interval, threshold)
    figure.suptitle(f"{pair.variant} vs baseline, per round: {pair.key}")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)
    return True
