"""Trend PNGs (matplotlib, optional): one per series, change points marked.
"""

import os
import re

from . import detect
from .dashboard import axis_title, slots, uses_log_scale
from .series import short
from .trend import Trend, step_text

MISSING = ("plots skipped: matplotlib is not importable; apt-get install "
           "python3-matplotlib, or run with /usr/bin/python3")


def load_pyplot():
    """pyplot, or None without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as pyplot
        return pyplot
    except Exception:  # a broken install raises more than ImportError
        return None


def file_name(trend: Trend) -> str:
    s = trend.series
    text = f"{s.counter}__{s.case}__{s.config}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", text) + ".png"


def draw_trend(pyplot, trend: Trend, path: str) -> None:
    """Values by run (x: commit), worse points red, change points as dashed
    lines with the step's medians as horizontal segments."""
    s = trend.series
    xs, gap_xs = slots(s)
    fig, ax = pyplot.subplots(figsize=(9, 4.2), dpi=100)
    ax.plot(xs, s.values, "-o", color="#3465a4", markersize=4, lw=1)
    bad = [i for i, p in enumerate(trend.points)
           if p.verdict == detect.WORSE]
    if bad:
        ax.plot([xs[i] for i in bad], [s.values[i] for i in bad], "o",
                color="#cc0000", markersize=7, label="worse than lookback")
    _mark_non_finite(ax, s, xs, gap_xs)
    bounds = [0] + [st.index for st in trend.steps] + [len(xs)]
    for start, end in zip(bounds, bounds[1:]):
        level = sorted(s.values[start:end])[(end - start - 1) // 2]
        ax.hlines(level, xs[start] - 0.3, xs[end - 1] + 0.3,
                  colors="#555753", lw=2)
    for step in trend.steps:
        ax.axvline(xs[step.index] - 0.5, color="#cc0000", ls="--", lw=1.2)
        ax.annotate(step_text(step), (xs[step.index] - 0.5, max(s.values)),
                    fontsize=8, color="#cc0000", ha="right", va="top",
                    rotation=90)
    ticks = sorted([(x, p.run) for x, p in zip(xs, s.points)] +
                   [(x, g.run) for x, g in zip(gap_xs, s.gaps)],
                   key=lambda t: t[0])
    ax.set_xticks([x for x, _ in ticks])
    ax.set_xticklabels([short(run.commit)[:7] for _, run in ticks],
                       rotation=60, fontsize=7)
    log = uses_log_scale(s.values)
    if log:
        ax.set_yscale("log")
    ax.set_ylabel(axis_title(s.counter, log))
    ax.set_xlabel("commit (oldest first)")
    ax.set_title(f"{s.case}\n{s.machine}", fontsize=9)
    if bad or s.gaps or any(p.left_out for p in s.points):
        ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    pyplot.close(fig)


def _mark_non_finite(ax, s, xs: list, gap_xs: list) -> None:
    """Rings a point whose median left a NaN or Infinity out; a red cross
    at the top for a run with no finite value (dashboard: the same)."""
    ringed = [i for i, p in enumerate(s.points) if p.left_out]
    if ringed:
        ax.plot([xs[i] for i in ringed], [s.values[i] for i in ringed], "o",
                markerfacecolor="none", markeredgecolor="#cc6600",
                markersize=11, label="a repetition not finite, left out")
    if gap_xs:
        ax.plot(gap_xs, [max(s.values)] * len(gap_xs), "x", color="#cc0000",
                markersize=10, label="not finite in every repetition")


def write_trend_plots(trends: list, directory: str) -> list:
    """Paths written; [] and no error without matplotlib (the caller says
    so). Raises OSError when the directory cannot be written."""
    pyplot = load_pyplot()
    if pyplot is None:
        return None
    os.makedirs(directory, exist_ok=True)
    paths = []
    for trend in trends:
        path = os.path.join(directory, file_name(trend))
        draw_trend(pyplot, trend, path)
        paths.append(path)
    return paths
