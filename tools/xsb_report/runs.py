"""One xsb_bench run as plain data: the Google Benchmark JSON (context and
cases with their per-repetition counters) and the per-request sample files
of --xsb_samples_dir (docs/metrics.md). read_* do the I/O; parse_* are
pure."""

import math
import os
import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Optional

from xsb_compare import load as compare_load
from xsb_compare.errors import InputError
from xsb_compare.tenants import TenantTable, tables_from_doc

from .errors import ReportError

DUAL_MODEL = "DualModel"
STANDALONE = "Standalone"
SAMPLES_FORMAT = "xsb_samples"
HP_COLUMNS = ["scheduled_ns", "sent_ns", "completed_ns", "latency_ns",
              "in_window"]
# Google Benchmark's own fields: everything else numeric is a counter.
_BENCHMARK_FIELDS = {
    "family_index", "per_family_instance_index", "repetitions",
    "repetition_index", "threads", "iterations", "real_time", "cpu_time",
    "time_unit", "error_occurred"}
_BENCHMARK_PART = re.compile(
    r"^(?:(?:iterations|repeats|threads|min_time|min_warmup_time):[^/]*"
    r"|real_time|manual_time|process_time)$")


@dataclass
class Case:
    """One xsb_bench case: DualModel/<scheduler>/<scenario>/<params>[/settings]
    or Standalone/<hp|lp>/<scenario>/<params>."""
    name: str  # without Google Benchmark's suffixes
    family: str  # DUAL_MODEL or STANDALONE
    scheduler: str  # the DualModel scheduler; "" for Standalone
    role: str  # "hp" or "lp" for Standalone; "" for DualModel
    scenario: str
    params: dict[str, str]  # rate, batch, duration_s (as written)
    settings: tuple[str, ...]  # a scheduler's parts after duration_s
    repetitions: list[dict[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    label: str = ""
    # "hp_p99_ms is nan in repetition 2" per value that was not finite
    # (left out of `repetitions`).
    non_finite: list[str] = field(default_factory=list)

    @property
    def variant(self) -> str:
        """The scheduler with its settings, e.g. xsched/lp_threshold:4."""
        return "/".join((self.scheduler,) + self.settings)

    def median(self, counter: str) -> Optional[float]:
        """The counter's median over the repetitions that carry it."""
        values = [r[counter] for r in self.repetitions if counter in r]
        return statistics.median(values) if values else None


@dataclass
class Run:
    path: str
    context: dict[str, Any]
    cases: dict[str, Case]  # by name, in file order
    # One table per Tenants case (a scenario other than the hp/lp pair).
    tenants: list[TenantTable] = field(default_factory=list)


@dataclass
class Samples:
    """One sample file: one case, one repetition. Times in ns after T0."""
    case: str
    repetition: int
    path: str
    window_ns: tuple[int, int]
    hp: list[tuple[int, int, int, int, bool]]  # the HP_COLUMNS
    lp: list[tuple[int, bool]]  # (completed_ns, in_window)


def strip_benchmark_parts(name: str) -> str:
    parts = name.split("/")
    while len(parts) > 1 and _BENCHMARK_PART.match(parts[-1]):
        parts.pop()
    return "/".join(parts)


def parse_case_name(raw: str) -> Optional[Case]:
    """An empty Case for an xsb_bench case name, else None."""
    name = strip_benchmark_parts(raw)
    parts = name.split("/")
    if len(parts) < 3 or not all(parts[:3]):
        return None
    family, rest = parts[0], parts[3:]
    if family == STANDALONE and parts[1] not in ("hp", "lp"):
        return None
    if family not in (DUAL_MODEL, STANDALONE):
        return None
    params: dict[str, str] = {}
    settings: tuple[str, ...] = ()
    for i, part in enumerate(rest):
        key, _, value = part.partition(":")
        params[key] = value
        if key == "duration_s" and family == DUAL_MODEL:
            settings = tuple(rest[i + 1:])
            break
    dual = family == DUAL_MODEL
    return Case(name, family, parts[1] if dual else "",
                "" if dual else parts[1], parts[2], params, settings)


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _add_entry(cases: dict[str, Case], entry: Any, index: int,
               path: str) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ReportError(f"{path}: benchmark #{index + 1} has no name: not "
                          "a Google Benchmark JSON")
    if entry.get("run_type") == "aggregate":
        return  # mean/median/stddev rows: the repetitions are used instead
    raw = entry.get("run_name") or entry["name"]
    parsed = parse_case_name(str(raw))
    if parsed is None:
        return
    case = cases.setdefault(parsed.name, parsed)
    if entry.get("error_occurred"):
        case.errors.append(str(entry.get("error_message", "failed")))
        return
    case.label = case.label or str(entry.get("label", ""))
    case.repetitions.append({k: float(v) for k, v in entry.items()
                             if k not in _BENCHMARK_FIELDS and _is_number(v)})
    case.non_finite += [
        f"{k} is {shown} in repetition {len(case.repetitions)}"
        for k, shown in compare_load.non_finite_values(entry).items()]


def parse_run(doc: Any, path: str) -> Run:
    """The xsb_bench cases of one Google Benchmark JSON document."""
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"),
                                                   list):
        raise ReportError(f"{path}: not a Google Benchmark JSON (no "
                          "'benchmarks' list)")
    cases: dict[str, Case] = {}
    for index, entry in enumerate(compare_load.benchmark_entries(doc)):
        _add_entry(cases, entry, index, path)
    tenants = tables_from_doc(doc, path)
    if not cases and not tenants:
        raise ReportError(f"{path}: no xsb_bench cases (DualModel/..., "
                          "Standalone/... or Tenants/...) in the file")
    context = doc.get("context")
    return Run(path, context if isinstance(context, dict) else {}, cases,
               tenants)


def read_json(path: str, what: str) -> Any:
    """The JSON document in a file, read as the compare tool reads its
    input; ReportError with the same one line otherwise."""
    try:
        return compare_load.read_json(path, what)
    except InputError as e:
        raise ReportError(str(e)) from None


def read_run(path: str) -> Run:
    return parse_run(read_json(path, "benchmark JSON file"), path)


def parse_samples(doc: Any, path: str) -> Optional[Samples]:
    """The Samples of one sample file; None for another kind of JSON."""
    if not isinstance(doc, dict) or doc.get("format") != SAMPLES_FORMAT:
        return None
    try:
        if doc["version"] != 1 or doc["hp_columns"] != HP_COLUMNS:
            raise ReportError(f"{path}: sample file version "
                              f"{doc['version']!r} or columns not known")
        begin, end = doc["window_ns"]
        hp = [(int(s), int(sent), int(done), int(lat), bool(inside))
              for s, sent, done, lat, inside in doc["hp"]]
        lp = [(int(done), bool(inside)) for done, inside in doc["lp"]]
        return Samples(strip_benchmark_parts(str(doc["case"])),
                       int(doc["repetition"]), path, (int(begin), int(end)),
                       hp, lp)
    except (KeyError, TypeError, ValueError) as e:
        raise ReportError(f"{path}: malformed sample file "
                          f"({type(e).__name__}: {e})") from None


def read_samples(directory: str) -> list[Samples]:
    """Every sample file of a directory, by case then repetition."""
    if not os.path.exists(directory):
        raise ReportError(f"{directory}: no samples folder (run xsb_bench "
                          f"with --xsb_samples_dir={directory})")
    try:
        names = sorted(os.listdir(directory))
    except OSError as e:
        raise ReportError(f"{directory}: cannot list the samples folder: "
                          f"{e.strerror}") from None
    found = []
    for name in names:
        if name.endswith(".json"):
            path = os.path.join(directory, name)
            samples = parse_samples(read_json(path, "sample file"), path)
            if samples is not None:
                found.append(samples)
    if not found:
        raise ReportError(f"{directory}: no sample files (run xsb_bench "
                          f"with --xsb_samples_dir={directory})")
    return sorted(found, key=lambda s: (s.case, s.repetition))


def samples_by_case(samples: list[Samples]) -> dict[str, list[Samples]]:
    grouped: dict[str, list[Samples]] = {}
    for s in samples:
        grouped.setdefault(s.case, []).append(s)
    return grouped


def window_latencies_ms(runs: list[Samples]) -> list[float]:
    """In-window HP latencies of every round pooled, sorted, in ms: what
    the CDF plot draws and the results table's percentiles are taken of."""
    return sorted(row[3] / 1e6 for s in runs for row in s.hp if row[4])
