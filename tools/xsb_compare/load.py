"""Google Benchmark JSON (as xsb_bench writes it) -> cases with their
per-repetition counter values. parse_run is pure; load_run reads the file."""

import json
import math
from dataclasses import dataclass, field

from .counters import BENCHMARK_FIELDS
from .errors import InputError
from .names import parse_case_name

_MAX_LISTED = 4


@dataclass
class Case:
    name: object  # names.CaseName
    source: str  # the file it came from
    # counter -> values of the repetitions that ran, in repetition order.
    values: dict = field(default_factory=dict)
    repetitions: int = 0  # repetitions that ran
    errors: list = field(default_factory=list)  # messages of failed ones
    # Only Google Benchmark's aggregates were in the file
    # (--benchmark_report_aggregates_only): values hold the median row.
    from_median: bool = False
    label: str = ""


@dataclass
class Run:
    path: str
    context: dict
    cases: dict  # normalised name -> Case
    ignored: list  # names of benchmarks that are not xsb_bench cases


def listing(names, most=_MAX_LISTED):
    """"a, b, c and 2 more" for one-line messages."""
    names = list(names)
    shown = ", ".join(names[:most])
    if len(names) > most:
        shown += f" and {len(names) - most} more"
    return shown or "none"


def _is_number(value):
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _counters(entry):
    return {k: float(v) for k, v in entry.items()
            if k not in BENCHMARK_FIELDS and _is_number(v)}


def _entry_name(entry, index, path):
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


def parse_run(doc, path):
    """The cases of one Google Benchmark JSON document. Raises InputError."""
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"),
                                                   list):
        raise InputError(f"{path}: not Google Benchmark JSON (no "
                         "'benchmarks' list)")
    if not doc["benchmarks"]:
        raise InputError(f"{path}: no benchmarks in the file")
    context = doc.get("context")
    context = context if isinstance(context, dict) else {}
    cases, ignored, medians = {}, [], {}
    for index, entry in enumerate(doc["benchmarks"]):
        raw = _entry_name(entry, index, path)
        name = parse_case_name(raw)
        if name is None:
            if raw not in ignored:
                ignored.append(raw)
            continue
        case = cases.setdefault(name.name, Case(name, path))
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[name.name] = entry
            continue
        if entry.get("error_occurred"):
            case.errors.append(str(entry.get("error_message", "failed")))
            continue
        case.repetitions += 1
        case.label = case.label or str(entry.get("label", ""))
        for counter, value in _counters(entry).items():
            case.values.setdefault(counter, []).append(value)
    for name, entry in medians.items():
        case = cases[name]
        if case.repetitions == 0 and not case.errors:
            case.values = {k: [v] for k, v in _counters(entry).items()}
            case.repetitions = 1
            case.from_median = True
    if not cases:
        raise InputError(f"{path}: no xsb_bench cases (DualModel/... or "
                         f"Standalone/...); found {listing(ignored)}")
    return Run(path, context, cases, ignored)


def read_json(path, what="file"):
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


def load_run(path):
    """Reads and parses one result file. Raises InputError."""
    return parse_run(read_json(path), path)
