"""Reference mode: a run's ratios (candidate / baseline per pair and
counter, and the candidate's ratios to its Standalone cases) written to a
file that is committed, and later runs checked against it with tolerances.

A checked ratio regresses when it moves the wrong way by more than its
tolerance, relative to the reference: for a lower-is-better one when
current > reference x (1 + tol), for a higher-is-better one when
current < reference x (1 - tol), for one with no better side when it moves
either way by more than tol."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from . import counters as cn
from .errors import InputError
from .words import CheckStatus, Direction

if TYPE_CHECKING:  # diff imports this module for ReferenceResult
    from .diff import PairDiff, Report

FORMAT = "xsb_compare_reference"
VERSION = 1

OK, REGRESSION = CheckStatus.OK, CheckStatus.REGRESSION
IMPROVED, MISSING = CheckStatus.IMPROVED, CheckStatus.MISSING


def reference_data(report: "Report", context: dict[str, Any]
                   ) -> dict[str, Any]:
    """The reference document for a report (pure)."""
    pairs = {}
    for d in report.pairs:
        pairs[d.pair.candidate.name.name] = {
            "baseline": d.pair.baseline.name.name,
            "ratios": {c.name: c.ratio for c in d.counters
                       if c.ratio is not None},
            "standalone": d.standalone,
        }
    return {
        "format": FORMAT,
        "version": VERSION,
        "baseline_scheduler": report.baseline_scheduler,
        "context": {k: context[k] for k in cn.REFERENCE_CONTEXT_KEYS
                    if k in context},
        "pairs": pairs,
    }


def _numbers(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool)
        for v in value.values())


def parse_reference(doc: Any, path: str) -> dict[str, Any]:
    """Validates a reference document. Raises InputError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"{path}: not an xsb_compare reference (write one "
                         "with --write-reference)")
    if doc.get("version") != VERSION:
        raise InputError(f"{path}: reference version {doc.get('version')!r}"
                         f" is not {VERSION}; write it again with "
                         "--write-reference")
    pairs = doc.get("pairs")
    if not isinstance(pairs, dict) or not pairs:
        raise InputError(f"{path}: the reference holds no pairs")
    for name, entry in pairs.items():
        if not (isinstance(entry, dict) and _numbers(entry.get("ratios"))
                and isinstance(entry.get("standalone", {}), dict)
                and all(_numbers(v)
                        for v in entry.get("standalone", {}).values())):
            raise InputError(f"{path}: malformed entry for {name}")
    if not isinstance(doc.get("context", {}), dict):
        raise InputError(f"{path}: malformed context")
    return doc


@dataclass
class Check:
    pair: str  # the candidate's case name
    metric: str  # a counter or a Standalone ratio
    direction: Direction
    reference: Optional[float]  # None for a pair the run lacks
    current: Optional[float]  # None when the run lacks it
    tolerance: float
    status: CheckStatus


@dataclass
class ReferenceResult:
    path: str
    checks: list[Check]
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.status not in (REGRESSION, MISSING) for c in self.checks)


def _status(direction: Direction, reference: float,
            current: Optional[float], tolerance: float) -> CheckStatus:
    if current is None:
        return MISSING
    high = reference * (1 + tolerance)
    low = reference * (1 - tolerance)
    if min(low, high) <= current <= max(low, high):
        return OK
    if direction == cn.LOWER:
        return REGRESSION if current > high else IMPROVED
    if direction == cn.HIGHER:
        return REGRESSION if current < low else IMPROVED
    return REGRESSION


def _current_metrics(pair_diff: "PairDiff") -> dict[str, float]:
    found = {c.name: c.ratio for c in pair_diff.counters
             if c.ratio is not None}
    found.update(pair_diff.standalone["candidate"])
    return found


def check_reference(reference: dict[str, Any], report: "Report",
                    tolerances: dict[str, float], default_tolerance: float,
                    path: str) -> ReferenceResult:
    """Checks the report's ratios against a parsed reference.

    tolerances: metric -> tolerance for metrics named on the command line;
    they are checked besides DEFAULT_REFERENCE_CHECKS."""
    metrics = list(cn.DEFAULT_REFERENCE_CHECKS) + [
        m for m in tolerances if m not in cn.DEFAULT_REFERENCE_CHECKS]
    current = {d.pair.candidate.name.name: _current_metrics(d)
               for d in report.pairs}
    result = ReferenceResult(path, [])
    unchecked: set[str] = set()
    for name, entry in reference["pairs"].items():
        known = dict(entry["ratios"])
        known.update(entry.get("standalone", {}).get("candidate", {}))
        mine = current.get(name)
        if mine is None:
            result.checks.append(Check(name, "(pair)", cn.NEUTRAL, None,
                                       None, 0.0, MISSING))
            continue
        for metric in metrics:
            if metric not in known:
                unchecked.add(metric)
                continue
            tolerance = tolerances.get(metric, default_tolerance)
            direction = cn.direction_of(metric)
            result.checks.append(Check(
                name, metric, direction, known[metric], mine.get(metric),
                tolerance, _status(direction, known[metric], mine.get(metric),
                                   tolerance)))
    for name in current:
        if name not in reference["pairs"]:
            result.notes.append(f"not in the reference: {name}")
    for metric in sorted(unchecked):
        result.notes.append(f"the reference has no {metric} for some pairs: "
                            "not checked there")
    return result
