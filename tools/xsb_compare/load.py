"""Google Benchmark JSON (as xsb_bench writes it) -> cases with their
per-repetition counter values. parse_run is pure; load_run reads the file."""

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from .counters import BENCHMARK_FIELDS
from .errors import InputError
from .names import XSCHED, CaseName, parse_case_name

_MAX_LISTED = 4


# Context keys about the whole run that the comparison reads.
CONFIDENCE_KEY = "xsb_confidence"  # the confidence of the CI counters
TEST_ONLY_KEY = "xsb_xsched_test_only"  # xsched on the CPU: a pipeline test
# Any other scheduler run on the CPU as a test (docs/schedulers.md).
_SCHEDULER_TEST_ONLY_KEY = re.compile(r"^xsb_scheduler_(.+)_test_only$")


def test_only_schedulers(context: dict[str, Any]) -> frozenset[str]:
    """The schedulers a run says it ran only as a test of the pipeline (on
    the CPU backend, where they had nothing to schedule)."""
    names = {XSCHED} if TEST_ONLY_KEY in context else set()
    for key in context:
        m = _SCHEDULER_TEST_ONLY_KEY.match(key)
        if m:
            names.add(m.group(1))
    return frozenset(names)


@dataclass
class Case:
    name: CaseName
    source: str  # the file it came from
    # counter -> values of the repetitions that ran, in repetition order.
    values: dict[str, list[float]] = field(default_factory=dict)
    repetitions: int = 0  # repetitions that ran
    errors: list[str] = field(default_factory=list)  # failed ones' messages
    # The round (Google Benchmark's repetition_index; its place among the
    # case's rows when the file has none) of each repetition that ran, in
    # the order of `values`, and of each failed one, in the order of
    # `errors`.
    rounds: list[int] = field(default_factory=list)
    failed_rounds: list[int] = field(default_factory=list)
    # Only Google Benchmark's aggregates were in the file
    # (--benchmark_report_aggregates_only): values hold the median row.
    from_median: bool = False
    label: str = ""
    # The run's xsb_confidence (None when the file does not say).
    confidence: Optional[float] = None
    # The run's context says its scheduler ran only as a test of the
    # pipeline (xsb_xsched_test_only, xsb_scheduler_<name>_test_only): the
    # case is no result.
    test_only_run: bool = False
    # "hp_p99_ms is NaN in round 2" for each counter whose value in a round
    # was not a finite number (NaN, Infinity, or null in a strict file):
    # left out of `values`, so it is named here and its criterion gets no
    # verdict (diff.non_finite_verdict).
    non_finite: list[str] = field(default_factory=list)
    non_finite_counters: set[str] = field(default_factory=set)


@dataclass
class Run:
    path: str
    context: dict[str, Any]
    cases: dict[str, Case]  # normalised name -> Case
    ignored: list[str]  # names of benchmarks that are not xsb_bench cases


def listing(names: Iterable[str], most: int = _MAX_LISTED) -> str:
    """"a, b, c and 2 more" for one-line messages."""
    names = list(names)
    shown = ", ".join(names[:most])
    if len(names) > most:
        shown += f" and {len(names) - most} more"
    return shown or "none"


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _counters(entry: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in entry.items()
            if k not in BENCHMARK_FIELDS and _is_number(v)}


def non_finite_values(entry: dict[str, Any]) -> dict[str, str]:
    """counter -> how its value reads ("nan", "inf", "-inf", "null") for
    each counter of the row whose value is not a finite number (null is
    how a strict file writes one, docs/metrics.md)."""
    found = {}
    for k, v in entry.items():
        if k in BENCHMARK_FIELDS or isinstance(v, bool):
            continue
        if v is None:
            found[k] = "null"
        elif isinstance(v, float) and not math.isfinite(v):
            found[k] = str(v)
    return found


def _entry_name(entry: Any, index: int, path: str) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise InputError(f"{path}: benchmark #{index + 1} has no name: not "
                         "Google Benchmark JSON")
    run_name = entry.get("run_name")
    if isinstance(run_name, str) and run_name:
        return run_name
    # Without run_name, an aggregate's name is the run's plus "_<aggregate>".
    name = entry["name"]
    suffix = "_" + str(entry.get("aggregate_name"))
    if entry.get("run_type") == "aggregate" and name.endswith(suffix):
        name = name[:-len(suffix)]
    return name


def _round_index(entry: dict[str, Any], case: Case) -> int:
    """The row's round: its repetition_index, else its place among the
    case's rows so far."""
    index = entry.get("repetition_index")
    if isinstance(index, int) and not isinstance(index, bool) and index >= 0:
        return index
    return len(case.rounds) + len(case.failed_rounds)


def _confidence(context: dict[str, Any], path: str) -> Optional[float]:
    raw = context.get(CONFIDENCE_KEY)
    if raw is None:
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not 0 < value < 1:
        raise InputError(f"{path}: {CONFIDENCE_KEY} is {raw!r}, not a "
                         "number between 0 and 1")
    return value


FAILED_RUNS_KEY = "xsb_failed_runs"


def benchmark_entries(doc: dict) -> list:
    """The runs of a result file: "benchmarks", then the failed runs that
    xsb_bench keeps apart so that Google Benchmark's tools never read a
    failure's 0 as a time (docs/metrics.md)."""
    failed = doc.get(FAILED_RUNS_KEY)
    return list(doc["benchmarks"]) + (failed if isinstance(failed, list)
                                      else [])


def parse_run(doc: Any, path: str) -> Run:
    """The cases of one Google Benchmark JSON document. Raises InputError."""
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"),
                                                   list):
        raise InputError(f"{path}: not Google Benchmark JSON (no "
                         "'benchmarks' list)")
    if not benchmark_entries(doc):
        raise InputError(f"{path}: no benchmarks in the file")
    context = doc.get("context")
    context = context if isinstance(context, dict) else {}
    cases: dict[str, Case] = {}
    ignored: list[str] = []
    medians: dict[str, dict[str, Any]] = {}
    confidence = _confidence(context, path)
    test_only = test_only_schedulers(context)
    for index, entry in enumerate(benchmark_entries(doc)):
        raw = _entry_name(entry, index, path)
        name = parse_case_name(raw)
        if name is None:
            if raw not in ignored:
                ignored.append(raw)
            continue
        case = cases.setdefault(name.name, Case(
            name, path, confidence=confidence,
            test_only_run=name.scheduler in test_only))
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[name.name] = entry
            continue
        index = _round_index(entry, case)
        if entry.get("error_occurred"):
            case.errors.append(str(entry.get("error_message", "failed")))
            case.failed_rounds.append(index)
            continue
        case.rounds.append(index)
        case.repetitions += 1
        case.label = case.label or str(entry.get("label", ""))
        for counter, shown in non_finite_values(entry).items():
            case.non_finite.append(f"{counter} is {shown} in round "
                                   f"{index + 1}")
            case.non_finite_counters.add(counter)
        for counter, value in _counters(entry).items():
            case.values.setdefault(counter, []).append(value)
    for name, entry in medians.items():
        case = cases[name]
        if case.repetitions == 0 and not case.errors:
            case.values = {k: [v] for k, v in _counters(entry).items()}
            case.repetitions = 1
            case.rounds = [0]
            case.from_median = True
    if not cases:
        raise InputError(f"{path}: no xsb_bench cases (DualModel/... or "
                         f"Standalone/...); found {listing(ignored)}")
    return Run(path, context, cases, ignored)


def read_json(path: str, what: str = "file") -> Any:
    """The JSON document in a file. Raises InputError with one line."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise InputError(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not JSON (not UTF-8 text)") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not JSON ({e.msg} at line {e.lineno}, "
                         f"column {e.colno})") from None
    except RecursionError:
        raise InputError(f"{path}: not JSON (nested too deeply)") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None


def load_run(path: str) -> Run:
    """Reads and parses one result file. Raises InputError."""
    return parse_run(read_json(path), path)
