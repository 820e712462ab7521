"""The terminal report (the default format)."""

from . import text

_RIGHT = {3, 4, 5}  # counter table columns aligned right (numbers)


def _align(rows, right=frozenset()):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_table(report):
    out = [f"baseline: {report.baseline_path} (scheduler "
           f"{report.baseline_scheduler})   candidate: "
           f"{report.candidate_path}",
           text.thresholds(report), ""]
    for d in report.pairs:
        out.append(f"{text.pair_title(d)}   {text.verdict_word(d)}")
        out.append("  " + text.repetitions(d))
        rows = [text.COUNTER_HEADER] + [text.counter_row(c)
                                        for c in d.counters]
        out += ["  " + line for line in _align(rows, _RIGHT)]
        line = text.standalone(d)
        if line:
            out.append("  " + line)
        out.append(f"  verdict: {text.verdict_word(d)}")
        out += ["    " + text.criterion(r) for r in d.verdict.results]
        out += ["    " + reason for reason in d.verdict.reasons]
        out.append("")
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
