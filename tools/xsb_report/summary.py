"""The verdict block a script prints at the end of its output: the run's
verdict, one line per scheduler (HP P99, its change against the baseline
and the standalone reference, LP retention) and where the report is."""

from typing import Optional

from . import noise
from .groups import Group
from .runs import Run
from .text import MISSING, change, number, percent, times
from .verdicts import (HP_P99, HP_SLOWDOWN, LP_RETENTION, LP_THROUGHPUT,
                       TEST_ONLY_KEY, Comparison, PairVerdict)

PREFIX = "xsb: "


def headline(run: Run, comparison: Comparison, groups: list[Group]) -> str:
    keys = ", ".join(g.key for g in groups if g.dual) or "no DualModel case"
    backend = run.context.get("xsb_backend", "?")
    line = f"verdict {comparison.word}: {keys} ({backend} backend)"
    if TEST_ONLY_KEY in run.context:
        line += ": a test of the pipeline, XSched scheduled nothing"
    return line


def _figure(run: Run, name: str, counter: str, unit: str) -> str:
    case = run.cases.get(name)
    value = case.median(counter) if case else None
    return f"{number(value)} {unit}"


def _brackets(parts: list[tuple[str, str]]) -> str:
    """ (value what, ...) of the (value, what) parts whose value exists, or
    nothing."""
    shown = [f"{value} {what}" for value, what in parts if value != MISSING]
    return f" ({', '.join(shown)})" if shown else ""


def baseline_line(run: Run, pair: PairVerdict) -> str:
    alone = pair.standalone.get("baseline", {})
    name = pair.baseline.split("/")[1] if "/" in pair.baseline else "baseline"
    hp = _brackets([(times(alone.get(HP_SLOWDOWN)), "standalone")])
    lp = _brackets([(percent(alone.get(LP_RETENTION)), "of standalone")])
    return (f"  {name:<12} HP P99 {_figure(run, pair.baseline, HP_P99, 'ms')}"
            f"{hp}; LP {_figure(run, pair.baseline, LP_THROUGHPUT, 'it/s')}"
            f"{lp}")


def candidate_line(run: Run, pair: PairVerdict) -> str:
    alone = pair.standalone.get("candidate", {})
    hp_ratio = pair.hp_p99_ratio.point if pair.hp_p99_ratio else None
    lp_ratio = pair.lp_ratio.point if pair.lp_ratio else None
    hp = _brackets([(change(hp_ratio), "vs baseline"),
                    (times(alone.get(HP_SLOWDOWN)), "standalone")])
    lp = _brackets([(change(lp_ratio), "vs baseline"),
                    (percent(alone.get(LP_RETENTION)), "of standalone")])
    return (f"  {pair.variant:<12} HP P99 "
            f"{_figure(run, pair.candidate, HP_P99, 'ms')}{hp}; LP "
            f"{_figure(run, pair.candidate, LP_THROUGHPUT, 'it/s')}{lp}: "
            f"{pair.word}")


def verdict_block(run: Run, comparison: Comparison, groups: list[Group],
                  report_path: str, note: Optional[str] = None) -> str:
    """3-6 lines for one scenario and two schedulers; one more line per
    further scheduler or scenario; the noise: one line for a quiet run, a
    few more naming the disturbed windows of a noisy one."""
    lines = [headline(run, comparison, groups)]
    seen = set()
    for pair in comparison.pairs:
        if pair.baseline not in seen:
            seen.add(pair.baseline)
            lines.append(baseline_line(run, pair))
        lines.append(candidate_line(run, pair))
    if not comparison.pairs:
        lines += [f"  {n}" for n in comparison.notes[:1]]
    lines += noise.block_lines(comparison.pairs)
    if note:
        lines.append(note)
    lines.append(f"report: {report_path} (report.html: the same, plots "
                 "inlined)")
    return "\n".join(PREFIX + line for line in lines) + "\n"
