"""The trend command: series -> tables on stdout, PNGs in --plot-dir."""

import re

from xsb_compare.counters import COUNTERS, direction_of, is_known

from . import render
from .check import threshold_of
from .errors import HistoryError
from .plots import MISSING, write_trend_plots
from .series import build_series
from .trend import analyse


def trends_of(args, store, counter: str) -> list:
    runs = store.runs()
    cases = store.cases([r.id for r in runs])
    try:
        series = build_series(runs, cases, counter, args.case, args.machine,
                              tuple(args.ignore))
    except re.error as e:
        raise HistoryError(f"--case: not a regular expression: {e}") \
            from None
    thresholds = dict(args.threshold)
    return [analyse(s, threshold_of(counter, thresholds), args.alpha)
            for s in series]


def trend_command(args, store, out, err) -> int:
    if not is_known(args.counter):
        raise HistoryError(f"unknown counter '{args.counter}' (known: "
                           f"{', '.join(COUNTERS)}, and a tenant's "
                           "t_<tenant>_<metric>)")
    trends = trends_of(args, store, args.counter)
    if not trends:
        out.write(f"no recorded values of {args.counter}"
                  f"{' for cases matching ' + args.case if args.case else ''}"
                  "\n")
        return 0
    if direction_of(args.counter) not in ("lower", "higher"):
        out.write(f"note: {args.counter} has no better side: points are "
                  "not judged\n")
    out.write("\n".join(render.trend_table(t) for t in trends))
    try:
        paths = write_trend_plots(trends, args.plot_dir)
    except OSError as e:
        raise HistoryError(f"{args.plot_dir}: cannot write plots: "
                           f"{e.strerror}") from None
    if paths is None:
        err.write(MISSING + "\n")
    else:
        err.write(f"wrote {len(paths)} plot(s) to {args.plot_dir}\n")
    return 0
