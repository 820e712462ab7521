"""Text for the terminal, CSV and JSON exports. Pure: data in, str out."""

import csv
import io
import json
import math

from . import detect
from .check import CheckReport
from .ingest import failures_of, non_finite_of
from .series import case_value, short
from .trend import Trend, step_text


def table(header: list, rows: list) -> str:
    """Left-aligned columns, two spaces apart."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths))
                   .rstrip() + "\n" for row in cells)


def number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.4g}"


def percent(value: float) -> str:
    if value is None or math.isnan(value):
        return "-"
    return "inf" if math.isinf(value) else f"{value:+.1%}"


def run_list(runs: list, cases: dict) -> str:
    rows = []
    for run in runs:
        done = cases.get(run.id, [])
        failed = sum(1 for c in done if not c.measured)
        rows.append([run.id, run.recorded_at, short(run.commit),
                     run.branch or "-", run.machine, run.backend,
                     f"{len(done)}" + (f" ({failed} failed)" if failed
                                       else "")])
    return table(["run", "recorded (UTC)", "commit", "branch", "machine",
                  "backend", "cases"], rows)


def run_detail(run, cases: list, samples: list) -> str:
    lines = [f"run {run.id}: commit {run.commit or '-'} branch "
             f"{run.branch or '-'}", f"machine: {run.machine}",
             f"recorded: {run.recorded_at} from {run.source} (results "
             f"dated {run.run_date or '-'}; content {run.content_hash[:16]})",
             f"config {run.config_hash}:"]
    lines += [f"  {k} = {v}" for k, v in sorted(run.config.items()) if v]
    for key in ("xsb_driver_version", "xsb_runtime_version"):
        lines.append(f"  {key} = {run.context.get(key, '-')}")
    stored = {}
    for name, _, _ in samples:
        stored[name] = stored.get(name, 0) + 1
    for case in cases:
        failures = failures_of(case)
        lines.append(f"{case.name}: {len(case.repetitions)} repetition(s)" +
                     (f", {stored[case.name]} sample file(s)"
                      if case.name in stored else "") +
                     (f", failed: {'; '.join(failures)}" if failures else ""))
        odd = {}
        for counter, shown, rep in non_finite_of(case):
            odd.setdefault(counter, []).append(f"{shown} in repetition {rep}")
        counters = sorted(set().union(*case.repetitions, odd))
        lines += [f"  {c} = {number(case_value(case, c))}" +
                  (f" (not finite, left out: {', '.join(odd[c])})"
                   if c in odd else "") for c in counters]
    return "\n".join(lines) + "\n"


def check_report(report: CheckReport) -> str:
    window = report.window
    out = [f"against {report.target}",
           f"window: {len(window)} run(s), {short(window[0].commit)}.."
           f"{short(window[-1].commit)} on branch {window[-1].branch or '-'}"
           f" (runs {window[0].id}..{window[-1].id})"]
    cases = []
    for row in report.rows:
        if row.case not in cases:
            cases.append(row.case)
    for case in cases:
        out.append(f"\n{case}")
        out.append(table(
            ["counter", "new", "median", "n", "change", "p", "verdict",
             "why"],
            [[r.counter + (" *" if r.gated else ""),
              number(r.judgement.value), number(r.judgement.baseline_median),
              r.judgement.n, percent(r.judgement.change),
              number(r.judgement.p), r.judgement.verdict, r.judgement.reason]
             for r in report.rows if r.case == case]).rstrip("\n"))
    out += [f"failed: {line}" for line in report.failed]
    out += [f"no history: {name}" for name in report.unmatched]
    out += [f"note: {line}" for line in report.notes]
    return "\n".join(out) + "\n" + summary(report)


def summary(report: CheckReport) -> str:
    worse = [f"{r.counter} in {r.case}" for r in report.rows
             if r.gated and r.judgement.verdict == detect.WORSE]
    counts = ", ".join(f"{report.count(v)} {v}" for v in
                       (detect.WORSE, detect.BETTER, detect.SAME,
                        detect.UNKNOWN))
    text = f"summary: {counts} (* gates)"
    if worse:
        text += f"; regression: {', '.join(worse)}"
    if report.failed:
        text += f"; {len(report.failed)} case(s) failed"
    return text + "\n"


def trend_table(trend: Trend) -> str:
    s = trend.series
    head = (f"{s.counter}  {s.case}\n  machine {s.machine}, config "
            f"{s.config}, threshold {trend.threshold:.0%}, "
            f"{len(trend.steps)} change point(s)\n")
    rows = [[p.run.id, short(p.run.commit), p.run.branch or "-",
             p.run.config_hash[:8], number(p.value), tp.verdict,
             percent(tp.change), step_text(tp.step) if tp.step else ""]
            for p, tp in zip(s.points, trend.points)]
    notes = [f"  run {p.run.id}: {s.counter} not finite, left out of its "
             f"median: {', '.join(p.left_out)}\n"
             for p in s.points if p.left_out]
    notes += [f"  run {g.run.id} {short(g.run.commit)}: {s.counter} not "
              f"finite in every repetition ({', '.join(g.left_out)}): no "
              "point\n" for g in s.gaps]
    return head + table(["run", "commit", "branch", "config", "value",
                         "vs lookback", "change", "change point"],
                        rows) + "".join(notes)


EXPORT_FIELDS = ["run", "recorded_at", "commit", "branch", "machine",
                 "backend", "device", "config", "case", "repetition",
                 "counter", "value"]


def export_rows(runs: list, cases: dict) -> list:
    rows = []
    for run in runs:
        for case in cases.get(run.id, []):
            for rep, values in enumerate(case.repetitions):
                rows += [[run.id, run.recorded_at, run.commit, run.branch,
                          run.machine, run.backend, run.device,
                          run.config_hash, case.name, rep, counter, value]
                         for counter, value in sorted(values.items())]
    return rows


def export_csv(runs: list, cases: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    writer.writerows(export_rows(runs, cases))
    return buffer.getvalue()


def export_json(runs: list, cases: dict) -> str:
    data = [{"run": r.id, "recorded_at": r.recorded_at, "commit": r.commit,
             "branch": r.branch, "machine": r.machine, "config": r.config,
             "context": r.context, "cases": [
                 {"name": c.name, "errors": list(c.errors),
                  "repetitions": list(c.repetitions)}
                 for c in cases.get(r.id, [])]} for r in runs]
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
