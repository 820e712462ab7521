"""What else used the machine, as the compare tool's "noise" field gives it
(tools/xsb_compare/noise.py), and the verdict block's lines about it
(noise_section.py has the report's section). Read defensively: a compare
that does not write the field yet gives no noise, and nothing here judges
a window itself."""

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional

from xsb_compare import noise as compare_noise

_MOST_IN_BLOCK = 4


@dataclass(frozen=True)
class Window:
    role: str
    case: str
    round: int
    figures: tuple[Optional[float], ...]  # in the order of FIGURES
    disturbed: bool
    reasons: tuple[str, ...]
    text: str


# (column header, JSON field) of the report's table.
FIGURES = (("other CPU (cores)", "other_cpu_cores"),
           ("steal (%)", "steal_pct"), ("load", "load_avg"),
           ("other GPU processes", "gpu_other_procs"),
           ("HP send lag P99 (µs)", "send_lag_p99_us"))


@dataclass
class PairNoise:
    verdict_note: Optional[str]
    windows: list[Window] = field(default_factory=list)
    limits: dict[str, float] = field(default_factory=dict)


def _figure(value: Any) -> Optional[float]:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if ok else None


def _window(data: Any) -> Optional[Window]:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    round_index = data.get("round")
    return Window(str(data.get("role", "?")), str(data.get("case", "?")),
                  round_index if isinstance(round_index, int) else 0,
                  tuple(_figure(data.get(key)) for _, key in FIGURES),
                  bool(data.get("disturbed")),
                  tuple(str(r) for r in data.get("reasons") or ()),
                  data["text"])


def read_noise(pair: dict) -> Optional[PairNoise]:
    """The pair's noise from compare's JSON, None when it has none."""
    data = pair.get("noise")
    if not isinstance(data, dict):
        return None
    windows = [w for w in map(_window, data.get("windows") or [])
               if w is not None]
    note = data.get("verdict_note")
    limits = data.get("limits")
    return PairNoise(note if isinstance(note, str) else None, windows,
                     limits if isinstance(limits, dict) else {})


def unique_windows(noises: list[PairNoise]) -> list[Window]:
    """Each window once (pairs share the baseline and standalone ones)."""
    seen: dict[tuple[str, int], Window] = {}
    for n in noises:
        for w in n.windows:
            seen.setdefault((w.case, w.round), w)
    return sorted(seen.values(), key=lambda w: w.round)


def limits_text(noises: list[PairNoise]) -> str:
    """The limits the compare tool applied, in words."""
    given = next((n.limits for n in noises if n.limits), {})
    names = {f.name for f in dataclasses.fields(compare_noise.Limits)}
    known = {k: float(v) for k, v in given.items()
             if k in names and _figure(v) is not None}
    return compare_noise.limits_text(compare_noise.Limits(**known))


def pair_noises(pairs: list[Any]) -> list[PairNoise]:
    """The noise of each PairVerdict that has one."""
    return [p.noise for p in pairs if getattr(p, "noise", None)]


def verdict_notes(pairs: list[Any]) -> list[str]:
    """"<scheduler>: the verdict rests on disturbed round 2: ..." per pair
    whose verdict does."""
    return [f"{p.variant}: {p.noise.verdict_note}" for p in pairs
            if getattr(p, "noise", None) and p.noise.verdict_note]


def block_lines(pairs: list[Any]) -> list[str]:
    """The verdict block's noise lines: each disturbed window (a few) and
    each verdict that rests on one, or one line naming the busiest window
    of a quiet run; nothing when the run has no noise figures."""
    noises = pair_noises(pairs)
    windows = unique_windows(noises)
    if not windows:
        return []
    bad = [w for w in windows if w.disturbed]
    if not bad:
        busiest = max(windows, key=lambda w: w.figures[0] or 0)
        return [f"noise: no window disturbed; the busiest, {busiest.text}"]
    lines = [f"noise: {len(bad)} of {len(windows)} windows disturbed ("
             f"limits: {limits_text(noises)}):"]
    lines += [f"  {w.text}" for w in bad[:_MOST_IN_BLOCK]]
    if len(bad) > _MOST_IN_BLOCK:
        lines.append(f"  and {len(bad) - _MOST_IN_BLOCK} more (report.md, "
                     "\"Machine noise\")")
    return lines + [f"  {note}" for note in verdict_notes(pairs)]
