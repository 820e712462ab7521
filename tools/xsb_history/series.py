"""Recorded runs -> comparable series of one counter per case. Pure.

A series is one case on one machine with one configuration (config.py):
only its points are ever compared with each other. A run's value for a
counter is the median over its repetitions; a case that failed or lacks
the counter leaves no point. A value that was NaN or Infinity when it was
recorded is never lost without a trace: the point says which repetitions
were left out of its median, and a run whose every repetition was not
finite is a gap the dashboard marks."""

import re
import statistics
from dataclasses import dataclass

from .config import config_hash
from .ingest import CaseResult, non_finite_of
from .store import RunRow


def case_value(case: CaseResult, counter: str) -> float:
    """Median of the counter over the case's repetitions; None when absent.
    """
    values = [rep[counter] for rep in case.repetitions if counter in rep]
    return statistics.median(values) if values else None


def series_key(run: RunRow, ignore: tuple = ()) -> tuple:
    return run.machine, config_hash(run.config, ignore)


@dataclass(frozen=True)
class Point:
    run: RunRow
    value: float
    # Non-finite values of the counter left out of the median, as
    # "NaN in repetition 2".
    left_out: tuple = ()


@dataclass(frozen=True)
class Gap:
    """A run whose every value of the counter was NaN or Infinity."""
    run: RunRow
    before: int  # how many of the series' points come before it
    left_out: tuple


@dataclass(frozen=True)
class Series:
    counter: str
    case: str
    machine: str
    config: str  # config hash (without ignored keys)
    points: tuple  # Point, oldest first
    gaps: tuple = ()  # Gap, oldest first

    @property
    def values(self) -> list:
        return [p.value for p in self.points]


def build_series(runs: list, cases: dict, counter: str, case_pattern: str,
                 machine: str = None, ignore: tuple = ()) -> list:
    """Every series of the counter whose case name matches case_pattern
    (a regular expression, searched) and whose machine contains machine.
    runs: RunRow oldest first; cases: run id -> [CaseResult]."""
    wanted = re.compile(case_pattern or "")
    grouped = {}
    for run in runs:
        if machine and machine not in run.machine:
            continue
        for case in cases.get(run.id, []):
            if not wanted.search(case.name):
                continue
            value = case_value(case, counter)
            left_out = non_finite_left_out(case, counter)
            if value is None and not left_out:
                continue
            key = (case.name,) + series_key(run, ignore)
            points, gaps = grouped.setdefault(key, ([], []))
            if value is None:
                gaps.append(Gap(run, len(points), left_out))
            else:
                points.append(Point(run, value, left_out))
    return [Series(counter, name, mach, conf, tuple(points), tuple(gaps))
            for (name, mach, conf), (points, gaps) in sorted(grouped.items())
            if points]


def non_finite_left_out(case: CaseResult, counter: str) -> tuple:
    """("NaN in repetition 2", ...) for the counter's non-finite values."""
    return tuple(f"{shown} in repetition {rep}"
                 for name, shown, rep in non_finite_of(case)
                 if name == counter)


def short(commit: str) -> str:
    return commit[:8] if commit else "-"
