"""Builds a results folder from a run's JSON and samples: the files
docs/report.md lists. The only module here that writes files."""

import json
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from . import content, document, load_curve, plots, summary, trace
from .errors import ReportError
from .groups import Group, group_cases
from .runs import Run, Samples, read_run, read_samples, samples_by_case
from .verdicts import Comparison, read_comparison, run_compare

BENCHMARK_JSON = "benchmark.json"
SAMPLES_DIR = "samples"
COMPARE_JSON = "compare.json"
REPORT_MD, REPORT_HTML, TRACE_JSON = "report.md", "report.html", "trace.json"


@dataclass
class Options:
    run_path: str
    tools_dir: str  # holds xsb_compare
    samples_dir: Optional[str] = None  # default: <run's folder>/samples
    out_dir: Optional[str] = None  # default: the run's folder
    compare_args: tuple[str, ...] = ()
    plots: bool = True


@dataclass
class Result:
    folder: str
    comparison: Comparison
    verdict_text: str
    notices: list[str] = field(default_factory=list)  # for stderr


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise ReportError(f"{path}: cannot write: {e.strerror}") from None


def _own_samples(run: Run, found: list[Samples], where: str
                 ) -> tuple[list[Samples], list[str]]:
    """The sample files of the run's cases and repetitions (a reused
    folder may hold more repetitions of an older run), and notes on what
    is off."""
    own = [s for s in found if s.case in run.cases and s.repetition < len(
        run.cases[s.case].repetitions) + len(run.cases[s.case].errors)]
    # A run of Tenants cases only has its tables, drawn from the counters.
    if not own and run.cases:
        raise ReportError(f"{where}: no sample files of the cases in "
                          f"{run.path} (run xsb_bench with "
                          "--xsb_samples_dir and --benchmark_out together)")
    notes = []
    if len(own) < len(found):
        notes.append(f"{len(found) - len(own)} sample file(s) in {where} "
                     "belong to cases or repetitions not in the benchmark "
                     "JSON: ignored")
    missing = [n for n, c in run.cases.items()
               if c.repetitions and n not in {s.case for s in own}]
    notes += [f"{n}: no sample file, left out of plots and trace"
              for n in missing]
    return own, notes


def _copy_in(run_path: str, own: list[Samples], folder: str) -> str:
    """Copies the run's JSON and its sample files into folder when they
    are elsewhere; returns the JSON's path in folder."""
    run_dir = os.path.dirname(os.path.abspath(run_path))
    if os.path.abspath(folder) == run_dir:
        return run_path
    target = os.path.join(folder, BENCHMARK_JSON)
    copy = os.path.join(folder, SAMPLES_DIR)
    try:
        os.makedirs(copy, exist_ok=True)
        shutil.copyfile(run_path, target)
        for s in own:
            destination = os.path.join(copy, os.path.basename(s.path))
            if os.path.abspath(s.path) != os.path.abspath(destination):
                shutil.copyfile(s.path, destination)
    except OSError as e:
        raise ReportError(f"{folder}: cannot copy the run in: "
                          f"{e.strerror or e}") from None
    return target


def _draw_rounds(pyplot: Any, comparison: Comparison, folder: str,
                 several: bool, names: dict[str, list[str]]) -> None:
    """Each pair's per-round plot, after its group's plots."""
    for pair in comparison.pairs:
        name = plots.rounds_file_name(pair, several)
        if plots.draw_rounds(pyplot, pair, os.path.join(folder, name)):
            names.setdefault(pair.key, []).append(name)


def _draw(groups: list[Group], by_case: dict, comparison: Comparison,
          folder: str, load: Callable[[], tuple[Any, Optional[str]]]
          ) -> tuple[dict[str, list[str]], Optional[str]]:
    pyplot, notice = load()
    if pyplot is None:
        return {}, notice
    several = len(groups) > 1
    try:
        names = {g.key: plots.draw_group(pyplot, g, by_case, folder, several)
                 for g in groups}
        _draw_rounds(pyplot, comparison, folder, several, names)
        return names, None
    except OSError as e:
        raise ReportError(f"{folder}: cannot write plots: "
                          f"{e.strerror or e}") from None


def _draw_curves(curves: list[load_curve.Curve], folder: str,
                 load: Callable[[], tuple[Any, Optional[str]]]) -> list[str]:
    """The latency-load curves' PNG files (none without a sweep)."""
    pyplot, _ = load() if curves else (None, None)
    if pyplot is None:
        return []
    try:
        return load_curve.draw_all(pyplot, curves, folder)
    except OSError as e:
        raise ReportError(f"{folder}: cannot write plots: "
                          f"{e.strerror or e}") from None


def _files(plot_names: dict[str, list[str]], run_path: str) -> list[str]:
    names = [n for group in plot_names.values() for n in group]
    return ([f"`{os.path.basename(run_path)}`: xsb_bench's Google Benchmark "
             "JSON", f"`{SAMPLES_DIR}/`: the per-request samples "
             "(docs/metrics.md)", f"`{COMPARE_JSON}`: the compare tool's "
             "answer (docs/compare.md)", f"`{REPORT_MD}`, `{REPORT_HTML}`: "
             "this report (the HTML is self-contained)",
             f"`{TRACE_JSON}`: the timeline in the Chrome trace event "
             "format: open it in Perfetto (ui.perfetto.dev) or "
             "chrome://tracing"]
            + [f"`{n}`" for n in names])


def build_folder(options: Options,
                 load_pyplot: Callable[[], tuple[Any, Optional[str]]]
                 = plots.load_pyplot) -> Result:
    """Reads the run, asks the compare tool, writes every file of the
    folder. Raises ReportError with one line."""
    run = read_run(options.run_path)
    run_dir = os.path.dirname(os.path.abspath(options.run_path))
    samples_dir = options.samples_dir or os.path.join(run_dir, SAMPLES_DIR)
    own, notes = _own_samples(run, read_samples(samples_dir), samples_dir)
    folder = options.out_dir or run_dir
    run_path = _copy_in(options.run_path, own, folder)
    # With the samples, each arm's figures are pooled over its rounds, as
    # the results table and the CDF plot show them.
    data, why = run_compare(run_path, options.tools_dir,
                            ("--samples-dir", samples_dir)
                            + options.compare_args)
    if data is not None:
        _write(os.path.join(folder, COMPARE_JSON),
               json.dumps(data, indent=2) + "\n")
    comparison = read_comparison(data, why, run.context)
    groups = group_cases(run)
    by_case = samples_by_case(own)
    no_plots = (None, "plots skipped: --no-plots")
    plot_names, notice = _draw(groups, by_case, comparison, folder, (
        load_pyplot if options.plots else lambda: no_plots))
    curves = load_curve.load_curves(run)
    curve_names = _draw_curves(curves, folder, load_pyplot) if (
        options.plots and notice is None) else []
    _write(os.path.join(folder, TRACE_JSON),
           json.dumps(trace.trace_events(own), separators=(",", ":")))
    verdict_text = summary.verdict_block(
        run, comparison, groups, os.path.join(folder, REPORT_MD))
    inputs = content.Inputs(run, comparison, groups, plot_names,
                            verdict_text,
                            _files(plot_names, run_path) +
                            [f"`{n}`" for n in curve_names],
                            notes + ([notice] if notice else []), by_case,
                            load_curve.section(curves, curve_names))
    blocks = content.build_document(inputs)
    _write(os.path.join(folder, REPORT_MD), document.render_markdown(blocks))
    _write(os.path.join(folder, REPORT_HTML),
           document.render_html(blocks, blocks[0].text, folder))
    return Result(folder, comparison, verdict_text,
                  [notice] if notice else [])
