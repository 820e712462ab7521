"""Google Benchmark JSON (as xsb_bench writes it) -> a ResultsFile: every case,
repetition and counter, failed repetitions with their messages, the context,
and a content hash that identifies the file whatever its layout.
parse_results is pure; read_results reads the file."""

import hashlib
import json
import math
import re
from dataclasses import dataclass

from xsb_compare import load as compare_load
from xsb_compare.counters import BENCHMARK_FIELDS
from xsb_compare.errors import InputError
from xsb_compare.names import parse_case_name

from .errors import HistoryError


@dataclass(frozen=True)
class CaseResult:
    name: str  # without Google Benchmark's suffixes
    scheduler: str  # DualModel only
    scenario: str
    label: str
    # counter -> value, one dict per repetition that ran, in repetition order
    repetitions: tuple
    errors: tuple  # messages of the repetitions that failed
    from_median: bool = False  # only the median aggregate was in the file

    @property
    def measured(self) -> bool:
        return any(self.repetitions)


@dataclass(frozen=True)
class ResultsFile:
    path: str
    context: dict  # str -> str
    cases: tuple  # CaseResult, in file order
    content_hash: str

    @property
    def measured(self) -> bool:
        return any(case.measured for case in self.cases)


def content_hash(doc: object) -> str:
    """sha256 of the document's canonical JSON: the same results whatever
    the file's whitespace or key order."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def _counters(entry: dict) -> dict:
    return {k: float(v) for k, v in entry.items()
            if k not in BENCHMARK_FIELDS and isinstance(v, (int, float))
            and not isinstance(v, bool) and math.isfinite(v)}


NON_FINITE = re.compile(r"^(\w+) is (\S+) in repetition (\d+): not finite")


def non_finite_of(case: "CaseResult") -> list:
    """(counter, value as read, repetition) of each value of the case that
    was not finite when it was recorded (kept in its errors)."""
    found = [NON_FINITE.match(e) for e in case.errors]
    return [(m.group(1), m.group(2), int(m.group(3))) for m in found if m]


def failures_of(case: "CaseResult") -> list:
    """The case's errors that are failed repetitions, not the notes of a
    non-finite value (which non_finite_of reads)."""
    return [e for e in case.errors if not NON_FINITE.match(e)]


def _non_finite(entry: dict, repetition: int) -> list:
    """A message per counter of the row whose value is not a finite number
    (NaN, Infinity, or null in a strict file): kept with the case's errors,
    so that `show` and `check` name it instead of losing it."""
    found = compare_load.non_finite_values(entry)
    return [f"{k} is {shown} in repetition {repetition}: not finite, left "
            "out" for k, shown in found.items()]


def _run_name(entry: object, index: int, path: str) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise HistoryError(f"{path}: benchmark #{index + 1} has no name: not "
                           "Google Benchmark JSON")
    run_name = entry.get("run_name")
    if isinstance(run_name, str) and run_name:
        return run_name
    name, suffix = entry["name"], "_" + str(entry.get("aggregate_name"))
    if entry.get("run_type") == "aggregate" and name.endswith(suffix):
        name = name[:-len(suffix)]
    return name


def _collect(benchmarks: list, path: str) -> dict:
    """case name -> {"case": CaseName, "reps", "errors", "median", "label"}."""
    found = {}
    for index, entry in enumerate(benchmarks):
        name = parse_case_name(_run_name(entry, index, path))
        if name is None:
            continue
        slot = found.setdefault(name.name, {"case": name, "reps": [],
                                            "errors": [], "median": None,
                                            "label": ""})
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                slot["median"] = _counters(entry)
        elif entry.get("error_occurred"):
            slot["errors"].append(str(entry.get("error_message", "failed")))
        else:
            slot["reps"].append(_counters(entry))
            slot["errors"] += _non_finite(entry, len(slot["reps"]))
            slot["label"] = slot["label"] or str(entry.get("label", ""))
    return found


def _case(slot: dict) -> CaseResult:
    name, reps, median = slot["case"], slot["reps"], slot["median"]
    from_median = not reps and not slot["errors"] and bool(median)
    if from_median:
        reps = [median]
    return CaseResult(name.name, name.scheduler, name.scenario, slot["label"],
                      tuple(reps), tuple(slot["errors"]), from_median)


def parse_results(doc: object, path: str) -> ResultsFile:
    """The ResultsFile of one Google Benchmark JSON document. Raises
    HistoryError (one line) for anything that is not xsb_bench output."""
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"),
                                                   list):
        raise HistoryError(f"{path}: not Google Benchmark JSON (no "
                           "'benchmarks' list)")
    found = _collect(compare_load.benchmark_entries(doc), path)
    if not found:
        raise HistoryError(f"{path}: no xsb_bench cases (DualModel/... or "
                           "Standalone/...)")
    context = doc.get("context")
    context = context if isinstance(context, dict) else {}
    return ResultsFile(path, {str(k): _text(v) for k, v in context.items()},
                       tuple(_case(slot) for slot in found.values()),
                       content_hash(doc))


def read_json(path: str, what: str = "results file") -> object:
    """The JSON document in a file, read as the compare tool reads its
    input; HistoryError with the same one line otherwise."""
    try:
        return compare_load.read_json(path, what)
    except InputError as e:
        raise HistoryError(str(e)) from None


def read_results(path: str) -> ResultsFile:
    return parse_results(read_json(path), path)
