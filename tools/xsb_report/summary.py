"""The verdict block a script prints at the end of its output: the run's
verdict, one line per scheduler (HP P99, its change against the baseline
and the standalone reference, LP retention), how the rounds ran and
stopped, each pair's interval and whether it is stable and repeatable,
and where the report is.

The block is the lines of BLOCK_LINES in order: each entry is a small
function of the Block's inputs that returns its lines (none when it has
nothing to say). A new kind of line is one more function in the list."""

from dataclasses import dataclass
from typing import Callable, Optional

from . import checks, noise
from .groups import Group
from .runs import Run
from .text import MISSING, change, number, percent, rounds_line, times
from .verdicts import (HP_P99, HP_SLOWDOWN, LP_RETENTION, LP_THROUGHPUT,
                       TEST_ONLY_KEY, Comparison, Interval, PairVerdict)

PREFIX = "xsb: "


@dataclass
class Block:
    """What the verdict block is made from."""
    run: Run
    comparison: Comparison
    groups: list[Group]
    report_path: str
    note: Optional[str] = None


def headline(block: Block) -> list[str]:
    keys = ", ".join(g.key for g in block.groups if g.dual) or \
        "no DualModel case"
    backend = block.run.context.get("xsb_backend", "?")
    line = f"verdict {block.comparison.word}: {keys} ({backend} backend)"
    if TEST_ONLY_KEY in block.run.context:
        line += ": a test of the pipeline, XSched scheduled nothing"
    return [line]


def _figure(run: Run, pair: PairVerdict, side: str, counter: str,
            unit: str) -> str:
    """The arm's figure as the compare tool gives it (pooled over the
    rounds from the samples), else the median of the case's rounds."""
    found = (pair.arms.get(counter) or {}).get(side)
    value = found.point if found is not None else None
    if value is None:
        case = run.cases.get(getattr(pair, side))
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
    return (f"  {name:<12} HP P99 "
            f"{_figure(run, pair, 'baseline', HP_P99, 'ms')}{hp}; LP "
            f"{_figure(run, pair, 'baseline', LP_THROUGHPUT, 'it/s')}{lp}")


def candidate_line(run: Run, pair: PairVerdict) -> str:
    alone = pair.standalone.get("candidate", {})
    hp_ratio = pair.hp_p99_ratio.point if pair.hp_p99_ratio else None
    lp_ratio = pair.lp_ratio.point if pair.lp_ratio else None
    hp = _brackets([(change(hp_ratio), "vs baseline"),
                    (times(alone.get(HP_SLOWDOWN)), "standalone")])
    lp = _brackets([(change(lp_ratio), "vs baseline"),
                    (percent(alone.get(LP_RETENTION)), "of standalone")])
    return (f"  {pair.variant:<12} HP P99 "
            f"{_figure(run, pair, 'candidate', HP_P99, 'ms')}{hp}; LP "
            f"{_figure(run, pair, 'candidate', LP_THROUGHPUT, 'it/s')}{lp}"
            f": {pair.word}")


def schedulers(block: Block) -> list[str]:
    """A line per baseline and per candidate; without pairs the compare
    tool's first note (why there is none)."""
    lines, seen = [], set()
    for pair in block.comparison.pairs:
        if pair.baseline not in seen:
            seen.add(pair.baseline)
            lines.append(baseline_line(block.run, pair))
        lines.append(candidate_line(block.run, pair))
    if not block.comparison.pairs:
        lines += [f"  {n}" for n in block.comparison.notes[:1]]
    return lines


def rounds(block: Block) -> list[str]:
    """"rounds: 6 run (stop: decisive), alternating order; intervals at
    99.7 % (look 3 of 7)"."""
    found = block.comparison.rounds
    if found is None or not block.comparison.pairs:
        return []
    return ["rounds: " + rounds_line(found)]


def _interval(label: str, iv: Optional[Interval]) -> Optional[str]:
    shown = times(iv)
    return None if shown == MISSING else f"{label} {shown}"


def pair_rounds(block: Block) -> list[str]:
    """Per pair: its interval over the rounds used, the rounds left out,
    and the plan's "stable and repeatable" with its figure."""
    lines = []
    for pair in block.comparison.pairs:
        parts = [p for p in (_interval("HP P99", pair.hp_p99_ratio),
                             _interval("LP", pair.lp_ratio)) if p]
        used = len(pair.rounds_used)
        lines.append(f"  {pair.variant:<12} " + ", ".join(
            parts + [f"{used} round{'s' if used != 1 else ''} used"]))
        lines += [f"    left out: {why}" for why in pair.left_out]
        stable = checks.stable(pair)
        lines.append(f"    {checks.STABLE}: {stable.status} "
                     f"({stable.detail})")
    return lines


def noise_lines(block: Block) -> list[str]:
    """One line for a quiet run; a few more naming the disturbed windows of
    a noisy one."""
    return noise.block_lines(block.comparison.pairs)


def note_line(block: Block) -> list[str]:
    return [block.note] if block.note else []


def report_line(block: Block) -> list[str]:
    return [f"report: {block.report_path} (report.html: the same, plots "
            "inlined)"]


BLOCK_LINES: list[Callable[[Block], list[str]]] = [
    headline, schedulers, rounds, pair_rounds, noise_lines, note_line,
    report_line]


def verdict_block(run: Run, comparison: Comparison, groups: list[Group],
                  report_path: str, note: Optional[str] = None) -> str:
    """The block's lines, each prefixed with "xsb: "."""
    block = Block(run, comparison, groups, report_path, note)
    lines = [line for make in BLOCK_LINES for line in make(block)]
    return "\n".join(PREFIX + line for line in lines) + "\n"
