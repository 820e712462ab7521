"""The command line of tools/report.py and `python3 -m xsb_report`:
builds a results folder from one xsb_bench run and prints the verdict
block. See docs/report.md."""

import argparse
import os
import sys
from typing import Optional, TextIO

from .errors import ReportError
from .folder import Options, build_folder

PROG = "report.py"
TOOLS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, via main()
        raise UsageError(message)


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Builds a results folder (report.md, "
                "report.html, PNG plots, trace.json) from one xsb_bench run "
                "and prints its verdict block.")
    p.add_argument("run", metavar="RUN.json",
                   help="xsb_bench's --benchmark_out JSON")
    p.add_argument("--samples-dir", metavar="DIR",
                   help="its --xsb_samples_dir (default: samples/ next to "
                        "RUN.json)")
    p.add_argument("--out", metavar="DIR",
                   help="the results folder (default: RUN.json's folder); "
                        "elsewhere, the JSON and samples are copied in")
    p.add_argument("--compare-arg", action="append", default=[],
                   metavar="ARG", help="an argument for the compare tool, "
                   "e.g. --compare-arg=--min-lp-ratio=0.5 (repeatable)")
    p.add_argument("--no-plots", action="store_true",
                   help="write no PNG files")
    p.add_argument("--gate", action="store_true",
                   help="exit as compare --gate does: 1 fail, 3 "
                        "inconclusive, test-only or nothing valid to judge")
    return p


def run(argv: Optional[list[str]], out: TextIO, err: TextIO) -> int:
    args = make_parser().parse_args(argv)
    result = build_folder(Options(args.run, TOOLS_DIR, args.samples_dir,
                                  args.out, tuple(args.compare_arg),
                                  not args.no_plots))
    for notice in result.notices:
        err.write(f"{PROG}: {notice}\n")
    out.write(result.verdict_text)
    return result.comparison.gate_code if args.gate else 0


def main(argv: Optional[list[str]] = None, out: Optional[TextIO] = None,
         err: Optional[TextIO] = None) -> int:
    """Exit code: 0 written; under --gate compare's gate code (1 fail, 3
    inconclusive or nothing valid to judge); 2 unusable input (one line on
    stderr)."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        return run(argv, out, err)
    except UsageError as e:
        err.write(f"{PROG}: {e} (see --help)\n")
        return 2
    except ReportError as e:
        err.write(f"{PROG}: {e}\n")
        return 2
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0
