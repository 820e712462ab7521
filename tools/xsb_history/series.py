"""Recorded runs -> comparable series of one counter per case. Pure.

A series is one case on one machine with one configuration (config.py):
only its points are ever compared with each other. A run's value for a
counter is the median over its repetitions; a case that failed or lacks
the counter leaves no point."""

import re
import statistics
from dataclasses import dataclass

from .config import config_hash
from .ingest import CaseResult
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


@dataclass(frozen=True)
class Series:
    counter: str
    case: str
    machine: str
    config: str  # config hash (without ignored keys)
    points: tuple  # Point, oldest first

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
            value = case_value(case, counter)
            if value is None or not wanted.search(case.name):
                continue
            key = (case.name,) + series_key(run, ignore)
            grouped.setdefault(key, []).append(Point(run, value))
    return [Series(counter, name, mach, conf, tuple(points))
            for (name, mach, conf), points in sorted(grouped.items())]


def short(commit: str) -> str:
    return commit[:8] if commit else "-"
