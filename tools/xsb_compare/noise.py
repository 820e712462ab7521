"""The noise monitor's counters (docs/metrics.md, "Noise") as sentences:
what else used the machine in each window of a pair, which windows were
disturbed, and whether a verdict rests on one. Pure: it reads cases and
the run's context, as load.parse_run gives them.

xsb_bench flags a window (noise_disturbed = 1) against the limits it
writes into the context; the send-lag limit there can only use a
standalone HP run that ran before the window. Here the same rule is
applied again with the file's standalone HP case, so a window is disturbed
when xsb_bench said so or the rule finds a limit crossed."""

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

OTHER_CPU = "noise_other_cpu_cores"
STEAL = "noise_steal_pct"
LOAD = "noise_load_avg"
GPU_OTHERS = "noise_gpu_other_procs"
DISTURBED = "noise_disturbed"
SEND_LAG = "hp_send_lag_p99_us"
GPU_CLOCK = "gpu_clock_min_mhz"
NOISE_COUNTERS = (OTHER_CPU, STEAL, LOAD, GPU_OTHERS, DISTURBED)


@dataclass(frozen=True)
class Limits:
    """The limits beyond which a window is disturbed; xsb_bench writes them
    into the context (xsb_noise_*). These defaults are its own."""
    max_other_cpu_cores: float = 0.5
    max_steal_pct: float = 5.0
    max_gpu_other_procs: float = 0.0
    send_lag_floor_us: float = 20000.0
    send_lag_factor: float = 10.0


_CONTEXT_KEYS = {
    "max_other_cpu_cores": "xsb_noise_max_other_cpu_cores",
    "max_steal_pct": "xsb_noise_max_steal_pct",
    "max_gpu_other_procs": "xsb_noise_max_gpu_other_procs",
    "send_lag_floor_us": "xsb_noise_send_lag_floor_us",
    "send_lag_factor": "xsb_noise_send_lag_factor",
}


def _number(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def limits_from_context(context: Mapping[str, Any]) -> Limits:
    """The run's limits; a key the context lacks (an older xsb_bench) or
    cannot be read keeps the default."""
    found = {}
    for name, key in _CONTEXT_KEYS.items():
        value = _number(context.get(key))
        if value is not None:
            found[name] = value
    return Limits(**found)


@dataclass(frozen=True)
class Window:
    """One run's noise figures; None where the run has none."""
    role: str  # "baseline", "candidate", "standalone HP", "standalone LP"
    case: str
    round: int  # 0-based, as xsb_bench counts rounds
    other_cpu_cores: Optional[float]
    steal_pct: Optional[float]
    load_avg: Optional[float]
    gpu_other_procs: Optional[float]
    gpu_clock_min_mhz: Optional[float]
    send_lag_p99_us: Optional[float]
    flagged: bool  # xsb_bench's noise_disturbed
    reasons: tuple[str, ...] = ()

    @property
    def disturbed(self) -> bool:
        return self.flagged or bool(self.reasons)


def send_lag_limit_us(limits: Limits, standalone_us: Optional[float]
                      ) -> float:
    """max(floor, factor x standalone), the floor without a standalone."""
    if standalone_us is None:
        return limits.send_lag_floor_us
    return max(limits.send_lag_floor_us,
               limits.send_lag_factor * standalone_us)


def _plain(value: float) -> str:
    return f"{value:g}"


def reasons(figures: Mapping[str, Optional[float]], limits: Limits,
            standalone_lag_us: Optional[float]) -> list[str]:
    """One phrase per limit crossed, worded as xsb_bench words them
    (bench/noise/noise_limits.cc)."""
    found = []
    other = figures.get(OTHER_CPU)
    if other is not None and other > limits.max_other_cpu_cores:
        found.append(f"{other:.1f} cores of other work > "
                     f"{_plain(limits.max_other_cpu_cores)}")
    steal = figures.get(STEAL)
    if steal is not None and steal > limits.max_steal_pct:
        found.append(f"steal {steal:.1f} % > {_plain(limits.max_steal_pct)} %")
    gpu = figures.get(GPU_OTHERS)
    if gpu is not None and gpu > limits.max_gpu_other_procs:
        found.append(f"{gpu:.0f} other process(es) on the GPU")
    lag = figures.get(SEND_LAG)
    limit = send_lag_limit_us(limits, standalone_lag_us)
    if lag is not None and lag > limit:
        alone = ("" if standalone_lag_us is None
                 else f" (standalone {standalone_lag_us:.0f} us)")
        found.append(f"HP send lag P99 {lag:.0f} us > {limit:.0f} us{alone}")
    return found


def _at(values: Mapping[str, Sequence[float]], counter: str,
        index: int) -> Optional[float]:
    column = values.get(counter) or ()
    return column[index] if index < len(column) else None


def case_windows(role: str, name: str,
                 values: Mapping[str, Sequence[float]],
                 rounds: Sequence[int], limits: Limits,
                 standalone_lag_us: Optional[float] = None) -> list[Window]:
    """The windows of one case: values[counter][i] is the i-th run that
    ran, which ran in round rounds[i]. Runs without noise counters (an
    older xsb_bench, a monitor that could not read /proc) are left out."""
    windows = []
    for i, round_index in enumerate(rounds):
        figures = {c: _at(values, c, i)
                   for c in NOISE_COUNTERS + (SEND_LAG, GPU_CLOCK)}
        if figures[DISTURBED] is None:
            continue
        windows.append(Window(
            role, name, round_index, figures[OTHER_CPU], figures[STEAL],
            figures[LOAD], figures[GPU_OTHERS], figures[GPU_CLOCK],
            figures[SEND_LAG], figures[DISTURBED] >= 1,
            tuple(reasons(figures, limits, standalone_lag_us))))
    return windows


def describe(window: Window) -> str:
    """"round 2's baseline window shared the CPU with 1.3 cores of other
    work (steal 0.0 %, load 3.1)", and what disturbed it."""
    text = f"round {window.round}'s {window.role} window "
    other = window.other_cpu_cores
    text += ("had no CPU figure" if other is None else
             f"shared the CPU with {other:.1f} cores of other work")
    extra = []
    if window.steal_pct is not None:
        extra.append(f"steal {window.steal_pct:.1f} %")
    if window.load_avg is not None:
        extra.append(f"load {window.load_avg:.1f}")
    if window.gpu_other_procs is not None:
        extra.append(f"{window.gpu_other_procs:.0f} other GPU process(es)")
    if window.gpu_clock_min_mhz is not None:
        extra.append(f"GPU clock down to {window.gpu_clock_min_mhz:.0f} MHz")
    if extra:
        text += f" ({', '.join(extra)})"
    if window.disturbed:
        why = "; ".join(window.reasons) or "flagged by xsb_bench"
        text += f": DISTURBED ({why})"
    return text


@dataclass
class PairNoise:
    """The windows of a pair's cases, and what a verdict on them rests on."""
    windows: list[Window] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

    @property
    def measured(self) -> bool:
        return bool(self.windows)

    def disturbed(self) -> list[Window]:
        return [w for w in self.windows if w.disturbed]

    def summary(self) -> str:
        """One line: how many windows were disturbed, or how quiet it was."""
        if not self.windows:
            return "noise: not measured (no noise_* counters in the file)"
        bad = self.disturbed()
        if bad:
            return (f"noise: {len(bad)} of {len(self.windows)} windows "
                    "disturbed beyond the limits (" + limits_text(self.limits)
                    + ")")
        busiest = max(self.windows, key=lambda w: w.other_cpu_cores or 0)
        return (f"noise: no window disturbed; the busiest, "
                f"{describe(busiest)}")

    def verdict_note(self, used_rounds: Optional[Sequence[int]] = None
                     ) -> Optional[str]:
        """Says that the verdict rests on disturbed rounds (those among
        `used_rounds`, all when None, whose baseline or candidate window
        was disturbed); None when it rests on none."""
        rounds = sorted({w.round for w in self.disturbed()
                         if w.role in ("baseline", "candidate")
                         and (used_rounds is None or w.round in used_rounds)})
        if not rounds:
            return None
        names = ", ".join(str(r) for r in rounds)
        many = len(rounds) > 1
        return (f"the verdict rests on disturbed round{'s' if many else ''} "
                f"{names}: other work, not only the scheduler, shaped "
                f"{'them' if many else 'it'}; rerun on a quiet machine to "
                "confirm")


def limits_text(limits: Limits) -> str:
    return (f"other work > {_plain(limits.max_other_cpu_cores)} cores, "
            f"steal > {_plain(limits.max_steal_pct)} %, other GPU processes "
            f"> {_plain(limits.max_gpu_other_procs)}, HP send lag P99 > "
            f"max({_plain(limits.send_lag_floor_us)} us, "
            f"{_plain(limits.send_lag_factor)} x standalone)")


def _rounds_of(case: Any) -> list[int]:
    """The round of each run that ran: the case's `rounds` where the
    loader gives them, else their order."""
    rounds = getattr(case, "rounds", None)
    if rounds and len(rounds) == case.repetitions:
        return list(rounds)
    return list(range(case.repetitions))


def _standalone_windows(pair: Any, limits: Limits
                        ) -> tuple[list[Window], dict[int, Optional[float]]]:
    """The windows of the pair's standalone cases (once when both sides
    share them), and per standalone HP case (by id) the smallest send lag
    of its undisturbed runs: a disturbed one would raise the limit by the
    very noise it is meant to show."""
    windows, lags = [], {}
    for side in (pair.baseline_standalone, pair.candidate_standalone):
        for role in ("hp", "lp"):
            case = side.get(role)
            if case is None or id(case) in lags:
                continue
            own = case_windows(f"standalone {role.upper()}", case.name.name,
                               case.values, _rounds_of(case), limits)
            quiet = [w.send_lag_p99_us for w in own
                     if not w.disturbed and w.send_lag_p99_us is not None]
            lags[id(case)] = min(quiet) if quiet else None
            windows += own
    return windows, lags


def pair_noise(pair: Any, context: Mapping[str, Any]) -> PairNoise:
    """The windows of a pair.Pair's cases: baseline, candidate and their
    standalone cases."""
    limits = limits_from_context(context)
    alone, lags = _standalone_windows(pair, limits)
    windows = []
    for role, case, side in (("baseline", pair.baseline,
                              pair.baseline_standalone),
                             ("candidate", pair.candidate,
                              pair.candidate_standalone)):
        hp_alone = side.get("hp")
        lag = lags.get(id(hp_alone)) if hp_alone is not None else None
        windows += case_windows(role, case.name.name, case.values,
                                _rounds_of(case), limits, lag)
    return PairNoise(sorted(windows + alone, key=lambda w: w.round), limits)


def report_lines(noise: PairNoise, most: int = 4) -> list[str]:
    """For a pair's report: the summary, then each disturbed window (the
    first `most`, and how many more)."""
    lines = [noise.summary()]
    bad = noise.disturbed()
    lines += ["  " + describe(w) for w in bad[:most]]
    if len(bad) > most:
        lines.append(f"  and {len(bad) - most} more disturbed window(s)")
    return lines


def noise_data(noise: PairNoise) -> dict[str, Any]:
    """compare's --format json "noise" field (docs/compare.md)."""
    return {
        "summary": noise.summary(),
        "verdict_note": noise.verdict_note(),
        "limits": {name: getattr(noise.limits, name)
                   for name in _CONTEXT_KEYS},
        "windows": [{"role": w.role, "case": w.case, "round": w.round,
                     "other_cpu_cores": w.other_cpu_cores,
                     "steal_pct": w.steal_pct, "load_avg": w.load_avg,
                     "gpu_other_procs": w.gpu_other_procs,
                     "gpu_clock_min_mhz": w.gpu_clock_min_mhz,
                     "send_lag_p99_us": w.send_lag_p99_us,
                     "disturbed": w.disturbed, "reasons": list(w.reasons),
                     "text": describe(w)}
                    for w in noise.windows],
    }
