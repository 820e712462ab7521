"""The terminal report (the default format)."""

from typing import AbstractSet, Sequence

from . import noise, text
from .diff import PairDiff, Report

_RIGHT = {3, 4, 5}  # counter table columns aligned right (numbers)


def _align(rows: Sequence[Sequence[str]],
           right: AbstractSet[int] = frozenset()) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def _pair(report: Report, d: PairDiff) -> list[str]:
    out = [f"{text.pair_title(d)}   {text.verdict_word(d)}",
           "  " + text.headline(d), "  " + text.rounds(report, d)]
    out += ["  " + line for line in text.left_out(d)]
    rows = [text.COUNTER_HEADER] + [text.counter_row(c) for c in d.counters]
    out += ["  " + line for line in _align(rows, _RIGHT)]
    line = text.standalone(d)
    if line:
        out.append("  " + line)
    out += ["  " + line for line in text.arms(d)]
    out.append(f"  verdict: {text.verdict_word(d)}")
    out += ["    " + text.criterion(r) for r in d.verdict.results]
    out += ["    " + reason for reason in d.verdict.reasons]
    out += ["    " + line for line in text.per_round(d)]
    out += ["  validity: " + note for note in d.validity_notes]
    out += ["  " + line for line in noise.report_lines(d.noise)]
    out.append("")
    return out


def render_table(report: Report) -> str:
    out = [f"baseline: {report.baseline_path} (scheduler "
           f"{report.baseline_scheduler})   candidate: "
           f"{report.candidate_path}",
           text.thresholds(report)] + text.test_only(report)
    out += [line for line in [text.look(report)] if line] + [""]
    for d in report.pairs:
        out += _pair(report, d)
    if report.reference is not None:
        out.append(f"reference check against {report.reference.path}:")
        rows = [text.REFERENCE_HEADER] + [text.reference_row(c)
                                          for c in report.reference.checks]
        out += ["  " + line for line in _align(rows, {2, 3, 4})]
        out += ["  " + note for note in report.reference.notes]
        out.append("")
    if report.notes:
        out.append("notes:")
        out += ["  " + note for note in report.notes]
    out.append("summary: " + text.summary(report))
    return "\n".join(out) + "\n"
