"""A report a person can paste (GitHub-flavoured markdown)."""

from typing import AbstractSet, Sequence

from . import noise, text
from .diff import PairDiff, Report


def _table(header: Sequence[str], rows: Sequence[Sequence[str]],
           right: AbstractSet[int] = frozenset()) -> list[str]:
    def cells(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    return [cells(header), "|" + "|".join(rule) + "|"] + [cells(r)
                                                          for r in rows]


def _pair(report: Report, d: PairDiff) -> list[str]:
    out = [f"## {text.pair_title(d)}: **{text.verdict_word(d)}**", "",
           f"**{text.headline(d)}**", "",
           text.rounds(report, d).capitalize() + ".", ""]
    out += [f"- {line}" for line in text.left_out(d)]
    out += [""] if text.left_out(d) else []
    out += _table(text.COUNTER_HEADER,
                  [text.counter_row(c) for c in d.counters], {3, 4, 5})
    out.append("")
    line = text.standalone(d)
    if line:
        out += [line[0].upper() + line[1:] + ".", ""]
    out += [f"{line}." for line in text.arms(d)]
    out += [""] if d.arms else []
    out += [f"- {text.criterion(r)}" for r in d.verdict.results]
    out += [f"- {reason}" for reason in d.verdict.reasons]
    out += [f"- {line}" for line in text.per_round(d)]
    out += [f"- validity: {note}" for note in d.validity_notes]
    out += [f"- {line.strip()}" for line in noise.report_lines(d.noise)]
    out.append("")
    return out


def render_markdown(report: Report) -> str:
    out = ["# xsb_bench comparison", "",
           f"- baseline: `{report.baseline_path}` (scheduler "
           f"`{report.baseline_scheduler}`)",
           f"- candidate: `{report.candidate_path}`",
           f"- {text.thresholds(report)}"]
    out += [f"- {line}" for line in [text.look(report)] if line]
    out += [f"- **{line}**" for line in text.test_only(report)]
    out += [f"- **{text.summary(report)}**", ""]
    for d in report.pairs:
        out += _pair(report, d)
    if report.reference is not None:
        out += [f"## Reference check against `{report.reference.path}`", ""]
        out += _table(text.REFERENCE_HEADER,
                      [text.reference_row(c) for c in report.reference.checks],
                      {2, 3, 4})
        out.append("")
        out += [f"- {note}" for note in report.reference.notes]
    if report.notes:
        out += ["## Notes", ""] + [f"- {note}" for note in report.notes]
    return "\n".join(out).rstrip("\n") + "\n"
