#!/usr/bin/env python3
"""Compares xsb_bench results: baseline vs scheduler cases, a verdict per
pair against the reference plan's thresholds, an exit code for CI.

  tools/compare.py BASELINE.json CANDIDATE.json   # or one file with both
  tools/compare.py base.json os.json --format markdown --gate

Exit codes: 0 pass (or no --gate), 1 a verdict or reference check failed
under --gate, 2 unusable input. See docs/compare.md."""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from xsb_compare import (counters as cn, diff, load, pair,  # noqa: E402
                         plots, reference, render_json, render_markdown,
                         render_table, samples, verdict)
from xsb_compare.errors import InputError  # noqa: E402

PROG = "compare.py"
RENDERERS = {"table": render_table.render_table,
             "markdown": render_markdown.render_markdown,
             "json": render_json.render_json}


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2, via main()
        raise UsageError(message)


def _fraction(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _tolerance(text):
    """FRACTION (the default) or COUNTER=FRACTION."""
    name, sep, value = text.rpartition("=")
    if sep and not name:
        raise argparse.ArgumentTypeError(f"'{text}' names no counter")
    return (name or None), _fraction(value)


def make_parser():
    p = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="BASELINE.json [CANDIDATE.json]: Google Benchmark "
                        "JSON from xsb_bench; one file may hold both")
    p.add_argument("--format", choices=sorted(RENDERERS), default="table",
                   help="report format (default: table)")
    p.add_argument("--baseline-scheduler", default="baseline",
                   metavar="NAME", help="the scheduler candidates are "
                   "compared with (default: baseline)")
    p.add_argument("--max-hp-p99-ratio", type=_fraction,
                   default=cn.DEFAULT_MAX_HP_P99_RATIO, metavar="R",
                   help="verdict: candidate HP P99 < baseline x R "
                        "(default: %(default)s)")
    p.add_argument("--min-lp-ratio", type=_fraction,
                   default=cn.DEFAULT_MIN_LP_RATIO, metavar="R",
                   help="verdict: candidate LP iter/s > baseline x R "
                        "(default: %(default)s)")
    p.add_argument("--alpha", type=_fraction, default=cn.DEFAULT_ALPHA,
                   help="a difference is 'same' when the rank-sum test's "
                        "p-value is above this (default: %(default)s)")
    p.add_argument("--gate", action="store_true",
                   help="exit 1 when a verdict or reference check fails")
    p.add_argument("--allow-mismatch", action="store_true",
                   help="compare files whose context (backend, device, "
                        "models, seed, ...) differs, with a warning")
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
    p.add_argument("--samples-dir", metavar="DIR",
                   help="per-request samples (xsb_bench --xsb_samples_dir)")
    p.add_argument("--plot-dir", metavar="DIR",
                   help="write HP latency plots here (needs matplotlib and "
                        "--samples-dir)")
    return p


def _check_arguments(args):
    if len(args.files) > 2:
        raise UsageError("give one or two result files, not "
                         f"{len(args.files)}")
    if bool(args.samples_dir) != bool(args.plot_dir):
        raise UsageError("--samples-dir and --plot-dir go together: the "
                         "plots are drawn from the samples")
    if args.tolerance and not args.reference:
        raise UsageError("--tolerance applies to --reference")


def _write_text(path, text, what):
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise InputError(f"{path}: cannot write the {what}: "
                         f"{e.strerror}") from None


def _mismatch(lines, args, warnings):
    if not lines:
        return
    if not args.allow_mismatch:
        raise InputError("context mismatch: " + lines[0] +
                         (f" (and {len(lines) - 1} more)" if len(lines) > 1
                          else "") + "; pass --allow-mismatch to compare "
                         "anyway")
    warnings += ["context mismatch (allowed): " + line for line in lines]


def _check_reference(args, report, context):
    path = args.reference
    ref = reference.parse_reference(load.read_json(path, "reference file"),
                                    path)
    _mismatch(pair.context_mismatches((path, ref.get("context", {})),
                                      (report.candidate_path, context),
                                      cn.REFERENCE_CONTEXT_KEYS),
              args, report.notes)
    tolerances = dict(t for t in args.tolerance if t[0])
    default = next((v for k, v in reversed(args.tolerance) if not k),
                   cn.DEFAULT_TOLERANCE)
    return reference.check_reference(ref, report, tolerances, default, path)


def _plot(sample_runs, pair_keys, plot_dir, err):
    pyplot, notice = plots.load_pyplot()
    if pyplot is None:
        err.write(notice + "\n")
        return
    groups = plots.group_samples(sample_runs, pair_keys)
    try:
        written = plots.draw_plots(pyplot, groups, plot_dir)
    except OSError as e:
        raise InputError(f"{plot_dir}: cannot write plots: "
                         f"{e.strerror}") from None
    err.write(f"{PROG}: wrote {len(written)} plot(s) to {plot_dir}\n")


def run(args, out, err):
    """Does the work; returns the exit code. Raises InputError."""
    _check_arguments(args)
    base = load.load_run(args.files[0])
    cand = load.load_run(args.files[1]) if len(args.files) == 2 else base
    warnings = []
    if cand is not base:
        _mismatch(pair.context_mismatches((base.path, base.context),
                                          (cand.path, cand.context)),
                  args, warnings)
    pairs, notes = pair.pair_runs(base, cand, args.baseline_scheduler)
    criteria = verdict.plan_criteria(args.max_hp_p99_ratio, args.min_lp_ratio,
                                     cn.HP_P99, cn.LP_THROUGHPUT)
    report = diff.build_report(base, cand, args.baseline_scheduler, pairs,
                               warnings + notes, criteria, args.alpha)
    if args.reference:
        report.reference = _check_reference(args, report, cand.context)
    # Read before anything is written, so bad samples leave no half output.
    sample_runs = (samples.read_samples_dir(args.samples_dir)
                   if args.samples_dir else None)
    if args.write_reference:
        data = reference.reference_data(report,
                                        {**base.context, **cand.context})
        _write_text(args.write_reference,
                    json.dumps(render_json.finite(data), indent=2) + "\n",
                    "reference")
    out.write(RENDERERS[args.format](report))
    if sample_runs is not None:
        _plot(sample_runs, {p.key for p in pairs}, args.plot_dir, err)
    if args.gate and not report.passed:
        return 1
    return 0


def main(argv=None, out=None, err=None):
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = make_parser().parse_args(argv)
        return run(args, out, err)
    except UsageError as e:
        err.write(f"{PROG}: {e} (see --help)\n")
        return 2
    except InputError as e:
        err.write(f"{PROG}: {e}\n")
        return 2
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0


def _exit_quietly_on_closed_pipe():
    """`compare.py ... | head` closes stdout early: end like other Unix
    tools, without a traceback (stdout is pointed at /dev/null so the
    interpreter's final flush cannot fail again)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)  # 128 + SIGPIPE, as a shell reports it


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        _exit_quietly_on_closed_pipe()
    sys.exit(code)
