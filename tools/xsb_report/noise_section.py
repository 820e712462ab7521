"""report.md's "Machine noise" section, from the compare tool's "noise"
field (noise.py reads it)."""

from typing import Any

from . import noise
from .document import Block, Bullets, Heading, Paragraph, Table
from .text import MISSING, number


def noise_section(pairs: list[Any]) -> list[Block]:
    """report.md's "Machine noise": every window's figures and whether it
    crossed a limit, and the verdicts that rest on a disturbed one."""
    noises = noise.pair_noises(pairs)
    windows = noise.unique_windows(noises)
    blocks: list[Block] = [Heading(2, "Machine noise")]
    if not windows:
        return blocks + [Paragraph(
            "No noise figures: the run has no compared pair, or its "
            "xsb_bench wrote no `noise_*` counters.")]
    blocks.append(Paragraph(
        "What else used the machine in each measured window (the noise "
        "monitor, docs/metrics.md): other processes' CPU time in cores, "
        "steal, the 1-minute load average at the window's end (own tasks "
        "included), other processes on the GPU, and the HP send lag. A "
        f"window is disturbed beyond: {noise.limits_text(noises)}."))
    header = ["round", "window", "case"] + [h for h, _ in noise.FIGURES] + [
        "disturbed"]
    rows = [[str(w.round), w.role, f"`{w.case}`"]
            + [MISSING if v is None else number(v) for v in w.figures]
            + [("yes: " + "; ".join(w.reasons or ("flagged by xsb_bench",)))
               if w.disturbed else "no"] for w in windows]
    blocks.append(Table(header, rows))
    notes = noise.verdict_notes(pairs)
    if notes:
        blocks.append(Bullets(notes))
    return blocks
