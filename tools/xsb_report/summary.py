"""The verdict block a script prints at the end of its output: the run's
verdict, one line per scheduler (HP P99, its change against the baseline
and the standalone reference, LP retention) and where the report is."""

from typing import Optional

from .groups import Group
from .runs import Run
from .text import change, number, percent, times
from .verdicts import (HP_P99, HP_SLOWDOWN, LP_RETENTION, TEST_ONLY_KEY,
                       Comparison, PairVerdict)

PREFIX = "xsb: "


def headline(run: Run, comparison: Comparison, groups: list[Group]) -> str:
    keys = ", ".join(g.key for g in groups if g.dual) or "no DualModel case"
    backend = run.context.get("xsb_backend", "?")
    line = f"verdict {comparison.word}: {keys} ({backend} backend)"
    if TEST_ONLY_KEY in run.context:
        line += ": a test of the pipeline, XSched scheduled nothing"
    return line


def _hp_p99(run: Run, name: str) -> str:
    case = run.cases.get(name)
    value = case.median(HP_P99) if case else None
    return f"HP P99 {number(value)} ms" if value is not None else \
        "HP P99 -"


def baseline_line(run: Run, pair: PairVerdict) -> str:
    alone = pair.standalone.get("baseline", {})
    name = pair.baseline.split("/")[1] if "/" in pair.baseline else "baseline"
    return (f"  {name:<12} {_hp_p99(run, pair.baseline)} "
            f"({times(alone.get(HP_SLOWDOWN))} standalone); "
            f"LP {percent(alone.get(LP_RETENTION))} of standalone")


def candidate_line(run: Run, pair: PairVerdict) -> str:
    alone = pair.standalone.get("candidate", {})
    hp = pair.hp_p99_ratio.point if pair.hp_p99_ratio else None
    lp = pair.lp_ratio.point if pair.lp_ratio else None
    return (f"  {pair.variant:<12} {_hp_p99(run, pair.candidate)} "
            f"({change(hp)} vs baseline, {times(alone.get(HP_SLOWDOWN))} "
            f"standalone); LP {change(lp)} vs baseline, "
            f"{percent(alone.get(LP_RETENTION))} of standalone: {pair.word}")


def verdict_block(run: Run, comparison: Comparison, groups: list[Group],
                  report_path: str, note: Optional[str] = None) -> str:
    """3-6 lines for one scenario and two schedulers; one more line per
    further scheduler or scenario."""
    lines = [headline(run, comparison, groups)]
    seen = set()
    for pair in comparison.pairs:
        if pair.baseline not in seen:
            seen.add(pair.baseline)
            lines.append(baseline_line(run, pair))
        lines.append(candidate_line(run, pair))
    if not comparison.pairs:
        lines += [f"  {n}" for n in comparison.notes[:1]]
    if note:
        lines.append(note)
    lines.append(f"report: {report_path} (report.html: the same, plots "
                 "inlined)")
    return "\n".join(PREFIX + line for line in lines) + "\n"
