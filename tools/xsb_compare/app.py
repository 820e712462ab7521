"""The command line: options, reading the files, the report, the exit code.

  python3 -m xsb_compare BASELINE.json [CANDIDATE.json] [options]

main() returns the exit code (words.ExitCode); run() does the work and
raises InputError or UsageError for unusable input (exit 2)."""

import argparse
import json
import os
import sys
from typing import Any, Callable, Optional, Sequence, TextIO

from . import counters as cn
from . import (diff, load, pair, plots, reference, render_json,
               render_markdown, render_table, samples, verdict)
from .errors import InputError
from .words import ExitCode

PROG = "compare.py"
DESCRIPTION = ("Compares xsb_bench results: baseline vs scheduler cases, a "
               "verdict per pair with its confidence interval against the "
               "reference plan's thresholds, an exit code for CI.")
EPILOG = ("exit codes: 0 the report was written (under --gate: every verdict "
          "PASS); 1 under --gate: a verdict FAIL or a reference regression; "
          "2 unusable input; 3 under --gate: a verdict INCONCLUSIVE, or "
          "nothing valid to judge (NO-VERDICT, TEST-ONLY). See "
          "docs/compare.md.")
RENDERERS: dict[str, Callable[[diff.Report], str]] = {
    "table": render_table.render_table,
    "markdown": render_markdown.render_markdown,
    "json": render_json.render_json,
}


class UsageError(Exception):
    """A bad option: one line, exit 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, via main()
        raise UsageError(message)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")


def _fraction(text: str) -> float:
    value = _number(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _probability(text: str) -> float:
    """A number strictly between 0 and 1 (--alpha, --confidence)."""
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"must be between 0 and 1 (exclusive), got {text}")
    return value


def _tolerance(text: str) -> tuple[Optional[str], float]:
    """FRACTION (the default) or COUNTER=FRACTION, COUNTER one the direction
    table or the Standalone ratios know."""
    name, sep, value = text.rpartition("=")
    if sep and not name:
        raise argparse.ArgumentTypeError(f"'{text}' names no counter")
    if name and name not in cn.COUNTERS and name not in cn.STANDALONE_RATIOS:
        raise argparse.ArgumentTypeError(
            f"'{name}' is not a counter compare knows (see docs/compare.md, "
            "\"Counters and directions\")")
    return (name or None), _fraction(value)


def _add_verdict_options(p: Parser) -> None:
    p.add_argument("--baseline-scheduler", default="baseline",
                   metavar="NAME", help="the scheduler candidates are "
                   "compared with (default: baseline)")
    p.add_argument("--max-hp-p99-ratio", type=_fraction,
                   default=cn.DEFAULT_MAX_HP_P99_RATIO, metavar="R",
                   help="verdict: candidate HP P99 < baseline x R, for the "
                        "whole interval (default: %(default)s)")
    p.add_argument("--min-lp-ratio", type=_fraction,
                   default=cn.DEFAULT_MIN_LP_RATIO, metavar="R",
                   help="verdict: candidate LP iter/s > baseline x R, for "
                        "the whole interval (default: %(default)s)")
    p.add_argument("--alpha", type=_probability, default=cn.DEFAULT_ALPHA,
                   help="without intervals: a difference across repetitions "
                        "is 'same' when the rank-sum test's p-value is above "
                        "this, 0 < A < 1 (default: %(default)s)")
    p.add_argument("--confidence", type=_probability, default=None,
                   metavar="C",
                   help="the verdict's confidence C, 0 < C < 1: a sequential "
                        "run's looks share 1 - C (default: the run's "
                        "xsb_verdict_confidence, else 0.95)")
    p.add_argument("--gate", action="store_true",
                   help="exit 1 on a FAIL or a reference regression, 3 when "
                        "a verdict is INCONCLUSIVE or there is nothing valid "
                        "to judge")
    p.add_argument("--allow-mismatch", action="store_true",
                   help="compare files whose context (backend, device, "
                        "models, seed, warm-up, ...) differs, with a warning")


def make_parser() -> Parser:
    p = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="BASELINE.json [CANDIDATE.json]: Google Benchmark "
                        "JSON from xsb_bench; one file may hold both")
    p.add_argument("--format", choices=sorted(RENDERERS), default="table",
                   help="report format (default: table)")
    _add_verdict_options(p)
    p.add_argument("--write-reference", metavar="FILE",
                   help="write this run's ratios to FILE")
    p.add_argument("--reference", metavar="FILE",
                   help="check this run's ratios against FILE")
    p.add_argument("--tolerance", type=_tolerance, action="append",
                   default=[], metavar="[COUNTER=]FRACTION",
                   help="reference mode: how far a ratio may move the wrong "
                        "way, relative (default: "
                        f"{cn.DEFAULT_TOLERANCE}); COUNTER=FRACTION sets one "
                        "counter's and checks it too; repeatable")
    p.add_argument("--samples-dir", "--samples", metavar="DIR",
                   action="append", default=[],
                   help="per-request samples (xsb_bench --xsb_samples_dir): "
                        "exact intervals from the raw latencies; give it "
                        "twice for two files, in their order")
    p.add_argument("--plot-dir", metavar="DIR",
                   help="write HP latency plots here (needs matplotlib and "
                        "--samples-dir)")
    return p


def _check_arguments(args: argparse.Namespace) -> None:
    if len(args.files) > 2:
        raise UsageError("give one or two result files, not "
                         f"{len(args.files)}")
    if args.plot_dir and not args.samples_dir:
        raise UsageError("--plot-dir needs --samples-dir: the plots are "
                         "drawn from the samples")
    if len(args.samples_dir) > len(args.files):
        raise UsageError(f"{len(args.samples_dir)} --samples-dir for "
                         f"{len(args.files)} result file(s): give one, or "
                         "one per file")
    if args.tolerance and not args.reference:
        raise UsageError("--tolerance applies to --reference")


def _write_text(path: str, text: str, what: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise InputError(f"{path}: cannot write the {what}: "
                         f"{e.strerror}") from None


def fold_mismatches(lines: Sequence[str], allow: bool,
                    warnings: list[str]) -> None:
    """Context differences: InputError naming every key and its values on
    one line, or with allow, one warning each."""
    if not lines:
        return
    if not allow:
        raise InputError("context mismatch: " + "; ".join(lines) +
                         "; pass --allow-mismatch to compare anyway")
    warnings += ["context mismatch (allowed): " + line for line in lines]


def fold_tolerances(given: Sequence[tuple[Optional[str], float]]
                    ) -> tuple[dict[str, float], float]:
    """(per-counter tolerances, the default): the last of each wins."""
    per_counter = {name: value for name, value in given if name}
    default = next((v for k, v in reversed(given) if not k),
                   cn.DEFAULT_TOLERANCE)
    return per_counter, default


def _check_reference(args: argparse.Namespace, report: diff.Report,
                     context: dict[str, Any]) -> reference.ReferenceResult:
    path = args.reference
    ref = reference.parse_reference(load.read_json(path, "reference file"),
                                    path)
    fold_mismatches(pair.context_mismatches(
        (path, ref.get("context", {})), (report.candidate_path, context),
        cn.REFERENCE_CONTEXT_KEYS), args.allow_mismatch, report.notes)
    tolerances, default = fold_tolerances(args.tolerance)
    return reference.check_reference(ref, report, tolerances, default, path)


def samples_by_case(dirs: Sequence[list[samples.SampleRun]],
                    base: load.Run, cand: load.Run,
                    notes: list[str]) -> diff.SamplesByCase:
    """Sample files by (result file, case name). Two folders belong to the
    two files in order. One folder serves both files; a case name both
    files hold (a baseline vs baseline check) cannot tell its sample files
    apart, so those are left out."""
    runs = [base] if cand is base else [base, cand]
    found: diff.SamplesByCase = {}
    if len(dirs) == 2:
        for run, folder in zip(runs, dirs):
            for sample in folder:
                found.setdefault((run.path, sample.case.name),
                                 []).append(sample)
        return found
    shared = set(base.cases) & set(cand.cases) if cand is not base else set()
    for sample in dirs[0]:
        name = sample.case.name
        if name in shared:
            continue
        owner = base if name in base.cases else cand
        found.setdefault((owner.path, name), []).append(sample)
    for name in sorted(shared & {s.case.name for s in dirs[0]}):
        notes.append(f"samples of {name} are not used: both files hold that "
                     "case, so its sample files could be either's (give "
                     "each file its own --samples-dir)")
    return found


def plot(sample_runs: Sequence[samples.SampleRun],
         pair_keys: set[tuple[str, ...]], plot_dir: str, err: TextIO) -> None:
    pyplot, notice = plots.load_pyplot()
    if pyplot is None:
        err.write(f"{notice}\n")
        return
    groups = plots.group_samples(sample_runs, pair_keys)
    try:
        written = plots.draw_plots(pyplot, groups, plot_dir)
    except OSError as e:
        raise InputError(f"{plot_dir}: cannot write plots: "
                         f"{e.strerror}") from None
    err.write(f"{PROG}: wrote {len(written)} plot(s) to {plot_dir}\n")


def _load(args: argparse.Namespace) -> tuple[load.Run, load.Run, list[str]]:
    """The two runs (the same one for a single file) and the warnings about
    their contexts. Raises InputError on a mismatch not allowed."""
    base = load.load_run(args.files[0])
    cand = load.load_run(args.files[1]) if len(args.files) == 2 else base
    warnings: list[str] = []
    if cand is not base:
        first, second = (base.path, base.context), (cand.path, cand.context)
        fold_mismatches(pair.context_mismatches(first, second),
                        args.allow_mismatch, warnings)
        warnings += pair.context_gaps(first, second)
    return base, cand, warnings


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    """Does the work; returns the exit code. Raises InputError."""
    _check_arguments(args)
    base, cand, notes = _load(args)
    pairs, pair_notes = pair.pair_runs(base, cand, args.baseline_scheduler)
    notes += pair_notes
    # Read before anything is written, so bad samples leave no half output.
    dirs = [samples.read_samples_dir(d) for d in args.samples_dir]
    by_case = samples_by_case(dirs, base, cand, notes) if dirs else None
    criteria = verdict.plan_criteria(args.max_hp_p99_ratio, args.min_lp_ratio,
                                     cn.HP_P99, cn.LP_THROUGHPUT)
    report = diff.build_report(base, cand, args.baseline_scheduler, pairs,
                               notes, criteria, args.alpha, by_case,
                               args.confidence)
    if args.reference:
        report.reference = _check_reference(args, report, cand.context)
    if args.write_reference:
        data = reference.reference_data(report,
                                        {**base.context, **cand.context})
        _write_text(args.write_reference,
                    json.dumps(render_json.finite(data), indent=2) + "\n",
                    "reference")
    out.write(RENDERERS[args.format](report))
    if args.plot_dir:
        plot([s for d in dirs for s in d], {p.key for p in pairs},
             args.plot_dir, err)
    return diff.gate_exit_code(report) if args.gate else ExitCode.OK


def main(argv: Optional[Sequence[str]] = None,
         out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Runs the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = make_parser().parse_args(argv)
        return int(run(args, out, err))
    except UsageError as e:
        err.write(f"{PROG}: {e} (see --help)\n")
        return ExitCode.UNUSABLE
    except InputError as e:
        err.write(f"{PROG}: {e}\n")
        return ExitCode.UNUSABLE
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0


def _exit_quietly_on_closed_pipe() -> int:
    """`compare.py ... | head` closes stdout early: end like other Unix
    tools, without a traceback (stdout is pointed at /dev/null so the
    interpreter's final flush cannot fail again)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, as a shell reports it


def entry_point(argv: Optional[Sequence[str]] = None) -> int:
    """main() for a process: stdout's reader going away is no error."""
    try:
        code = main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        return _exit_quietly_on_closed_pipe()
    return code
