"""record: a results file (and optionally its per-request samples) into the
store, with its commit, branch and machine."""

import gzip
import json
import os
from dataclasses import dataclass

from . import TOOL_VERSION
from .config import config_hash, config_of
from .errors import HistoryError
from .ingest import ResultsFile, read_json
from .store import RunRecord, RunRow, Store

SAMPLES_FORMAT = "xsb_samples"


def read_samples(directory: str, case_names: set) -> tuple:
    """(case name, repetition, gzip'd JSON) of every sample file in the
    directory that belongs to one of the cases. Raises HistoryError."""
    try:
        names = sorted(os.listdir(directory))
    except OSError as e:
        raise HistoryError(f"{directory}: cannot list the samples "
                           f"directory: {e.strerror}") from None
    found = []
    for name in names:
        if not name.endswith(".json"):
            continue
        path = os.path.join(directory, name)
        doc = read_json(path, "sample file")
        if not isinstance(doc, dict) or doc.get("format") != SAMPLES_FORMAT:
            continue
        case, rep = doc.get("case"), doc.get("repetition")
        if case in case_names and isinstance(rep, int):
            text = json.dumps(doc, sort_keys=True).encode("utf-8")
            found.append((case, rep, gzip.compress(text, mtime=0)))
    if not found:
        raise HistoryError(f"{directory}: no sample file of this run's "
                           "cases (xsb_bench --xsb_samples_dir)")
    return tuple(found)


def build_record(results: ResultsFile, commit: str, branch: str,
                 machine: str, recorded_at: str,
                 samples: tuple = ()) -> RunRecord:
    config = config_of(results.context)
    return RunRecord(results, commit, branch, machine, recorded_at, config,
                     config_hash(config), TOOL_VERSION, samples)


@dataclass(frozen=True)
class Recorded:
    run_id: int
    created: bool  # False: the same results were there already


def _same_origin(row: RunRow, record: RunRecord) -> bool:
    return (row.commit, row.branch, row.machine) == (
        record.commit, record.branch, record.machine)


def record_run(store: Store, record: RunRecord) -> Recorded:
    """Stores the run. Recording the same results again for the same
    commit, branch and machine is a no-op; for another one it is refused
    (HistoryError): one result belongs to one commit."""
    run_id, created = store.add_run(record)
    if created:
        return Recorded(run_id, True)
    row = next(r for r in store.runs() if r.id == run_id)
    if not _same_origin(row, record):
        raise HistoryError(
            f"{record.results.path}: these results are already recorded as "
            f"run {run_id} (commit {row.commit[:12] or '-'}, branch "
            f"{row.branch or '-'}, machine {row.machine}); one result "
            "belongs to one commit")
    return Recorded(run_id, False)


def describe(results: ResultsFile) -> str:
    """'3 cases, 1 failed (NAME: message)' for the record command's line."""
    failed = [c for c in results.cases if c.errors and not c.measured]
    text = f"{len(results.cases)} case(s)"
    if failed:
        first = failed[0]
        text += (f", {len(failed)} failed ({first.name}: "
                 f"{first.errors[0]})")
    if not results.measured:
        text += "; nothing measured"
    return text
