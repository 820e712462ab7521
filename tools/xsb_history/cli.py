"""The command line (tools/history.py, python3 -m xsb_history): parses
arguments, opens the store, calls the package's functions and prints.

Exit codes: 0 ok; 1 check --gate found a regression; 2 unusable input (bad
file, option or database); 3 check --gate: nothing comparable, nothing
measured, or a case failed."""

import argparse
import datetime
import os
import socket
import sys

from xsb_compare.counters import COUNTERS, is_known

from . import check, detect, gitinfo, render, trackers
from .backends import db_location, open_store
from .config import local_cpu_model, machine_fingerprint
from .errors import HistoryError, NothingComparable
from .ingest import read_results
from .record import build_record, describe, read_samples, record_run

PROG = "history.py"


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, via main()
        raise UsageError(message)


def _threshold(text: str) -> tuple:
    name, sep, value = text.partition("=")
    try:
        fraction = float(value)
    except ValueError:
        fraction = -1.0
    if not sep or not name or not fraction >= 0:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not COUNTER=FRACTION (e.g. hp_p99_ms=0.05)")
    return name, fraction


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number "
                                         ">= 1")
    return int(text)


def _add_machine(p) -> None:
    p.add_argument("--machine", help="machine fingerprint (default: "
                   "hostname / CPU model / device)")


def _add_series_options(p) -> None:
    p.add_argument("--case", default="", metavar="REGEX",
                   help="only cases whose name matches")
    p.add_argument("--machine", help="only machines whose fingerprint "
                   "contains this")
    p.add_argument("--ignore", action="append", default=[], metavar="KEY",
                   help="context key not to split series on (repeatable)")
    p.add_argument("--threshold", type=_threshold, action="extend",
                   nargs="+", default=[], metavar="COUNTER=F",
                   help="minimum relative effect (repeatable)")


def _commands(sub) -> None:
    p = sub.add_parser("record", help="store a results file")
    p.add_argument("results", metavar="RESULTS.json")
    p.add_argument("--commit", help="default: the checkout's HEAD")
    p.add_argument("--branch", help="default: the checkout's branch")
    _add_machine(p)
    p.add_argument("--samples", metavar="DIR", help="xsb_bench "
                   "--xsb_samples_dir of this run: stored with it")
    sub.add_parser("list", help="the recorded runs")
    p = sub.add_parser("show", help="one run in detail")
    p.add_argument("run", type=_positive, metavar="RUN")
    p = sub.add_parser("export", help="every value, CSV or JSON; or one "
                       "run's headline counters for a CI tracker")
    p.add_argument("--format", choices=("csv", "json") + trackers.FORMATS,
                   default="csv", help="github-smaller/github-bigger: "
                   "github-action-benchmark's customSmallerIsBetter/"
                   "customBiggerIsBetter; bencher: Bencher Metric Format")
    p.add_argument("--run", type=_positive, metavar="RUN", help="the run a "
                   "tracker format exports (default: the newest)")
    p = sub.add_parser("trend", help="a counter over commits, per case")
    p.add_argument("counter", metavar="COUNTER")
    _add_series_options(p)
    p.add_argument("--plot-dir", default=os.path.join("results", "trend"),
                   metavar="DIR", help="PNG per case (default: %(default)s)")
    p = sub.add_parser("check", help="a new results file against history")
    p.add_argument("results", metavar="RESULTS.json")
    p.add_argument("--against", required=True,
                   metavar="BRANCH|COMMIT|merge-base")
    p.add_argument("--base-branch", default="main", help="merge-base with "
                   "this branch (default: %(default)s)")
    p.add_argument("--commit", help="the new run's commit (default: HEAD)")
    _add_machine(p)
    p.add_argument("--threshold", type=_threshold, action="extend",
                   nargs="+", default=[], metavar="COUNTER=F",
                   help="minimum relative effect; also gates that counter "
                   "(one or more, repeatable)")
    p.add_argument("--ignore", action="append", default=[], metavar="KEY",
                   help="compare across this context key (repeatable)")
    p.add_argument("--lookback", type=_positive,
                   default=detect.DEFAULT_LOOKBACK)
    p.add_argument("--gate", action="store_true", help="exit 1 regression, "
                   "3 nothing comparable/measured or a case failed")
    p = sub.add_parser("dashboard", help="a static HTML page")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--last", type=_positive, default=30,
                   help="commits shown (default: %(default)s)")
    p.add_argument("--counter", action="append", default=[],
                   help="counters plotted (default: hp_p99_ms, "
                   "lp_iter_per_s)")
    _add_series_options(p)


def make_parser() -> Parser:
    p = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="SQLite file or postgresql://... (default: "
                   "$XSB_HISTORY_DB, else results/history.sqlite)")
    p.add_argument("--alpha", type=float, default=detect.DEFAULT_ALPHA,
                   help="false-alarm rate per test (default: %(default)s)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND",
                           parser_class=Parser)
    sub.required = True
    _commands(sub)
    return p


def _machine(option: str, context: dict) -> str:
    return option or machine_fingerprint(context, socket.gethostname(),
                                         local_cpu_model())


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec="seconds")


def cmd_record(args, store, out, err) -> int:
    results = read_results(args.results)
    samples = (read_samples(args.samples, {c.name for c in results.cases})
               if args.samples else ())
    commit = args.commit or gitinfo.head_commit() or ""
    branch = args.branch or gitinfo.current_branch() or ""
    record = build_record(results, commit, branch,
                          _machine(args.machine, results.context), _now(),
                          samples)
    done = record_run(store, record)
    verb = "recorded" if done.created else "already recorded"
    out.write(f"{verb}: run {done.run_id}, commit {commit[:12] or '-'}, "
              f"branch {branch or '-'}, machine {record.machine}: "
              f"{describe(results)}\n")
    return 0


def cmd_list(args, store, out, err) -> int:
    runs = store.runs()
    if not runs:
        out.write("no runs recorded\n")
        return 0
    out.write(render.run_list(runs, store.cases([r.id for r in runs])))
    return 0


def cmd_show(args, store, out, err) -> int:
    run = next((r for r in store.runs() if r.id == args.run), None)
    if run is None:
        raise HistoryError(f"no run {args.run} in the history")
    out.write(render.run_detail(run, store.cases([run.id])[run.id],
                                store.samples(run.id)))
    return 0


def cmd_export(args, store, out, err) -> int:
    if args.format in trackers.FORMATS:
        return _export_tracker(args, store, out, err)
    runs = store.runs()
    cases = store.cases([r.id for r in runs])
    write = render.export_csv if args.format == "csv" else render.export_json
    out.write(write(runs, cases))
    return 0


def _export_tracker(args, store, out, err) -> int:
    runs = store.runs()
    if not runs:
        raise HistoryError("export: the history has no run to export")
    wanted = args.run or max(r.id for r in runs)
    run = next((r for r in runs if r.id == wanted), None)
    if run is None:
        raise HistoryError(f"export --run: no run {wanted} in the history")
    skipped: list = []
    out.write(trackers.export_tracker(args.format,
                                      store.cases([run.id])[run.id], skipped))
    for what in skipped:
        err.write(f"history export: run {run.id}: {what} is not a finite "
                  "number: left out\n")
    return 0


def cmd_check(args, store, out, err) -> int:
    results = read_results(args.results)
    for name, _ in args.threshold:
        if not is_known(name):
            raise UsageError(f"--threshold: unknown counter '{name}'")
    options = {"thresholds": dict(args.threshold),
               "ignore": args.ignore, "lookback": args.lookback,
               "alpha": args.alpha, "base_branch": args.base_branch,
               "head": args.commit or gitinfo.head_commit(), "cwd": "."}
    report = check.run_check(store, results,
                             _machine(args.machine, results.context),
                             args.against, options, gitinfo)
    out.write(render.check_report(report))
    return report.exit_code() if args.gate else 0


def cmd_trend(args, store, out, err) -> int:
    from .trend_command import trend_command
    return trend_command(args, store, out, err)


def cmd_dashboard(args, store, out, err) -> int:
    from .dashboard import dashboard_command
    return dashboard_command(args, store, out, err)


COMMANDS = {"record": cmd_record, "list": cmd_list, "show": cmd_show,
            "export": cmd_export, "check": cmd_check, "trend": cmd_trend,
            "dashboard": cmd_dashboard}


def main(argv: list = None, out=None, err=None, environ=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    environ = os.environ if environ is None else environ
    try:
        args = make_parser().parse_args(argv)
        if not 0 < args.alpha < 1:
            raise UsageError("--alpha must be between 0 and 1")
        store = open_store(db_location(args.db, environ))
        try:
            return COMMANDS[args.command](args, store, out, err)
        finally:
            store.close()
    except UsageError as e:
        err.write(f"{PROG}: {e} (see --help)\n")
        return 2
    except HistoryError as e:
        err.write(f"{PROG}: {e}\n")
        return 2
    except NothingComparable as e:
        err.write(f"{PROG}: {e}\n")
        return 3 if getattr(args, "gate", False) else 0
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0
