"""HP latency plots from the per-request samples: a CDF per scheduler and
latency over time, one figure each per scenario and parameters. The data
preparation is pure; drawing needs matplotlib, which is optional."""

import os
import re
from typing import Any, Iterable, Optional

from .names import DUAL_MODEL, STANDALONE, key_text, standalone_name
from .samples import SampleRun

Key = tuple[str, ...]
# pair key -> series label -> its sample runs
Groups = dict[Key, dict[str, list[SampleRun]]]

STANDALONE_LABEL = "standalone"


def load_pyplot() -> tuple[Optional[Any], Optional[str]]:
    """(pyplot, None), or (None, a one-line notice) without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as pyplot
        return pyplot, None
    except Exception as e:  # a broken install raises more than ImportError
        return None, (f"plots skipped: matplotlib is not importable "
                      f"({type(e).__name__}: {e}); on Debian: apt-get "
                      "install python3-matplotlib")


def group_samples(sample_runs: Iterable[SampleRun],
                  pair_keys: set[Key]) -> Groups:
    """pair key -> series label -> [SampleRun], for the keys compared.

    Series are the DualModel variants (scheduler and settings) and, when
    its samples are there, the Standalone/hp case of the same scenario."""
    sample_runs = list(sample_runs)
    groups: Groups = {}
    representative = {}
    for run in sample_runs:
        key = run.case.pair_key
        if run.case.family == DUAL_MODEL and key in pair_keys:
            groups.setdefault(key, {}).setdefault(run.case.variant,
                                                  []).append(run)
            representative.setdefault(key, run.case)
    for run in sample_runs:
        if run.case.family == STANDALONE and run.case.role == "hp":
            for key, case in representative.items():
                if standalone_name(case, "hp") == run.case.name:
                    groups[key].setdefault(STANDALONE_LABEL, []).append(run)
    return groups


def cdf(values: Iterable[float]) -> tuple[list[float], list[float]]:
    """(sorted values, fraction of values <= each)."""
    xs = sorted(values)
    n = len(xs)
    return xs, [(i + 1) / n for i in range(n)]


def file_stem(kind: str, key: Key) -> str:
    return kind + "_" + re.sub(r"[^A-Za-z0-9._-]", "_", key_text(key))


def _draw_cdf(pyplot: Any, key: Key, series: dict[str, list[SampleRun]],
              path: str) -> None:
    figure, axes = pyplot.subplots(figsize=(7, 4.5))
    for label, runs in series.items():
        latencies = [v for run in runs for v in run.window_latencies_ms()]
        if latencies:
            xs, ys = cdf(latencies)
            axes.step(xs, ys, where="post",
                      label=f"{label} ({len(runs)} run(s), n={len(xs)})")
    axes.axhline(0.99, color="grey", linewidth=0.8, linestyle=":")
    axes.set_xscale("log")
    axes.set_xlabel("HP latency (ms, log scale)")
    axes.set_ylabel("fraction of requests")
    axes.set_title(f"HP latency CDF: {key_text(key)}")
    axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def _draw_over_time(pyplot: Any, key: Key,
                    series: dict[str, list[SampleRun]], path: str) -> None:
    labels = list(series)
    figure, axes_list = pyplot.subplots(
        len(labels), 1, figsize=(8, 2.4 * len(labels) + 0.8), sharex=True,
        sharey=True, squeeze=False)
    for axes, label in zip((row[0] for row in axes_list), labels):
        for run in series[label]:
            axes.plot([t for t, _, _ in run.hp], [v for _, v, _ in run.hp],
                      ".", markersize=2, label=f"rep {run.repetition}")
        begin, end = series[label][0].window_s
        axes.axvspan(begin, end, color="grey", alpha=0.12, linewidth=0)
        axes.set_yscale("log")
        axes.set_ylabel("ms")
        axes.set_title(label, fontsize="medium", loc="left")
        axes.legend(loc="upper right", fontsize="x-small", markerscale=3)
    axes_list[-1][0].set_xlabel("scheduled time (s since T0; shaded: "
                                "measurement window)")
    figure.suptitle(f"HP latency over time: {key_text(key)}")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def draw_plots(pyplot: Any, groups: Groups, plot_dir: str) -> list[str]:
    """Writes two PNG files per group; returns their paths."""
    os.makedirs(plot_dir, exist_ok=True)
    written = []
    for key, series in sorted(groups.items()):
        for kind, draw in (("hp_latency_cdf", _draw_cdf),
                           ("hp_latency_over_time", _draw_over_time)):
            path = os.path.join(plot_dir, file_stem(kind, key) + ".png")
            draw(pyplot, key, series, path)
            written.append(path)
    return written
